/**
 * Numerical gradient checking: each ∂J/∂Θ_ji^(l) by central differences (J(Θ + ε) − J(Θ − ε)) / 2ε, compared
 * with backpropagation's D^(l) per layer by the relative difference ‖D − D_num‖ / (‖D‖ + ‖D_num‖).
 * Dropout is off (J must be a deterministic function of Θ).
 */
import { type Matrix, zeros } from './matrix';
import { type Network, cost, costAndGradient } from './network';
import { Random } from './random';
import type { LossName } from './spec-types';

export interface GradientCheckOptions {
  /** The finite-difference step ε (default 1e-5). */
  epsilon?: number;
  /** Largest relative difference that passes (default 1e-7). */
  threshold?: number;
  /** Check at most this many entries of each Θ, chosen at random (default: all). */
  maxParametersPerLayer?: number;
  /** Seed for choosing the entries when `maxParametersPerLayer` limits them (default 0). */
  seed?: number;
}

export interface GradientCheck {
  /** Per Θ^(l+1): ‖D − D_num‖ / (‖D‖ + ‖D_num‖) over the checked entries (0 when both are 0). */
  relativeDifference: number[];
  passed: boolean;
  threshold: number;
  /** Backpropagation's D (all entries). */
  analytic: Matrix[];
  /** Central differences (NaN for entries that were not checked). */
  numeric: Matrix[];
}

/** Checks backpropagation on m samples (X m × n, Y m × K) at the network's current Θ (left unchanged). */
export function gradientCheck(
  net: Network,
  X: Float64Array,
  Y: Float64Array,
  m: number,
  loss: LossName,
  lambda: number,
  opts: GradientCheckOptions = {},
): GradientCheck {
  const eps = opts.epsilon ?? 1e-5;
  const threshold = opts.threshold ?? 1e-7;
  if (!(eps > 0)) throw new RangeError(`gradientCheck: ε must be > 0, got ${eps}`);
  const analytic = costAndGradient(net, X, Y, m, loss, lambda).D.map((d) => ({
    ...d,
    data: new Float64Array(d.data),
  }));
  const rng = new Random(opts.seed ?? 0);
  const relativeDifference: number[] = [];
  const numeric: Matrix[] = [];
  net.theta.forEach((t, l) => {
    const num = zeros(t.rows, t.cols);
    num.data.fill(NaN);
    const count = t.data.length;
    const limit = Math.min(count, opts.maxParametersPerLayer ?? count);
    let entries: Uint32Array = Uint32Array.from({ length: count }, (_, i) => i);
    if (limit < count) entries = rng.shuffle(entries).subarray(0, limit);
    let diff = 0,
      normA = 0,
      normN = 0;
    for (const q of entries) {
      const saved = t.data[q];
      t.data[q] = saved + eps;
      const plus = cost(net, X, Y, m, loss, lambda);
      t.data[q] = saved - eps;
      const minus = cost(net, X, Y, m, loss, lambda);
      t.data[q] = saved;
      const g = (plus - minus) / (2 * eps);
      num.data[q] = g;
      const a = analytic[l].data[q];
      diff += (a - g) * (a - g);
      normA += a * a;
      normN += g * g;
    }
    const denom = Math.sqrt(normA) + Math.sqrt(normN);
    relativeDifference.push(denom === 0 ? 0 : Math.sqrt(diff) / denom);
    numeric.push(num);
  });
  const passed = relativeDifference.every((r) => r < threshold);
  return { relativeDifference, passed, threshold, analytic, numeric };
}
