/**
 * The web platform (vscode.dev, github.dev, code-server's web-worker extension host). The training worker is a Web
 * Worker started from a Blob URL of dist/web/worker.js, read through vscode.workspace.fs: `new Worker(<extension URI>)`
 * is refused there ("Creating workers from remote extensions is currently not supported"), and extension files may come
 * from another origin. Where no worker can start, training runs in the extension host itself (inProcess.ts).
 */
import * as vscode from 'vscode';
import type { FromWorker, ToWorker } from '../../protocol';
import { answer } from '../../check/check';
import type { CheckReply, CheckRequest } from '../../check/protocol';
import { startInProcess } from './inProcess';
import type { CheckerPort, Platform, WorkerEvents, WorkerPort } from './types';

/** A browser's Worker, as far as it is used here (this project compiles against Node's types, not the DOM's). */
interface BrowserWorker<In = ToWorker, Out = FromWorker> {
  onmessage: ((e: { data: Out }) => void) | null;
  onerror: ((e: { message?: string; preventDefault(): void }) => void) | null;
  postMessage(message: In, transfer?: ArrayBuffer[]): void;
  terminate(): void;
}
type BrowserWorkerConstructor = new (
  url: string,
  options?: { name?: string },
) => BrowserWorker<unknown, unknown>;

export class WebPlatform implements Platform {
  readonly kind = 'web';
  private live = 0;
  private readonly urls = new Map<string, Promise<string>>();
  private fallbackNoted = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async startWorker(events: WorkerEvents): Promise<WorkerPort> {
    let worker: BrowserWorker;
    try {
      worker = await this.newWorker();
    } catch (e) {
      this.noteFallback(e instanceof Error ? e.message : String(e));
      return this.counted(startInProcess(events));
    }
    worker.onmessage = (e) => events.message(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      events.gone(`The training worker failed: ${e.message ?? 'an error without a message'}`);
    };
    return this.counted({
      post: (message, transfer) => worker.postMessage(message, transfer ?? []),
      terminate: () => worker.terminate(),
    });
  }

  liveWorkers(): number {
    return this.live;
  }

  /**
   * The validation worker (dist/web/checker.js). It starts asynchronously, so requests posted before it runs wait;
   * where no worker can start, the checks run in the extension host (itself a worker here), one per turn.
   */
  startChecker(): CheckerPort {
    const listeners: ((m: CheckReply) => void)[] = [];
    const exits: ((why: string) => void)[] = [];
    const waiting: CheckRequest[] = [];
    let worker: BrowserWorker<CheckRequest, CheckReply> | null = null;
    let inHost = false;
    let stopped = false;
    const deliver = (m: CheckReply) => listeners.forEach((l) => l(m));
    const inHostPost = (m: CheckRequest) =>
      void setTimeout(() => {
        const reply = stopped ? null : answer(m);
        if (reply) deliver(reply);
      }, 0);
    this.newWorker<CheckRequest, CheckReply>('checker.js', 'nn-viz validation worker').then(
      (w) => {
        if (stopped) return w.terminate();
        worker = w;
        w.onmessage = (e) => deliver(e.data);
        w.onerror = (e) => {
          e.preventDefault();
          exits.forEach((l) =>
            l(`the validation worker failed: ${e.message ?? 'an error without a message'}`),
          );
        };
        waiting.splice(0).forEach((m) => w.postMessage(m));
      },
      (e: unknown) => {
        this.log.warn(
          `No validation worker could start (${String(e)}); files are checked in the extension host.`,
        );
        inHost = true;
        waiting.splice(0).forEach(inHostPost);
      },
    );
    return {
      post: (m) => (worker ? worker.postMessage(m) : inHost ? inHostPost(m) : void waiting.push(m)),
      onMessage: (l) => void listeners.push(l),
      onExit: (l) => void exits.push(l),
      terminate: () => {
        stopped = true;
        worker?.terminate();
      },
    };
  }

  private async newWorker<In = ToWorker, Out = FromWorker>(
    bundle = 'worker.js',
    name = 'nn-viz training worker',
  ): Promise<BrowserWorker<In, Out>> {
    const Ctor = (globalThis as { Worker?: BrowserWorkerConstructor }).Worker;
    if (!Ctor) throw new Error('this extension host cannot start Web Workers');
    let url = this.urls.get(bundle);
    if (!url) this.urls.set(bundle, (url = this.bundleUrl(bundle)));
    return new Ctor(await url, { name }) as BrowserWorker<In, Out>;
  }

  /** A Blob URL of a worker bundle in dist/web, made once per extension host. */
  private async bundleUrl(bundle: string): Promise<string> {
    const file = vscode.Uri.joinPath(this.extensionUri, 'dist', 'web', bundle);
    const bytes = await vscode.workspace.fs.readFile(file);
    return URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' }));
  }

  private counted(port: WorkerPort): WorkerPort {
    this.live++;
    let stopped = false;
    return {
      post: (message, transfer) => port.post(message, transfer),
      terminate: () => {
        if (stopped) return;
        stopped = true;
        this.live--;
        port.terminate();
      },
    };
  }

  private noteFallback(reason: string): void {
    this.log.warn(`No training worker could start (${reason}); training runs in the extension host instead.`);
    if (this.fallbackNoted) return;
    this.fallbackNoted = true;
    void vscode.window.showWarningMessage(
      `Neural Network: this browser could not start a training worker (${reason}), so training runs inside the editor's extension host. It works the same, but other extensions may answer more slowly while a network trains.`,
    );
  }
}
