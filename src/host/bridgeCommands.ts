/**
 * "Export Network…" (PyTorch script or ONNX model) and "Import ONNX Model…": the pure exporters and reader of
 * src/bridge, with files read and written through vscode.workspace.fs.
 *
 * Both take optional arguments so keybindings, scripts and the tests can skip the dialogs:
 *   nnViz.exportNetwork(networkUri?, format?: 'pytorch' | 'onnx', outUri?)
 *   nnViz.importOnnx(modelUri?, outUri?)
 * and resolve with what they did: { written: Uri[] }, { error: message } (also shown) or { cancelled: true }.
 */
import * as vscode from 'vscode';
import { exportOnnx, exportPytorch, importOnnx, importedDocument, OnnxImportError } from '../bridge';
import { Random, createNetwork } from '../engine';
import { DatasetError, dataFilesFromBytes, loadDataset } from '../format/dataset';
import { parseNetwork } from '../format/parse';
import type { NetworkSpec } from '../shared/spec';
import type { Sessions } from './sessions';
import { readDataFiles } from './dataFiles';
import type { Platform } from './platform/types';
import { exists } from './files';

export type BridgeResult = { written: vscode.Uri[] } | { error: string } | { cancelled: true };

type Format = 'pytorch' | 'onnx';
const FORMATS: Record<Format, { label: string; detail: string; extension: string; filter: string }> = {
  pytorch: {
    label: 'PyTorch script (.py)',
    detail: 'The network, its Θ, data and training as a Python script: the same numbers in PyTorch',
    extension: '.py',
    filter: 'Python',
  },
  onnx: {
    label: 'ONNX model (.onnx)',
    detail: 'The network and its current weights, for ONNX Runtime and other frameworks',
    extension: '.onnx',
    filter: 'ONNX',
  },
};

