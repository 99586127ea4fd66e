/**
 * The training worker's message loop, the same in every place it runs: a node:worker_threads Worker (desktop,
 * code-server), a Web Worker (vscode.dev, github.dev), or, where no worker can be started, the extension host itself.
 * It receives commands from the host, runs the engine in slices of a few milliseconds (so commands are answered between
 * slices), answers the host's requests by id (requests.ts), and publishes a frame when one is due and the host has taken
 * the previous one: latest wins.
 */
import type { FromWorker, ToWorker } from '../protocol';
import { TrainingRun } from './run';
import { answer } from './requests';

/** The worker's end of its channel to the host. */
export interface HostChannel {
  post(message: FromWorker, transfer: ArrayBuffer[]): void;
  onMessage(listener: (message: ToWorker) => void): void;
  close(): void;
}

export function serve(channel: HostChannel): void {
  let run: TrainingRun | null = null;
  const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => channel.post(message, transfer);

  channel.onMessage((msg) => {
    try {
      if (msg.type === 'load') {
        run?.dispose();
        run = null;
        run = TrainingRun.load(msg, send);
        return;
      }
      if (msg.type === 'request') {
        answer(msg, run, send);
        return;
      }
      if (msg.type === 'dispose') {
        run?.dispose();
        run = null;
        channel.close();
        return;
      }
      if (!run) {
        send({ type: 'error', message: `The network is not loaded yet (got "${msg.type}").`, fatal: false });
        return;
      }
      run.handle(msg);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      send({ type: 'error', message, fatal: msg.type === 'load' });
    }
  });
}
