/**
 * What the validation worker does with a request: pure, no Node or DOM API, so the same code runs in a worker_threads
 * Worker (node.ts) and in a Web Worker (web.ts).
 */
import { locatePointer, parseNetwork } from '../format/parse';
import type { CheckReply, CheckRequest } from './protocol';

/** Slices of texts whose parse request has not arrived yet, by request id. */
const received = new Map<number, string[]>();

/** The reply to a request; null for a slice of a text (the parse request that follows is answered). */
export function answer(request: CheckRequest): CheckReply | null {
  try {
    if (request.kind === 'part') {
      const list = received.get(request.id) ?? [];
      list.push(request.text);
      received.set(request.id, list);
      return null;
    }
    if (request.kind === 'parse') {
      const t0 = Date.now();
      const parts = [...(received.get(request.id) ?? []), ...request.parts];
      received.delete(request.id);
      const result = parseNetwork(parts.join(''));
      return { id: request.id, kind: 'parse', result, ms: Date.now() - t0 };
    }
    return {
      id: request.id,
      kind: 'locate',
      locations: request.pointers.map((p) => locatePointer(request.text, p)),
    };
  } catch (e) {
    return { id: request.id, kind: 'failed', message: e instanceof Error ? e.message : String(e) };
  }
}
