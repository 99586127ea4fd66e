// The extension as a web extension: code-server runs it in the browser's web-worker extension host, exactly as
// vscode.dev and github.dev do (the package.json "browser" bundle, the training worker a Web Worker started from a Blob
// URL). The tests drive the UI as a user would: the palette, the status bar, the visualizer, files on disk.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { EXTENSION_ID, launchVSCode, paletteTitle, screenshotOnFailure } from '../e2e/harness.mjs';
import { ROOT } from '../../scripts/lib/code-server.mjs';

const FLOW = { timeout: 240_000 };
let vs;

before(async () => {
  // extensionDevelopmentKind "web" in the workbench URL; code-server 4.100.3 reads the kind of an extension under
  // development from the "remote.extensionKind" setting, so both are given.
  vs = await launchVSCode({ web: true, settings: { 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } } });
});
after(async () => {
  await vs?.close();
});

/** Polls until `probe()` returns a truthy value; returns it, or fails naming `what` and the last value seen. */
async function waitUntil(probe, what, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await sleep(200);
  }
  throw new Error(`${what} did not happen within ${timeout} ms (last: ${JSON.stringify(last)})`);
}

/** J(Θ) in the visualizer's cost readout (its data-value holds the exact number once a frame has arrived). */
async function viewCost() {
  const value = await vs
    .webview()
    .locator('[data-testid=cost]')
    .getAttribute('data-value', { timeout: 60_000 });
  return value === null ? null : Number(value);
}

/** Opens `file` and its visualizer beside it, alone in the window (every other editor closed first). */
async function openVisualizer(file) {
  await vs.runCommand('View: Close All Editors');
  await vs.openFile(file);
  await vs.runCommand('nnViz.openVisualizer', { timeout: 30_000 });
  await vs.webview().locator('#app').waitFor({ timeout: 90_000 });
}

