/**
 * The host's side of the validation worker: one worker shared by every document, one request in flight at a time, and
 * for each document only its newest text waiting (a newer text replaces a waiting older one, whose promise resolves
 * with null). The worker starts on the first request and again after it stopped; a request that takes longer than the
 * watchdog allows stops the worker and fails with a located message, so a document is never left "checking" forever.
 * No vscode and no Node API here: the worker is reached through the WorkerPort seam.
 */
import { errorAtStart, type Location } from '../format/json';
import type { ParseResult } from '../shared/spec';
import type { CheckReply, CheckRequest, WorkerPort } from './protocol';

/** A request before it gets its id. */
type Request = CheckRequest extends infer R ? (R extends CheckRequest ? Omit<R, 'id'> : never) : never;

interface Job {
  /** The document a parse is for (latest wins per key); null for other requests. */
  key: string | null;
  request: Request;
  settle(reply: CheckReply | null): void;
}

/** A problem at the start of the file, for when the worker could not answer. */
export function failure(message: string): ParseResult {
  return { ok: false, errors: [errorAtStart(message)] };
}

export class CheckClient {
  private port: WorkerPort | null = null;
  private readonly queue: Job[] = [];
  private inFlight: { id: number; job: Job; timer: ReturnType<typeof setTimeout> } | null = null;
  private nextId = 1;
  private disposed = false;
  /** Requests answered by the worker (for tests and the log). */
  answered = 0;

  constructor(
    private readonly start: () => WorkerPort,
    private readonly watchdogMs = 60_000,
  ) {}

  /**
   * The parse of a text (given as the parts it was read in) for document `key`, or null when a newer text of the same
   * document replaced it first.
   */
  parse(key: string, parts: string[]): Promise<ParseResult | null> {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].key === key) this.queue.splice(i, 1)[0].settle(null);
    }
    return new Promise((resolve) => {
      this.enqueue({
        key,
        request: { kind: 'parse', parts },
        settle: (reply) => {
          if (!reply) resolve(null);
          else if (reply.kind === 'parse') resolve(reply.result);
          else
            resolve(
              failure(`the file could not be checked: ${reply.kind === 'failed' ? reply.message : '?'}`),
            );
        },
      });
    });
  }

  /** Where each pointer is in `text` (null where the text is not JSON or the size limit refuses it). */
  locate(text: string, pointers: string[]): Promise<(Location | null)[]> {
    return new Promise((resolve) => {
      this.enqueue({
        key: null,
        request: { kind: 'locate', text, pointers },
        settle: (reply) => resolve(reply?.kind === 'locate' ? reply.locations : pointers.map(() => null)),
      });
    });
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.splice(0)) job.settle(null);
    this.stopWorker();
  }

  private enqueue(job: Job): void {
    if (this.disposed) return job.settle(null);
    this.queue.push(job);
    this.pump();
  }

  private pump(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const job = this.queue.shift() as Job;
    const id = this.nextId++;
    const timer = setTimeout(() => {
      // Stop the worker first, so the next request starts a fresh one.
      this.stopWorker();
      this.finish(id, {
        id,
        kind: 'failed',
        message: `checking took longer than ${Math.round(this.watchdogMs / 1000)} s and was stopped`,
      });
    }, this.watchdogMs);
    this.inFlight = { id, job, timer };
    this.send(id, job.request).catch((e: unknown) =>
      this.finish(id, { id, kind: 'failed', message: e instanceof Error ? e.message : String(e) }),
    );
  }

  /**
   * Posts a request; a text goes a part per turn of the event loop, so no single copy of a large text (a structured
   * clone of 7 MB took 73 ms on a loaded machine) stalls the host.
   */
  private async send(id: number, request: Request): Promise<void> {
    const port = this.worker();
    if (request.kind !== 'parse') return port.post({ ...request, id });
    const current = () => this.inFlight?.id === id && this.port === port;
    for (const text of request.parts) {
      if (!current()) return; // failed or stopped meanwhile
      port.post({ id, kind: 'part', text });
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    if (current()) port.post({ id, kind: 'parse', parts: [] });
  }

  private finish(id: number, reply: CheckReply): void {
    if (this.inFlight?.id !== id) return;
    clearTimeout(this.inFlight.timer);
    const { job } = this.inFlight;
    this.inFlight = null;
    job.settle(reply);
    this.pump();
  }

  private worker(): WorkerPort {
    if (this.port) return this.port;
    const port = this.start();
    port.onMessage((reply) => {
      this.answered++;
      this.finish(reply.id, reply);
    });
    port.onExit((why) => {
      if (this.port !== port) return;
      this.port = null;
      if (this.inFlight)
        this.finish(this.inFlight.id, { id: this.inFlight.id, kind: 'failed', message: why });
    });
    return (this.port = port);
  }

  private stopWorker(): void {
    const port = this.port;
    this.port = null;
    port?.terminate();
  }
}
