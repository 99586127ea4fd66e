// Every command package.json contributes, run from the command palette in the web-worker extension host, each with
// what a user sees it do. A command whose palette when-clause needs Node or a process (`!isWeb`,
// `shellExecutionSupported`) must not be offered there; every other command must be offered and work, with no error
// notification. A contributed command without a check here fails the test, so a new command gets one.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { paletteTitle } from '../e2e/harness.mjs';
import { ROOT } from '../../scripts/lib/code-server.mjs';
import {
  answerFileDialog,
  errorNotifications,
  retryWhenClosed,
  startAndPick,
  startCommand,
  trainingWorkers,
  waitUntil,
} from './helpers.mjs';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** Commands hidden on the web: their commandPalette when-clause requires a desktop (Node) extension host. */
export function nodeOnlyCommands() {
  const palette = manifest.contributes.menus.commandPalette ?? [];
  return new Set(
    palette.filter((m) => /!isWeb\b|\bshellExecutionSupported\b/.test(m.when ?? '')).map((m) => m.command),
  );
}

/** The steps of the backprop stepper shown in the view (its data-count), 0 before the first. */
async function stepperCount(vs) {
  const panel = vs.webview().locator('section.stepper');
  return Number((await panel.getAttribute('data-count', { timeout: 30_000 })) ?? 0);
}

/** What each command does, seen in the window (XOR open in the visualizer beside its text). */
function checks(vs) {
  const run = (id) => vs.runCommand(id, { timeout: 30_000 });
  const status = (p, what) => waitUntil(async () => p(await vs.status(), await vs.statusIcon()), what);
  const onDisk = (name) => waitUntil(() => existsSync(join(vs.workspace, name)), `${name} on disk`, 30_000);
  return {
    'nnViz.openVisualizer': async (id) => {
      await run(id);
      await vs.webview().locator('[data-testid=cost][data-value]').waitFor({ timeout: 90_000 });
    },
    'nnViz.train': async (id) => {
      await run(id);
      await status((s, icon) => icon === 'pulse' && s?.epoch > 0, 'training in the status bar');
    },
    'nnViz.pause': async (id) => {
      await run(id);
      await status((_s, icon) => icon === 'debug-pause', 'paused in the status bar');
    },
    'nnViz.stepEpoch': async (id) => {
      const before = (await vs.status()).epoch;
      await run(id);
      await status((s) => s?.epoch === before + 1, `epoch ${before + 1} in the status bar`);
    },
    'nnViz.step': async (id) => {
      const before = await stepperCount(vs);
      await run(id);
      await waitUntil(async () => (await stepperCount(vs)) > before, 'a step of backpropagation in the view');
    },
    'nnViz.stepSample': async (id) => {
      const before = await stepperCount(vs);
      await run(id);
      await waitUntil(async () => (await stepperCount(vs)) > before, 'the steps of a sample in the view');
    },
    'nnViz.reset': async (id) => {
      await run(id);
      await status((s) => s === null || s.epoch === 0, 'epoch 0 after the reset');
    },
    'nnViz.saveWeights': async (id) => {
      await run(id);
      const dirty = vs.page.locator('.tabs-container .tab.dirty[aria-label^="xor.nn.json"]').first();
      await dirty.waitFor({ timeout: 30_000 });
      await vs.focusTextEditor('xor.nn.json');
      await vs.page.keyboard.press('Control+Z');
      await dirty.waitFor({ state: 'detached', timeout: 30_000 });
    },
    'nnViz.gradientCheck': async (id) => {
      await run(id);
      const banner = vs.webview().locator('[data-testid=gradient-check]');
      await banner.waitFor({ timeout: 60_000 });
      assert.match(await banner.innerText(), /^Gradient check passed/);
      await vs.page
        .locator('.notifications-toasts .notification-toast', { hasText: 'Gradient check passed' })
        .first()
        .waitFor({ timeout: 30_000 });
    },
    'nnViz.restart': async (id) => {
      const before = (await trainingWorkers(vs)).map((t) => t.targetId);
      await run(id);
      // A new Web Worker replaces the session's old one.
      await waitUntil(async () => {
        const now = (await trainingWorkers(vs)).map((t) => t.targetId);
        return now.some((t) => !before.includes(t)) && now.length <= before.length;
      }, 'a new training worker in place of the old one');
      await status((s) => s !== null && s.epoch === 0, 'epoch 0 of the restarted worker');
    },
    'nnViz.compare': async (id) => {
      await startAndPick(vs, id, 'Learning rates α');
      await vs.webview().locator('#tab-labs').click();
      const legend = vs.webview().locator('[data-testid=race-legend] li');
      await waitUntil(async () => (await legend.count()) >= 2, 'the race of learning rates in the Labs tab');
    },
    'nnViz.newNetwork': async (id) => {
      // The whole flow is a test of its own; here: the template picker opens.
      await startCommand(vs, id);
      await vs.page
        .locator('.quick-input-list .monaco-list-row')
        .filter({ has: vs.page.getByText('XOR', { exact: true }) })
        .first()
        .waitFor({ timeout: 15_000 });
      await vs.dismissQuickInput();
    },
    'nnViz.exportNetwork': async (id) => {
      // Both formats are pure JavaScript (src/bridge), written through workspace.fs. The PyTorch script is not run
      // here: the web has no terminal, and the message says where to run it.
      await retryWhenClosed(vs, async () => {
        await startAndPick(vs, id, 'PyTorch script (.py)');
        await answerFileDialog(vs, { suggestedSuffix: '/xor.py' });
      });
      await onDisk('xor.py');
      await waitUntil(
        () => /import torch/.test(vs.readWorkspaceFile('xor.py')),
        'the PyTorch script written',
      );
      await vs.page
        .locator('.notifications-toasts .notification-toast', {
          hasText: 'Run it on a machine with PyTorch: python3 xor.py',
        })
        .first()
        .waitFor({ timeout: 30_000 });
      await retryWhenClosed(vs, async () => {
        await startAndPick(vs, id, 'ONNX model (.onnx)');
        await answerFileDialog(vs, { suggestedSuffix: '/xor.onnx' });
      });
      await onDisk('xor.onnx');
      await waitUntil(() => statSync(join(vs.workspace, 'xor.onnx')).size > 0, 'xor.onnx written');
    },
    'nnViz.importOnnx': async (id) => {
      // The model exported just before, brought back as a network beside it.
      await retryWhenClosed(vs, async () => {
        await startCommand(vs, id);
        await answerFileDialog(vs, { suggestedSuffix: '/', path: join(vs.workspace, 'xor.onnx') });
        await answerFileDialog(vs, { suggestedSuffix: '/xor-imported.nn.json' });
      });
      await onDisk('xor-imported.nn.json');
      const imported = await waitUntil(() => {
        try {
          return JSON.parse(vs.readWorkspaceFile('xor-imported.nn.json'));
        } catch {
          return null;
        }
      }, 'xor-imported.nn.json complete');
      assert.deepEqual(
        imported.layers.map((l) => l.units),
        [2, 2, 1],
      );
    },
  };
}

