/**
 * What the validation worker does with a request: pure, no Node or DOM API, so the same code runs in a worker_threads
 * Worker (node.ts) and in a Web Worker (web.ts).
 */
import { locatePointer, parseNetwork } from '../format/parse';
import type { CheckReply, CheckRequest } from './protocol';

export function answer(request: CheckRequest): CheckReply {
  try {
    if (request.kind === 'parse') {
      const t0 = Date.now();
      const result = parseNetwork(request.parts.join(''));
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
