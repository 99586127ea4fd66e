/**
 * The data a Trainer trains on: checked against the network (n inputs, K outputs, complete arrays), then split into
 * the training and the validation part by a seeded shuffle (the last fraction held out), both parts in file order.
 */
import type { LabelledSet } from './evaluation';
import { Random } from './random';
import type { Dataset, NetworkSpec } from './spec-types';

export interface DataSplit {
  /** Dataset rows of the training part, in file order. */
  trainIndices: Uint32Array;
  /** Dataset rows of the validation part, in file order. */
  validationIndices: Uint32Array;
  train: LabelledSet;
  validation: LabelledSet;
}

/** Checks `dataset` against `spec` (a RangeError saying what does not fit) and splits it by training.validationSplit. */
export function splitData(spec: NetworkSpec, dataset: Dataset): DataSplit {
  checkShapes(spec, dataset);
  const t = spec.training;
  const m = dataset.m;
  const mVal = Math.min(m - 1, Math.round(m * t.validationSplit));
  const perm = Uint32Array.from({ length: m }, (_, i) => i);
  if (mVal > 0) Random.derive(t.seed, 'split').shuffle(perm);
  const trainIndices = perm.slice(0, m - mVal).sort();
  const validationIndices = perm.slice(m - mVal).sort();
  return {
    trainIndices,
    validationIndices,
    train: gather(dataset, trainIndices),
    validation: gather(dataset, validationIndices),
  };
}

/** Rows `idx` of the dataset as one set (X m × n, Y m × K, row-major). */
function gather(dataset: Dataset, idx: Uint32Array): LabelledSet {
  const { n, K, X, Y } = dataset;
  const Xo = new Float64Array(idx.length * n),
    Yo = new Float64Array(idx.length * K);
  idx.forEach((p, r) => {
    Xo.set(X.subarray(p * n, (p + 1) * n), r * n);
    Yo.set(Y.subarray(p * K, (p + 1) * K), r * K);
  });
  return { X: Xo, Y: Yo, m: idx.length };
}

/** The data must fit the network (n inputs, K outputs) and be complete; the split fraction in [0, 1). */
function checkShapes(spec: NetworkSpec, dataset: Dataset): void {
  const layers = spec.layers;
  const L = layers.length;
  if (L < 2) throw new RangeError(`a network needs at least 2 layers, got ${L}`);
  if (dataset.n !== layers[0].units) {
    throw new RangeError(
      `the data has n = ${dataset.n} inputs but layer 1 has s_1 = ${layers[0].units} units`,
    );
  }
  if (dataset.K !== layers[L - 1].units) {
    throw new RangeError(
      `the data has K = ${dataset.K} outputs but layer ${L} has s_${L} = ${layers[L - 1].units} units`,
    );
  }
  if (!Number.isInteger(dataset.m) || dataset.m < 1)
    throw new RangeError(`the data has no samples (m = ${dataset.m})`);
  if (dataset.X.length !== dataset.m * dataset.n || dataset.Y.length !== dataset.m * dataset.K) {
    throw new RangeError(`the data arrays do not match m = ${dataset.m}, n = ${dataset.n}, K = ${dataset.K}`);
  }
  const split = spec.training.validationSplit;
  if (!(split >= 0 && split < 1)) {
    throw new RangeError(`training.validationSplit must be in [0, 1), got ${split}`);
  }
}
