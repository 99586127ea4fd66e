// "Export Network…" and "Import ONNX Model…" as a user runs them in code-server: the palette, the format pick, the save
// and open dialogs (VS Code's own file dialog in the browser), the offer to open the script, and the imported network
// in the visualizer (which cannot train it: it has no data). Screenshots: test-results/e2e-bridge-*.png.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchVSCode, paletteTitle, screenshotOnFailure } from './harness.mjs';

let vs;
before(async () => {
  vs = await launchVSCode();
});
after(async () => {
  await vs?.close();
});

/** Runs a palette command that asks something next: waits for the question's row `next` instead of the palette closing. */
async function paletteThen(command, next) {
  const { page } = vs;
  const title = paletteTitle(command);
  const input = page.locator('.quick-input-widget input');
  for (const deadline = Date.now() + 20_000; ;) {
    await vs.dismissQuickInput();
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    if (
      await row.waitFor({ timeout: 3000 }).then(
        () => true,
        () => false,
      )
    ) {
      await row.click();
      break;
    }
    if (Date.now() > deadline) throw new Error(`the palette does not offer "${title}"`);
  }
  await next();
}

/**
 * Answers VS Code's simple file dialog (a quick input holding a path) with `path`, once it shows its suggestion
 * (`suggested`, e.g. the file name the command proposes; the dialog fills it in a moment after it opens).
 */
async function answerFileDialog(suggested, path) {
  const input = vs.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  for (const deadline = Date.now() + 15_000; !(await input.inputValue()).endsWith(suggested);) {
    if (Date.now() > deadline)
      throw new Error(`the file dialog does not suggest ${suggested}; it shows ${await input.inputValue()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // …and has listed its folder (its ".." row): only then does it leave a typed path alone.
  await vs.page
    .locator('.quick-input-list .monaco-list-row', { hasText: '..' })
    .first()
    .waitFor({ timeout: 15_000 });
  await input.fill(path);
  await vs.page.keyboard.press('Enter');
  await vs.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

async function pickFormat(label) {
  const row = vs.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: 15_000 });
  return row;
}

test(
  'Export Network… → PyTorch: pick the format, save, open the script',
  { timeout: 180_000 },
  screenshotOnFailure('bridge-export', async () => {
    await vs.openFile('xor.nn.json');
    await paletteThen('nnViz.exportNetwork', () => pickFormat('PyTorch script (.py)'));
    await pickFormat('ONNX model (.onnx)');
    await vs.screenshot('bridge-format');
    await (await pickFormat('PyTorch script (.py)')).click();
    await answerFileDialog('xor.py', join(vs.workspace, 'xor.py'));
    const open = vs.page.locator('.notifications-toasts .monaco-button', { hasText: 'Open Script' }).first();
    await open.waitFor({ timeout: 20_000 });
    await vs.screenshot('bridge-exported');
    assert.ok(existsSync(join(vs.workspace, 'xor.py')), 'xor.py is written');
    assert.match(vs.readWorkspaceFile('xor.py'), /def cost\(model, X, Y, lam, masks=None\):/);
    await open.click();
    await vs.activeTab('xor.py').waitFor({ timeout: 15_000 });
  }),
);

test(
  'Export Network… from the editor title menu → ONNX, then Import ONNX Model… opens the network',
  { timeout: 240_000 },
  screenshotOnFailure('bridge-import', async () => {
    // Back to the network's tab (open since the first test); this time from the editor title's "…" menu.
    await vs.page.locator('.tabs-container .tab', { hasText: 'xor.nn.json' }).first().click();
    const more = vs.page.locator('.editor-group-container .editor-actions .codicon-toolbar-more').first();
    await more.click();
    const item = vs.page.locator('.monaco-menu .action-item', { hasText: 'Export Network…' }).first();
    await item.waitFor({ timeout: 15_000 });
    await vs.page.locator('.monaco-menu .action-item', { hasText: 'Import ONNX Model…' }).first().waitFor();
    await vs.screenshot('bridge-title-menu');
    await item.click();
    await (await pickFormat('ONNX model (.onnx)')).click();
    await answerFileDialog('xor.onnx', join(vs.workspace, 'xor.onnx'));
    await vs.page.locator('.notifications-toasts', { hasText: 'Exported xor.nn.json to xor.onnx' }).waitFor();
    assert.ok(existsSync(join(vs.workspace, 'xor.onnx')));

    await paletteThen('nnViz.importOnnx', () => answerFileDialog('/', join(vs.workspace, 'xor.onnx')));
    // xor.nn.json exists, so the suggestion is xor-imported.nn.json: Enter takes it.
    await answerFileDialog('xor-imported.nn.json', join(vs.workspace, 'xor-imported.nn.json'));
    await vs.activeTab('xor-imported.nn.json').waitFor({ timeout: 20_000 });
    const imported = JSON.parse(vs.readWorkspaceFile('xor-imported.nn.json'));
    assert.deepEqual(
      imported.layers.map((l) => l.units),
      [2, 2, 1],
    );
    assert.equal(imported.data, undefined);
    await vs.screenshot('bridge-imported');

    // The visualizer draws the imported network; training is refused (the file's diagnostic says it has no "data").
    await vs.runCommand('nnViz.openVisualizer');
    await vs.webview().locator('svg').first().waitFor({ timeout: 30_000 });
    await vs.waitForStatusBar(/XOR: cannot train/);
    await vs.screenshot('bridge-imported-visualizer');
  }),
);
