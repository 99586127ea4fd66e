import * as vscode from 'vscode';
import type { Sessions } from './sessions';
import type { TrainingSession } from './session';
import { VIEW_TYPE } from './editorProvider';
import { replaceText } from './edits';
import { setWeights } from '../format/edit';
import { type Template, TEMPLATES, templateText } from './templates';
import { nnJsonFileName } from '../format/fileName';
import type { NetworkSpec, WebviewCommand } from '../protocol';
import { parseNetwork } from '../format/parse';
import { raceFor } from '../engine/race';
import type { RaceVary } from '../shared/spec';
import { exists } from './files';

export interface CommandDeps {
  extensionUri: vscode.Uri;
  sessions: Sessions;
  log: vscode.LogOutputChannel;
}

/** Questions to the user, replaceable by the integration tests (a modal dialog would wait for a click). */
export const prompts = {
  async confirm(message: string, action: string): Promise<boolean> {
    return (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action;
  },
};

/** Resolve the document a command acts on: its Uri argument, else the active .nn.json (visual or text). */
async function targetDocument(sessions: Sessions, arg: unknown): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) {
    if (!/\.nn\.json$/i.test(arg.path)) {
      void vscode.window.showErrorMessage(
        `${vscode.workspace.asRelativePath(arg)} is not a .nn.json network file.`,
      );
      return undefined;
    }
    try {
      return await vscode.workspace.openTextDocument(arg);
    } catch (err) {
      void vscode.window.showErrorMessage(`Cannot open ${arg.fsPath}: ${String(err)}`);
      return undefined;
    }
  }
  const doc = sessions.activeDocument();
  if (!doc)
    void vscode.window.showInformationMessage(
      'Open a .nn.json network file first (or pass its Uri to the command).',
    );
  return doc;
}

async function targetSession(sessions: Sessions, arg: unknown): Promise<TrainingSession | undefined> {
  const doc = await targetDocument(sessions, arg);
  if (!doc) return undefined;
  const session = await sessions.ensureChecked(doc);
  if (typeof session === 'string') {
    void vscode.window.showErrorMessage(session);
    return undefined;
  }
  return session;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { sessions, log } = deps;
  const onSession =
    (action: (s: TrainingSession) => void | Promise<void>) =>
    async (arg?: unknown): Promise<void> => {
      const session = await targetSession(sessions, arg);
      if (session) await action(session);
    };

  const register = (id: string, fn: (arg?: unknown) => unknown) => vscode.commands.registerCommand(id, fn);

  return [
    register('nnViz.openVisualizer', async (arg?: unknown) => {
      const doc = await targetDocument(sessions, arg);
      if (doc)
        await vscode.commands.executeCommand('vscode.openWith', doc.uri, VIEW_TYPE, vscode.ViewColumn.Beside);
    }),
    register(
      'nnViz.train',
      onSession((s) => s.train()),
    ),
    register(
      'nnViz.pause',
      onSession((s) => s.pause()),
    ),
    register(
      'nnViz.toggleTraining',
      onSession((s) => (s.isRunning ? s.pause() : s.train())),
    ),
    register(
      'nnViz.step',
      onSession((s) => s.step('step')),
    ),
    register(
      'nnViz.stepSample',
      onSession((s) => s.step('stepSample')),
    ),
    register(
      'nnViz.stepEpoch',
      onSession((s) => s.step('stepEpoch')),
    ),
    register(
      'nnViz.reset',
      onSession((s) => s.reset()),
    ),
    register(
      'nnViz.restart',
      onSession((s) => s.restart()),
    ),
    register('nnViz.saveWeights', (arg?: unknown) => saveWeights(sessions, log, arg)),
    register(
      'nnViz.gradientCheck',
      onSession((s) => gradientCheck(s)),
    ),
    register('nnViz.newNetwork', (arg?: unknown, template?: unknown) =>
      newNetwork(deps.extensionUri, arg, template),
    ),
    register('nnViz.compare', (arg?: unknown, kind?: unknown) => compare(sessions, arg, kind)),
  ];
}

/** Run a command from the webview's buttons on its document. */
export async function runWebviewCommand(command: WebviewCommand, uri: vscode.Uri): Promise<void> {
  const ids: Record<WebviewCommand, string> = {
    train: 'nnViz.train',
    pause: 'nnViz.pause',
    step: 'nnViz.step',
    stepSample: 'nnViz.stepSample',
    stepEpoch: 'nnViz.stepEpoch',
    reset: 'nnViz.reset',
    saveWeights: 'nnViz.saveWeights',
    gradientCheck: 'nnViz.gradientCheck',
  };
  await vscode.commands.executeCommand(ids[command], uri);
}

