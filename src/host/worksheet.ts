/**
 * The worksheet of a .nn.json document: its "exercises" answered when the text changes, off the extension host's main
 * thread (a worker started for the answers: src/worker/worksheetAnswers.ts through the request/reply channel), cached by
 * the spec, sent with the document; and the tolerance setting.
 */
import * as vscode from 'vscode';
import type { DataFileBytes, NetworkSpec } from '../format';
import type { WorkerRequest, WorksheetInfo } from '../protocol';
import type { Platform } from './platform/types';
import { WorkerClient } from './workerClient';

type WorksheetRequest = Extract<WorkerRequest, { type: 'worksheet' }>;

export const DEFAULT_TOLERANCE = 1e-3;

/** The relative tolerance from the settings (nnViz.exercises.tolerance), within (0, 1). */
export function toleranceSetting(): number {
  const v = vscode.workspace.getConfiguration('nnViz').get<number>('exercises.tolerance', DEFAULT_TOLERANCE);
  return typeof v === 'number' && v > 0 && v < 1 ? v : DEFAULT_TOLERANCE;
}

const cache = new Map<string, { key: string; info: WorksheetInfo | null }>();

/**
 * The worksheet of a document whose text parsed to `spec`, or null when it has no exercises or its answers are being
 * computed: the data files are read first (through vscode.workspace.fs, `read`), the answers computed in a worker
 * (`answers`), then `ready` is called once they are known, so the caller can send the document again.
 */
export function worksheetFor(
  doc: vscode.TextDocument,
  spec: NetworkSpec,
  read: () => Promise<DataFileBytes>,
  answers: (request: WorksheetRequest) => Promise<WorksheetInfo>,
  ready: () => void,
): WorksheetInfo | null {
  const uri = doc.uri.toString();
  if (!spec.exercises || spec.exercises.length === 0) {
    cache.delete(uri);
    return null;
  }
  const tolerance = toleranceSetting();
  const key = JSON.stringify([
    spec.layers,
    spec.weights,
    spec.loss,
    spec.data,
    spec.training,
    spec.exercises,
  ]);
  const hit = cache.get(uri);
  if (hit && hit.key === key) return hit.info && { ...hit.info, tolerance };
  cache.set(uri, { key, info: null });
  if (cache.size > 32) cache.delete(cache.keys().next().value as string);
  void read()
    .then((files) => answers({ type: 'worksheet', spec, files, tolerance }))
    .then(
      (info) => info,
      (e: unknown): WorksheetInfo => unanswered(spec, tolerance, e instanceof Error ? e.message : String(e)),
    )
    .then((info) => {
      if (cache.get(uri)?.key !== key) return; // the text changed meanwhile
      cache.set(uri, { key, info });
      ready();
    });
  return null;
}

/** A worksheet without answers, saying why (every item carries the reason). */
function unanswered(spec: NetworkSpec, tolerance: number, error: string): WorksheetInfo {
  const why = `the answers could not be computed: ${error}`;
  return {
    tolerance,
    lambda: spec.training.lambda,
    seededInit: spec.weights === null,
    m: null,
    error: why,
    items: (spec.exercises ?? []).map((exercise) => ({ exercise, value: null, worked: null, problem: why })),
  };
}

/**
 * Answers a worksheet in a worker of its own, started for it and stopped once it has answered (a worksheet is
 * computed once per change of the network or its exercises, so no worker is kept for it).
 */
export function answerInWorker(
  platform: Platform,
  document: string,
  maxOldGenerationSizeMb: number,
): (request: WorksheetRequest) => Promise<WorksheetInfo> {
  return async (request) => {
    let gone: string | null = null;
    const worker = new WorkerClient({
      platform,
      // Not the document's training worker: the test seam finds that one by the document's URI alone.
      start: { maxOldGenerationSizeMb, document: `${document}#worksheet` },
      stallMs: 120_000,
      expectsMessages: () => false,
      onMessage: () => undefined,
      onGone: (reason) => (gone = reason),
    });
    try {
      return await worker.request(request, { timeoutMs: 120_000 });
    } catch (e) {
      throw gone === null ? e : new Error(gone);
    } finally {
      worker.terminate();
    }
  };
}
