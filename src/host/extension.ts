import * as vscode from 'vscode';
import { NetworkDocuments, isNetworkDocument } from './documents';
import { CheckClient } from '../check/client';
import { Sessions } from './sessions';
import { NetworkEditorProvider, VIEW_TYPE } from './editorProvider';
import { StatusBar } from './statusBar';
import { prompts, registerCommands, runWebviewCommand } from './commands';
import { registerBridgeCommands } from './bridgeCommands';
import type { Platform } from './platform/types';
import { hyperEdits, replaceText, setValues, unitsEdits, workspaceEdits } from './edits';
import { DEFAULT_PACE, isPace, type FromWebview, type PaceChoice } from '../protocol';
import { SeamPlatform, testSeamEnabled, type TestSeam } from './testSeam';

/**
 * Activation, the same on the desktop and on the web: the two entry points (extension.node.ts, extension.web.ts) differ
 * only in the platform they pass (how training workers start, how file links are resolved).
 */
export function activateWith(
  context: vscode.ExtensionContext,
  makePlatform: (log: vscode.LogOutputChannel) => Platform,
): TestSeam | undefined {
  const log = vscode.window.createOutputChannel('Neural Network', { log: true });
  const testing = testSeamEnabled(context);
  const seam = testing ? new SeamPlatform(makePlatform(log)) : null;
  const platform = seam ?? makePlatform(log);
  void vscode.commands.executeCommand('setContext', 'nnViz.platform', platform.kind);
  const config = () => vscode.workspace.getConfiguration('nnViz');
  const checker = new CheckClient(() => platform.startChecker());
  const documents = new NetworkDocuments(checker);
  const sessions = new Sessions(documents, {
    extensionUri: context.extensionUri,
    platform,
    log,
    frameRate: () => clamp(config().get<number>('frameRate', 30), 1, 60),
    inspected: () => inspectedRow(config().get<number>('inspectedSample', 1)),
    pace: () => settingPace(config()),
    boundaryResolution: () => clamp(config().get<number>('boundaryResolution', 40), 8, 128),
    maxOldGenerationSizeMb: () =>
      clamp(config().get<number>('worker.maxOldGenerationSizeMb', 1024), 64, 8192),
  });

  const provider = new NetworkEditorProvider({
    extensionUri: context.extensionUri,
    sessions,
    log,
    runCommand: runWebviewCommand,
    applyHyper: (doc, hyper) => replaceText(doc, setValues(doc.getText(), hyperEdits(hyper))),
    applyUnits: async (doc, layer, units) => {
      const parsed = await documents.checked(doc);
      const hasWeights = parsed.ok && parsed.spec.weights !== null;
      await replaceText(doc, setValues(doc.getText(), unitsEdits(layer, units, hasWeights)));
      if (hasWeights)
        void vscode.window.showInformationMessage(
          `Θ no longer fits layer ${layer}'s ${units} units, so "weights" was removed and the init rule is used. Undo to bring it back.`,
        );
    },
    exportPicture: (message) => exportPicture(message),
    testSeam: testing,
  });

  context.subscriptions.push(
    log,
    documents,
    sessions,
    new StatusBar(sessions),
    vscode.window.registerCustomEditorProvider(VIEW_TYPE, provider, {
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    }),
    ...registerCommands({ extensionUri: context.extensionUri, sessions, log }),
    ...registerBridgeCommands(sessions, context.extensionUri, platform),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('nnViz.frameRate'))
        for (const s of sessions.all()) s.setFrameRate(clamp(config().get<number>('frameRate', 30), 1, 60));
      if (e.affectsConfiguration('nnViz.inspectedSample'))
        for (const s of sessions.all())
          s.setInspected(inspectedRow(config().get<number>('inspectedSample', 1)));
    }),
    vscode.workspace.onDidOpenTextDocument((doc) => maybeOpenVisualizer(doc)),
  );
  log.info('Neural Network Visualizer activated.');
  if (!seam) return undefined;
  log.info('The test seam is on (the extension runs under tests).');
  return {
    documents,
    sessions,
    provider,
    log,
    prompts,
    edits: workspaceEdits,
    liveWorkers: () => seam.liveWorkers(),
    crashWorker: (uri) => seam.crashWorker(uri),
    recordWorkerMessages: (uri) => seam.recordWorkerMessages(uri),
  };
}

/** With "nnViz.openVisualizerAutomatically", show the visualizer beside every .nn.json opened in a text editor. */
/** The setting nnViz.speed: the user's pace; the built-in default when it is not set (or not a pace). */
function settingPace(config: vscode.WorkspaceConfiguration): {
  pace: PaceChoice['pace'];
  source: 'setting' | 'default';
} {
  const v = config.inspect<unknown>('speed');
  const set = v?.workspaceFolderValue ?? v?.workspaceValue ?? v?.globalValue;
  return isPace(set) ? { pace: set, source: 'setting' } : { pace: DEFAULT_PACE, source: 'default' };
}

function maybeOpenVisualizer(doc: vscode.TextDocument): void {
  // A file on disk or in the workspace, not a git: or diff copy of one. On the web the workspace's files are not
  // file: URIs (github.dev's vscode-vfs:, code-server's vscode-remote:).
  const inWorkspace = vscode.workspace.getWorkspaceFolder(doc.uri) !== undefined;
  if (!isNetworkDocument(doc) || (doc.uri.scheme !== 'file' && !inWorkspace)) return;
  if (!vscode.workspace.getConfiguration('nnViz').get<boolean>('openVisualizerAutomatically', false)) return;
  setTimeout(() => {
    if (vscode.window.activeTextEditor?.document === doc)
      void vscode.commands.executeCommand('vscode.openWith', doc.uri, VIEW_TYPE, {
        viewColumn: vscode.ViewColumn.Beside,
        preserveFocus: true,
      });
  }, 300);
}

async function exportPicture(message: Extract<FromWebview, { type: 'export' }>): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, message.fileName) : undefined,
    filters: message.format === 'png' ? { 'PNG image': ['png'] } : { 'SVG image': ['svg'] },
  });
  if (!target) return;
  const bytes =
    message.format === 'png'
      ? Uint8Array.from(atob(message.data.slice('data:image/png;base64,'.length)), (c) => c.charCodeAt(0))
      : new TextEncoder().encode(message.data);
  await vscode.workspace.fs.writeFile(target, bytes);
  void vscode.window.showInformationMessage(`Saved ${vscode.workspace.asRelativePath(target)}.`);
}

/** The setting nnViz.inspectedSample counts samples from 1, like the lecture; the protocol's rows from 0. */
function inspectedRow(i: number): number {
  return Number.isFinite(i) ? Math.max(1, Math.floor(i)) - 1 : 0;
}

function clamp(v: number, lo: number, hi: number): number {
  return Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo;
}

export function deactivate(): void {
  // Sessions and their workers are disposed through context.subscriptions.
}