/**
 * Copy the session's trained Θ into the document as one undoable edit that replaces only "weights". If the text changed
 * since the session last read it, ask first: the user's text is never overwritten silently.
 */
async function saveWeights(
  sessions: Sessions,
  log: vscode.LogOutputChannel,
  arg?: unknown,
): Promise<boolean> {
  const doc = await targetDocument(sessions, arg);
  if (!doc) return false;
  const session = sessions.get(doc.uri);
  if (!session || !session.alive) {
    void vscode.window.showInformationMessage(
      'There are no trained weights to save: train the network first.',
    );
    return false;
  }
  const weights = await session.currentWeights();
  const conflict = saveConflict(doc, session, weights);
  if (conflict === 'refuse') {
    void vscode.window.showErrorMessage(
      `The layers in ${vscode.workspace.asRelativePath(doc.uri)} changed since training started, so the trained Θ no longer fits them. Train the new network first.`,
    );
    return false;
  }
  if (conflict) {
    const ok = await prompts.confirm(
      `${conflict} Write the trained Θ into it anyway? Only "weights" is replaced; undo brings the old text back.`,
      'Save Weights',
    );
    if (!ok) return false;
  }
  const newText = setWeights(doc.getText(), weights);
  session.markSaved(weights);
  const ok = await replaceText(doc, newText);
  if (!ok) {
    void vscode.window.showErrorMessage('The weights could not be written into the document.');
    return false;
  }
  log.info(
    `${session.label}: saved the trained weights into the document (undo to restore the previous ones).`,
  );
  return true;
}

/**
 * Whether saving would overwrite something the user changed after training started: null when it is safe, a question
 * when the user should decide, 'refuse' when the weights cannot fit the file's layers any more.
 */
function saveConflict(
  doc: vscode.TextDocument,
  session: TrainingSession,
  weights: number[][][],
): string | 'refuse' | null {
  const name = vscode.workspace.asRelativePath(doc.uri);
  const parsed = parseNetwork(doc.getText());
  if (!parsed.ok) return `${name} has errors now.`;
  const units = (spec: NetworkSpec) => spec.layers.map((l) => l.units).join(',');
  if (units(parsed.spec) !== units(session.spec)) return 'refuse';
  if (weights.length !== parsed.spec.layers.length - 1) return 'refuse';
  if (JSON.stringify(parsed.spec.weights) !== JSON.stringify(session.spec.weights))
    return `The weights in ${name} were edited after training started.`;
  if (doc.version !== session.syncedVersion) return `${name} changed since training started.`;
  return null;
}

