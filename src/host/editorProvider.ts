import * as vscode from 'vscode';
import { visualizerHtml, localResourceRoots } from './webviewHtml';
import type { Sessions } from './sessions';
import { ViewStream } from './viewStream';
import type { SessionView } from './session';
import type { FromWebview, Hyper, ToWebview, WebviewCommand } from '../protocol';
import { checkFromWebview } from '../protocolGuards';
import { raceFor } from '../engine/race';

export const VIEW_TYPE = 'nnViz.visualizer';

export interface ProviderDeps {
  extensionUri: vscode.Uri;
  sessions: Sessions;
  log: vscode.LogOutputChannel;
  runCommand(command: WebviewCommand, uri: vscode.Uri): Promise<void>;
  /** Writes hyperparameters into the document; false when the editor refused the edit. */
  applyHyper(doc: vscode.TextDocument, hyper: Partial<Hyper>): Promise<boolean>;
  applyUnits(doc: vscode.TextDocument, layer: number, units: number): Promise<void>;
  exportPicture(message: Extract<FromWebview, { type: 'export' }>): Promise<void>;
  /** The extension runs under tests (src/host/testSeam.ts). */
  testSeam: boolean;
}

let nextViewId = 1;

/**
 * The visual editor of .nn.json files. The TextDocument stays the single source of truth: the view shows what the
 * document and the session say, and whatever the view changes goes back through the host as a WorkspaceEdit.
 */
export class NetworkEditorProvider implements vscode.CustomTextEditorProvider {
  /** Open views, by id (the test seam reads them). */
  readonly panels = new Map<
    number,
    { panel: vscode.WebviewPanel; doc: vscode.TextDocument; view: SessionView }
  >();
  private dropped = 0;

  constructor(private readonly deps: ProviderDeps) {}

  /** Messages dropped by validation (each is logged). */
  get droppedMessages(): number {
    return this.dropped;
  }

