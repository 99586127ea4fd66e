/**
 * The host's side of one training worker: starts it through the platform (node:worker_threads or a Web Worker), keeps
 * the messages to it in order (a message may be a promise, e.g. a 'load' waiting for its data files to be read), and
 * watches for a worker that stops answering. The session above it never sees which platform it runs on.
 */
import type { FromWorker, ToWorker } from '../protocol';
import type { Platform, WorkerLimits, WorkerPort } from './platform/types';

export interface WorkerClientOptions {
  platform: Platform;
  limits: WorkerLimits;
  /** Silence longer than this, while the worker is expected to talk, stops it as stalled. */
  stallMs: number;
  /** Whether the worker should be sending messages now (training or loading). */
  expectsMessages(): boolean;
  onMessage(message: FromWorker): void;
  /** The worker failed, stopped, stalled or could not start; called once, never after terminate(). */
  onGone(reason: string): void;
}

export class WorkerClient {
  private port: WorkerPort | null = null;
  /** Every post waits for the ones before it (and for the worker to start). */
  private chain: Promise<void>;
  private stopped = false;
  private lastMessage = Date.now();
  private readonly stallTimer: ReturnType<typeof setInterval>;

  constructor(private readonly options: WorkerClientOptions) {
    const events = {
      message: (m: FromWorker) => {
        if (this.stopped) return;
        this.lastMessage = Date.now();
        options.onMessage(m);
      },
      gone: (reason: string) => this.fail(reason),
    };
    this.chain = options.platform.startWorker(events, options.limits).then(
      (port) => {
        if (this.stopped) port.terminate();
        else this.port = port;
      },
      (e: unknown) =>
        this.fail(`The training worker could not start: ${e instanceof Error ? e.message : String(e)}`),
    );
    this.stallTimer = setInterval(() => this.checkStall(), Math.min(5_000, options.stallMs));
  }

  /** Sends a message after every earlier one; a promise that resolves to null sends nothing. */
  post(message: ToWorker | Promise<ToWorker | null>, transfer?: ArrayBuffer[]): void {
    this.chain = this.chain
      .then(() => message)
      .then(
        (m) => {
          if (!m || this.stopped) return;
          this.lastMessage = Date.now(); // silence counts from the last exchange either way
          this.port?.post(m, transfer);
        },
        (e: unknown) =>
          this.fail(`A message to the training worker failed: ${e instanceof Error ? e.message : e}`),
      );
  }

  /** Stops the worker; nothing is reported after this. */
  terminate(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.stallTimer);
    this.port?.terminate();
  }

  /** Test hook: stops the worker as a crash would (reported through onGone). */
  simulateCrash(): void {
    this.fail('The training worker stopped unexpectedly (exit code 1).');
  }

  private fail(reason: string): void {
    if (this.stopped) return;
    this.terminate();
    this.options.onGone(reason);
  }

  private checkStall(): void {
    if (!this.options.expectsMessages()) return;
    const silent = Date.now() - this.lastMessage;
    if (silent > this.options.stallMs)
      this.fail(`The training worker stopped answering for ${Math.round(silent / 1000)} s and was stopped.`);
  }
}
