/**
 * The last resort where no worker can be started: the training worker's own message loop (src/worker/serve.ts) runs
 * inside the extension host. On the web the extension host is itself a Web Worker, so the editor's UI stays
 * responsive; the worker's slices of a few milliseconds keep the extension host answering between them.
 */
import type { ToWorker } from '../../protocol';
import { serve } from '../../worker/serve';
import type { WorkerEvents, WorkerPort } from './types';

export function startInProcess(events: WorkerEvents): WorkerPort {
  let deliver: ((message: ToWorker) => void) | null = null;
  let closed = false;
  serve({
    // Asynchronous both ways, like a real worker's messages.
    post: (message) => void setTimeout(() => closed || events.message(message), 0),
    onMessage: (listener) => (deliver = listener),
    close: () => (closed = true),
  });
  return {
    post: (message) => void setTimeout(() => closed || deliver?.(message), 0),
    terminate: () => {
      if (closed) return;
      deliver?.({ type: 'dispose' });
      closed = true;
    },
  };
}
