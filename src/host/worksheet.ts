/**
 * The worksheet of a .nn.json: its "exercises" answered by the engine (src/engine/answers.ts) at the file's Θ, loss
 * and λ, on all its samples. Computed when the document's text changes (cached by the spec), sent with the document.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Random, answerQuestion, checkQuestion, createNetwork } from '../engine';
import { DatasetError, loadDataset, type Dataset, type NetworkSpec } from '../format';
import type { WorksheetInfo, WorksheetItem } from '../protocol';

export const DEFAULT_TOLERANCE = 1e-3;

/** The relative tolerance from the settings (nnViz.exercises.tolerance), within (0, 1). */
export function toleranceSetting(): number {
  const v = vscode.workspace.getConfiguration('nnViz').get<number>('exercises.tolerance', DEFAULT_TOLERANCE);
  return typeof v === 'number' && v > 0 && v < 1 ? v : DEFAULT_TOLERANCE;
}

/** The answers of every exercise; never throws (a problem is reported per item or for the whole sheet). */
export function computeWorksheet(
  spec: NetworkSpec,
  baseDir: string,
  mnistDir: string,
  tolerance: number,
): WorksheetInfo {
  const exercises = spec.exercises ?? [];
  const lambda = spec.training.lambda;
  const base = { tolerance, lambda, seededInit: spec.weights === null };
  const unanswered = (error: string): WorksheetInfo => ({
    ...base,
    m: null,
    error,
    items: exercises.map((exercise) => ({ exercise, value: null, worked: null, problem: error })),
  });
  let data: Dataset;
  try {
    data = loadDataset(spec, { baseDir, mnistDir });
  } catch (e) {
    const why = e instanceof DatasetError ? e.message : String(e);
    return unanswered(`the data could not be loaded, so there are no answers: ${why}`);
  }
  const net = createNetwork(
    spec.layers,
    spec.weights,
    spec.training.init,
    Random.derive(spec.training.seed, 'init'),
  );
  const items = exercises.map((exercise, k): WorksheetItem => {
    const problem = checkQuestion(exercise, net.sizes, data.m);
    if (problem)
      return { exercise, value: null, worked: null, problem: `exercise ${k + 1}: ${problem.message}` };
    try {
      const a = answerQuestion(net, data, spec.loss, lambda, exercise);
      return { exercise, value: a.value, worked: a.worked, problem: null };
    } catch (e) {
      return { exercise, value: null, worked: null, problem: `exercise ${k + 1}: ${String(e)}` };
    }
  });
  return { ...base, m: data.m, error: null, items };
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