  async resolveCustomTextEditor(doc: vscode.TextDocument, panel: vscode.WebviewPanel): Promise<void> {
    const { extensionUri, sessions } = this.deps;
    panel.webview.options = { enableScripts: true, localResourceRoots: localResourceRoots(extensionUri) };
    panel.webview.html = visualizerHtml(
      panel.webview,
      extensionUri,
      vscode.workspace.asRelativePath(doc.uri),
      this.deps.testSeam,
    );
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');

    const id = nextViewId++;
    const view: SessionView = new ViewStream(id, (message: ToWebview) => {
      void panel.webview.postMessage(message).then(undefined, () => undefined);
    });
    this.panels.set(id, { panel, doc, view });
    const viewRegistration = sessions.addView(doc, view);
    const track = () => {
      if (panel.active) sessions.activeVisualizer = doc.uri;
      else if (sessions.activeVisualizer?.toString() === doc.uri.toString())
        sessions.activeVisualizer = undefined;
      void vscode.commands.executeCommand('setContext', 'nnViz.visualizerActive', panel.active);
    };
    track();

    const subscriptions: vscode.Disposable[] = [
      panel.onDidChangeViewState(track),
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(id, raw)),
    ];
    panel.onDidDispose(() => {
      this.panels.delete(id);
      if (
        sessions.activeVisualizer?.toString() === doc.uri.toString() &&
        ![...this.panels.values()].some((p) => p.doc === doc)
      )
        sessions.activeVisualizer = undefined;
      for (const s of subscriptions) s.dispose();
      viewRegistration.dispose();
    });
  }

  /**
   * A message from the page of view `id`: validated (a bad one is dropped and logged), then handled; a failure is shown
   * in the view. Resolves once it is handled (the test seam awaits it).
   */
  async receive(id: number, raw: unknown): Promise<void> {
    const entry = this.panels.get(id);
    if (!entry) return;
    const { doc, view } = entry;
    const { log } = this.deps;
    let size = 0;
    try {
      size = JSON.stringify(raw)?.length ?? 0;
    } catch {
      size = Number.MAX_SAFE_INTEGER;
    }
    const checked = checkFromWebview(raw, size);
    if (!checked.ok) {
      this.dropped++;
      log.warn(`Dropped a message from the visualizer of ${doc.fileName}: ${checked.reason}`);
      return;
    }
    try {
      await this.onMessage(doc, view, checked.message);
    } catch (err: unknown) {
      log.error(`Visualizer message ${checked.message.type} failed: ${String(err)}`);
      view.post({
        type: 'notice',
        level: 'error',
        message: String(err instanceof Error ? err.message : err),
      });
    }
  }

  private async onMessage(doc: vscode.TextDocument, view: SessionView, message: FromWebview): Promise<void> {
    const { sessions, log } = this.deps;
    switch (message.type) {
      case 'ready':
        sessions.viewReady(doc, view);
        return;
      case 'frameAck':
        sessions.get(doc.uri)?.frameAck(view, message.frameId);
        return;
      case 'command':
        await this.deps.runCommand(message.command, doc.uri);
        return;
      case 'setHyper':
        await this.setHyper(doc, view, message.hyper);
        return;
      case 'setInspected':
        sessions.get(doc.uri)?.setInspected(message.index);
        return;
      case 'setPace':
        sessions.get(doc.uri)?.setPace(message.pace);
        return;
      case 'setUnits':
        await this.deps.applyUnits(doc, message.layer, message.units);
        return;
      case 'export':
        await this.deps.exportPicture(message);
        return;
      case 'viewError':
        log.error(`Visualizer of ${doc.fileName}: ${message.message}`);
        return;
      case 'surface': {
        const session = await sessions.ensureChecked(doc);
        if (typeof session === 'string') throw new Error(session);
        // The result (or the refusal) reaches every view of the session through its broadcast.
        session.labs.requestSurface(message.axes, message.resolution, message.range).catch(() => undefined);
        return;
      }
      case 'cancelSurface':
        sessions.get(doc.uri)?.labs.cancelSurface();
        return;
      case 'race': {
        const session = await sessions.ensureChecked(doc);
        if (typeof session === 'string') throw new Error(session);
        const race = raceFor(session.spec, message.vary, session.dataset?.m ?? 4);
        if (typeof race === 'string') throw new Error(race);
        session.labs.startRace(race);
        return;
      }
      case 'cancelRace':
        sessions.get(doc.uri)?.labs.cancelRace();
        return;
    }
  }

  /**
   * A hyperparameter changed in the view. It goes into the document only: the edit comes back as a 'hyper' change
   * (Sessions.onDocumentParsed), which alone applies it to the session and its worker. When the edit fails, the view
   * is shown the document's value again and told why.
   */
  private async setHyper(doc: vscode.TextDocument, view: SessionView, hyper: Partial<Hyper>): Promise<void> {
    let why: string | null = null;
    try {
      if (!(await this.deps.applyHyper(doc, hyper))) why = 'the editor refused the edit';
    } catch (e) {
      why = e instanceof Error ? e.message : String(e);
    }
    if (why === null) return;
    const { sessions, log } = this.deps;
    const file = vscode.workspace.asRelativePath(doc.uri);
    const message = `${hyperNames(hyper)} could not be written into ${file} (${why}), so nothing changed: the view shows the file's value.`;
    log.warn(message);
    view.post(sessions.get(doc.uri)?.sessionMessage() ?? sessions.documentMessage(doc));
    view.post({ type: 'notice', level: 'error', message });
  }
}

/** The lecture's names of the hyperparameters in `hyper`, e.g. "α and λ". */
function hyperNames(hyper: Partial<Hyper>): string {
  const names: Record<keyof Hyper, string> = {
    learningRate: 'α',
    lambda: 'λ',
    batchSize: 'B',
    optimizer: 'The optimizer',
  };
  const list = (Object.keys(hyper) as (keyof Hyper)[]).map((k) => names[k]);
  return list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list.at(-1)}` : (list[0] ?? 'The setting');
}
