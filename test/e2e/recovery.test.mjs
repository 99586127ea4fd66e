// The view follows the document in every case (issue 11): a typo makes the visualizer say "invalid document" and
// disables its buttons; as soon as the text validates again — by typing, Backspace, undo, redo, revert or a change on
// disk — the state pill, the buttons and the picture are live again.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchVSCode, screenshotOnFailure } from './harness.mjs';

const FLOW = { timeout: 120_000 };
const NAME = 'xor.nn.json';
let vs;
let original;

before(async () => {
  // Auto save would write the typo to disk, and File: Revert File would bring it back.
  vs = await launchVSCode({ settings: { 'files.autoSave': 'off' } });
  original = readFileSync(join(vs.workspace, NAME), 'utf8');
  await vs.openFile(NAME);
  await vs.runCommand('nnViz.openVisualizer');
  await vs.webview().locator('#app').waitFor({ timeout: 60_000 });
  await waitForView('live', 'the visualizer of the valid file is live');
});
after(async () => {
  await vs?.close();
});

/** What the view shows: its state (#app's data-state), the pill's text, Train enabled, the picture dimmed. */
async function view() {
  const w = vs.webview();
  return {
    state: await w.locator('#app').getAttribute('data-state'),
    pill: (await w.locator('.state-badge').first().textContent())?.trim(),
    trainEnabled: (await w.locator('[data-testid=train]').first().getAttribute('disabled')) === null,
    stale: ((await w.locator('main.workspace').getAttribute('class')) ?? '').includes('stale'),
  };
}

const LIVE = (v) => v.state === 'idle' && v.pill === 'ready' && v.trainEnabled && !v.stale;
const INVALID = (v) => v.state === 'invalid' && v.pill === 'invalid document' && !v.trainEnabled && v.stale;

/** Waits until the view is 'live' or 'invalid' (as defined above). */
async function waitForView(which, what, timeout = 30_000) {
  const accept = which === 'live' ? LIVE : INVALID;
  const deadline = Date.now() + timeout;
  let last = null;
  while (Date.now() < deadline) {
    last = await view().catch((e) => ({ error: String(e) }));
    if (accept(last)) return last;
    await sleep(100);
  }
  throw new Error(`${what}: the view never became ${which}; it shows ${JSON.stringify(last)}`);
}

/** Puts the cursor at the very start of the text editor (before the opening "{"). */
async function cursorToStart() {
  await vs.focusTextEditor(NAME);
  await vs.page.keyboard.press('Control+Home');
}

/** A typo: an "x" before the opening brace. */
async function typeTypo() {
  await cursorToStart();
  await vs.page.keyboard.type('x');
  await vs.page.keyboard.press('Escape'); // close a suggestion list, if one opened
  await waitForView('invalid', 'after typing an "x" before the opening brace');
}

describe('the visualizer is live again as soon as the text validates again', () => {
  test(
    'typing: a deleted comma typed again',
    FLOW,
    screenshotOnFailure('recovery-typing', async () => {
      await cursorToStart();
      await vs.page.keyboard.press('ArrowDown'); // line 2: "name": "XOR",
      await vs.page.keyboard.press('End');
      await vs.page.keyboard.press('Backspace');
      await waitForView('invalid', 'after deleting the comma after "name"');
      await vs.page.keyboard.type(',');
      await waitForView('live', 'after typing the comma again');
    }),
  );

  test(
    'Backspace: a typed "x" deleted',
    FLOW,
    screenshotOnFailure('recovery-backspace', async () => {
      await typeTypo();
      await vs.page.keyboard.press('Backspace');
      await waitForView('live', 'after Backspace removed the "x"');
    }),
  );

  test(
    'undo: a typed "x" undone',
    FLOW,
    screenshotOnFailure('recovery-undo', async () => {
      await typeTypo();
      await vs.page.keyboard.press('Control+Z');
      await waitForView('live', 'after undo');
    }),
  );

  test(
    'redo: a fix undone, then redone',
    FLOW,
    screenshotOnFailure('recovery-redo', async () => {
      await typeTypo();
      await vs.page.keyboard.press('Backspace');
      await waitForView('live', 'after Backspace');
      await vs.page.keyboard.press('Control+Z');
      await waitForView('invalid', 'after undoing the Backspace');
      await vs.page.keyboard.press('Control+Shift+Z');
      await waitForView('live', 'after redoing the Backspace');
    }),
  );

  test(
    'revert: the typo thrown away with File: Revert File',
    FLOW,
    screenshotOnFailure('recovery-revert', async () => {
      await typeTypo();
      await vs.runCommand('File: Revert File');
      await waitForView('live', 'after File: Revert File');
      assert.equal(
        await vs.page.locator(`.tabs-container .tab.dirty[aria-label^="${NAME}"]`).count(),
        0,
        'the text editor is clean after the revert',
      );
    }),
  );

  test(
    'an external change: the file on disk broken, then mended',
    FLOW,
    screenshotOnFailure('recovery-external', async () => {
      const file = join(vs.workspace, NAME);
      writeFileSync(file, original.replace('"layers"', '"layers" oops'));
      await waitForView('invalid', 'after the file on disk got a typo');
      writeFileSync(file, original);
      await waitForView('live', 'after the file on disk was mended');
      await vs.screenshot('recovery-external');
    }),
  );
});
