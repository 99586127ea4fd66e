/**
 * The worksheet of a .nn.json document: its "exercises" answered (worksheetAnswers.ts) when the text changes, cached by
 * the spec, sent with the document; and the tolerance setting.
 */
import * as vscode from 'vscode';
import { dataFilesFromBytes, type DataFileBytes, type NetworkSpec } from '../format';
import type { WorksheetInfo } from '../protocol';
import { computeWorksheet } from '../worker/worksheetAnswers';

export const DEFAULT_TOLERANCE = 1e-3;

/** The relative tolerance from the settings (nnViz.exercises.tolerance), within (0, 1). */
export function toleranceSetting(): number {
  const v = vscode.workspace.getConfiguration('nnViz').get<number>('exercises.tolerance', DEFAULT_TOLERANCE);
  return typeof v === 'number' && v > 0 && v < 1 ? v : DEFAULT_TOLERANCE;
}

const cache = new Map<string, { key: string; info: WorksheetInfo | null }>();

/**
 * The worksheet of a document whose text parsed to `spec`, or null when it has no exercises or its answers are being
 * computed: the data files are read first (through vscode.workspace.fs, `read`), then `ready` is called once the
 * answers are known, so the caller can send the document again.
 */
export function worksheetFor(
  doc: vscode.TextDocument,
  spec: NetworkSpec,
  read: () => Promise<DataFileBytes>,
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
  void read().then((bytes) => {
    if (cache.get(uri)?.key !== key) return; // the text changed meanwhile
    cache.set(uri, { key, info: computeWorksheet(spec, dataFilesFromBytes(bytes), tolerance) });
    ready();
  });
  return null;
}
