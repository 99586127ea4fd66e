/**
 * Messages between the host and the validation worker: one request, one reply with the same id. The worker is shared
 * by every open .nn.json and answers one request at a time.
 */
import type { Location } from '../format/json';
import type { ParseResult } from '../shared/spec';

export type CheckRequest =
  /** A slice of the text of the parse request `id` that follows (no reply): a large text arrives a slice at a time. */
  | { id: number; kind: 'part'; text: string }
  /** Parse and validate a document's text (its parts sent before, then these): syntax, schema, semantic checks. */
  | { id: number; kind: 'parse'; parts: string[] }
  /** Where JSON pointers are in a text (problems found later, e.g. a bad CSV cell, point at the file's fields). */
  | { id: number; kind: 'locate'; text: string; pointers: string[] };

export type CheckReply =
  | { id: number; kind: 'parse'; result: ParseResult; ms: number }
  | { id: number; kind: 'locate'; locations: (Location | null)[] }
  | { id: number; kind: 'failed'; message: string };

/**
 * The platform seam: how the host reaches the worker. The desktop and code-server start it with node:worker_threads
 * (nodePort.ts); a browser build starts the same script as a Web Worker from a Blob URL. Nothing else differs.
 */
export interface WorkerPort {
  post(message: CheckRequest): void;
  onMessage(listener: (message: CheckReply) => void): void;
  /** The worker stopped (crashed, ran out of memory or was terminated); `why` says which. */
  onExit(listener: (why: string) => void): void;
  terminate(): void;
}