async function gradientCheck(session: TrainingSession): Promise<void> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Checking the gradients of ${session.label}…` },
    () => session.gradientCheck(),
  );
  const parts = result.relativeDifference.map((d, l) => `Θ^(${l + 1}): ${d.toExponential(2)}`).join(', ');
  const text = `Gradient check ${result.passed ? 'passed' : 'FAILED'}: relative difference between backpropagation and central differences ${parts} (threshold ${result.threshold}).`;
  if (result.passed) void vscode.window.showInformationMessage(text);
  else void vscode.window.showWarningMessage(text);
}

/**
 * Create a new .nn.json from a template and open it in the visualizer. Arguments (optional): a folder Uri, a template
 * id (the walkthrough passes one and gets a free name without a dialog). Every file access goes through
 * vscode.workspace.fs, so it works on any file system a workspace lives on, virtual ones included.
 */
async function newNetwork(
  extensionUri: vscode.Uri,
  arg?: unknown,
  templateArg?: unknown,
): Promise<vscode.Uri | undefined> {
  const template = await pickTemplate(templateArg);
  if (!template) return undefined;
  const folder = arg instanceof vscode.Uri ? arg : defaultFolder();
  let target = folder ? await freeName(folder, template.id) : undefined;
  if (templateArg === undefined || !target) {
    const chosen = await vscode.window.showSaveDialog({
      title: `New network: ${template.label}`,
      saveLabel: 'Create',
      defaultUri: target,
      // "json" too: a dialog that takes ".json" as the extension of "x.nn.json" must not append ".nn.json" again.
      filters: { 'Neural network': ['nn.json', 'json'] },
    });
    if (!chosen) return undefined;
    target = withNnJsonName(chosen);
    // The dialog confirmed overwriting `chosen`; a renamed target that exists is asked about here.
    if (target.toString() !== chosen.toString() && (await exists(target))) {
      const ok = await prompts.confirm(
        `${vscode.workspace.asRelativePath(target)} already exists. Replace it?`,
        'Replace',
      );
      if (!ok) return undefined;
    }
  }
  if (vscode.workspace.fs.isWritableFileSystem(target.scheme) === false) {
    void vscode.window.showErrorMessage(`Cannot create ${target.toString()}: its file system is read-only.`);
    return undefined;
  }
  try {
    const text = await templateText(extensionUri, template);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  } catch (err) {
    void vscode.window.showErrorMessage(`Cannot create ${target.toString()}: ${String(err)}`);
    return undefined;
  }
  await vscode.commands.executeCommand('vscode.openWith', target, VIEW_TYPE);
  return target;
}

async function pickTemplate(templateArg: unknown): Promise<Template | undefined> {
  const given = TEMPLATES.find((t) => t.id === templateArg);
  if (given) return given;
  if (templateArg !== undefined && templateArg !== null)
    void vscode.window.showWarningMessage(
      `No template ${JSON.stringify(templateArg)}; one of ${TEMPLATES.map((t) => t.id).join(', ')}.`,
    );
  const pick = await vscode.window.showQuickPick(
    TEMPLATES.map((t) => ({ label: t.label, description: t.detail, template: t })),
    { title: 'New Neural Network', placeHolder: 'Start from one of the lecture’s networks' },
  );
  return pick?.template;
}

/** The first workspace folder, else the folder of the active editor's file, else none (the dialog decides). */
function defaultFolder(): vscode.Uri | undefined {
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (ws) return ws;
  const active = vscode.window.activeTextEditor?.document.uri;
  return active && active.scheme !== 'untitled' ? vscode.Uri.joinPath(active, '..') : undefined;
}

/** ID.nn.json in the folder, or ID-2.nn.json, ID-3.nn.json … when it is taken. */
async function freeName(folder: vscode.Uri, id: string): Promise<vscode.Uri> {
  let target = vscode.Uri.joinPath(folder, `${id}.nn.json`);
  for (let i = 2; await exists(target); i++) target = vscode.Uri.joinPath(folder, `${id}-${i}.nn.json`);
  return target;
}

function withNnJsonName(uri: vscode.Uri): vscode.Uri {
  const slash = uri.path.lastIndexOf('/');
  return uri.with({ path: uri.path.slice(0, slash + 1) + nnJsonFileName(uri.path.slice(slash + 1)) });
}

const RACE_KINDS: { vary: RaceVary; label: string; detail: string }[] = [
  {
    vary: 'learningRate',
    label: 'Learning rates α',
    detail: 'slow, stable and diverging (the learning-rate slide)',
  },
  { vary: 'optimizer', label: 'Optimizers', detail: 'gd, momentum, Adagrad, Adadelta, RMSProp, Adam' },
  { vary: 'batchSize', label: 'Batch modes', detail: 'full batch, stochastic (B = 1) and a mini-batch B' },
  {
    vary: 'activation',
    label: 'Activations g',
    detail: 'linear against sigmoid and ReLU ("Why activations?")',
  },
  { vary: 'init', label: 'Initialization', detail: 'zeros against random N(0, σ²) (symmetry breaking)' },
];

/**
 * Race one network several ways at once (same seed, same initial Θ) and overlay the loss curves in the Labs tab.
 * Arguments (optional, for keybindings and tests): the file's Uri, the race kind ("learningRate", "optimizer",
 * "batchSize", "activation", "init"). The file's own "race" is used when it varies that kind (or when no kind is given
 * and the file has one); otherwise the slide's presets around the file's values. Returns the race id.
 */
async function compare(sessions: Sessions, arg?: unknown, kindArg?: unknown): Promise<number | undefined> {
  const session = await targetSession(sessions, arg);
  if (!session) return undefined;
  let vary = RACE_KINDS.find((k) => k.vary === kindArg)?.vary;
  if (kindArg !== undefined && !vary) {
    void vscode.window.showErrorMessage(
      `Unknown race kind ${JSON.stringify(kindArg)}; one of ${RACE_KINDS.map((k) => k.vary).join(', ')}.`,
    );
    return undefined;
  }
  if (!vary && kindArg === undefined && session.spec.race && arg instanceof vscode.Uri)
    vary = session.spec.race.vary;
  if (!vary) {
    const own = session.spec.race;
    const pick = await vscode.window.showQuickPick(
      RACE_KINDS.map((k) => ({
        label: k.label,
        description: own?.vary === k.vary ? `the file's race: ${JSON.stringify(own.values)}` : k.detail,
        vary: k.vary,
      })),
      { title: `Compare runs of ${session.label}`, placeHolder: 'What should differ between the runs?' },
    );
    if (!pick) return undefined;
    vary = pick.vary;
  }
  const race = raceFor(session.spec, vary, session.dataset?.m ?? 4);
  if (typeof race === 'string') {
    void vscode.window.showErrorMessage(race);
    return undefined;
  }
  return session.labs.startRace(race);
}
