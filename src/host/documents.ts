import * as vscode from 'vscode';
import { LIMITS } from '../format/limits';
import { sizeGuard } from '../format/parse';
import type { ParseResult, SpecError } from '../shared/spec';
import type { DocumentInfo } from '../protocol';
import { CheckClient, failure } from '../check/client';

export const NN_JSON = /\.nn\.json$/i;

/**
 * Documents longer than this are "large": while one is being checked its views say so (checking takes a noticeable
 * moment from about here: about 0.1 s per 256 KiB on a loaded 2-core machine), and they never show the previous state.
 */
export const LARGE_DOCUMENT_CHARS = 256 * 1024;

export function isNetworkDocument(doc: vscode.TextDocument): boolean {
  return NN_JSON.test(doc.uri.path);
}

/** Lines read at a time: about 1 MB of a typical file, a few milliseconds of the host's main thread. */
const LINES_PER_SLICE = 20_000;

/**
 * A document's text in slices of lines, one slice per turn of the event loop, so reading a large text never stalls the
 * host (one getText() of 7 MB took 180 ms on a loaded machine). Stops as soon as the text is over `maxChars`
 * (`parts` is then empty), and returns null when the document changed or closed meanwhile (a newer check follows).
 */
async function readInSlices(
  doc: vscode.TextDocument,
  maxChars: number,
): Promise<{ parts: string[]; length: number } | null> {
  const version = doc.version;
  const parts: string[] = [];
  let length = 0;
  for (let line = 0; line < doc.lineCount; line += LINES_PER_SLICE) {
    if (line > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    if (doc.isClosed || doc.version !== version) return null;
    const last = line + LINES_PER_SLICE >= doc.lineCount;
    const end = last
      ? doc.lineAt(doc.lineCount - 1).range.end
      : new vscode.Position(line + LINES_PER_SLICE, 0);
    const part = doc.getText(new vscode.Range(line, 0, end.line, end.character));
    length += part.length;
    if (length > maxChars) return { parts: [], length };
    parts.push(part);
  }
  return { parts, length };
}

/**
 * What is known about each .nn.json document: the parse of its current version, done in the validation worker
 * (src/check), and its problems as diagnostics on their exact ranges. The host's main thread only measures the text,
 * hands it to the worker and routes the result: a text over the size limit is refused without being parsed, results are
 * applied in document-version order, and a result for a version that is no longer current is dropped (a newer check
 * follows). The JSON language service reports JSON syntax errors itself (and the schema's problems, through
 * contributes.jsonValidation), so syntax errors are not repeated here; the view lists them all.
 */
export class NetworkDocuments implements vscode.Disposable {
  private readonly applied = new Map<string, { version: number; result: ParseResult }>();
  /** The version last handed to the worker, per document. */
  private readonly requested = new Map<string, number>();
  /** Text length, measured when read and kept up to date from the change events (so it is never measured again). */
  private readonly lengths = new Map<string, number>();
  private readonly extra = new Map<string, SpecError[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly waiters = new Map<string, (() => void)[]>();
  private readonly disposables: vscode.Disposable[] = [];
  readonly diagnostics = vscode.languages.createDiagnosticCollection('nn-viz');
  private readonly changed = new vscode.EventEmitter<vscode.TextDocument>();
  /**
   * Fires when what is known about a document changed: the check of its current text finished (after the debounce), or
   * a check of a large document started (its views show "checking…").
   */
  readonly onDidParse = this.changed.event;

  constructor(
    /** The validation worker's client (public for the tests, which count its answers). */
    readonly checker: CheckClient,
    private readonly debounceMs = 250,
  ) {
    this.disposables.push(
      this.diagnostics,
      this.changed,
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)),
      // Whether syntax errors are ours to report depends on the JSON language service's setting.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('json.validate.enable')) return;
        for (const d of vscode.workspace.textDocuments) if (isNetworkDocument(d)) this.publish(d);
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.refresh(d);
  }

  /** The parse of the document's current version, or undefined while it is being checked. */
  result(doc: vscode.TextDocument): ParseResult | undefined {
    const hit = this.applied.get(doc.uri.toString());
    return hit && hit.version === doc.version ? hit.result : undefined;
  }

  /** The parse of the document's current version, checked now if it is not known (skipping the debounce). */
  checked(doc: vscode.TextDocument): Promise<ParseResult> {
    const known = this.result(doc);
    if (known) return Promise.resolve(known);
    const key = doc.uri.toString();
    return new Promise((resolve) => {
      const waiter = () => {
        if (doc.isClosed) return resolve(failure(`${doc.fileName} was closed before it was checked`));
        const now = this.result(doc);
        if (!now) return this.addWaiter(key, waiter);
        resolve(now);
      };
      this.addWaiter(key, waiter);
      if (this.requested.get(key) !== doc.version) this.refresh(doc);
    });
  }

  /** What a view shows of the document: its spec or its problems, or that it is being checked. */
  info(doc: vscode.TextDocument): DocumentInfo {
    const parsed = this.result(doc);
    return {
      fileName: vscode.workspace.asRelativePath(doc.uri),
      version: doc.version,
      spec: parsed?.ok ? parsed.spec : null,
      errors: parsed && !parsed.ok ? parsed.errors : [],
      warnings: parsed?.ok ? parsed.warnings : [],
      checking: !parsed,
    };
  }

  /**
   * Problems found later, e.g. while the worker loaded the data (a bad CSV cell), located in the current text by the
   * validation worker. Cleared on the next edit.
   */
  setExtraErrors(doc: vscode.TextDocument, errors: SpecError[]): void {
    const key = doc.uri.toString();
    const version = doc.version;
    void this.checker
      .locate(
        doc.getText(),
        errors.map((e) => e.pointer),
      )
      .then((where) => {
        if (doc.isClosed || doc.version !== version) return;
        this.extra.set(
          key,
          errors.map((e, i) => ({ ...e, ...(where[i] ?? {}) })),
        );
        this.publish(doc);
      });
  }

  private addWaiter(key: string, waiter: () => void): void {
    const list = this.waiters.get(key) ?? [];
    list.push(waiter);
    this.waiters.set(key, list);
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    const doc = e.document;
    if (!isNetworkDocument(doc)) return;
    const key = doc.uri.toString();
    const known = this.lengths.get(key);
    if (known !== undefined)
      this.lengths.set(
        key,
        e.contentChanges.reduce((n, c) => n + c.text.length - c.rangeLength, known),
      );
    // A large document says at once that it is being checked, so its views never show the state of an older text.
    if ((this.lengths.get(key) ?? 0) > LARGE_DOCUMENT_CHARS && !this.timers.has(key)) this.changed.fire(doc);
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.refresh(doc);
      }, this.debounceMs),
    );
  }

  /** Check the current text now (skipping the debounce); listeners hear of the result when it is applied. */
  refresh(doc: vscode.TextDocument): void {
    if (!isNetworkDocument(doc) || doc.isClosed) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.extra.delete(key);
    const version = doc.version;
    this.requested.set(key, version);
    // Over the size limit: refused without reading the text again, so typing in it costs nothing.
    const known = this.lengths.get(key);
    const refused = known === undefined ? null : sizeGuard(known, false);
    if (refused) return this.apply(doc, version, { ok: false, errors: [refused] });
    void this.check(doc, key, version);
  }

  private async check(doc: vscode.TextDocument, key: string, version: number): Promise<void> {
    const text = await readInSlices(doc, LIMITS.maxTextLength);
    if (!text) return; // changed meanwhile: a newer check follows
    this.lengths.set(key, text.length);
    const refused = sizeGuard(text.length, false);
    if (refused) return this.apply(doc, version, { ok: false, errors: [refused] });
    const result = await this.checker.parse(key, text.parts);
    // null: a newer text of this document replaced it before it was checked.
    if (result && !doc.isClosed && doc.version === version) this.apply(doc, version, result);
  }

  private apply(doc: vscode.TextDocument, version: number, result: ParseResult): void {
    const key = doc.uri.toString();
    const previous = this.applied.get(key);
    if (previous && previous.version > version) return;
    this.applied.set(key, { version, result });
    this.publish(doc);
    const waiting = this.waiters.get(key) ?? [];
    this.waiters.delete(key);
    for (const w of waiting) w();
    this.changed.fire(doc);
  }

  private publish(doc: vscode.TextDocument): void {
    const result = this.result(doc);
    if (!result) return;
    const problems = [
      ...(result.ok ? result.warnings : result.syntax && jsonServiceValidates(doc) ? [] : result.errors),
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
    this.applied.delete(key);
    this.requested.delete(key);
    this.lengths.delete(key);
    this.extra.delete(key);
    this.diagnostics.delete(doc.uri);
    const waiting = this.waiters.get(key) ?? [];
    this.waiters.delete(key);
    for (const w of waiting) w();
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.checker.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** Whether VS Code's JSON language service validates this document (and so reports its JSON syntax errors). */
function jsonServiceValidates(doc: vscode.TextDocument): boolean {
  if (doc.languageId !== 'json' && doc.languageId !== 'jsonc') return false;
  if (!vscode.extensions.getExtension('vscode.json-language-features')) return false;
  return vscode.workspace.getConfiguration('json', doc).get<boolean>('validate.enable', true) !== false;
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
