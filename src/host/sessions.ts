import * as vscode from 'vscode';
import { TrainingSession, type SessionOptions, type SessionView } from './session';
import { NetworkDocuments, isNetworkDocument } from './documents';
import { classifySpecChange } from './specChange';
import type { ToWebview } from '../protocol';
import { answerInWorker, toleranceSetting, worksheetFor } from './worksheet';
import { readDataFiles } from './dataFiles';

/**
 * All training sessions, one per open network (keyed by document URI), and the views attached to them.
 * A session starts when a network is first trained, stepped or shown, and ends when no tab shows its document any more.
 */
export class Sessions implements vscode.Disposable {
  private readonly sessions = new Map<string, TrainingSession>();
  /** Views per document, including those of documents that have no session (invalid files). */
  private readonly views = new Map<string, Set<SessionView>>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<TrainingSession | undefined>();
  /** Fires when any session's state or frame changes, and when sessions come and go. */
  readonly onDidChange = this.changed.event;
  private activeVisualizerUri: vscode.Uri | undefined;

  private readonly options: SessionOptions;

  constructor(
    private readonly documents: NetworkDocuments,
    options: SessionOptions,
  ) {
    this.options = {
      ...options,
      reportErrors: (uri, errors) => {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (doc) documents.setExtraErrors(doc, errors);
      },
    };
    this.disposables.push(
      this.changed,
      documents.onDidParse((doc) => this.onDocumentParsed(doc)),
      vscode.window.tabGroups.onDidChangeTabs(() => this.closeUnseen()),
      vscode.workspace.onDidCloseTextDocument((doc) => this.closeUnseen(doc.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('nnViz.speed')) for (const s of this.sessions.values()) s.refreshPace();
      }),
    );
  }

  /** The document of the active visualizer panel, if one is active. */
  get activeVisualizer(): vscode.Uri | undefined {
    return this.activeVisualizerUri;
  }

  /**
   * A visualizer became active or inactive. Listeners hear of it (the status bar sets its context keys): a click into
   * a panel first makes the text editor inactive and only then the panel active, so the editor's event alone would
   * leave "no network is active" behind.
   */
  set activeVisualizer(uri: vscode.Uri | undefined) {
    if (uri?.toString() === this.activeVisualizerUri?.toString()) return;
    this.activeVisualizerUri = uri;
    this.changed.fire(undefined);
  }

  get(uri: vscode.Uri): TrainingSession | undefined {
    return this.sessions.get(uri.toString());
  }

  all(): TrainingSession[] {
    return [...this.sessions.values()];
  }

  /** The session of a document once its current text has been checked (see ensure). */
  async ensureChecked(doc: vscode.TextDocument): Promise<TrainingSession | string> {
    if (!this.get(doc.uri)) await this.documents.checked(doc);
    return this.ensure(doc);
  }

  /** The session of a document, started if the document is a valid network; otherwise an explanation. */
  ensure(doc: vscode.TextDocument): TrainingSession | string {
    const existing = this.get(doc.uri);
    if (existing) return existing;
    const parsed = this.documents.result(doc);
    if (!parsed)
      return `${vscode.workspace.asRelativePath(doc.uri)} is still being checked; try again in a moment.`;
    if (!parsed.ok) {
      const first = parsed.errors[0];
      return `${vscode.workspace.asRelativePath(doc.uri)} has ${parsed.errors.length} error(s); the first, at line ${first.line}, column ${first.column}: ${first.message}`;
    }
    const session = new TrainingSession(doc.uri, parsed.spec, doc.version, this.options);
    let previous = session.state;
    session.onDidChange(() => {
      if (session.state !== previous) this.onStateChange(session, previous);
      previous = session.state;
      this.changed.fire(session);
    });
    this.onStateChange(session, 'idle');
    for (const v of this.views.get(doc.uri.toString()) ?? []) {
      session.attach(v);
      if (v.ready) session.viewReady(v);
    }
    this.sessions.set(doc.uri.toString(), session);
    this.closeUnseen();
    this.options.log.info(`${session.label}: session started.`);
    this.changed.fire(session);
    return session;
  }

  /**
   * Tell the user what needs them: a run that diverged or a worker that stopped gets a notification with the action that
   * helps; loading data shows progress (a notification for the MNIST digits, which take seconds; the status bar else).
   */
  private onStateChange(session: TrainingSession, previous: string): void {
    const name = vscode.workspace.asRelativePath(session.uri);
    if (session.state === 'loading' && previous !== 'loading') {
      const location =
        session.spec.data.kind === 'mnist'
          ? vscode.ProgressLocation.Notification
          : vscode.ProgressLocation.Window;
      void vscode.window.withProgress({ location, title: `Loading the data of ${name}…` }, () =>
        this.leftLoading(session),
      );
    }
    if (session.state === 'diverged') {
      void vscode.window
        .showWarningMessage(`${name}: ${session.message ?? 'J(Θ) is no longer a number.'}`, 'Reset Weights')
        .then((a) => a && session.reset());
    }
    if (session.state === 'crashed') {
      void vscode.window
        .showErrorMessage(
          `${name}: ${session.message ?? 'the training worker stopped.'}`,
          'Restart Training Worker',
        )
        .then((a) => a && session.restart());
    }
  }

  private leftLoading(session: TrainingSession): Promise<void> {
    return new Promise((resolve) => {
      if (session.state !== 'loading') return resolve();
      const done = () => {
        changed.dispose();
        disposed.dispose();
        resolve();
      };
      const changed = session.onDidChange(() => session.state !== 'loading' && done());
      const disposed = session.onDidDispose(done);
    });
  }

  // ------------------------------------------------------------------ views

  addView(doc: vscode.TextDocument, view: SessionView): vscode.Disposable {
    const key = doc.uri.toString();
    let set = this.views.get(key);
    if (!set) this.views.set(key, (set = new Set()));
    set.add(view);
    // The session starts with its first view (not when the view has loaded), so training does not wait on the page.
    const session = this.ensure(doc);
    if (typeof session !== 'string') session.attach(view);
    return new vscode.Disposable(() => {
      set.delete(view);
      this.get(doc.uri)?.detach(view);
      if (set.size > 0) return;
      this.views.delete(key);
      // Closing the last view of a document ends its session.
      this.end(doc.uri, 'its last view closed');
    });
  }

  /** A view finished loading (or reloaded): send the document, and the session's state if there is one. */
  viewReady(doc: vscode.TextDocument, view: SessionView): void {
    view.markReady();
    view.post(this.documentMessage(doc));
    const session = this.ensure(doc);
    if (typeof session === 'string') {
      view.post({ type: 'session', state: 'invalid', message: session, dataset: null, hyper: null });
      return;
    }
    session.attach(view);
    session.viewReady(view);
  }

  documentMessage(doc: vscode.TextDocument): ToWebview {
    const info = this.documents.info(doc);
    const spec = info.spec;
    info.worksheet = spec
      ? worksheetFor(
          doc,
          spec,
          () => readDataFiles(spec, doc.uri, this.options.extensionUri, this.options.platform),
          answerInWorker(this.options.platform, doc.uri.toString(), this.options.maxOldGenerationSizeMb()),
          () => this.onDocumentParsed(doc),
        )
      : null;
    info.exerciseTolerance = toleranceSetting();
    return { type: 'document', document: info };
  }

  // ------------------------------------------------------------------ the document changed

  private onDocumentParsed(doc: vscode.TextDocument): void {
    const views = this.views.get(doc.uri.toString());
    if (views) {
      const message = this.documentMessage(doc);
      for (const v of views) if (v.ready) v.post(message);
    }
    const session = this.get(doc.uri);
    if (!session) {
      // A view showing an invalid file gets its session once the file becomes valid.
      if (views && views.size > 0 && this.documents.result(doc)?.ok) {
        const s = this.ensure(doc);
        if (typeof s !== 'string') for (const v of views) if (v.ready) s.viewReady(v);
      }
      return;
    }
    const parsed = this.documents.result(doc);
    if (!parsed) return; // being checked: the result comes with the next event
    if (!parsed.ok) {
      if (session.isRunning) {
        session.pause();
        this.options.log.warn(`${session.label}: paused because the file has errors.`);
      }
      return;
    }
    const change = classifySpecChange(session.spec, parsed.spec, session.savedWeights);
    switch (change.kind) {
      case 'none':
      case 'ownSave':
        session.acceptSpec(parsed.spec, doc.version); // "training.speed" applies live
        return;
      case 'hyper':
        // The one way a hyperparameter reaches the worker: through the document (the view's controls edit it too).
        session.acceptSpec(parsed.spec, doc.version, change.hyper);
        this.options.log.info(`${session.label}: hyperparameters changed: ${JSON.stringify(change.hyper)}`);
        return;
      case 'reload': {
        const rule = vscode.workspace.getConfiguration('nnViz').get<string>('editWhileTraining', 'restart');
        const wasRunning = session.isRunning;
        if (wasRunning && rule === 'pause') {
          session.deferSpec(parsed.spec, doc.version);
          this.options.log.info(
            `${session.label}: the network changed; paused (train again to load the new network).`,
          );
          return;
        }
        this.options.log.info(
          `${session.label}: the network changed; reloading${wasRunning ? ' and training on' : ''}.`,
        );
        session.reload(parsed.spec, doc.version, wasRunning);
        return;
      }
    }
  }

  // ------------------------------------------------------------------ ending sessions

  /**
   * End the sessions whose document no tab shows and no view shows. A document opened without an editor (by a script or a
   * test, through a command's Uri argument) keeps its session until it has been shown once and closed, or is closed itself.
   */
  private closeUnseen(closed?: vscode.Uri): void {
    const shown = new Set<string>();
    for (const group of vscode.window.tabGroups.all)
      for (const tab of group.tabs) {
        const input = tab.input;
        if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom)
          shown.add(input.uri.toString());
      }
    for (const [key, session] of this.sessions) {
      if ((this.views.get(key)?.size ?? 0) > 0) continue;
      if (shown.has(key)) {
        session.markShown();
        continue;
      }
      if (session.everShown || closed?.toString() === key)
        this.end(session.uri, 'no editor shows its file any more');
    }
  }

  end(uri: vscode.Uri, why: string): void {
    const key = uri.toString();
    const session = this.sessions.get(key);
    if (!session) return;
    this.sessions.delete(key);
    session.dispose();
    this.options.log.info(`${session.label}: session ended (${why}).`);
    this.changed.fire(undefined);
  }

  /** The .nn.json document the user is working on: the active visualizer, else the active text editor. */
  activeDocument(): vscode.TextDocument | undefined {
    if (this.activeVisualizer) {
      const key = this.activeVisualizer.toString();
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
      if (doc) return doc;
    }
    const editor = vscode.window.activeTextEditor;
    if (editor && isNetworkDocument(editor.document)) return editor.document;
    return undefined;
  }

  dispose(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    for (const d of this.disposables) d.dispose();
  }
}
