/** The desktop platform (a Node extension host): training workers are node:worker_threads with resourceLimits. */
import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import { realpath } from 'node:fs/promises';
import type { FromWorker } from '../../protocol';
import { startNodeWorker } from '../../check/nodePort';
import type { CheckerPort, Platform, WorkerEvents, WorkerPort, WorkerStartOptions } from './types';

export class NodePlatform implements Platform {
  readonly kind = 'node';
  private live = 0;

  constructor(private readonly extensionUri: vscode.Uri) {}

  startWorker(events: WorkerEvents, limits: WorkerStartOptions): Promise<WorkerPort> {
    const script = vscode.Uri.joinPath(this.extensionUri, 'dist', 'worker.js').fsPath;
    const worker = new Worker(script, {
      resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb, stackSizeMb: 8 },
      stdout: false,
      stderr: false,
    });
    this.live++;
    worker.once('exit', () => this.live--);
    worker.on('message', (m: FromWorker) => events.message(m));
    worker.on('error', (err: Error) => events.gone(describeWorkerError(err)));
    worker.on('exit', (code) => events.gone(`The training worker stopped unexpectedly (exit code ${code}).`));
    return Promise.resolve({
      post: (message, transfer) => worker.postMessage(message, transfer ?? []),
      terminate: () => void worker.terminate(),
    });
  }

  startChecker(): CheckerPort {
    return startNodeWorker(vscode.Uri.joinPath(this.extensionUri, 'dist', 'checker.js').fsPath);
  }

  liveWorkers(): number {
    return this.live;
  }

  realPath(uri: vscode.Uri): Promise<string> {
    return realpath(uri.fsPath);
  }
}

function describeWorkerError(err: Error): string {
  const code = (err as Error & { code?: string }).code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY')
    return 'The training worker ran out of memory (its resourceLimits were exceeded). Use a smaller network or fewer samples, or raise "nnViz.worker.maxOldGenerationSizeMb".';
  return `The training worker failed: ${err.message}`;
}