describe('the web extension host', () => {
  test(
    'runs the extension in the web worker, and its training worker as a Web Worker of it',
    FLOW,
    screenshotOnFailure('web-running', async () => {
      await vs.openFile('xor.nn.json');
      await vs.runCommand('Developer: Show Running Extensions', { timeout: 30_000 });
      const row = vs.page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: EXTENSION_ID });
      await row.waitFor({ timeout: 30_000 });
      assert.match(
        await row.innerText(),
        /web worker/,
        'Show Running Extensions lists nn-viz under "web worker"',
      );
      await vs.screenshot('web-running-extensions');
      await vs.page.keyboard.press('Control+W');

      await openVisualizer('xor.nn.json');
      await waitUntil(() => viewCost(), 'the first frame of XOR in the view');
      // Chromium lists the training worker as a worker started by the extension host's worker (from a Blob URL).
      const cdp = await vs.browser.newBrowserCDPSession();
      const { targetInfos } = await cdp.send('Target.getTargets');
      const training = targetInfos.filter(
        (t) => t.type === 'worker' && /nn-viz training worker/.test(t.title),
      );
      assert.equal(training.length, 1, `one training worker; workers: ${targetInfos.map((t) => t.title)}`);
      assert.match(training[0].title, /^ExtensionHostWorker -> /, 'started by the web extension host');
      assert.match(training[0].url, /^blob:/, 'from a Blob URL of dist/web/worker.js');
    }),
  );

  test(
    'trains XOR from the palette: J(Θ) falls in the status bar and in the view',
    FLOW,
    screenshotOnFailure('web-train', async () => {
      const initial = await waitUntil(() => viewCost(), 'the cost readout');
      await vs.runCommand('nnViz.train');
      const later = await waitUntil(async () => {
        const s = await vs.status();
        return s && s.epoch >= 200 ? s : null;
      }, 'epoch ≥ 200 in the status bar');
      assert.ok(later.J < initial, `J(Θ) fell from ${initial} to ${later.J} by epoch ${later.epoch}`);
      const shown = await waitUntil(async () => {
        const c = await viewCost();
        return c !== null && c < initial ? c : null;
      }, 'a lower J(Θ) in the view');
      assert.ok(shown < initial);
      await vs.screenshot('web-train');
    }),
  );

  test(
    'steps through backpropagation from the palette, equations typeset',
    FLOW,
    screenshotOnFailure('web-step', async () => {
      await openVisualizer('xnor.nn.json');
      const panel = vs.webview().locator('section.stepper');
      await panel.waitFor({ timeout: 60_000 });
      for (let i = 1; i <= 3; i++) {
        await vs.runCommand('nnViz.step');
        await waitUntil(
          async () => Number(await panel.getAttribute('data-count')) >= i,
          `step ${i} in the panel`,
        );
      }
      assert.ok((await panel.locator('.katex').count()) > 0, 'the equations are typeset with KaTeX');
      await vs.screenshot('web-step');
    }),
  );

  test(
    'saves the trained weights into the file, which is saved to disk',
    FLOW,
    screenshotOnFailure('web-save', async () => {
      await openVisualizer('xor.nn.json');
      await vs.focusTextEditor('xor.nn.json');
      await vs.runCommand('nnViz.stepEpoch');
      await waitUntil(async () => (await vs.status())?.epoch >= 1, 'a trained epoch');
      await vs.runCommand('nnViz.saveWeights');
      await vs.saveEdited('xor.nn.json');
      const saved = JSON.parse(vs.readWorkspaceFile('xor.nn.json'));
      // Θ^(1) is s_2 × (s_1 + 1) = 2 × 3, Θ^(2) is s_3 × (s_2 + 1) = 1 × 3, bias column first.
      assert.deepEqual(
        saved.weights.map((m) => [m.length, m[0].length]),
        [
          [2, 3],
          [1, 3],
        ],
      );
      assert.ok(saved.weights.flat(2).every(Number.isFinite));
    }),
  );

  test(
    'runs a race of learning rates and a loss surface',
    FLOW,
    screenshotOnFailure('web-labs', async () => {
      await openVisualizer('learning-rates.nn.json');
      await vs.webview().locator('#tab-labs').click();
      await vs.webview().locator('[data-testid=race-start]').click();
      const legend = vs.webview().locator('[data-testid=race-legend] li');
      await waitUntil(async () => (await legend.count()) >= 2, 'the race legend with its runs');
      await waitUntil(
        async () => (await vs.webview().locator('[data-testid=race-status]').innerText()).length > 0,
        'a race status',
      );
      await vs.screenshot('web-race');

      await openVisualizer('loss-surface.nn.json');
      const view = vs.webview();
      await view.locator('#tab-labs').click();
      await view.locator('[data-testid=surface-kind]').click();
      await view.locator('vscode-option', { hasText: 'random directions' }).click();
      await view.locator('[data-testid=surface-compute]').click();
      const status = vs.webview().locator('[data-testid=surface-status]');
      await waitUntil(
        async () => /slice through Θ₀/.test(await status.innerText()),
        'a computed surface',
        120_000,
      );
      await waitUntil(
        () => vs.webview().locator('section.surface-lab').getAttribute('data-drawn'),
        'the surface drawn',
      );
      await vs.screenshot('web-surface');
    }),
  );

  test(
    'loads CSV data beside the file and the packaged MNIST digits through the workspace file system',
    FLOW,
    screenshotOnFailure('web-data', async () => {
      const rows = ['x1,x2,y', '0,0,0', '0,1,1', '1,0,1', '1,1,0'];
      writeFileSync(join(vs.workspace, 'xor-points.csv'), rows.join('\n') + '\n');
      const spec = JSON.parse(vs.readWorkspaceFile('xor.nn.json'));
      spec.name = 'XOR from a CSV file';
      delete spec.weights;
      spec.data = { csv: 'xor-points.csv', targetColumns: ['y'] };
      writeFileSync(join(vs.workspace, 'csv-xor.nn.json'), JSON.stringify(spec, null, 2) + '\n');
      await openVisualizer('csv-xor.nn.json');
      const J = await waitUntil(() => viewCost(), 'J(Θ) of the CSV network in the view');
      assert.ok(Number.isFinite(J) && J > 0, `the CSV network loaded: J(Θ) = ${J}`);

      await openVisualizer('digits.nn.json');
      await waitUntil(() => viewCost(), 'J(Θ) of the digits network in the view', 120_000);
      await vs.screenshot('web-digits');
    }),
  );

  test(
    'offers in the palette every command but the Node-only ones',
    FLOW,
    screenshotOnFailure('web-palette', async () => {
      const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
      const palette = manifest.contributes.menus.commandPalette ?? [];
      const nodeOnly = new Set(palette.filter((m) => /!isWeb\b/.test(m.when ?? '')).map((m) => m.command));
      await vs.runCommand('View: Close All Editors');
      await vs.openFile('xor.nn.json');
      for (const c of manifest.contributes.commands) {
        await vs.dismissQuickInput();
        await vs.page.keyboard.press('F1');
        const input = vs.page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await input.fill(`>${paletteTitle(c.command)}`);
        const row = vs.page.locator('.quick-input-list .monaco-list-row', {
          hasText: paletteTitle(c.command),
        });
        const offered = await row
          .first()
          .waitFor({ timeout: nodeOnly.has(c.command) ? 2_000 : 15_000 })
          .then(() => true)
          .catch(() => false);
        await vs.dismissQuickInput();
        assert.equal(
          offered,
          !nodeOnly.has(c.command),
          `${c.command} offered on the web: ${!nodeOnly.has(c.command)}`,
        );
      }
    }),
  );
});
