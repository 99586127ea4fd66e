/**
 * The loss surface: J(Θ) over a 2-D slice through the weights, J(Θ0 + α d1 + β d2) for α, β on a grid in [−r, r]²,
 * and the training trajectory projected onto the slice.
 *
 * The directions d1, d2 have Θ's shapes (one Float64Array per Θ^(l), row-major, bias column first). Either
 * - two chosen weights Θ_ji^(l): d is the unit vector of that entry (α then reads as "Θ_ji^(l) − its current value"), or
 * - two random directions with filter normalization (Li, Xu, Taylor, Studer, Goldstein, "Visualizing the Loss
 *   Landscape of Neural Nets", NeurIPS 2018): entries ~ N(0, 1), then each row j of d^(l) (the weights into unit j
 *   of layer l+1) is scaled to the norm of that row of Θ^(l): d_j ← d_j · ‖Θ_j‖ / ‖d_j‖.
 *
 * J is computed by `cost` of network.ts (the code path of Trainer.evaluate), so at α = β = 0 the surface is J(Θ0)
 * bit for bit. Cost of a slice: resolution² evaluations of J, each m × Σ_l s_{l+1}(s_l + 1) multiply-adds (the
 * forward pass; J needs no backward pass), checked against SURFACE_BUDGET before anything runs.
 */
import type { Matrix } from './matrix';
import { type Network, cost } from './network';
import { Random } from './random';
import type { LossName } from './spec-types';

/** Largest slice computed: resolution² × m × (multiply-adds of one forward pass per sample). */
export const SURFACE_BUDGET = 2_000_000_000;
/** Grid sizes allowed (points per axis; odd, so that the centre α = β = 0 is a grid point). */
export const SURFACE_MIN_RESOLUTION = 5;
export const SURFACE_MAX_RESOLUTION = 101;

/** A weight in the lecture's notation: Θ_ji^(l), l = 1..L−1, j = 1..s_{l+1}, i = 0..s_l (0 = bias). */
export interface WeightRef {
  layer: number;
  row: number;
  col: number;
}

export type SurfaceAxes = { kind: 'weights'; a: WeightRef; b: WeightRef } | { kind: 'random'; seed: number };

/** Multiply-adds of one forward pass of one sample: Σ_l s_{l+1} × (s_l + 1). */
export function forwardCost(sizes: readonly number[]): number {
  let c = 0;
  for (let l = 0; l + 1 < sizes.length; l++) c += sizes[l + 1] * (sizes[l] + 1);
  return c;
}

/** Estimated multiply-adds of a slice: resolution² × m × forwardCost. */
export function surfaceCostEstimate(sizes: readonly number[], m: number, resolution: number): number {
  return resolution * resolution * m * forwardCost(sizes);
}

/** Null when the slice may run, else why not (with the estimate and the budget). */
export function checkSurfaceRequest(
  sizes: readonly number[],
  m: number,
  resolution: number,
  range: number,
): string | null {
  if (
    !Number.isInteger(resolution) ||
    resolution < SURFACE_MIN_RESOLUTION ||
    resolution > SURFACE_MAX_RESOLUTION
  )
    return `resolution must be a whole number from ${SURFACE_MIN_RESOLUTION} to ${SURFACE_MAX_RESOLUTION}, got ${resolution}`;
  if (resolution % 2 === 0) return `resolution must be odd (so α = β = 0 is on the grid), got ${resolution}`;
  if (!(Number.isFinite(range) && range > 0 && range <= 1e3))
    return `range r must be a number in (0, 1000], got ${range}`;
  const est = surfaceCostEstimate(sizes, m, resolution);
  if (est > SURFACE_BUDGET) {
    const fit = Math.floor(Math.sqrt(SURFACE_BUDGET / (m * forwardCost(sizes))));
    const hint =
      fit >= SURFACE_MIN_RESOLUTION
        ? ` Use a resolution of at most ${fit % 2 === 0 ? fit - 1 : fit}.`
        : ' The network and data are too large for any slice.';
    return `a ${resolution}×${resolution} slice costs about ${est.toExponential(2)} multiply-adds (${resolution}² × m = ${m} × ${forwardCost(sizes)} per forward pass), over the budget of ${SURFACE_BUDGET.toExponential(1)}.${hint}`;
  }
  return null;
}

