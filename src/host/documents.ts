import * as vscode from 'vscode';
import { parseNetwork } from '../format/parse';
import type { ParseResult, SpecError } from '../format/types';

export const NN_JSON = /\.nn\.json$/i;

export function isNetworkDocument(doc: vscode.TextDocument): boolean {
  return NN_JSON.test(doc.uri.path);
}

/**
 * Parses .nn.json documents (cached by version) and publishes their problems as diagnostics on their exact ranges.
 * The JSON language service reports the schema's problems itself (contributes.jsonValidation); these are the engine's.
 */
export class NetworkDocuments implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; result: ParseResult }>();
  private readonly extra = new Map<string, SpecError[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];
  readonly diagnostics = vscode.languages.createDiagnosticCollection('nn-viz');
  private readonly changed = new vscode.EventEmitter<vscode.TextDocument>();
  /** Fires (debounced) after a .nn.json document's text changed and was parsed again. */
  readonly onDidParse = this.changed.event;

  constructor(private readonly debounceMs = 250) {
    this.disposables.push(
      this.diagnostics,
      this.changed,
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)),
    );
    for (const d of vscode.workspace.textDocuments) this.refresh(d);
  }

  /** The parse of the document's current text. */
  parse(doc: vscode.TextDocument): ParseResult {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.result;
    const result = parseNetwork(doc.getText());
    this.cache.set(key, { version: doc.version, result });
    return result;
  }

  /** Problems found later, e.g. while the worker loaded the data (a bad CSV cell). Cleared on the next edit. */
  setExtraErrors(doc: vscode.TextDocument, errors: SpecError[]): void {
    this.extra.set(doc.uri.toString(), errors);
    this.publish(doc);
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!isNetworkDocument(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.refresh(doc);
      }, this.debounceMs),
    );
  }

  /** Parse now (skipping the debounce), publish diagnostics and notify listeners. */
  refresh(doc: vscode.TextDocument): void {
    if (!isNetworkDocument(doc) || doc.isClosed) return;
    this.extra.delete(doc.uri.toString());
    this.publish(doc);
    this.changed.fire(doc);
  }

  private publish(doc: vscode.TextDocument): void {
    const result = this.parse(doc);
    const problems = [
      ...(result.ok ? result.warnings : result.errors),
      ...(this.extra.get(doc.uri.toString()) ?? []),
    ];
    this.diagnostics.set(
      doc.uri,
      problems.map((e) => toDiagnostic(doc, e)),
    );
  }

  private forget(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.cache.delete(key);
    this.extra.delete(key);
    this.diagnostics.delete(doc.uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}

export function toDiagnostic(doc: vscode.TextDocument, e: SpecError): vscode.Diagnostic {
  const start = doc.positionAt(e.offset);
  const end = doc.positionAt(e.offset + Math.max(e.length, 1));
  const d = new vscode.Diagnostic(
    new vscode.Range(start, end),
    e.message,
    e.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error,
  );
  d.source = 'nn-viz';
  if (e.pointer) d.code = e.pointer;
  return d;
}
