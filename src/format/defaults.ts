/**
 * Every default of the .nn.json format, in one place. The schema's "default" annotations and
 * docs/FORMAT.md repeat these values (a unit test keeps the schema in step with this file).
 */
import type {
  ActivationName,
  GeneratorName,
  InitName,
  LossName,
  OptimizerName,
  OptimizerSpec,
} from '../shared/spec';

export const DEFAULTS = {
  name: 'Untitled network',
  description: '',
  /** g of every layer after the input layer when "activation" is omitted (the lecture's logistic unit). */
  activation: 'sigmoid' as ActivationName,
  /** The input layer has no g; a^(1) = x. Stored as 'linear' in NetworkSpec. */
  inputActivation: 'linear' as ActivationName,
  dropout: 0,
  loss: 'cross-entropy' as LossName,
  training: {
    learningRate: 0.5,
    lambda: 0,
    epochs: 1000,
    /** 0 = full batch (B = m). */
    batchSize: 0,
    optimizer: 'gd' as OptimizerName,
    init: 'normal' as InitName,
    seed: 1,
    validationSplit: 0,
  },
  /** Used when earlyStopping is true or an object with some fields left out. */
  earlyStopping: { patience: 10, minDelta: 0, restoreBest: true },
  init: { sigma: 1, epsilon: 0.12 },
  generator: {
    /** Logic gates (and, or, not, xor, xnor): the truth table's rows, once each. */
    gateSamples: { and: 4, or: 4, xor: 4, xnor: 4, not: 2 } as Partial<Record<GeneratorName, number>>,
    /** circle, spiral, gaussian */
    samples: 200,
    /** noise of the logic gates (σ of the jitter added to x). */
    gateNoise: 0,
    /** noise of circle, spiral and gaussian. */
    noise: 0.1,
    classes: 2,
  },
  csv: { header: true },
  mnist: { samples: 10_000, size: 28 },
} as const;

/** Optimizer hyperparameters when only the name (or part of the object) is given. */
export function optimizerDefaults(name: OptimizerName): OptimizerSpec {
  return {
    name,
    beta: 0.9,
    beta1: 0.9,
    beta2: 0.999,
    rho: name === 'rmsprop' ? 0.9 : 0.95,
    epsilon: name === 'adadelta' ? 1e-6 : 1e-8,
  };
}

/** The name lists, re-exported: one source (src/shared/names.ts) for what the format accepts and the engine computes. */
export { ACTIVATIONS, LOSSES, OPTIMIZERS, INITS, GENERATORS } from '../shared/names';

/**
 * Samples held out for validation, as the engine's Trainer does it: round(m × validationSplit), a seeded
 * random subset, at most m − 1 (semantic checks refuse a split whose round(m × split) reaches m).
 */
export function validationCount(m: number, validationSplit: number): number {
  return Math.min(m - 1, Math.round(m * validationSplit));
}
