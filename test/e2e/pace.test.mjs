// Watching a network learn at a pace a class can follow, in a real VS Code (code-server), as a teacher would: at the
// default pace a 2-3-1 network's 3,000 full-batch epochs take seconds and pass through the status bar and the view epoch
// by epoch; the view's Pace control changes the pace at once (without touching the file); Train on a finished run goes
// on from the trained Θ and Reset starts over. Measurements go to test-results/e2e-pace.json.
// Functions passed to evaluate run in the browser:
/* global MutationObserver */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchVSCode, screenshotOnFailure } from './harness.mjs';

const FLOW = { timeout: 240_000 };
const NAME = 'pace-xor.nn.json';
const EPOCHS = 3000;
let vs;
const measured = {};

before(async () => {
  // No nnViz.speed setting: the default pace.
  vs = await launchVSCode();
  const spec = JSON.parse(vs.readWorkspaceFile('xor.nn.json'));
  spec.name = 'XOR 2-3-1, 3,000 epochs';
  spec.layers = [{ units: 2 }, { units: 3, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }];
  delete spec.weights;
  spec.training = { ...spec.training, epochs: EPOCHS, batchSize: 'full' };
  delete spec.training.speed;
  writeFileSync(join(vs.workspace, NAME), JSON.stringify(spec, null, 2) + '\n');
  await vs.openFile(NAME);
  await vs.runCommand('nnViz.openVisualizer');
  await vs.webview().locator('[data-testid=pace]').waitFor({ timeout: 60_000 });
});
after(async () => {
  writeFileSync(join('test-results', 'e2e-pace.json'), JSON.stringify(measured, null, 2));
  await vs?.close();
});

/**
 * Records every epoch the status bar and the view show, with the time it appeared (MutationObservers in the workbench
 * and in the webview, so no value is missed between two polls). `stop()` returns both lists.
 */
async function recordEpochs() {
  const frame = await vs.webviewFrame();
  const install = () => {
    const seen = [];
    const read = () => {
      const el = document.querySelector('[data-testid=epoch]');
      const v = el?.dataset.value;
      if (v !== undefined && seen.at(-1)?.epoch !== Number(v))
        seen.push({ epoch: Number(v), at: Date.now() });
    };
    const obs = new MutationObserver(read);
    obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    window.__paceSeen = seen;
    window.__paceObs = obs;
    read();
  };
  const installStatus = () => {
    const seen = [];
    const read = () => {
      for (const item of document.querySelectorAll('.part.statusbar .statusbar-item')) {
        const m = /epoch\s+(\d+)\s+·\s+J\s+=/.exec(item.textContent ?? '');
        if (m && seen.at(-1)?.epoch !== Number(m[1])) seen.push({ epoch: Number(m[1]), at: Date.now() });
      }
    };
    const bar = document.querySelector('.part.statusbar');
    const obs = new MutationObserver(read);
    obs.observe(bar, { subtree: true, childList: true, characterData: true, attributes: true });
    window.__paceSeen = seen;
    window.__paceObs = obs;
    read();
  };
  await frame.evaluate(install);
  await vs.page.evaluate(installStatus);
  const take = () => {
    window.__paceObs.disconnect();
    return window.__paceSeen;
  };
  return {
    view: () => frame.evaluate(() => window.__paceSeen.slice()),
    status: () => vs.page.evaluate(() => window.__paceSeen.slice()),
    async stop() {
      return { view: await frame.evaluate(take), status: await vs.page.evaluate(take) };
    },
  };
}

/** The epoch the view shows now. */
async function viewEpoch() {
  return Number(await vs.webview().locator('[data-testid=epoch]').getAttribute('data-value'));
}

async function waitFor(check, what, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
}

/** Chooses a pace in the view's control, as a teacher clicks it. */
async function choosePace(value) {
  const pace = vs.webview().locator('vscode-dropdown[data-testid=pace]');
  await pace.click();
  await vs.webview().locator(`vscode-dropdown[data-testid=pace] vscode-option[value="${value}"]`).click();
  await waitFor(
    async () =>
      (await vs.webview().locator('[data-testid=pace-source]').textContent()) === 'this session only',
    `the pace ${value} to apply to the session`,
    15_000,
  );
}

const distinct = (list) => new Set(list.map((s) => s.epoch)).size;

