// The extension as a web extension: code-server runs it in the browser's web-worker extension host, exactly as
// vscode.dev and github.dev do (the package.json "browser" bundle, the training worker a Web Worker started from a Blob
// URL). The tests drive the UI as a user would: the palette, the status bar, the visualizer, files on disk.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EXTENSION_ID, launchVSCode, screenshotOnFailure } from '../e2e/harness.mjs';
import { RESULTS_DIR } from '../../scripts/lib/code-server.mjs';
import {
  answerFileDialog,
  openVisualizer as openVisualizerIn,
  retryWhenClosed,
  startAndPick,
  trainingWorkers,
  viewCost as viewCostIn,
  waitUntil,
} from './helpers.mjs';
import { paletteChecks } from './palette.mjs';

const FLOW = { timeout: 240_000 };
let vs;

before(async () => {
  mkdirSync(RESULTS_DIR, { recursive: true }); // code-server's log goes there (a fresh clone has no test-results/)
  // extensionDevelopmentKind "web" in the workbench URL; code-server 4.100.3 reads the kind of an extension under
  // development from the "remote.extensionKind" setting, so both are given.
  vs = await launchVSCode({ web: true, settings: { 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } } });
});
after(async () => {
  await vs?.close();
});

const viewCost = () => viewCostIn(vs);
const openVisualizer = (file) => openVisualizerIn(vs, file);
const sigmoid = (z) => 1 / (1 + Math.exp(-z));

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
      const training = await trainingWorkers(vs);
      assert.equal(training.length, 1, `one training worker: ${training.map((t) => t.title)}`);
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
    'saves the trained weights into the file, which is saved to disk, and undo takes them back',
    FLOW,
    screenshotOnFailure('web-save', async () => {
      await openVisualizer('xor.nn.json');
      const original = vs.readWorkspaceFile('xor.nn.json');
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

      // One undo takes the whole edit back; saved again, the file on disk is as it was.
      await vs.focusTextEditor('xor.nn.json');
      await vs.page.keyboard.press('Control+Z');
      await vs.page.keyboard.press('Control+S');
      await waitUntil(
        () => vs.readWorkspaceFile('xor.nn.json') === original,
        'the file on disk as it was before saving the weights',
        30_000,
      );
    }),
  );

  test(
    'New Network… writes the template through workspace.fs and opens it in the visualizer',
    FLOW,
    screenshotOnFailure('web-new-network', async () => {
      await vs.runCommand('View: Close All Editors');
      const suggested = await retryWhenClosed(vs, async () => {
        await startAndPick(vs, 'nnViz.newNetwork', 'XOR');
        return answerFileDialog(vs, { suggestedSuffix: '.nn.json', name: 'web-xor.nn.json' });
      });
      assert.match(suggested, /\/xor-2\.nn\.json$/, 'examples/ has xor.nn.json: the free name is suggested');
      const created = await waitUntil(() => {
        try {
          return JSON.parse(vs.readWorkspaceFile('web-xor.nn.json'));
        } catch {
          return null;
        }
      }, 'web-xor.nn.json on disk');
      assert.equal(created.name, 'XOR');
      assert.deepEqual(
        created.layers.map((l) => l.units),
        [2, 2, 1],
      );
      await vs.activeTab('web-xor.nn.json').waitFor({ timeout: 30_000 });
      await vs.webview().locator('[data-testid=cost][data-value]').waitFor({ timeout: 60_000 });
      await vs.screenshot('web-new-network');
    }),
  );

  test(
    'checks the gradients from the view: the result is shown in it',
    FLOW,
    screenshotOnFailure('web-gradient-check', async () => {
      await openVisualizer('xnor.nn.json');
      await vs.webview().locator('[data-testid=gradientCheck]').click({ timeout: 60_000 });
      const banner = vs.webview().locator('[data-testid=gradient-check]');
      await banner.waitFor({ timeout: 60_000 });
      const text = await banner.innerText();
      assert.match(text, /^Gradient check passed: relative difference/, text);
      // One relative difference per Θ^(l), each under the threshold.
      assert.match(text, /Θ⁽¹⁾: .*Θ⁽²⁾: /, text);
      await vs.screenshot('web-gradient-check');
    }),
  );

  test(
    'the XNOR worksheet: one answer right, one wrong, with worked answers and the score',
    FLOW,
    screenshotOnFailure('web-worksheet', async () => {
      await openVisualizer('worksheet.nn.json');
      const view = vs.webview();
      await view.locator('#tab-worksheet').click({ timeout: 60_000 });
      const item = (k) => view.locator(`[data-testid="exercise-${k}"]`);
      await item(2).waitFor({ timeout: 30_000 });
      assert.equal(await view.locator('.worksheet-list > li').count(), 8, 'the file has 8 exercises');
      // Exercise 2: a₁⁽²⁾ of x = (1, 1) is g(−3 + 2 + 2) = g(1).
      await view.locator('#exercise-answer-2').fill(sigmoid(1).toFixed(5));
      await view.locator('#exercise-answer-2').press('Enter');
      await view.locator('[data-testid="exercise-2"][data-state="right"]').waitFor({ timeout: 30_000 });
      assert.equal(await item(2).locator('.exercise-verdict').textContent(), '✓ Right.');
      // Exercise 5: δ⁽³⁾ of x = (0, 1), y = 0 is h − 0 ≈ 0.519, so 0.6 is wrong; the worked answer shows the numbers.
      await view.locator('#exercise-answer-5').fill('0.6');
      await item(5).locator('[data-testid="check-5"]').click();
      await view.locator('[data-testid="exercise-5"][data-state="wrong"]').waitFor({ timeout: 30_000 });
      assert.match(await item(5).locator('.exercise-verdict').textContent(), /^✗ Not within 0\.001 relative/);
      const worked = await item(5).locator('.exercise-worked annotation').allTextContents();
      assert.ok(
        worked.some((t) => /0\.518932/.test(t)),
        `the worked answer substitutes the numbers: ${worked.join(' | ')}`,
      );
      assert.equal(await view.locator('.worksheet-score').textContent(), 'Score: 1 of 8 right (1 to retry)');
      await item(5).scrollIntoViewIfNeeded();
      await vs.screenshot('web-worksheet');
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
    'the palette offers every command but the Node-only ones, and every one it offers works',
    { timeout: 420_000 },
    screenshotOnFailure('web-palette', () => paletteChecks(vs)),
  );

  test(
    'opens the visualizer beside a network file automatically when nnViz.openVisualizerAutomatically is set',
    FLOW,
    screenshotOnFailure('web-auto-open', async () => {
      // On the web the workspace's files are not file: URIs (here vscode-remote:, on github.dev vscode-vfs:).
      const settings = join(vs.workspace, '.vscode', 'settings.json');
      mkdirSync(join(vs.workspace, '.vscode'), { recursive: true });
      writeFileSync(settings, JSON.stringify({ 'nnViz.openVisualizerAutomatically': true }));
      try {
        // The setting reaches the extension host a moment after the file is written, and only a document opened
        // after that is shown automatically: open a fresh copy of AND until one is.
        let copy = 0;
        const name = await waitUntil(async () => {
          const file = `auto-and-${++copy}.nn.json`;
          writeFileSync(join(vs.workspace, file), vs.readWorkspaceFile('and.nn.json'));
          await vs.runCommand('View: Close All Editors');
          // From the explorer, as a student opens a file (it lists the new file once its watcher has seen it).
          await vs.page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first().click();
          await vs.activeTab(file).waitFor({ timeout: 15_000 });
          const shown = await vs
            .webviewHost()
            .waitFor({ timeout: 15_000 })
            .then(() => true)
            .catch(() => false);
          return shown && file;
        }, 'the visualizer opened beside a new network file');
        await vs.webview().locator('[data-testid=cost][data-value]').waitFor({ timeout: 60_000 });
        // Beside the text editor, which keeps the focus.
        await vs.activeTab(name).waitFor({ timeout: 10_000 });
        assert.equal(await vs.page.locator(`.tabs-container .tab[aria-label^="${name}"]`).count(), 2);
        await vs.screenshot('web-auto-open');
      } finally {
        rmSync(settings);
      }
    }),
  );
});
