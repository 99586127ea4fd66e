// A user's training session, through the command palette, the status bar and the visualizer:
// train XOR and watch J(Θ) fall, pause, step one epoch, reset, save the trained Θ into the file and undo that.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchVSCode, parseStatus, screenshotOnFailure } from './harness.mjs';

const FLOW = { timeout: 180_000 };
let vs;

before(async () => {
  vs = await launchVSCode();
});
after(async () => {
  await vs?.close();
});

/** Polls the status bar until `accept(status)` holds; returns that status. */
async function waitForStatus(accept, what, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  let last = null;
  while (Date.now() < deadline) {
    last = await vs.status();
    if (last && accept(last)) return last;
    await sleep(100);
  }
  throw new Error(
    `status bar never showed ${what}; last: ${JSON.stringify(last)}; items: ${await vs.statusBarTexts()}`,
  );
}

/** Polls `probe` until it returns true; fails saying what was awaited. */
async function waitUntil(probe, what, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** J(Θ) shown by the visualizer's cost readout (its data-value holds the exact number once a frame has arrived). */
async function webviewCost(timeout = 30_000) {
  const cost = vs.webview().locator('[data-testid=cost]');
  await cost.waitFor({ timeout });
  const deadline = Date.now() + timeout;
  let value = null;
  while ((value = await cost.getAttribute('data-value')) === null && Date.now() < deadline) await sleep(100);
  if (value === null)
    throw new Error(`the cost readout shows no value within ${timeout} ms: "${await cost.textContent()}"`);
  return Number(value);
}

describe('training XOR from the command palette', () => {
  test(
    'the visualizer opens beside the text and J(Θ) falls while training',
    FLOW,
    screenshotOnFailure('train-xor', async () => {
      await vs.openFile('xor.nn.json');
      await vs.runCommand('nnViz.openVisualizer');
      await vs.webview().locator('#app').waitFor({ timeout: 60_000 });

      const initial = await webviewCost();
      assert.ok(
        Number.isFinite(initial) && initial > 0,
        `the visualizer shows J(Θ) of the initial Θ, got ${initial}`,
      );

      await vs.runCommand('nnViz.train');
      const later = await waitForStatus((s) => s.epoch >= 200, 'epoch ≥ 200');
      assert.ok(later.J < initial, `J(Θ) fell from ${initial} to ${later.J} by epoch ${later.epoch}`);
      const shown = await webviewCost();
      assert.ok(shown < initial, `the visualizer's cost readout fell too: ${shown} < ${initial}`);
      await vs.screenshot('train-xor');
    }),
  );
});

describe('stepping through backpropagation from the palette', () => {
  test(
    'each Step shows the next equation of the slide’s loop in the panel, typeset, with its numbers',
    FLOW,
    screenshotOnFailure('step-backprop', async () => {
      await vs.openFile('xnor.nn.json');
      await vs.runCommand('nnViz.openVisualizer');
      const panel = vs.webview().locator('section.stepper');
      await panel.waitFor({ timeout: 60_000 });
      const kinds = [];
      for (let i = 0; i < 5; i++) {
        await vs.runCommand('nnViz.step');
        const deadline = Date.now() + 15_000;
        while (Number(await panel.getAttribute('data-count')) < i + 1 && Date.now() < deadline)
          await sleep(100);
        kinds.push(await panel.getAttribute('data-kind'));
      }
      // Set Δ := 0, a^(1) = x, then z^(2), a^(2), then z^(3), a^(3), then δ^(3) = a^(3) − y: the slide's order.
      assert.deepEqual(kinds, ['zeroDelta', 'input', 'forward', 'forward', 'outputDelta']);
      assert.match(await panel.locator('.step-position').textContent(), /^Step 5 of 8 in sample 1 of 4/);
      assert.ok((await panel.locator('.katex').count()) > 0, 'the equations are typeset with KaTeX');
      assert.match(await panel.textContent(), /δ/, 'the panel names δ');
      await vs.screenshot('step-backprop');
    }),
  );
});

describe('controlling a long run', () => {
  // The XOR network with a large epoch budget on more data, so the run is still going when the test pauses it.
  const name = 'long-xor.nn.json';

  before(async () => {
    const spec = JSON.parse(vs.readWorkspaceFile('xor.nn.json'));
    spec.name = 'long XOR';
    // Paced: 20,000 full-batch epochs at 100 updates of Θ a second take at least 200 s on any machine, so the run is
    // still going whenever the test acts on it (the worker's pacer waits for the clock; it never runs ahead).
    spec.training.epochs = 20_000;
    spec.training.speed = 100;
    spec.training.learningRate = 0.1;
    spec.data = { generator: 'circle', samples: 400 };
    writeFileSync(join(vs.workspace, name), JSON.stringify(spec, null, 2) + '\n');
    await vs.openFile(name);
    await vs.runCommand('nnViz.openVisualizer');
    await vs.webview().locator('#app').waitFor({ timeout: 60_000 });
  });

  test(
    'pause stops the epochs, step one epoch adds exactly one, reset returns to epoch 0',
    FLOW,
    screenshotOnFailure('train-controls', async () => {
      await vs.runCommand('nnViz.train');
      await waitForStatus((s) => s.epoch > 0, 'a running epoch count');

      await vs.runCommand('nnViz.pause');
      await waitUntil(async () => (await vs.statusIcon()) === 'debug-pause', 'the paused icon', 10_000);
      // The paused icon comes with the worker's last frame (frames arrive in order; a paused run sends no more), and
      // the status bar shows icon and epoch in one text: this is the epoch the run stopped at.
      const paused = await vs.status();

      await vs.runCommand('nnViz.stepEpoch');
      const stepped = await waitForStatus((s) => s.epoch !== paused.epoch, 'the epoch after a step');
      // Exactly one more: had any epoch passed while paused, the step would land further on.
      assert.equal(
        stepped.epoch,
        paused.epoch + 1,
        'no epochs pass while paused; Step One Epoch runs exactly one',
      );

      await vs.runCommand('nnViz.reset');
      const reset = await waitForStatus((s) => s.epoch === 0, 'epoch 0 after reset');
      assert.ok(
        reset.J > stepped.J,
        `reset restores the initial Θ, whose J ${reset.J} is above the trained ${stepped.J}`,
      );
      await vs.screenshot('train-controls');
    }),
  );

  test(
    'save trained weights writes Θ into the file as an edit that undo takes back',
    FLOW,
    screenshotOnFailure('train-save-undo', async () => {
      await vs.runCommand('nnViz.stepEpoch');
      await waitForStatus((s) => s.epoch >= 1, 'a trained epoch');
      const original = vs.readWorkspaceFile(name);
      assert.ok(
        !('weights' in JSON.parse(original)) || JSON.parse(original).weights === null,
        'no weights before saving',
      );

      await vs.runCommand('nnViz.saveWeights');
      // The weights arrive as an edit of the document: the text editor becomes dirty; saving it writes them to disk.
      await vs.saveEdited(name);
      const saved = JSON.parse(vs.readWorkspaceFile(name));
      // Θ^(1) is s_2 × (s_1 + 1) = 2 × 3 and Θ^(2) is s_3 × (s_2 + 1) = 1 × 3, bias column first.
      assert.equal(saved.weights.length, 2, 'two weight matrices Θ^(1), Θ^(2)');
      assert.deepEqual(
        saved.weights.map((m) => [m.length, m[0].length]),
        [
          [2, 3],
          [1, 3],
        ],
      );
      assert.ok(saved.weights.flat(2).every(Number.isFinite), 'every weight is a finite number');

      await vs.focusTextEditor(name);
      await vs.page.keyboard.press('Control+Z');
      await vs.page.keyboard.press('Control+S');
      await waitUntil(
        () => vs.readWorkspaceFile(name) === original,
        'undo to restore the text as it was before saving the weights',
      );
      await vs.screenshot('train-save-undo');
    }),
  );
});

describe('changing the network in the view', () => {
  test(
    's_2 typed in the visualizer goes into the file as one edit; the stale Θ goes with it; undo brings both back',
    FLOW,
    screenshotOnFailure('set-units', async () => {
      const name = 'units-xnor.nn.json';
      writeFileSync(join(vs.workspace, name), vs.readWorkspaceFile('xnor.nn.json'));
      await vs.openFile(name);
      const original = vs.readWorkspaceFile(name);
      await vs.runCommand('nnViz.openVisualizer');
      const field = vs.webview().locator('vscode-text-field[data-testid="units-2"] input');
      await field.waitFor({ timeout: 60_000 });
      await field.fill('3');
      await field.press('Enter');
      // The edit makes the document dirty; saving writes it to disk.
      await vs.saveEdited(name);
      const changed = JSON.parse(vs.readWorkspaceFile(name));
      assert.equal(changed.layers[1].units, 3, 's_2 = 3 in the file');
      assert.equal(changed.weights, undefined, 'Θ of the old shape was removed with it');
      await vs.page.keyboard.press('Control+Z');
      await vs.page.keyboard.press('Control+S');
      await waitUntil(
        () => vs.readWorkspaceFile(name) === original,
        'one undo to restore s_2 and the slide’s Θ',
      );
    }),
  );
});

describe('parseStatus', () => {
  test('reads the status bar form "epoch 120 · J = 0.0312"', () => {
    assert.deepEqual(parseStatus('epoch 120 · J = 0.0312'), { epoch: 120, J: 0.0312 });
    assert.deepEqual(parseStatus('epoch 7 · J = 1.234e-4'), { epoch: 7, J: 1.234e-4 });
    assert.deepEqual(parseStatus('epoch 9 · J ≈ 0.5'), { epoch: 9, J: 0.5 });
    assert.equal(parseStatus('XOR: ready'), null);
  });
});
