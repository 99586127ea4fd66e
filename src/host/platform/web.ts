/**
 * The web platform (vscode.dev, github.dev, code-server's web-worker extension host). The training worker is a Web
 * Worker started from a Blob URL of dist/web/worker.js, read through vscode.workspace.fs: `new Worker(<extension URI>)`
 * is refused there ("Creating workers from remote extensions is currently not supported"), and extension files may come
 * from another origin. Where no worker can start, training runs in the extension host itself (inProcess.ts).
 */
import * as vscode from 'vscode';
import type { FromWorker, ToWorker } from '../../protocol';
import { startInProcess } from './inProcess';
import type { Platform, WorkerEvents, WorkerPort } from './types';

/** A browser's Worker, as far as it is used here (this project compiles against Node's types, not the DOM's). */
interface BrowserWorker {
  onmessage: ((e: { data: FromWorker }) => void) | null;
  onerror: ((e: { message?: string; preventDefault(): void }) => void) | null;
  postMessage(message: ToWorker, transfer: ArrayBuffer[]): void;
  terminate(): void;
}
type BrowserWorkerConstructor = new (url: string, options?: { name?: string }) => BrowserWorker;

export class WebPlatform implements Platform {
  readonly kind = 'web';
  private live = 0;
  private url: Promise<string> | null = null;
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

  private async newWorker(): Promise<BrowserWorker> {
    const Ctor = (globalThis as { Worker?: BrowserWorkerConstructor }).Worker;
    if (!Ctor) throw new Error('this extension host cannot start Web Workers');
    this.url ??= this.bundleUrl();
    return new Ctor(await this.url, { name: 'nn-viz training worker' });
  }

  /** A Blob URL of the worker bundle, made once per extension host. */
  private async bundleUrl(): Promise<string> {
    const file = vscode.Uri.joinPath(this.extensionUri, 'dist', 'web', 'worker.js');
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
