/**
 * THE TEST SEAM: the one door the automated tests have into the running extension. Nothing in the product uses it.
 *
 * It is inert unless the extension runs under tests: activate() builds it only in ExtensionMode.Test (the VS Code suites
 * in test/vscode) or when the environment variable NN_VIZ_TEST_SEAM is "1" (the e2e harness sets it for code-server).
 * Otherwise activate() returns undefined, training workers start without the seam's wrapper, and the visualizer page
 * gets no `post` (webviewHtml.ts marks the page only when the seam is on).
 *
 * Through it the tests reach the extension's objects (documents, sessions, views, the replaceable prompts and edits), count live
 * workers, stop a document's worker as a crash would, and watch the messages a session sends its worker.
 */
import * as vscode from 'vscode';
import type { ToWorker } from '../protocol';
import type { NetworkDocuments } from './documents';
import type { Sessions } from './sessions';
import type { NetworkEditorProvider } from './editorProvider';
import type { prompts } from './commands';
import type { workspaceEdits } from './edits';
import type { Platform, WorkerEvents, WorkerPort, WorkerStartOptions } from './platform/types';

export interface TestSeam {
  documents: NetworkDocuments;
  sessions: Sessions;
  provider: NetworkEditorProvider;
  log: vscode.LogOutputChannel;
  /** Questions to the user (modal dialogs): a test replaces `confirm` to answer them. */
  prompts: typeof prompts;
  /** How the extension's edits reach the workspace: a test replaces `apply` to make an edit fail. */
  edits: typeof workspaceEdits;
  /** Training workers started and not yet stopped. */
  liveWorkers(): number;
  /** Stops the newest training worker of the document `uri` as a crash would; false when it has none. */
  crashWorker(uri: vscode.Uri): boolean;
  /** From now on, keeps every message posted to the training workers of `uri` (oldest first) until disposed. */
  recordWorkerMessages(uri: vscode.Uri): { readonly messages: readonly ToWorker[]; dispose(): void };
}

/** Whether the extension runs under tests (see the top of this file). */
export function testSeamEnabled(context: vscode.ExtensionContext): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return context.extensionMode === vscode.ExtensionMode.Test || env?.NN_VIZ_TEST_SEAM === '1';
}

interface StartedWorker {
  document: string;
  port: WorkerPort;
  events: WorkerEvents;
  live: boolean;
}

/** A platform whose training workers the seam can see, stop and listen to; otherwise the wrapped platform itself. */
export class SeamPlatform implements Platform {
  readonly kind: Platform['kind'];
  private readonly started: StartedWorker[] = [];
  private readonly recorders = new Set<{ document: string; messages: ToWorker[] }>();

  constructor(private readonly inner: Platform) {
    this.kind = inner.kind;
    if (inner.realPath) this.realPath = (uri) => inner.realPath!(uri);
  }

  realPath?: Platform['realPath'];

  async startWorker(events: WorkerEvents, options: WorkerStartOptions): Promise<WorkerPort> {
    const port = await this.inner.startWorker(events, options);
    const worker: StartedWorker = { document: options.document, port, events, live: true };
    this.started.push(worker);
    return {
      post: (message, transfer) => {
        for (const r of this.recorders) if (r.document === options.document) r.messages.push(message);
        port.post(message, transfer);
      },
      terminate: () => this.stop(worker),
    };
  }

  startChecker(): ReturnType<Platform['startChecker']> {
    return this.inner.startChecker();
  }

  liveWorkers(): number {
    return this.inner.liveWorkers();
  }

  crashWorker(uri: vscode.Uri): boolean {
    const worker = this.started.filter((w) => w.live && w.document === uri.toString()).at(-1);
    if (!worker) return false;
    this.stop(worker);
    worker.events.gone('The training worker stopped unexpectedly (exit code 1).');
    return true;
  }

  recordWorkerMessages(uri: vscode.Uri): { readonly messages: readonly ToWorker[]; dispose(): void } {
    const recorder = { document: uri.toString(), messages: [] as ToWorker[] };
    this.recorders.add(recorder);
    return { messages: recorder.messages, dispose: () => void this.recorders.delete(recorder) };
  }

  private stop(worker: StartedWorker): void {
    if (!worker.live) return;
    worker.live = false;
    this.started.splice(this.started.indexOf(worker), 1);
    worker.port.terminate();
  }
}