/** The unit direction of Θ_ji^(l) (throws a RangeError naming the weight when it does not exist). */
export function weightDirection(net: Network, w: WeightRef): Float64Array[] {
  const L = net.sizes.length;
  const { layer: l, row: j, col: i } = w;
  if (!Number.isInteger(l) || l < 1 || l > L - 1) throw new RangeError(`Θ^(${l}): l must be 1..${L - 1}`);
  const t = net.theta[l - 1];
  if (!Number.isInteger(j) || j < 1 || j > t.rows)
    throw new RangeError(`Θ_${j}${i}^(${l}): row j must be 1..${t.rows}`);
  if (!Number.isInteger(i) || i < 0 || i >= t.cols)
    throw new RangeError(`Θ_${j}${i}^(${l}): column i must be 0..${t.cols - 1}`);
  const d = net.theta.map((m) => new Float64Array(m.rows * m.cols));
  d[l - 1][(j - 1) * t.cols + i] = 1;
  return d;
}

/**
 * A random direction, filter-normalized row by row: every row j of d^(l) gets the norm of row j of Θ^(l)
 * (a row of zeros in Θ gives a row of zeros in d, as in Li et al.).
 */
export function randomDirection(theta: readonly Matrix[], rng: Random): Float64Array[] {
  return theta.map((t) => {
    const d = new Float64Array(t.rows * t.cols);
    for (let q = 0; q < d.length; q++) d[q] = rng.normal();
    for (let j = 0; j < t.rows; j++) {
      let nd = 0,
        nt = 0;
      for (let i = 0; i < t.cols; i++) {
        nd += d[j * t.cols + i] ** 2;
        nt += t.data[j * t.cols + i] ** 2;
      }
      const s = nd > 0 ? Math.sqrt(nt) / Math.sqrt(nd) : 0;
      for (let i = 0; i < t.cols; i++) d[j * t.cols + i] *= s;
    }
    return d;
  });
}

/** d1, d2 for the axes (two independent streams derived from the seed for random directions). */
export function surfaceDirections(net: Network, axes: SurfaceAxes): [Float64Array[], Float64Array[]] {
  if (axes.kind === 'weights') {
    const { a, b } = axes;
    if (a.layer === b.layer && a.row === b.row && a.col === b.col)
      throw new RangeError('the two axes must be two different weights');
    return [weightDirection(net, a), weightDirection(net, b)];
  }
  return [
    randomDirection(net.theta, Random.derive(axes.seed, 'surface-d1')),
    randomDirection(net.theta, Random.derive(axes.seed, 'surface-d2')),
  ];
}

/** α_k = r (2k − (n − 1)) / (n − 1), k = 0..n−1: the centre k = (n − 1)/2 is exactly 0. */
export function gridCoordinates(resolution: number, range: number): Float64Array {
  const n = resolution;
  return Float64Array.from({ length: n }, (_, k) => (range * (2 * k - (n - 1))) / (n - 1));
}

/** Everything one slice needs; `row(k)` computes J for β = coords[k] and every α. */
export class SurfaceSlice {
  readonly coords: Float64Array;
  private readonly probe: Network;

  constructor(
    readonly net: Network,
    readonly theta0: readonly Float64Array[],
    readonly d1: readonly Float64Array[],
    readonly d2: readonly Float64Array[],
    readonly X: Float64Array,
    readonly Y: Float64Array,
    readonly m: number,
    readonly loss: LossName,
    readonly lambda: number,
    readonly resolution: number,
    readonly range: number,
  ) {
    this.coords = gridCoordinates(resolution, range);
    this.probe = {
      sizes: net.sizes,
      activations: net.activations,
      dropout: net.dropout,
      theta: net.theta.map((t) => ({ rows: t.rows, cols: t.cols, data: new Float64Array(t.rows * t.cols) })),
    };
  }

  /** J(Θ0 + α d1 + β d2). */
  at(alpha: number, beta: number): number {
    this.probe.theta.forEach((t, l) => {
      const o = this.theta0[l],
        a = this.d1[l],
        b = this.d2[l];
      // α = β = 0 leaves Θ0 unchanged (x + 0 = x), so the centre is J(Θ0) exactly.
      for (let q = 0; q < o.length; q++) t.data[q] = o[q] + alpha * a[q] + beta * b[q];
    });
    return cost(this.probe, this.X, this.Y, this.m, this.loss, this.lambda);
  }

