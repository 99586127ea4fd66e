/**
 * Helpers for the integration suites that run inside the extension host (test/vscode/suite/*.test.ts).
 * The workspace folder is a fresh temporary copy of examples/, so tests may create and edit files in it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestSeam } from '../../src/host/testSeam';
import type { TrainingSession } from '../../src/host/session';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** `publisher.name` from package.json. */
export const EXTENSION_ID = 'nn-viz.nn-viz';

/** Every command package.json contributes that the suites expect to find registered. */
export const COMMANDS = [
  'nnViz.openVisualizer',
  'nnViz.train',
  'nnViz.pause',
  'nnViz.step',
  'nnViz.stepEpoch',
  'nnViz.reset',
  'nnViz.saveWeights',
  'nnViz.gradientCheck',
  'nnViz.newNetwork',
] as const;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface WaitOptions {
  /** Give up after this many milliseconds (default 10 000). */
  timeout?: number;
  /** Poll every this many milliseconds (default 50). */
  interval?: number;
  /** What was awaited, for the error message. */
  message?: string;
}

/**
 * Polls `probe` until it returns a truthy value and resolves with that value; rejects after the timeout, saying what was
 * awaited and the last value or error seen.
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  { timeout = 10_000, interval = 50, message = 'condition' }: WaitOptions = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) {
      const seen = last instanceof Error ? `${last.name}: ${last.message}` : JSON.stringify(last);
      throw new Error(`timed out after ${timeout} ms waiting for ${message} (last seen: ${seen})`);
    }
    await sleep(interval);
  }
}

/** The first workspace folder (the temporary copy of examples/). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open; the runner opens a copy of examples/');
  return folder.uri;
}

/** The URI of a path relative to the workspace folder, e.g. "xor.nn.json". */
export function workspaceUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
}

/** Creates (or overwrites) a file in the workspace folder and returns its URI. */
export async function writeWorkspaceFile(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceUri(relativePath);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/** Opens a document (a workspace-relative path or a URI) in a text editor and returns both. */
export async function openDocument(
  target: string | vscode.Uri,
  options: vscode.TextDocumentShowOptions = {},
): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const uri = typeof target === 'string' ? workspaceUri(target) : target;
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preview: false, ...options });
  return { document, editor };
}

/** Closes every editor without saving prompts for unmodified files. */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Current diagnostics of a document. */
export function getDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri);
}

/** Waits until the diagnostics of `uri` satisfy `accept` (default: at least one) and returns them. */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean = (d) => d.length > 0,
  options: WaitOptions = {},
): Promise<vscode.Diagnostic[]> {
  let seen: vscode.Diagnostic[] = [];
  try {
    return await waitFor(
      () => {
        seen = getDiagnostics(uri);
        return accept(seen) ? seen : undefined;
      },
      { timeout: 20_000, message: `diagnostics of ${uri.path}`, ...options },
    );
  } catch (e) {
    const list = seen.map(
      (d) => `  [${d.source ?? '?'}] ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`,
    );
    throw new Error(`${(e as Error).message}\ndiagnostics present:\n${list.join('\n') || '  (none)'}`);
  }
}

/** The extension under test; fails clearly when it is not installed. */
export function getExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) {
    const ids = vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id);
    throw new Error(
      `extension ${EXTENSION_ID} is not loaded; non-builtin extensions: ${ids.join(', ') || 'none'}`,
    );
  }
  return extension;
}

/** Event-loop delay of the extension host, in milliseconds. */
export interface EventLoopLag {
  maxMs: number;
  meanMs: number;
  p99Ms: number;
}

/**
 * Runs `work` while sampling the extension host's event-loop delay (perf_hooks.monitorEventLoopDelay, 10 ms resolution)
 * and returns its result with the delays seen. Use it to show that training in the worker leaves the host responsive.
 */
export async function measureEventLoopLag<T>(
  work: () => Promise<T>,
): Promise<{ result: T; lag: EventLoopLag }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  try {
    const result = await work();
    return { result, lag: histogramLag(histogram) };
  } finally {
    histogram.disable();
  }
}

function histogramLag(h: ReturnType<typeof monitorEventLoopDelay>): EventLoopLag {
  const ms = (ns: number): number => (Number.isFinite(ns) ? ns / 1e6 : 0);
  return { maxMs: ms(h.max), meanMs: ms(h.mean), p99Ms: ms(h.percentile(99)) };
}

/** The text covered by a diagnostic's range. */
export function textOf(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): string {
  return document.getText(diagnostic.range);
}

/** The folder where suites save what they measure, for review (the repository's test-results/ under the runners). */
export function artifactsDir(): string {
  const dir = process.env.NN_VIZ_TEST_ARTIFACTS ?? path.resolve('test-results');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The view type of the visualizer (package.json contributes.customEditors). */
export const VIEW_TYPE = 'nnViz.visualizer';

/**
 * The extension's test seam (src/host/testSeam.ts: what activate() returns under tests), activating it if needed; fails
 * clearly when the extension runs without it.
 */
export async function extensionApi(): Promise<TestSeam> {
  const ext = getExtension() as vscode.Extension<TestSeam | undefined>;
  const seam = ext.isActive ? ext.exports : await ext.activate();
  if (!seam)
    throw new Error('the extension runs without its test seam (ExtensionMode.Test or NN_VIZ_TEST_SEAM=1)');
  return seam;
}

/** The training session of a document, once it exists. */
export async function sessionOf(uri: vscode.Uri, timeout = 30_000): Promise<TrainingSession> {
  const { sessions } = await extensionApi();
  return waitFor(() => sessions.get(uri), { timeout, message: `a session for ${path.basename(uri.path)}` });
}

/** Waits until a session is in one of `states`. */
export async function waitState(session: TrainingSession, states: string[], timeout = 30_000): Promise<void> {
  await waitFor(() => states.includes(session.state), {
    timeout,
    message: `${session.label} to be ${states.join(' or ')} (now ${session.state}: ${session.message ?? '-'})`,
  });
}
