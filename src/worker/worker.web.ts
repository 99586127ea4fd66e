/**
 * The training worker's entry in a browser Web Worker (vscode.dev, github.dev, code-server's web extension host).
 * The host starts it from a Blob URL of this bundle (dist/web/worker.js). See serve.ts.
 */
import type { FromWorker, ToWorker } from '../protocol';
import { serve } from './serve';

/** The parts of a dedicated worker's global scope used here (the DOM's WebWorker lib is not in this project's types). */
interface WorkerScope {
  postMessage(message: FromWorker, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (e: { data: ToWorker }) => void): void;
  close(): void;
}

const scope = globalThis as unknown as WorkerScope;
serve({
  post: (message, transfer) => scope.postMessage(message, transfer),
  onMessage: (listener) => scope.addEventListener('message', (e) => listener(e.data)),
  close: () => scope.close(),
});
