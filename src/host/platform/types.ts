/**
 * The platform seam: what differs between the desktop (a Node extension host: node:worker_threads, the local disk) and
 * the web (vscode.dev, github.dev: the extension host is itself a Web Worker). Everything above this seam — sessions,
 * views, commands — is the same code in both bundles (src/host/extension.node.ts and extension.web.ts pick one).
 */
import type * as vscode from 'vscode';
import type { FromWorker, ToWorker } from '../../protocol';
import type { WorkerPort as CheckerPort } from '../../check/protocol';

export type { CheckerPort };

/** The host's end of a started training worker. */
export interface WorkerPort {
  post(message: ToWorker, transfer?: ArrayBuffer[]): void;
  /** Stops the worker; no event follows. */
  terminate(): void;
}

/** What a started worker reports. */
export interface WorkerEvents {
  message(message: FromWorker): void;
  /** The worker failed or stopped on its own; `reason` says how, in a sentence for the user. */
  gone(reason: string): void;
}

export interface WorkerStartOptions {
  /** Heap limit of the worker (node:worker_threads resourceLimits; browsers have no such setting). */
  maxOldGenerationSizeMb: number;
  /** The URI of the document the worker trains (the test seam finds a document's worker by it). */
  document: string;
}

export interface Platform {
  readonly kind: 'node' | 'web';
  /** Starts a training worker (see src/worker/serve.ts); rejects with a sentence for the user when none can start. */
  startWorker(events: WorkerEvents, options: WorkerStartOptions): Promise<WorkerPort>;
  /** Starts the validation worker shared by all documents (src/check); messages posted before it runs are kept. */
  startChecker(): CheckerPort;
  /** Workers started and not yet stopped (the fault tests count them through the test seam). */
  liveWorkers(): number;
  /**
   * The real path of a file: URI with every symbolic link resolved, where the platform can tell (the desktop);
   * undefined where it cannot (a virtual file system), and then links are refused.
   */
  realPath?(uri: vscode.Uri): Promise<string>;
}
