// New Network… as a user runs it in code-server: the command palette, the template picker and code-server's own save
// dialog (the "simple" file dialog, which once turned my-xor.nn.json into my-xor.nn.json.nn.json).
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchVSCode, paletteTitle, screenshotOnFailure } from './harness.mjs';

let vs;
before(async () => {
  vs = await launchVSCode();
});
after(async () => {
  await vs?.close();
});

async function waitFor(check, what, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Runs New Network… from the palette, picks `template` and answers the save dialog with `typed` (a file name). */
async function newNetworkThroughDialog(template, typed) {
  const { page } = vs;
  const input = page.locator('.quick-input-widget input');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const title = paletteTitle('nnViz.newNetwork');
  // The palette lists the command once the extension's contributions are registered: ask again until it does.
  const deadline = Date.now() + 30_000;
  for (;;) {
    await vs.dismissQuickInput();
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = rows.filter({ hasText: title }).first();
    if (
      await row.waitFor({ timeout: 2000 }).then(
        () => true,
        () => false,
      )
    ) {
      await row.click();
      break;
    }
    if (Date.now() > deadline) throw new Error(`the palette does not offer "${title}"`);
  }
  // The template picker (a quick pick of its own).
  const pickRow = rows.filter({ has: page.getByText(template, { exact: true }) }).first();
  await pickRow.waitFor({ timeout: 15_000 });
  await pickRow.click();
  // code-server's save dialog: a quick input holding the full path of the suggested file, its name selected.
  await waitFor(
    async () => (await input.inputValue().catch(() => '')).endsWith('.nn.json'),
    'the save dialog with the suggested name',
  );
  const suggested = await input.inputValue();
  const folder = suggested.slice(0, suggested.lastIndexOf('/') + 1);
  await input.fill(folder + typed);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
  return suggested;
}

test(
  'New Network… through the save dialog creates exactly one .nn.json and opens it in the visualizer',
  { timeout: 180_000 },
  screenshotOnFailure('new-network', async () => {
    const suggested = await newNetworkThroughDialog('XOR', 'my-xor.nn.json');
    // examples/ has xor.nn.json already: the free name, with one extension.
    assert.match(suggested, /\/xor-2\.nn\.json$/, 'the dialog suggests xor-2.nn.json');
    const created = join(vs.workspace, 'my-xor.nn.json');
    await waitFor(() => existsSync(created), `${created} on disk`);
    assert.equal(existsSync(`${created}.nn.json`), false, 'no my-xor.nn.json.nn.json');
    assert.equal(JSON.parse(vs.readWorkspaceFile('my-xor.nn.json')).name, 'XOR');
    // It opens in the visualizer.
    await vs.activeTab('my-xor.nn.json').waitFor({ timeout: 30_000 });
    // …and the visualizer has loaded the network: its cost readout holds J(Θ) of the template's initial Θ.
    await vs.webview().locator('[data-testid=cost][data-value]').waitFor({ timeout: 60_000 });
    await vs.screenshot('new-network');

    // A name typed without the extension gets it once.
    await newNetworkThroughDialog('AND', 'gate');
    await waitFor(() => existsSync(join(vs.workspace, 'gate.nn.json')), 'gate.nn.json on disk');
    assert.equal(JSON.parse(vs.readWorkspaceFile('gate.nn.json')).name, 'AND');
    const doubled = readdirSync(vs.workspace).filter((f) =>
      /\.nn\.json\.nn\.json$|\.json\.nn\.json$/.test(f),
    );
    assert.deepEqual(doubled, [], 'no doubled extensions in the workspace');
  }),
);
