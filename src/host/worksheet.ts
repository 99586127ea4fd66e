/**
 * The worksheet of a .nn.json document: its "exercises" answered (worksheetAnswers.ts) when the text changes, cached by
 * the spec, sent with the document; and the tolerance setting.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NetworkSpec } from '../format';
import type { WorksheetInfo } from '../protocol';
import { computeWorksheet } from './worksheetAnswers';

export const DEFAULT_TOLERANCE = 1e-3;

/** The relative tolerance from the settings (nnViz.exercises.tolerance), within (0, 1). */
export function toleranceSetting(): number {
  const v = vscode.workspace.getConfiguration('nnViz').get<number>('exercises.tolerance', DEFAULT_TOLERANCE);
  return typeof v === 'number' && v > 0 && v < 1 ? v : DEFAULT_TOLERANCE;
}

const cache = new Map<string, { key: string; info: WorksheetInfo }>();

/** The worksheet of a document whose text parsed to `spec`, or null when it has no exercises. */
export function worksheetFor(
  doc: vscode.TextDocument,
  spec: NetworkSpec,
  mnistDir: string,
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
  if (hit && hit.key === key) return { ...hit.info, tolerance };
  const info = computeWorksheet(spec, path.dirname(doc.uri.fsPath), mnistDir, tolerance);
  cache.set(uri, { key, info });
  if (cache.size > 32) cache.delete(cache.keys().next().value as string);
  return info;
}
