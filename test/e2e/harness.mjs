// End-to-end harness: the extension loaded in code-server, driven through headless Chromium as a user would
// (Quick Open, the command palette, the status bar, the visualizer webview).
//
//   const vs = await launchVSCode();          // builds if needed, starts code-server, opens a copy of examples/
//   await vs.openFile('xor.nn.json');
//   await vs.runCommand('nnViz.train');       // by command id (its palette title is read from package.json) or title
//   const text = await vs.waitForStatusBar(/epoch (\d+) · J = /);
//   await vs.webview().locator('[data-testid=cost]').textContent();
//   await vs.screenshot('train');             // test-results/e2e-train.png
//   await vs.close();
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  RESULTS_DIR,
  ROOT,
  buildIfNeeded,
  ensureCodeServer,
  freePort,
  launchChromium,
  makeSandbox,
  removeQuietly,
  startCodeServer,
  workbenchUrl,
} from '../../scripts/lib/code-server.mjs';

export const EXTENSION_ID = 'nn-viz.nn-viz';
/** The window launched last, for screenshotOnFailure. */
let current = null;
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** "Neural Network: Train" for "nnViz.train", as the command palette shows it. */
export function paletteTitle(commandId) {
  const c = manifest.contributes.commands.find((x) => x.command === commandId);
  if (!c) throw new Error(`package.json contributes no command ${commandId}`);
  return c.category ? `${c.category}: ${c.title}` : c.title;
}

/**
 * The status bar text of a training session, e.g. "epoch 120 · J = 0.0312" → { epoch: 120, J: 0.0312 } (J ≈ while it
 * is a running estimate).
 */
export function parseStatus(text) {
  const m = /epoch\s+(\d+)\s+·\s+J\s+[=≈]\s+([-+0-9.eE]+|NaN|Infinity)/.exec(text ?? '');
  return m ? { epoch: Number(m[1]), J: Number(m[2]) } : null;
}

/**
 * Starts code-server with the repository's extension under development (no extensionTestsPath) and opens a fresh copy of
 * examples/ in headless Chromium. Resolves once the workbench shows the explorer.
 */
export async function launchVSCode({
  settings = {},
  viewport = { width: 1400, height: 900 },
  web = false,
} = {}) {
  buildIfNeeded();
  const entry = ensureCodeServer();
  const sandbox = makeSandbox('nn-viz-e2e', { settings });
  const port = await freePort();
  const server = await startCodeServer({
    entry,
    port,
    ...sandbox,
    folder: sandbox.workspace,
    logFile: join(RESULTS_DIR, `e2e-code-server-${port}.log`),
    // The extension's test seam (src/host/testSeam.ts): e.g. the hostile-message tests post through the page.
    env: { NN_VIZ_TEST_SEAM: '1' },
  });
  let browser;
  try {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const consoleLines = [];
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    await page.goto(workbenchUrl({ port, folder: sandbox.workspace, extensionDevelopmentPath: ROOT, web }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 });
    current = new VSCode({ page, browser, server, sandbox, consoleLines });
    return current;
  } catch (e) {
    await browser?.close();
    await server.stop();
    removeQuietly(sandbox.base);
    throw e;
  }
}

/**
 * Wraps a test body: when it throws, saves test-results/e2e-NAME-failure.png of the window launched last, then passes
 * the error on.  test('…', { timeout }, screenshotOnFailure('train', async () => { … }))
 */
export function screenshotOnFailure(name, fn) {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (e) {
      await current?.screenshot(`${name}-failure`).catch(() => {});
      throw e;
    }
  };
}

class VSCode {
  constructor({ page, browser, server, sandbox, consoleLines }) {
    this.page = page;
    this.browser = browser;
    this.server = server;
    this.sandbox = sandbox;
    /** Messages of the workbench's console (the extension host's console.log arrives here too). */
    this.consoleLines = consoleLines;
    /** The workspace folder (a temporary copy of examples/). */
    this.workspace = sandbox.workspace;
  }