describe('the pace of training', () => {
  test(
    'at the default pace, 3,000 full-batch epochs of a 2-3-1 network take ≥ 5 s, ≥ 40 distinct epochs on the way',
    FLOW,
    screenshotOnFailure('pace-default', async () => {
      const rec = await recordEpochs();
      const started = Date.now();
      await vs.runCommand('nnViz.train');
      await waitFor(async () => (await viewEpoch()) === EPOCHS, `epoch ${EPOCHS} in the view`, 120_000);
      const seconds = (Date.now() - started) / 1000;
      await waitFor(
        async () => (await rec.status()).at(-1)?.epoch === EPOCHS,
        'the last epoch in the status bar',
      );
      const { view, status } = await rec.stop();
      const inView = distinct(view.filter((s) => s.epoch > 0));
      const inStatus = distinct(status.filter((s) => s.epoch > 0));
      // The run's own duration: from the first epoch shown to the last.
      const shown = (view.at(-1).at - view.find((s) => s.epoch > 0).at) / 1000;
      measured.defaultPace = {
        seconds,
        shownSeconds: shown,
        distinctInView: inView,
        distinctInStatusBar: inStatus,
      };
      assert.ok(shown >= 5, `the run lasted ${shown.toFixed(1)} s in the view (≥ 5 s)`);
      assert.ok(inView >= 40, `the view showed ${inView} distinct epochs (≥ 40)`);
      assert.ok(inStatus >= 40, `the status bar showed ${inStatus} distinct epochs (≥ 40)`);
      assert.match(
        await vs.webview().locator('vscode-button[data-testid=train]').getAttribute('title'),
        /Train on/,
        'a finished run can be trained on',
      );
      await vs.screenshot('pace-default-finished');
    }),
  );

  test(
    'slow motion in the view slows the run at once, max finishes it; the file stays unchanged',
    FLOW,
    screenshotOnFailure('pace-change', async () => {
      await vs.runCommand('nnViz.reset');
      await waitFor(async () => (await viewEpoch()) === 0, 'epoch 0 after Reset');
      await choosePace('slow motion');
      await vs.runCommand('nnViz.train');
      await waitFor(async () => (await viewEpoch()) >= 2, 'the first slow-motion epochs');
      // 2 updates a second, one epoch each: 4 more epochs (3 after a frame still on its way) take at least 1 s.
      const from = { epoch: await viewEpoch(), at: Date.now() };
      await waitFor(async () => (await viewEpoch()) >= from.epoch + 4, 'four slow-motion epochs', 30_000);
      const to = { epoch: await viewEpoch(), at: Date.now() };
      const rate = (to.epoch - from.epoch) / ((to.at - from.at) / 1000);
      measured.slowMotion = { epochsPerSecond: rate };
      assert.ok(
        to.at - from.at >= 900,
        `slow motion: 4 epochs in ${to.at - from.at} ms (2 a second: at least 1 s)`,
      );
      assert.match(
        await vs.webview().locator('[data-testid=rate]').textContent(),
        /updates\/s/,
        'the view shows the updates/s measured',
      );
      await vs.screenshot('pace-slow-motion');

      const before = Date.now();
      await choosePace('max');
      await waitFor(async () => (await viewEpoch()) === EPOCHS, `epoch ${EPOCHS} at max`, 60_000);
      measured.maxRest = { seconds: (Date.now() - before) / 1000 };
      assert.equal(
        await vs.page.locator(`.tabs-container .tab.dirty[aria-label^="${NAME}"]`).count(),
        0,
        'changing the pace is not an edit: the file is not dirty',
      );
    }),
  );

  test(
    'Train on a finished run goes on for another 3,000 epochs from the trained Θ; Reset starts over',
    FLOW,
    screenshotOnFailure('pace-continue', async () => {
      assert.equal(await viewEpoch(), EPOCHS, 'the run is finished');
      const J = Number(await vs.webview().locator('[data-testid=cost]').getAttribute('data-value'));
      await vs.webview().locator('vscode-button[data-testid=train]').click();
      await waitFor(async () => (await viewEpoch()) === 2 * EPOCHS, `epoch ${2 * EPOCHS}`, 60_000);
      const later = Number(await vs.webview().locator('[data-testid=cost]').getAttribute('data-value'));
      assert.ok(later < J, `J(Θ) went on falling from the trained Θ: ${J} → ${later}`);
      await vs.runCommand('nnViz.reset');
      await waitFor(async () => (await viewEpoch()) === 0, 'epoch 0 after Reset');
      await vs.screenshot('pace-reset');
    }),
  );
});
