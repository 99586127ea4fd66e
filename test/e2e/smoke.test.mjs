// The extension's workspace opens in code-server and a network file shows in the editor.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchVSCode, screenshotOnFailure } from './harness.mjs';

let vs;
before(async () => {
  vs = await launchVSCode();
});
after(async () => {
  await vs?.close();
});

test(
  'Quick Open opens examples/xor.nn.json in the editor',
  { timeout: 120_000 },
  screenshotOnFailure('smoke', async () => {
    await vs.openFile('xor.nn.json');
    const tab = vs.activeTab('xor.nn.json');
    assert.equal(await tab.isVisible(), true);
    // The editor shows the file's text: its first lines are rendered by Monaco (a moment after the tab is active).
    const lines = vs.page.locator('.editor-instance .view-lines').first();
    let shown = '';
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(100)) {
      shown = (await lines.innerText()).replace(/\s+/g, ' ');
      if (shown.includes('"layers"')) break;
    }
    const onDisk = JSON.parse(vs.readWorkspaceFile('xor.nn.json'));
    assert.ok(
      shown.includes('"layers"'),
      `the editor shows the network's layers; it shows: ${shown.slice(0, 300)}`,
    );
    assert.ok(shown.includes(onDisk.name), `the editor shows the network's name "${onDisk.name}"`);
    await vs.screenshot('smoke');
  }),
);