  /** Reads a file of the workspace copy from disk. */
  readWorkspaceFile(name) {
    return readFileSync(join(this.workspace, name), 'utf8');
  }

  /** Opens a workspace file through Quick Open (Ctrl+P), as a user types it, and waits for its tab to be active. */
  async openFile(name, { timeout = 30_000 } = {}) {
    const { page } = this;
    const input = page.locator('.quick-input-widget input');
    const exact = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    // The row whose file name is exactly `name` (Quick Open matches fuzzily: "xor.nn.json" also finds xnor.nn.json).
    const row = page.locator('.quick-input-list .monaco-list-row').filter({
      has: page.locator('.label-name', { hasText: exact }),
    });
    const focused = page.locator('.quick-input-list .monaco-list-row.focused .label-name');
    // Quick Open answers from VS Code's file index, which learns of a file just written on disk a moment later, and its
    // list re-renders as results arrive (rows are recycled): ask again until the file is listed, move the focus onto
    // it with the keyboard, open it with Enter, and start over if another file's tab became active.
    const deadline = Date.now() + timeout;
    for (;;) {
      await this.dismissQuickInput();
      await page.keyboard.press('Control+P');
      await input.waitFor({ state: 'visible' });
      await input.fill(name);
      const found = await row
        .first()
        .waitFor({ timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      if (found) {
        for (
          let i = 0;
          i < 10 && !exact.test(((await focused.textContent().catch(() => '')) ?? '').trim());
          i++
        )
          await page.keyboard.press('ArrowDown');
        if (exact.test(((await focused.textContent().catch(() => '')) ?? '').trim())) {
          await page.keyboard.press('Enter');
          const opened = await this.activeTab(name)
            .waitFor({ timeout: 10_000 })
            .then(() => true)
            .catch(() => false);
          if (opened) return;
        }
      }
      if (Date.now() > deadline) throw new Error(`Quick Open could not open "${name}" in ${this.workspace}`);
    }
  }

  /** The active editor tab whose label starts with `label`. */
  activeTab(label) {
    return this.page.locator(`.tabs-container .tab.active[aria-label^="${label}"]`).first();
  }

  /**
   * Runs a command from the command palette (F1): `command` is a command id from package.json ("nnViz.train") or a
   * palette title ("Neural Network: Train"). The palette only lists commands whose `when`/enablement holds, and the
   * extension sets its context keys a moment after an editor opens, so this reopens the palette until the command shows
   * up or `timeout` passes, then fails naming what the palette offered.
   */
  async runCommand(command, { timeout = 15_000 } = {}) {
    const { page } = this;
    const title = command.includes(':') || !/^[\w.]+$/.test(command) ? command : paletteTitle(command);
    const input = page.locator('.quick-input-widget input');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    const deadline = Date.now() + timeout;
    let offered = [];
    for (;;) {
      await this.dismissQuickInput();
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      try {
        await row.waitFor({ timeout: 2000 });
        await row.click();
        await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
        return;
      } catch {
        offered = await rows.allInnerTexts();
      }
      if (Date.now() > deadline) break;
    }
    await this.dismissQuickInput();
    const list = offered.map((t) => t.split('\n')[0]).join(' | ');
    throw new Error(
      `the command palette does not offer "${title}" (within ${timeout} ms); it shows: ${list || 'nothing'}`,
    );
  }

  /** Closes Quick Open / the palette if one is showing. */
  async dismissQuickInput() {
    if (await this.page.locator('.quick-input-widget').isVisible()) await this.page.keyboard.press('Escape');
  }

  /** The texts of all status bar items, left to right. */
  async statusBarTexts() {
    const texts = await this.page.locator('.part.statusbar .statusbar-item').allInnerTexts();
    return texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
  }

  /** Waits until a status bar item matches `pattern` and returns its text. */
  async waitForStatusBar(pattern, { timeout = 30_000 } = {}) {
    const deadline = Date.now() + timeout;
    let texts = [];
    while (Date.now() < deadline) {
      texts = await this.statusBarTexts();
      const hit = texts.find((t) => pattern.test(t));
      if (hit) return hit;
      await sleep(100);
    }
    throw new Error(
      `no status bar item matched ${pattern} within ${timeout} ms; items: ${texts.join(' | ')}`,
    );
  }

  /** The current training status ({ epoch, J }) from the status bar, or null when none is shown. */
  async status() {
    for (const t of await this.statusBarTexts()) {
      const s = parseStatus(t);
      if (s) return s;
    }
    return null;
  }

  /**
   * The codicon name shown in the training status item ("pulse" running, "debug-pause" paused, "check" finished, …),
   * or null when no training status is shown.
   */
  async statusIcon() {
    const item = this.page
      .locator('.part.statusbar .statusbar-item', { hasText: /epoch \d+ · J [=≈] / })
      .first();
    if (!(await item.count())) return null;
    const classes =
      (await item
        .locator('.codicon')
        .first()
        .getAttribute('class')
        .catch(() => null)) ?? '';
    const icon = classes.split(/\s+/).find((c) => c.startsWith('codicon-') && c !== 'codicon-modifier-spin');
    return icon ? icon.slice('codicon-'.length) : null;
  }

  /**
   * The outer iframe of the visible visualizer webview. VS Code nests each webview in two iframes: an outer one
   * (iframe.webview, its URL names the extension) and the content frame inside it (#active-frame). Hidden webviews of
   * background tabs may stay in the page, so only visible ones count; with several visible, `index` picks one.
   */
  webviewHost(index = 0) {
    return this.page
      .locator(`iframe.webview[src*="extensionId=${EXTENSION_ID}"]`)
      .filter({ visible: true })
      .nth(index);
  }

  /** The visualizer's content as a Playwright FrameLocator: vs.webview().locator('#app'). */
  webview(index = 0) {
    return this.webviewHost(index).contentFrame().locator('iframe#active-frame').contentFrame();
  }

  /** The visualizer's content Frame (for frame.evaluate()), waiting until it exists. */
  async webviewFrame(index = 0, { timeout = 30_000 } = {}) {
    const host = this.webviewHost(index);
    await host.waitFor({ timeout }).catch(() => {
      throw new Error(`no visible ${EXTENSION_ID} webview within ${timeout} ms`);
    });
    const outer = await (await host.elementHandle()).contentFrame();
    const inner = outer.locator('iframe#active-frame');
    await inner.waitFor({ timeout });
    return (await inner.elementHandle()).contentFrame();
  }

  /**
   * Puts the keyboard focus into the text editor of `name` by clicking its tab in the editor group that holds a text
   * editor (the visualizer, a webview, opens in a group of its own); waits until a text editor has the focus.
   */
  async focusTextEditor(name) {
    const { page } = this;
    const group = page.locator('.editor-group-container').filter({ has: page.locator('.monaco-editor') });
    await group.locator(`.tab[aria-label^="${name}"]`).first().click();
    await page.locator('.editor-group-container .monaco-editor.focused').first().waitFor({ timeout: 10_000 });
  }

  /**
   * Waits until the text editor of `name` is dirty (an edit arrived), saves it with Ctrl+S as a user would, and waits
   * until it is clean, so the file on disk holds the edit.
   */
  async saveEdited(name, { timeout = 30_000 } = {}) {
    const dirty = this.page.locator(`.tabs-container .tab.dirty[aria-label^="${name}"]`).first();
    await dirty.waitFor({ timeout });
    await this.focusTextEditor(name);
    await this.page.keyboard.press('Control+S');
    await dirty.waitFor({ state: 'detached', timeout });
  }

  /** Screenshot of the whole window into test-results/e2e-NAME.png; returns its path. */
  async screenshot(name) {
    const path = join(RESULTS_DIR, `e2e-${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /** Closes Chromium and code-server (with its children) and removes the temporary folders. */
  async close() {
    await this.browser.close().catch(() => {});
    await this.server.stop();
    removeQuietly(this.sandbox.base);
    if (current === this) current = null;
  }
}