  /** Row k of the grid: J at (α_c, β_k) for c = 0..n−1. */
  row(k: number): Float64Array {
    const out = new Float64Array(this.resolution);
    const beta = this.coords[k];
    for (let c = 0; c < this.resolution; c++) out[c] = this.at(this.coords[c], beta);
    return out;
  }

  /** The whole grid, row-major (row k = β_k), for tests and the CLI; the worker calls row() with pauses. */
  all(): Float64Array {
    const n = this.resolution;
    const out = new Float64Array(n * n);
    for (let k = 0; k < n; k++) out.set(this.row(k), k * n);
    return out;
  }
}

/**
 * Least-squares coordinates (α, β) of Θ − Θ0 in the plane of d1, d2: solves the normal equations
 * [d1·d1 d1·d2; d1·d2 d2·d2] [α β]ᵀ = [d1·v d2·v]ᵀ with v = Θ − Θ0.
 */
export function projectOnto(
  theta: readonly Float64Array[],
  theta0: readonly Float64Array[],
  d1: readonly Float64Array[],
  d2: readonly Float64Array[],
): [number, number] {
  let a11 = 0,
    a12 = 0,
    a22 = 0,
    b1 = 0,
    b2 = 0;
  for (let l = 0; l < theta.length; l++) {
    const t = theta[l],
      o = theta0[l],
      p = d1[l],
      r = d2[l];
    for (let q = 0; q < t.length; q++) {
      const v = t[q] - o[q];
      a11 += p[q] * p[q];
      a12 += p[q] * r[q];
      a22 += r[q] * r[q];
      b1 += p[q] * v;
      b2 += r[q] * v;
    }
  }
  const det = a11 * a22 - a12 * a12;
  if (!(Math.abs(det) > 1e-300)) return [a11 > 0 ? b1 / a11 : 0, a22 > 0 ? b2 / a22 : 0];
  return [(a22 * b1 - a12 * b2) / det, (a11 * b2 - a12 * b1) / det];
}

/** What the Θ snapshots of a ThetaTrail may take. */
const TRAIL_BYTES = 32 * 2 ** 20;

/** Keeps Θ of every k-th epoch, at most `max` snapshots: when full, every other one is dropped and k doubles. */
export class ThetaTrail {
  private every = 1;
  readonly epochs: number[] = [];
  readonly thetas: Float64Array[][] = [];
  /** J(Θ) of each kept Θ. */
  readonly costs: number[] = [];

  constructor(readonly max = 512) {}

  /**
   * A trail for a Θ of `weights` numbers: at most 512 snapshots and TRAIL_BYTES of them, at least 16. A small network
   * keeps 512; 784-64-10 (50,890 weights, 407 kB a snapshot) keeps 82, where 512 held 208 MB in a long run.
   */
  static forWeights(weights: number): ThetaTrail {
    return new ThetaTrail(Math.max(16, Math.min(512, Math.floor(TRAIL_BYTES / (8 * weights)))));
  }

  /** Record Θ after `epoch` (0 = the initial Θ) and its J when the epoch falls on the current stride. */
  record(epoch: number, theta: readonly Matrix[], J: number): void {
    if (epoch % this.every !== 0) return;
    if (this.epochs.length > 0 && this.epochs[this.epochs.length - 1] >= epoch) {
      // A reset or a re-run: the trail starts over from this epoch.
      while (this.epochs.length > 0 && this.epochs[this.epochs.length - 1] >= epoch) {
        this.epochs.pop();
        this.thetas.pop();
        this.costs.pop();
      }
    }
    this.epochs.push(epoch);
    this.thetas.push(theta.map((t) => t.data.slice()));
    this.costs.push(J);
    if (this.epochs.length > this.max) {
      this.every *= 2;
      let w = 0;
      for (let r = 0; r < this.epochs.length; r++) {
        if (this.epochs[r] % this.every === 0) {
          this.epochs[w] = this.epochs[r];
          this.thetas[w] = this.thetas[r];
          this.costs[w] = this.costs[r];
          w++;
        }
      }
      this.epochs.length = w;
      this.thetas.length = w;
      this.costs.length = w;
    }
  }

  clear(): void {
    this.epochs.length = 0;
    this.thetas.length = 0;
    this.costs.length = 0;
    this.every = 1;
  }

  get stride(): number {
    return this.every;
  }
}
