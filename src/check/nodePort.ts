/** The platform seam under Node: the validation worker as a worker_threads Worker running dist/checker.js. */
import { Worker } from 'node:worker_threads';
import type { CheckReply, CheckRequest, WorkerPort } from './protocol';

/** Heap of the validation worker: the syntax tree of a text at the size limit is about 10× the text. */
const MAX_OLD_GENERATION_MB = 1024;

export function startNodeWorker(script: string): WorkerPort {
  const worker = new Worker(script, {
    resourceLimits: { maxOldGenerationSizeMb: MAX_OLD_GENERATION_MB, stackSizeMb: 8 },
  });
  // An idle checker never keeps a process (a test run, the CLI) alive.
  worker.unref();
  return {
    post: (message: CheckRequest) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', (m: CheckReply) => listener(m)),
    onExit: (listener) => {
      let why = '';
      worker.on('error', (e: Error & { code?: string }) => {
        why =
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? 'the validation worker ran out of memory'
            : `the validation worker failed: ${e.message}`;
      });
      worker.on('exit', (code) => listener(why || `the validation worker stopped (exit code ${code})`));
    },
    terminate: () => void worker.terminate(),
  };
}
