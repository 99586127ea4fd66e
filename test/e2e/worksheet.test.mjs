// A student's worksheet in a real VS Code (code-server): the XNOR worksheet example opens in the visualizer, its answers
// computed by the extension host from the file; one question answered right and one wrong, each checked, each followed
// by its worked answer, and the score counts the right one.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchVSCode, screenshotOnFailure } from './harness.mjs';

let vs;
before(async () => {
  vs = await launchVSCode();
});
after(async () => {
  await vs?.close();
});

const sigmoid = (z) => 1 / (1 + Math.exp(-z));

test(
  'the XNOR worksheet: one answer right, one wrong, worked answers and the score',
  { timeout: 180_000 },
  screenshotOnFailure('worksheet', async () => {
    await vs.openFile('worksheet.nn.json');
    await vs.runCommand('nnViz.openVisualizer');
    const view = vs.webview();
    await view.locator('#tab-worksheet').click({ timeout: 60_000 });
    const item = (k) => view.locator(`[data-testid="exercise-${k}"]`);
    await item(2).waitFor({ timeout: 30_000 });
    assert.equal(await view.locator('.worksheet-list > li').count(), 8, 'the file has 8 exercises');
    assert.match(await view.locator('.worksheet-score').textContent(), /^Score: 0 of 8 right$/);

    // Exercise 2: a₁⁽²⁾ of x = (1, 1) is g(−3 + 2 + 2) = g(1); typed to 5 digits, within 10⁻³ relative.
    await view.locator('#exercise-answer-2').fill(sigmoid(1).toFixed(5));
    await view.locator('#exercise-answer-2').press('Enter');
    await view.locator('[data-testid="exercise-2"][data-state="right"]').waitFor({ timeout: 10_000 });
    assert.equal(await item(2).locator('.exercise-verdict').textContent(), '✓ Right.');
    assert.ok(
      (await item(2).locator('.exercise-worked .katex').count()) >= 2,
      'the worked answer is typeset',
    );

    // Exercise 5: δ⁽³⁾ of x = (0, 1), y = 0 is h − 0 ≈ 0.519; 0.6 is wrong, and the worked answer shows the numbers.
    await view.locator('#exercise-answer-5').fill('0.6');
    await item(5).locator('[data-testid="check-5"]').click();
    await view.locator('[data-testid="exercise-5"][data-state="wrong"]').waitFor({ timeout: 10_000 });
    assert.match(await item(5).locator('.exercise-verdict').textContent(), /^✗ Not within 0\.001 relative/);
    const worked = await item(5).locator('.exercise-worked annotation').allTextContents();
    assert.ok(
      worked.some((t) => /\\delta\^\{\(3\)\} = a\^\{\(3\)\} - y/.test(t)),
      `the slide's δ⁽³⁾ = a⁽³⁾ − y: ${worked.join(' | ')}`,
    );
    assert.ok(
      worked.some((t) => /0\.518932/.test(t)),
      `the worked answer substitutes the numbers: ${worked.join(' | ')}`,
    );
    assert.equal(await view.locator('.worksheet-score').textContent(), 'Score: 1 of 8 right (1 to retry)');
    await item(5).scrollIntoViewIfNeeded();
    await vs.screenshot('worksheet');
  }),
);
