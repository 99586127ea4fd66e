/** Shared builders for the engine tests. */
import type { ActivationName, Dataset, LossName, NetworkSpec, OptimizerName } from '../../../src/shared/spec';
import { defaultOptimizerSpec, type Matrix } from '../../../src/engine';

export interface SpecOptions {
  sizes: number[];
  activations?: ActivationName[];
  hidden?: ActivationName;
  output?: ActivationName;
  loss?: LossName;
  weights?: number[][][] | null;
  learningRate?: number;
  lambda?: number;
  batchSize?: number;
  optimizer?: OptimizerName;
  seed?: number;
  epochs?: number;
  validationSplit?: number;
  dropout?: number[];
  init?: NetworkSpec['training']['init'];
  earlyStopping?: NetworkSpec['training']['earlyStopping'];
}

export function makeSpec(o: SpecOptions): NetworkSpec {
  const L = o.sizes.length;
  return {
    name: 'test',
    description: '',
    layers: o.sizes.map((units, l) => ({
      units,
      activation: o.activations?.[l] ?? (l === L - 1 ? (o.output ?? 'sigmoid') : (o.hidden ?? 'sigmoid')),
      dropout: o.dropout?.[l] ?? 0,
    })),
    weights: o.weights ?? null,
    loss: o.loss ?? 'cross-entropy',
    data: { kind: 'inline', inputs: [], targets: [] },
    training: {
      learningRate: o.learningRate ?? 0.1,
      lambda: o.lambda ?? 0,
      epochs: o.epochs ?? 100,
      batchSize: o.batchSize ?? 0,
      optimizer: defaultOptimizerSpec(o.optimizer ?? 'gd'),
      init: o.init ?? { name: 'normal', sigma: 1, epsilon: 0.12 },
      seed: o.seed ?? 1,
      validationSplit: o.validationSplit ?? 0,
      earlyStopping: o.earlyStopping ?? null,
    },
  };
}

export function makeDataset(
  inputs: number[][],
  targets: number[][],
  classNames: string[] | null = null,
): Dataset {
  return {
    m: inputs.length,
    n: inputs[0].length,
    K: targets[0].length,
    X: Float64Array.from(inputs.flat()),
    Y: Float64Array.from(targets.flat()),
    classNames,
    imageShape: null,
  };
}

export const XOR_INPUTS = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
export const XOR_TARGETS = [[0], [1], [1], [0]];

/** Relative closeness: |a − b| ≤ tol · max(1, |b|). */
export function close(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}

/** M(i, j) of a row-major matrix. */
export function entry(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j];
}
