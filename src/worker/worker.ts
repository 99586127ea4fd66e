/**
 * The training worker (node:worker_threads). It receives commands from the host, runs the engine at the session's
 * pace (updates per second, or max) in slices of a few milliseconds (so commands are answered between slices), and publishes a frame when one is due and the
 * host has taken the previous one: latest wins, nothing piles up.
 */
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from '../protocol';
import { TrainingRun } from './run';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

let run: TrainingRun | null = null;

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

function fail(err: unknown, fatal: boolean): void {
  const message = err instanceof Error ? err.message : String(err);
  send({ type: 'error', message, fatal });
}

port.on('message', (msg: ToWorker) => {
  try {
    if (msg.type === 'load') {
      run?.dispose();
      run = null;
      run = TrainingRun.load(msg, send);
      return;
    }
    if (msg.type === 'dispose') {
      run?.dispose();
      run = null;
      port.close();
      return;
    }
    if (!run) {
      send({ type: 'error', message: `The network is not loaded yet (got "${msg.type}").`, fatal: false });
      return;
    }
    run.handle(msg);
  } catch (err) {
    fail(err, msg.type === 'load');
  }
});
