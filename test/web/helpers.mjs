// What the web tests do again and again in the workbench (code-server's UI, driven with Playwright): wait on a
// condition, read the visualizer, answer code-server's own quick-input file dialogs, list error notifications.
import { setTimeout as sleep } from 'node:timers/promises';
import { paletteTitle } from '../e2e/harness.mjs';

/** Polls until `probe()` returns a truthy value; returns it, or fails naming `what` and the last value seen. */
export async function waitUntil(probe, what, timeout = 60_000) {
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
export async function viewCost(vs) {
  const value = await vs
    .webview()
    .locator('[data-testid=cost]')
    .getAttribute('data-value', { timeout: 60_000 });
  return value === null ? null : Number(value);
}

/** Opens `file` and its visualizer beside it, alone in the window (every other editor closed first). */
export async function openVisualizer(vs, file) {
  await vs.runCommand('View: Close All Editors');
  await vs.openFile(file);
  await vs.runCommand('nnViz.openVisualizer', { timeout: 30_000 });
  await vs.webview().locator('#app').waitFor({ timeout: 90_000 });
}

/** A quick input (a file dialog, a quick pick) closed before the test answered it: see startCommand. */
export class QuickInputClosed extends Error {}

/** `wait`'s result; when it fails while no quick input is open, a QuickInputClosed naming `what` instead. */
async function closedIsKnown(vs, what, wait) {
  try {
    return await wait;
  } catch (e) {
    if (await vs.page.locator('.quick-input-widget').isVisible()) throw e;
    throw new QuickInputClosed(`${what}: the quick input closed before it was answered`);
  }
}

/**
 * Runs `flow` (a command started and its quick inputs answered, up to the point where it writes) again when a quick
 * input closed under it (QuickInputClosed), up to three times.
 */
export async function retryWhenClosed(vs, flow) {
  for (let tries = 1; ; tries++) {
    try {
      return await flow();
    } catch (e) {
      if (!(e instanceof QuickInputClosed) || tries === 3) throw e;
      console.log(`# ${e.message}: the command starts again (try ${tries + 1} of 3)`);
      await vs.dismissQuickInput();
    }
  }
}

/**
 * Runs `commandId` from the palette and clicks the row `label` of the quick pick it opens. A quick pick closes when
 * the workbench moves focus (a late toast or editor from the step before): the command is then started again, up to
 * three times, and the failure names what was seen.
 */
export async function startAndPick(vs, commandId, label) {
  for (let tries = 1; ; tries++) {
    await startCommand(vs, commandId);
    const row = pickRow(vs, label);
    const shown = await row
      .waitFor({ state: 'visible', timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    if (
      shown &&
      (await row.click({ timeout: 5_000 }).then(
        () => true,
        () => false,
      ))
    )
      return;
    if (tries === 3) throw new Error(`the quick pick of ${commandId} never showed "${label}" (3 tries)`);
  }
}

function pickRow(vs, label) {
  return vs.page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: vs.page.getByText(label, { exact: true }) })
    .first();
}

/**
 * Answers code-server's file dialog (a quick input holding a full path; the save dialog suggests one ending in
 * `suggestedSuffix`, the open dialog a folder ending in "/") with the absolute `path`, or `name` in the suggested folder,
 * or the suggestion itself when neither is given. Returns the path suggested.
 */
export async function answerFileDialog(vs, { suggestedSuffix, name, path }) {
  const input = vs.page.locator('.quick-input-widget input');
  const what = `a file dialog suggesting …${suggestedSuffix}`;
  const suggested = await closedIsKnown(
    vs,
    what,
    waitUntil(
      async () => {
        const v = await input.inputValue().catch(() => '');
        return v.endsWith(suggestedSuffix) ? v : null;
      },
      what,
      15_000,
    ),
  );
  // …and has listed its folder (its ".." row): only then does it leave a typed path alone and take Enter.
  await closedIsKnown(
    vs,
    what,
    vs.page
      .locator('.quick-input-list .monaco-list-row', { hasText: '..' })
      .first()
      .waitFor({ timeout: 15_000 }),
  );
  if (path !== undefined) await input.fill(path);
  else if (name !== undefined) await input.fill(suggested.slice(0, suggested.lastIndexOf('/') + 1) + name);
  const widget = vs.page.locator('.quick-input-widget');
  // An Enter that arrives while the dialog is still refreshing its list is dropped: press it again while it stays open.
  for (let tries = 1; ; tries++) {
    await vs.page.keyboard.press('Enter');
    const closed = await widget
      .waitFor({ state: 'hidden', timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (closed) return suggested;
    if (tries === 3)
      throw new Error(
        `the file dialog stayed open after Enter 3 times; it shows ${await input.inputValue()}`,
      );
  }
}

/**
 * Runs `commandId` from the palette and returns at once: unlike vs.runCommand it does not wait for the quick input to
 * close, so a quick pick or file dialog the command opens stays on screen. The palette lists the command once the
 * extension's context keys are set: it asks again until it does. It also opens the palette again when the palette
 * closes under it: seen here and in CI right after the previous step's quick pick was dismissed (the palette opened,
 * then closed at once; the cause is in the workbench, not found).
 */
export async function startCommand(vs, commandId, timeout = 30_000) {
  const { page } = vs;
  const title = paletteTitle(commandId);
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  const ok = (p) =>
    p.then(
      () => true,
      () => false,
    );
  await waitUntil(
    async () => {
      await vs.dismissQuickInput();
      await page.keyboard.press('F1');
      return (
        (await ok(input.waitFor({ state: 'visible', timeout: 5_000 }))) &&
        (await ok(input.fill(`>${title}`, { timeout: 2_000 }))) &&
        (await ok(row.waitFor({ timeout: 2_000 }))) &&
        (await ok(row.click({ timeout: 2_000 })))
      );
    },
    `the palette offering "${title}"`,
    timeout,
  );
}

/** The texts of the error notifications on screen (toasts with the error icon). */
export async function errorNotifications(vs) {
  const toasts = vs.page.locator('.notifications-toasts .notification-toast').filter({
    has: vs.page.locator('.codicon-error'),
  });
  return (await toasts.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** The training workers Chromium runs for the extension host (Web Workers started from a Blob URL). */
export async function trainingWorkers(vs) {
  const cdp = await vs.browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    return targetInfos.filter((t) => t.type === 'worker' && /nn-viz training worker/.test(t.title));
  } finally {
    await cdp.detach().catch(() => {});
  }
}
