// Predict mode of the stepper: the next single step is held back until the student predicts its value (one entry or
// the whole vector), checked within the tolerance; then the stepper reveals it (its worked answer), and a score counts
// the right predictions. The step records come from the fixtures' own forward and backward pass.
// Functions passed to page.evaluate run in the browser:
/* global window */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as fx from './fixtures.mjs';
import { assertClean, loadNet, nextFrames, openView, setup } from './harness.mjs';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

const stats = (v) =>
  v.page.evaluate(() => ({ steps: window.__nnviz.stats().steps, predict: window.__nnviz.predict() }));

async function step(v, record, restart = false) {
  await v.send({ type: 'steps', records: [record], restart });
  await nextFrames(v.page);
}

async function predictAnswer(v, text) {
  await v.page.fill('#predict-answer', text);
  await v.page.press('#predict-answer', 'Enter');
  await v.page.waitForFunction(() => window.__nnviz.predict().pending === null);
  await nextFrames(v.page);
}

describe('webview predict mode', () => {
  it('holds each step until it is predicted, checks it, reveals the worked step, and keeps a score', async () => {
    const v = await openView(env);
    const { records } = fx.xorStepRecords();
    const [input, fwd2, fwd3, outDelta, hidDelta] = records;
    assert.deepEqual(
      [input.kind, fwd2.kind, fwd3.kind, outDelta.kind, hidDelta.kind],
      ['input', 'forward', 'forward', 'outputDelta', 'hiddenDelta'],
    );
    await loadNet(v, fx.logicNet('xor'));
    await v.page.click('[data-testid="predict-toggle"]');

    // a⁽¹⁾ = x has nothing to predict: shown at once.
    await step(v, input, true);
    assert.deepEqual((await stats(v)).steps.count, 1);

    // Forward to layer 2: held; one entry, a₁⁽²⁾, is asked; the stepper still shows step 1.
    await step(v, fwd2);
    let s = await stats(v);
    assert.equal(s.predict.pending, 'a₁⁽²⁾');
    assert.equal(s.steps.count, 1);
    assert.match(
      await v.page.textContent('.predict-ask'),
      /^Next: forward to layer 2 \(a = g\(z\)\) of sample 2\. Predict a₁⁽²⁾:$/,
    );
    await predictAnswer(v, String(fwd2.a[1]));
    s = await stats(v);
    assert.deepEqual([s.steps.count, s.steps.kind, s.predict.right, s.predict.asked], [2, 'forward', 1, 1]);
    assert.match(
      await v.page.textContent('.predict-verdict'),
      /^✓ a₁⁽²⁾: right\. The stepper above shows the worked answer\.$/,
    );
    assert.ok(
      (await v.page.locator('.stepper .step-eq.numeric .katex').count()) > 0,
      'the revealed step is typeset',
    );

    // Forward to layer 3, asked as z: a wrong prediction still reveals the step.
    await v.page.selectOption('[data-testid="predict-forward"]', 'z');
    await step(v, fwd3);
    assert.equal((await stats(v)).predict.pending, 'z⁽³⁾');
    await v.screenshot('predict-question', { selector: '.stepper' });
    await predictAnswer(v, String(fwd3.z[0] + 0.1));
    s = await stats(v);
    assert.deepEqual([s.steps.count, s.predict.right, s.predict.asked], [3, 1, 2]);
    assert.match(
      await v.page.textContent('.predict-verdict'),
      /^✗ z⁽³⁾: Not within 0\.001 relative of the answer\./,
    );
    assert.equal(await v.page.textContent('.predict-score'), 'Predictions: 1 of 2 right');

    // The whole vector: δ⁽²⁾ typed as two numbers.
    await step(v, outDelta);
    await v.page.click('[data-testid="predict-skip"]');
    await v.page.waitForFunction(() => window.__nnviz.predict().pending === null);
    await v.page.selectOption('[data-testid="predict-scope"]', 'all');
    await step(v, hidDelta);
    assert.equal((await stats(v)).predict.pending, 'δ⁽²⁾');
    await predictAnswer(v, hidDelta.delta.map((d) => d.toPrecision(6)).join(', '));
    s = await stats(v);
    assert.deepEqual(
      [s.steps.count, s.predict.right, s.predict.asked],
      [5, 2, 3],
      'a skipped step is not scored',
    );

    // Predict mode off: the next step shows at once.
    await v.page.click('[data-testid="predict-toggle"]');
    await step(v, records[5]);
    s = await stats(v);
    assert.deepEqual([s.steps.count, s.predict.pending], [6, null]);
    await v.screenshot('predict', { selector: '.stepper' });
    await assertClean(v);
    await v.close();
  });
});
