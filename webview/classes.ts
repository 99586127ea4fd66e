/**
 * The names of the classes a network's outputs stand for, wherever a class is shown (graph, heatmaps, boundary
 * legend, confusion table, races): the file's `data.classes`, 0–9 for the digits, and for one output unit the two
 * classes y = 0 and y = 1.
 */
import type { DatasetInfo } from '../src/protocol';

/** One name per class: K names for K > 1 outputs, two (y = 0, y = 1) for a single output unit. */
export function classNames(dataset: Pick<DatasetInfo, 'K' | 'classNames'> | null, K?: number): string[] {
  const k = K ?? dataset?.K ?? 1;
  const count = k === 1 ? 2 : k;
  const given = dataset?.classNames;
  if (given && given.length === count) return [...given];
  return Array.from({ length: count }, (_, c) => (k === 1 ? `y = ${c}` : `class ${c + 1}`));
}

/** The name of output unit u (1-based) when the outputs are classes, else null (one output unit: no name). */
export function outputClassName(
  dataset: Pick<DatasetInfo, 'K' | 'classNames'> | null,
  u: number,
): string | null {
  if (!dataset || dataset.K < 2) return null;
  return classNames(dataset)[u - 1] ?? null;
}

/** The class of a target row y: arg max for one-hot rows, y ≥ 0.5 for a single output. */
export function targetClass(y: ArrayLike<number>): number {
  if (y.length === 1) return y[0] >= 0.5 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < y.length; k++) if (y[k] > y[best]) best = k;
  return best;
}

/** The predicted class from Boundary.predicted's value: h ≥ 0.5 for one output, the class index otherwise. */
export function predictedClass(v: number, K: number): number {
  return K === 1 ? (v >= 0.5 ? 1 : 0) : Math.round(v);
}
