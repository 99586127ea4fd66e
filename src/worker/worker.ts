/** The training worker's entry in a node:worker_threads Worker (desktop VS Code, code-server). See serve.ts. */
import { parentPort } from 'node:worker_threads';
import { kernelModeFromEnv, setKernelMode } from '../engine';
import type { ToWorker } from '../protocol';
import { serve } from './serve';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

// NN_VIZ_KERNELS=js|wasm|auto: the engine's JavaScript or WebAssembly kernels (src/engine/wasm/select.ts).
setKernelMode(kernelModeFromEnv(process.env.NN_VIZ_KERNELS));

serve({
  post: (message, transfer) => port.postMessage(message, transfer),
  onMessage: (listener) => port.on('message', (m: ToWorker) => listener(m)),
  close: () => port.close(),
});