const name = (uri: vscode.Uri): string => uri.path.replace(/^.*\//, '');
const stem = (uri: vscode.Uri, ext: RegExp): string => name(uri).replace(ext, '');

function fail(message: string): BridgeResult {
  void vscode.window.showErrorMessage(message);
  return { error: message };
}

async function pickFormat(arg: unknown): Promise<Format | undefined> {
  if (arg === 'pytorch' || arg === 'onnx') return arg;
  const items = (Object.keys(FORMATS) as Format[]).map((f) => ({ ...FORMATS[f], format: f }));
  return (await vscode.window.showQuickPick(items, { title: 'Export Network: format' }))?.format;
}

async function pickTarget(arg: unknown, suggested: vscode.Uri, filter: string, ext: string) {
  if (arg instanceof vscode.Uri) return arg;
  return vscode.window.showSaveDialog({ defaultUri: suggested, filters: { [filter]: [ext.slice(1)] } });
}

/** The network file the export acts on: its Uri argument, else the active .nn.json. */
async function source(sessions: Sessions, arg: unknown): Promise<vscode.TextDocument | string> {
  if (arg instanceof vscode.Uri) {
    try {
      return await vscode.workspace.openTextDocument(arg);
    } catch (e) {
      return `Cannot export ${name(arg)}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return sessions.activeDocument() ?? 'Export Network: open a .nn.json network file first.';
}

async function files(
  doc: vscode.TextDocument,
  spec: NetworkSpec,
  format: Format,
  out: vscode.Uri,
  extensionUri: vscode.Uri,
  platform: Platform,
) {
  if (format === 'onnx') {
    const t = spec.training;
    const net = createNetwork(spec.layers, spec.weights, t.init, Random.derive(t.seed, 'init'));
    return [{ uri: out, data: exportOnnx(net, spec.name) }];
  }
  const bytes = await readDataFiles(spec, doc.uri, extensionUri, platform);
  const dataset = loadDataset(spec, dataFilesFromBytes(bytes));
  const result = exportPytorch(
    { spec, dataset, documentText: doc.getText(), sourceName: name(doc.uri) },
    name(out),
  );
  const encode = (text: string) => new TextEncoder().encode(text);
  return [
    { uri: out, data: encode(result.script) },
    ...result.files.map((f) => ({ uri: vscode.Uri.joinPath(out, '..', f.name), data: encode(f.text) })),
  ];
}

export async function exportNetwork(
  sessions: Sessions,
  extensionUri: vscode.Uri,
  platform: Platform,
  args: readonly unknown[],
): Promise<BridgeResult> {
  const doc = await source(sessions, args[0]);
  if (typeof doc === 'string') return fail(doc);
  const file = name(doc.uri);
  const parsed = parseNetwork(doc.getText());
  if (!parsed.ok) {
    const e = parsed.errors[0];
    return fail(`Cannot export ${file}: line ${e.line}: ${e.message} (and ${parsed.errors.length - 1} more)`);
  }
  const format = await pickFormat(args[1]);
  if (!format) return { cancelled: true };
  const { extension, filter } = FORMATS[format];
  const suggested = vscode.Uri.joinPath(doc.uri, '..', stem(doc.uri, /\.nn\.json$/i) + extension);
  const out = await pickTarget(args[2], suggested, filter, extension);
  if (!out) return { cancelled: true };
  let written: { uri: vscode.Uri; data: Uint8Array }[];
  try {
    written = await files(doc, parsed.spec, format, out, extensionUri, platform);
    for (const f of written) await vscode.workspace.fs.writeFile(f.uri, f.data);
  } catch (e) {
    const why = e instanceof DatasetError || e instanceof Error ? e.message : String(e);
    return fail(`Cannot export ${file}: ${why}`);
  }
  const open = format === 'pytorch' ? 'Open Script' : undefined;
  // On the web (vscode.dev, github.dev) there is no terminal: the script runs wherever Python and PyTorch are.
  const where = platform.kind === 'web' ? ' it on a machine with PyTorch' : '';
  const note = format === 'pytorch' ? ` Run${where}: python3 ${name(out)} --save trained.nn.json` : '';
  void vscode.window
    .showInformationMessage(`Exported ${file} to ${name(out)}.${note}`, ...(open ? [open] : []))
    .then((choice) => (choice === open ? vscode.window.showTextDocument(out) : undefined));
  return { written: written.map((f) => f.uri) };
}

export async function importModel(args: readonly unknown[]): Promise<BridgeResult> {
  // From a network's editor title the argument is the .nn.json: then ask for the model.
  let model = args[0] instanceof vscode.Uri && /\.onnx$/i.test(args[0].path) ? args[0] : undefined;
  model ??= (
    await vscode.window.showOpenDialog({ title: 'Import ONNX Model', filters: { ONNX: ['onnx'] } })
  )?.[0];
  if (!model) return { cancelled: true };
  let text: string;
  try {
    text = importedDocument(importOnnx(await vscode.workspace.fs.readFile(model)), name(model));
  } catch (e) {
    if (e instanceof OnnxImportError || e instanceof vscode.FileSystemError)
      return fail(`Cannot import ${name(model)}: ${e.message}`);
    throw e;
  }
  // MODEL.nn.json beside the model, or MODEL-imported.nn.json when that exists (Enter must not overwrite a network).
  let suggested = vscode.Uri.joinPath(model, '..', stem(model, /\.onnx$/i) + '.nn.json');
  if (await exists(suggested))
    suggested = vscode.Uri.joinPath(model, '..', stem(model, /\.onnx$/i) + '-imported.nn.json');
  // The filter is "json": a file dialog that matches the last extension would append ".nn.json" to "x.nn.json".
  const out = await pickTarget(args[1], suggested, 'Neural network', '.json');
  if (!out) return { cancelled: true };
  try {
    await vscode.workspace.fs.writeFile(out, new TextEncoder().encode(text));
  } catch (e) {
    return fail(`Cannot write ${name(out)}: ${e instanceof Error ? e.message : String(e)}`);
  }
  await vscode.window.showTextDocument(out);
  void vscode.window.showInformationMessage(
    `Imported ${name(model)} into ${name(out)}. It has no "data": it predicts; add a training set to train it.`,
  );
  return { written: [out] };
}

/** The two commands, for extension.ts. */
export function registerBridgeCommands(
  sessions: Sessions,
  extensionUri: vscode.Uri,
  platform: Platform,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('nnViz.exportNetwork', (...args: unknown[]) =>
      exportNetwork(sessions, extensionUri, platform, args),
    ),
    vscode.commands.registerCommand('nnViz.importOnnx', (...args: unknown[]) => importModel(args)),
  ];
}
