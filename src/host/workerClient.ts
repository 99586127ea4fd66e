/**
 * The host's side of one training worker, and the platform boundary: it starts the worker through the platform
 * (node:worker_threads, a Blob Web Worker, or the in-host fallback), keeps the messages to it in order (a message may be
 * a promise, e.g. a 'load' waiting for its data files to be read), watches for a worker that stops answering, and owns
 * the one id-based request/reply channel (like vscode-hexeditor's MessageHandler: `messageId` out, `inReplyTo` back).
 * The session above it never sees which platform it runs on.
 */
import type { FromWorker, ToWorker, WorkerReplies, WorkerReply, WorkerRequest } from '../protocol';
import type { Platform, WorkerPort, WorkerStartOptions } from './platform/types';

export interface WorkerClientOptions {
  platform: Platform;
  start: WorkerStartOptions;
  /** Silence longer than this, while the worker is expected to talk, stops it as stalled. */
  stallMs: number;
  /** Whether the worker should be sending messages now (training or loading). */
  expectsMessages(): boolean;
  /** Every message that is not a reply to a request. */
  onMessage(message: Exclude<FromWorker, WorkerReply>): void;
  /** The worker failed, stopped, stalled or could not start; called once, never after terminate(). */
  onGone(reason: string): void;
}

/** Why a request has no answer: the worker refused it, it was cancelled, or the worker went away first. */
export class WorkerRequestError extends Error {
  constructor(
    message: string,
    /** A newer request or a cancel stopped it: not a failure to report. */
    readonly cancelled = false,
  ) {
    super(message);
    this.name = 'WorkerRequestError';
  }
}

interface OpenRequest {
  type: WorkerRequest['type'];
  resolve(result: WorkerReplies[keyof WorkerReplies]): void;
  reject(error: WorkerRequestError): void;
  timer: ReturnType<typeof setTimeout> | null;
}

export class WorkerClient {
  private port: WorkerPort | null = null;
  /** Every post waits for the ones before it (and for the worker to start). */
  private chain: Promise<void>;
  private stopped = false;
  private lastMessage = Date.now();
  private readonly stallTimer: ReturnType<typeof setInterval>;
  private nextMessageId = 1;
  private readonly open = new Map<number, OpenRequest>();

  constructor(private readonly options: WorkerClientOptions) {
    const events = {
      message: (m: FromWorker) => {
        if (this.stopped) return;
        this.lastMessage = Date.now();
        if (m.type === 'reply') this.settle(m);
        else options.onMessage(m);
      },
      gone: (reason: string) => this.fail(reason),
    };
    this.chain = options.platform.startWorker(events, options.start).then(
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

  /**
   * Sends a request (after every earlier message) and resolves with the worker's reply. Rejects with a
   * WorkerRequestError when the worker refuses it, when `timeoutMs` passes first, or when the worker stops, crashes or
   * is restarted before it answers.
   */
  request<R extends WorkerRequest>(
    request: R,
    { timeoutMs, transfer }: { timeoutMs?: number; transfer?: ArrayBuffer[] } = {},
  ): Promise<WorkerReplies[R['type']]> {
    if (this.stopped)
      return Promise.reject(
        new WorkerRequestError(`${what(request.type)} got no answer. The training worker is not running.`),
      );
    const messageId = this.nextMessageId++;
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? null
          : setTimeout(
              () =>
                this.reject(
                  messageId,
                  `${what(request.type)} got no answer. The training worker took longer than ${duration(timeoutMs)}.`,
                ),
              timeoutMs,
            );
      this.open.set(messageId, {
        type: request.type,
        // The worker answers request R with WorkerReplies[R['type']] (src/worker/serve.ts answers by type).
        resolve: resolve as (result: WorkerReplies[keyof WorkerReplies]) => void,
        reject,
        timer,
      });
      this.post({ type: 'request', messageId, request }, transfer);
    });
  }

  /** Requests sent and not yet answered. */
  get openRequests(): number {
    return this.open.size;
  }

  /**
   * Stops the worker; nothing is reported after this, and every open request is rejected saying why (`reason`, a
   * sentence, e.g. "The training worker was restarted.").
   */
  terminate(reason = 'The training worker was stopped.'): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.stallTimer);
    this.port?.terminate();
    for (const id of [...this.open.keys()])
      this.reject(id, `${what(this.open.get(id)?.type)} got no answer. ${reason}`);
  }

  private settle(reply: WorkerReply): void {
    const open = this.open.get(reply.inReplyTo);
    if (!open) return; // timed out meanwhile
    this.open.delete(reply.inReplyTo);
    if (open.timer) clearTimeout(open.timer);
    if (reply.ok) open.resolve(reply.result);
    else open.reject(new WorkerRequestError(reply.error, reply.cancelled));
  }

  private reject(messageId: number, message: string): void {
    const open = this.open.get(messageId);
    if (!open) return;
    this.open.delete(messageId);
    if (open.timer) clearTimeout(open.timer);
    open.reject(new WorkerRequestError(message));
  }

  private fail(reason: string): void {
    if (this.stopped) return;
    this.terminate(reason);
    this.options.onGone(reason);
  }

  private checkStall(): void {
    if (!this.options.expectsMessages()) return;
    const silent = Date.now() - this.lastMessage;
    if (silent > this.options.stallMs)
      this.fail(`The training worker stopped answering for ${Math.round(silent / 1000)} s and was stopped.`);
  }
}

function duration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

/** A request's name for the user. */
function what(type: WorkerRequest['type'] | undefined): string {
  switch (type) {
    case 'gradientCheck':
      return 'The gradient check';
    case 'getWeights':
      return 'Reading the trained weights';
    case 'surface':
      return 'The loss surface';
    case 'worksheet':
      return 'The worksheet';
    default:
      return 'A request';
  }
}