/** Whether the palette lists `commandId` (asked for `timeout` ms). */
async function offered(vs, commandId, timeout) {
  const input = vs.page.locator('.quick-input-widget input');
  await vs.dismissQuickInput();
  await vs.page.keyboard.press('F1');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${paletteTitle(commandId)}`);
  const row = vs.page.locator('.quick-input-list .monaco-list-row', { hasText: paletteTitle(commandId) });
  const shown = await row
    .first()
    .waitFor({ timeout })
    .then(() => true)
    .catch(() => false);
  await vs.dismissQuickInput();
  return shown;
}

export async function paletteChecks(vs) {
  const contributed = manifest.contributes.commands.map((c) => c.command);
  const nodeOnly = nodeOnlyCommands();
  const byCommand = checks(vs);
  const unchecked = contributed.filter((c) => !nodeOnly.has(c) && !byCommand[c]);
  assert.deepEqual(unchecked, [], 'every command offered on the web has a check here');

  await vs.runCommand('View: Close All Editors');
  await vs.runCommand('Notifications: Clear All Notifications');
  await vs.openFile('xor.nn.json');
  // Node-only commands first (the palette would show them at once if it did: the extension is active by now).
  for (const c of nodeOnly) assert.equal(await offered(vs, c, 3_000), false, `${c} is hidden on the web`);
  const order = Object.keys(byCommand).filter((c) => contributed.includes(c) && !nodeOnly.has(c));
  for (const c of order) {
    await byCommand[c](c);
    assert.deepEqual(await errorNotifications(vs), [], `no error notification after ${c}`);
  }
  await vs.screenshot('web-palette');
}
