/**
 * What an explanation reads (the network's shape, the file's hyper-parameters, the current frame, the stepper's
 * records) and what it gives back. Pure types and the sample sources: no DOM.
 */
import type { StepRecord } from '../../src/protocol';
import { sig } from '../notation';
import type { Selection } from './selection';

/** The numbers of the current frame an explanation uses (a structural subset of the protocol's Frame). */
export interface ExplainFrame {
  epoch: number;
  /** null when the run diverged (J was NaN or ±∞). */
  J: number | null;
  /** J is a running estimate of a worker training at full speed (Frame.estimated); absent = exact. */
  estimated?: boolean;
  /** Θ^(l+1) row-major, s_{l+2} × (s_{l+1} + 1), bias column first. */
  theta: ArrayLike<number>[];
  D: ArrayLike<number>[] | null;
  update: ArrayLike<number>[] | null;
  inspected: {
    index: number;
    validation?: boolean;
    x: ArrayLike<number>;
    y: ArrayLike<number>;
    z: ArrayLike<number>[];
    a: ArrayLike<number>[];
    delta: ArrayLike<number>[];
  } | null;
  /** Every sample's activations a[t][j] = a^(j+1) (small data sets only). */
  table: { a: number[][][] } | null;
}

export interface ExplainContext {
  /** s_1 … s_L */
  sizes: number[];
  /** g of each layer (index j − 1). */
  activations: string[];
  loss: 'cross-entropy' | 'mse';
  lambda: number;
  alpha: number;
  optimizer: string;
  /** 0 = full batch. */
  batchSize: number;
  /** Training samples m (the validation part excluded); null when unknown. */
  m: number | null;
  /** Every sample's y in file order, and which are held out (small data sets only). */
  targets: number[][] | null;
  isValidation: boolean[] | null;
  frame: ExplainFrame | null;
  /** The stepper's records (its local history). */
  records: StepRecord[];
}

/** A link to another number: an input of this one, or a number this one is used in. */
export interface ExplainLink {
  selection: Selection;
  role: 'input' | 'used-in';
}

/** The stepper step that computes the number: a record kind and its layer (j for a, z, δ; l for Δ, D, Θ). */
export interface StepTarget {
  kind: StepRecord['kind'];
  layer: number;
  /** The sample (0-based row) the step should be of; null for steps after the loop (D, the update). */
  sample: number | null;
  /** "the forward pass of layer 2", for the link's text. */
  label: string;
}

export interface Explanation {
  title: string;
  /** The number explained; null when the panel does not have it. */
  value: number | null;
  /** The equation in the lecture's notation (KaTeX source, one line each). */
  general: string[];
  /** The same with this number's inputs substituted. */
  numeric: string[];
  /** Plain sentences: which sample, what depends on the whole set, where we differ from a slide, what is missing. */
  notes: string[];
  links: ExplainLink[];
  step: StepTarget | null;
}

/**
 * One sample's forward and backward numbers, from the frame's inspected sample or from the stepper's records of one
 * sample. Vectors exclude the bias unit; index j − 1 for a^(j), j − 2 for z^(j) and δ^(j) as in InspectedSample.
 */
export interface SampleSource {
  /** 0-based row of the sample in the file. */
  row: number;
  /** "for sample i = 3 (x = (1, 0)), the inspected sample". */
  says: string;
  /** Index of the stepper record the numbers come from, or undefined for the frame. */
  step?: number;
  x: number[] | null;
  y: number[] | null;
  a(j: number): number[] | null;
  z(j: number): number[] | null;
  delta(j: number): number[] | null;
  /** Θ^(l) as rows, the one this sample's numbers were computed with. */
  theta(l: number): number[][] | null;
}

export function plainVector(v: ArrayLike<number>, max = 4): string {
  const a = Array.from(v);
  const shown = a.slice(0, max).map((n) => sig(n, 4));
  return `(${shown.join(', ')}${a.length > max ? ', …' : ''})`;
}

/** Θ^(l) (1-based l) of the frame as rows, or null. */
export function frameTheta(ctx: ExplainContext, l: number): number[][] | null {
  const flat = ctx.frame?.theta[l - 1];
  const rows = ctx.sizes[l];
  const cols = (ctx.sizes[l - 1] ?? -1) + 1;
  if (!flat || !rows || flat.length !== rows * cols) return null;
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => flat[r * cols + c]));
}

/** The frame's inspected sample as a source; null when the frame has none. */
export function frameSource(ctx: ExplainContext): SampleSource | null {
  const ins = ctx.frame?.inspected;
  if (!ins) return null;
  const x = Array.from(ins.x);
  const held = ins.validation ? ', held out for validation' : '';
  return {
    row: ins.index,
    says: `For sample i = ${ins.index + 1} (x = ${plainVector(x)}), the inspected sample${held}, at the current Θ.`,
    x,
    y: Array.from(ins.y),
    a: (j) => (ins.a[j - 1] ? Array.from(ins.a[j - 1]) : null),
    z: (j) => (ins.z[j - 2] ? Array.from(ins.z[j - 2]) : null),
    delta: (j) => (ins.delta[j - 2] ? Array.from(ins.delta[j - 2]) : null),
    theta: (l) => frameTheta(ctx, l),
  };
}
