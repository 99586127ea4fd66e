// Hostile messages from a real webview to the real extension host: unknown types, wrong shapes, extra fields, huge
// messages and impossible values are dropped and logged, and the session goes on answering valid messages. (Own
// "__proto__" keys cannot be sent from here: the page's structured clone drops them; test/unit/hardening covers them.)
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchVSCode, screenshotOnFailure } from './harness.mjs';

const FLOW = { timeout: 240_000 };
let vs;

before(async () => {
  vs = await launchVSCode();
});
after(async () => {
  await vs?.close();
});

/** Every file under `dir`, recursively. */
function files(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

/** The lines the extension wrote to its "Neural Network" log output channel (code-server keeps it on disk). */
function extensionLog() {
  const logs = files(join(vs.sandbox.userDataDir, 'logs')).filter((f) => /Neural Network\.log$/.test(f));
  return logs.map((f) => readFileSync(f, 'utf8')).join('\n');
}

const HOSTILE = [
  ['unknown type', { type: 'deleteEverything' }],
  ['not an object', 'ready'],
  ['command that does not exist', { type: 'command', command: 'rm -rf /' }],
  ['extra field', { type: 'command', command: 'train', shell: 'echo' }],
  ['negative sample index', { type: 'setInspected', index: -1 }],
  ['learning rate not a number', { type: 'setHyper', hyper: { learningRate: 'fast' } }],
  [
    'export outside the folder',
    { type: 'export', fileName: '../../evil.svg', format: 'svg', data: '<svg/>' },
  ],
  ['huge message', { type: 'viewError', message: 'x'.repeat(17 * 1024 * 1024) }],
];

describe('hostile messages from the webview', () => {
  test(
    'are dropped and logged with a reason; the session keeps working',
    FLOW,
    screenshotOnFailure('hostile', async () => {
      await vs.openFile('xor.nn.json');
      await vs.runCommand('nnViz.openVisualizer');
      const view = vs.webview();
      await view.locator('[data-testid=cost]').waitFor({ timeout: 60_000 });
      const frame = await vs.webviewFrame();
      for (const [, message] of HOSTILE) await frame.evaluate((m) => window.__nnviz.post(m), message);

      const deadline = Date.now() + 30_000;
      let dropped = [];
      while (Date.now() < deadline) {
        dropped = extensionLog()
          .split('\n')
          .filter((l) => l.includes('Dropped a message from the visualizer'));
        if (dropped.length >= HOSTILE.length) break;
        await sleep(250);
      }
      assert.equal(
        dropped.length,
        HOSTILE.length,
        `one log line per hostile message:\n${dropped.join('\n')}`,
      );
      assert.ok(dropped.some((l) => /unknown message type "deleteEverything"/.test(l)));
      assert.ok(dropped.some((l) => /unknown command/.test(l)));
      assert.ok(dropped.some((l) => /too large/.test(l)));

      // A valid message still works: training starts from the view's own Train button.
      await frame.evaluate(() => window.__nnviz.post({ type: 'command', command: 'train' }));
      await vs.waitForStatusBar(/epoch [1-9]\d* · J [=≈] /, { timeout: 60_000 });
    }),
  );
});
