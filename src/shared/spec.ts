/**
 * The validated contents of a .nn.json file, in the lecture's notation.
 *
 * Indexing: arrays here are 0-based, the lecture is 1-based. `layers[l]` is layer l+1 of the lecture
 * (layers[0] is the input layer, s_1 = layers[0].units), and `weights[l]` is Θ^(l+1), of size
 * s_{l+2} × (s_{l+1} + 1) with the bias column (Θ_j0) first.
 */

import type { ActivationName, GeneratorName, InitName, LossName, OptimizerName, RaceVary } from './names';
import type { Pace } from './pace';

export type { ActivationName, GeneratorName, InitName, LossName, OptimizerName, RaceVary };

export interface LayerSpec {
  /** s_l, the number of units (not counting the bias unit). */
  units: number;
  /** g for this layer; absent (ignored) on the input layer. */
  activation: ActivationName;
  /** Probability of dropping a unit of this (hidden) layer while training; 0 = off. */
  dropout: number;
}

export interface OptimizerSpec {
  name: OptimizerName;
  /** momentum: velocity decay β (default 0.9). */
  beta: number;
  /** adam: β1 (default 0.9). */
  beta1: number;
  /** adam: β2 (default 0.999). */
  beta2: number;
  /** adadelta: ρ (default 0.95); rmsprop: ρ (default 0.9). */
  rho: number;
  /** numerical stabiliser ε (default 1e-8; adadelta 1e-6). */
  epsilon: number;
}

export interface InitSpec {
  name: InitName;
  /** normal: standard deviation σ of N(0, σ²) (default 1). */
  sigma: number;
  /** uniform: half-width ε of U(−ε, ε) (default 0.12). */
  epsilon: number;
}

export interface EarlyStoppingSpec {
  /** Epochs without an improvement of the validation cost before stopping. */
  patience: number;
  /** Smallest decrease of the validation cost that counts as an improvement. */
  minDelta: number;
  /** Restore Θ from the epoch with the best validation cost when stopping. */
  restoreBest: boolean;
}

export interface TrainingSpec {
  /** α, the learning rate. */
  learningRate: number;
  /** λ, the regularization strength. */
  lambda: number;
  /** Epochs to run (an upper bound when early stopping is on). */
  epochs: number;
  /** B: samples per update. 0 means full batch (B = m); 1 is stochastic. */
  batchSize: number;
  optimizer: OptimizerSpec;
  init: InitSpec;
  /** Seed of every random choice: init, shuffling, dropout, generators, split. */
  seed: number;
  /** Fraction of the samples held out for validation (0 = none). */
  validationSplit: number;
  earlyStopping: EarlyStoppingSpec | null;
  /**
   * The pace to train at (updates of Θ per second, or a named pace: see src/shared/pace.ts); absent = the setting nnViz.speed.
   * The view's pace control overrides it for a session without changing the file.
   */
  speed?: Pace;
}

export type DataSpec =
  /** No "data": the network can predict (e.g. imported from ONNX) but not be trained or costed. */
  | { kind: 'none' }
  | { kind: 'inline'; inputs: number[][]; targets: number[][] }
  | { kind: 'labels'; inputs: number[][]; labels: number[]; classes: string[] }
  | {
      kind: 'generator';
      generator: GeneratorName;
      samples: number;
      noise: number;
      classes: number;
      seed: number;
    }
  | {
      kind: 'csv';
      /** Path relative to the .nn.json's folder, never outside its folder tree. */
      path: string;
      header: boolean;
      /** Columns (0-based indices after resolving names) holding the targets; the rest are inputs. */
      targetColumns: (string | number)[];
      /** Alternatively a single column of class labels (names or integers). */
      labelColumn: string | number | null;
      /** Class names in output order for labelColumn; null = integers 0..K−1 or names by first appearance. */
      classes: string[] | null;
    }
  | {
      kind: 'mnist';
      samples: number;
      /** side length in pixels: 28 (original) or smaller by area averaging, e.g. 20 */ size: number;
    };

export interface NetworkSpec {
  name: string;
  description: string;
  layers: LayerSpec[];
  /** Θ^(1), Θ^(2), … as arrays of rows, bias column first; null when the init rule is used. */
  weights: number[][][] | null;
  loss: LossName;
  data: DataSpec;
  training: TrainingSpec;
  /** A race (several runs of this network overlaid, see docs/FORMAT.md "Races"); absent or null = none. */
  race?: RaceSpec | null;
  /** A worksheet: questions whose answers the engine computes at the file's Θ (docs/FORMAT.md "Exercises"). */
  exercises?: ExerciseSpec[];
}

/** What an exercise asks for: a^(l), z^(l), δ^(l) of one sample; D^(l) or J(Θ) over the whole data set. */
export type ExerciseQuantity = 'a' | 'z' | 'delta' | 'D' | 'J';

/** One question of a worksheet, in the lecture's 1-based numbering. */
export interface ExerciseSpec {
  quantity: ExerciseQuantity;
  /** The layer l (1 … L; for D, Θ^(l) with l < L); null for J. */
  layer: number | null;
  /** The sample i (1 … m) for a, z and δ; null for D and J. */
  sample: number | null;
  /** Unit j of layer l (a, z, δ); for D a row j of D^(l), or [j, i] for the entry D_ji^(l); null = all of it. */
  unit: number | [number, number] | null;
  /** The question as the teacher words it; null = generated from the quantity. */
  prompt: string | null;
}

/** One network trained several ways from the same seed and the same initial Θ (except when `init` varies). */
export type RaceSpec =
  | { vary: 'learningRate'; values: number[] }
  | { vary: 'optimizer'; values: OptimizerName[] }
  /** 0 = full batch (written "full"), 1 = stochastic, B = mini-batches. */
  | { vary: 'batchSize'; values: number[] }
  /** g of every hidden layer (the output layer keeps its own). */
  | { vary: 'activation'; values: ActivationName[] }
  | { vary: 'init'; values: InitName[] };

/** A dataset in memory: m samples, n inputs, K outputs, row-major. */
export interface Dataset {
  m: number;
  n: number;
  K: number;
  /** m × n */
  X: Float64Array;
  /** m × K (one-hot for class labels) */
  Y: Float64Array;
  /** Class names when the targets are classes (one output per class, or one output for two classes). */
  classNames: string[] | null;
  /** Width and height when each input is an image (MNIST). */
  imageShape: [number, number] | null;
}

/** One problem found in a file, with where it is. */
export interface SpecError {
  message: string;
  /** JSON pointer, e.g. "/weights/0/1" ("" for the whole document). */
  pointer: string;
  /** Character offset and length in the text. */
  offset: number;
  length: number;
  /** 1-based line and column of `offset`. */
  line: number;
  column: number;
  severity: 'error' | 'warning';
}

export type ParseResult =
  | { ok: true; spec: NetworkSpec; warnings: SpecError[] }
  /** `syntax`: the errors are JSON syntax errors (which VS Code's JSON language service reports too). */
  | { ok: false; errors: SpecError[]; syntax?: boolean };
