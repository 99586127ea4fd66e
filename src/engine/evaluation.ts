/**
 * Evaluation at the current Θ, without dropout: J(Θ) on the training part (with the λ term), the data cost on the
 * validation part, and the fraction classified right, computed in chunks of the whole set.
 */
import { regularization, sampleCost } from './losses';
import { type Network, type Workspace, forward } from './network';
import type { Dataset, LossName } from './spec-types';

export interface Evaluation {
  /** J(Θ) on the training part, with the λ term, no dropout. */
  J: number;
  /** The data cost (no λ term) on the validation part; null without validation samples. */
  validationJ: number | null;
  /** Fraction classified right (argmax for K > 1, h ≥ 0.5 for K = 1); null when not a classifier. */
  accuracy: number | null;
  validationAccuracy: number | null;
}

/** m samples, row-major: X is m × n, Y is m × K. */
export interface LabelledSet {
  X: Float64Array;
  Y: Float64Array;
  m: number;
}

/** How evaluation runs: the loss, whether accuracy is reported, and a workspace for chunks of b samples. */
export interface EvaluationContext {
  loss: LossName;
  isClassifier: boolean;
  workspace: (b: number) => Workspace;
}

const EVAL_CHUNK = 1024;

/** Whether accuracy is reported: class names given, or every target is 0 or 1. */
export function isClassifierData(dataset: Dataset): boolean {
  if (dataset.classNames !== null) return true;
  return dataset.Y.every((v) => v === 0 || v === 1);
}

/** J (with λ/(2m) ΣΘ² over the training part), validation J and accuracies at the current Θ. */
export function evaluate(
  net: Network,
  lambda: number,
  train: LabelledSet,
  validation: LabelledSet,
  ctx: EvaluationContext,
): Evaluation {
  const tr = evaluateSet(net, train, ctx);
  const J = tr.cost / train.m + regularization(net.theta, lambda, train.m);
  let validationJ: number | null = null;
  let validationAccuracy: number | null = null;
  if (validation.m > 0) {
    const va = evaluateSet(net, validation, ctx);
    validationJ = va.cost / validation.m;
    validationAccuracy = ctx.isClassifier ? va.correct / validation.m : null;
  }
  return { J, validationJ, accuracy: ctx.isClassifier ? tr.correct / train.m : null, validationAccuracy };
}

/** Σ sample costs (no λ, no 1/m) and the number classified right, in chunks without dropout. */
function evaluateSet(
  net: Network,
  set: LabelledSet,
  ctx: EvaluationContext,
): { cost: number; correct: number } {
  const { X, Y, m } = set;
  const L = net.sizes.length,
    n = net.sizes[0],
    K = net.sizes[L - 1];
  let total = 0,
    correct = 0;
  for (let start = 0; start < m; start += EVAL_CHUNK) {
    const b = Math.min(EVAL_CHUNK, m - start);
    const f = forward(net, X.subarray(start * n, (start + b) * n), b, { workspace: ctx.workspace(b) });
    const Yb = Y.subarray(start * K, (start + b) * K);
    const h = f.a[L - 1];
    for (let i = 0; i < b; i++) {
      total += sampleCost(ctx.loss, net.activations[L - 1], f.z[L - 2], h, Yb, i * K, K);
      if (ctx.isClassifier && predictedClass(h, i * K, K) === predictedClass(Yb, i * K, K)) correct++;
    }
  }
  return { cost: total, correct };
}

/** argmax for K > 1; for K = 1 the class is 1 when the value is ≥ 0.5. */
function predictedClass(v: ArrayLike<number>, off: number, K: number): number {
  if (K === 1) return v[off] >= 0.5 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < K; k++) if (v[off + k] > v[off + best]) best = k;
  return best;
}
