/**
 * A feed-forward network in the lecture's notation and its vectorized forward pass and backpropagation.
 *
 * A batch of m samples is stored one sample per ROW, so the lecture's z^(l+1) = Θ^(l) a^(l) (one column vector
 * per sample) becomes Z^(l+1) = [1 A^(l)] · (Θ^(l))ᵀ; the bias column of Θ is added directly instead of
 * prepending a column of ones to A (no copy of X).
 * Arrays are indexed by the engine's one convention (index.ts): a[l] = a^(l+1); theta[l] = Θ^(l+1) and the z[l] =
 * z^(l+2), delta[l] = δ^(l+2) it produces.
 */
import { activate, activationDerivative, g, gPrime, ACTIVATIONS } from './activations';
import { outputDelta, regularization, sampleCost } from './losses';
import { initTheta } from './init';
// The kernel seam: JavaScript or WebAssembly SIMD kernels, bit-for-bit equal (see wasm/select.ts).
import { accumulateDelta, affineForward, backpropDelta } from './wasm/select';
import { type Matrix, fromRows, toRows, zeros } from './matrix';
import type { Random } from './random';
import type { ActivationName, InitSpec, LayerSpec, LossName } from './spec-types';

export interface Network {
  /** s_1, s_2, …, s_L (units without the bias unit). */
  sizes: number[];
  /** g of each layer; activations[0] (the input layer) is unused. */
  activations: ActivationName[];
  /** theta[l] = Θ^(l+1), s_{l+2} × (s_{l+1} + 1), bias column first. */
  theta: Matrix[];
  /** Dropout probability p of each layer while training (only hidden layers may be > 0). */
  dropout: number[];
}

/**
 * Builds a network from its layers and either explicit weights (Θ^(1), Θ^(2), … as arrays of rows, bias first)
 * or, when `weights` is null, the init rule drawing from `rng`. Throws a RangeError saying what is wrong.
 */
export function createNetwork(
  layers: readonly LayerSpec[],
  weights: readonly (readonly (readonly number[])[])[] | null,
  init: InitSpec,
  rng: Random,
): Network {
  if (layers.length < 2) throw new RangeError(`a network needs at least 2 layers, got ${layers.length}`);
  const L = layers.length;
  const sizes: number[] = [];
  const activations: ActivationName[] = [];
  const dropout: number[] = [];
  layers.forEach((layer, l) => {
    const where = `layer ${l + 1}`;
    if (!Number.isInteger(layer.units) || layer.units < 1) {
      throw new RangeError(`${where}: units must be a positive integer, got ${layer.units}`);
    }
    const act = l === 0 ? 'linear' : layer.activation;
    if (!ACTIVATIONS.includes(act)) throw new RangeError(`${where}: unknown activation "${String(act)}"`);
    if (act === 'softmax' && l !== L - 1) {
      throw new RangeError(`${where}: softmax is only allowed on the output layer (layer ${L})`);
    }
    const p = layer.dropout ?? 0;
    if (!(p >= 0 && p < 1)) throw new RangeError(`${where}: dropout must be in [0, 1), got ${p}`);
    if (p > 0 && (l === 0 || l === L - 1)) {
      throw new RangeError(`${where}: dropout is only allowed on hidden layers (2..${L - 1})`);
    }
    sizes.push(layer.units);
    activations.push(act);
    dropout.push(p);
  });
  const theta: Matrix[] = [];
  if (weights) {
    if (weights.length !== L - 1) {
      throw new RangeError(`weights: expected ${L - 1} matrices Θ^(1)..Θ^(${L - 1}), got ${weights.length}`);
    }
    for (let l = 0; l < L - 1; l++) {
      const rows = weights[l];
      const r = sizes[l + 1],
        c = sizes[l] + 1;
      const name = `Θ^(${l + 1})`;
      if (rows.length !== r)
        throw new RangeError(
          `${name} must be ${r} × ${c} (s_${l + 2} × (s_${l + 1} + 1)), it has ${rows.length} rows`,
        );
      rows.forEach((row, j) => {
        if (row.length !== c)
          throw new RangeError(`${name} must be ${r} × ${c}, row ${j + 1} has ${row.length} entries`);
        row.forEach((v, i) => {
          if (!Number.isFinite(v)) throw new RangeError(`${name}_${j + 1}${i}: not a finite number (${v})`);
        });
      });
      theta.push(fromRows(rows));
    }
  } else {
    for (let l = 0; l < L - 1; l++) theta.push(initTheta(init, sizes[l], sizes[l + 1], rng));
  }
  return { sizes, activations, theta, dropout };
}

/** Deep copy of Θ^(1..L−1). */
export function cloneTheta(theta: readonly Matrix[]): Matrix[] {
  return theta.map((t) => ({ rows: t.rows, cols: t.cols, data: new Float64Array(t.data) }));
}

/** Θ^(1..L−1) as arrays of rows (the .nn.json `weights` format). */
export function thetaToRows(theta: readonly Matrix[]): number[][][] {
  return theta.map(toRows);
}

/**
 * Work buffers for batches of exactly `m` samples; reuse one per batch size so the hot path allocates nothing.
 * a[l] (= a^(l+1)) and masks[l] are m × s_{l+1} (a[0] points at the last X given to `forward`); z[l] (= z^(l+2)) and
 * delta[l] (= δ^(l+2)) are m × s_{l+2}; D[l] has Θ^(l+1)'s shape.
 */
export class Workspace {
  readonly m: number;
  readonly z: Float64Array[];
  readonly a: Float64Array[];
  readonly delta: Float64Array[];
  /** Dropout masks per layer, 1 = dropped (m × s_{l+1}); null for layers without dropout. */
  readonly masks: (Uint8Array | null)[];
  /** Whether `masks` hold the masks of the last forward pass (false when it ran without dropout). */
  masksActive = false;
  /** Gathered inputs (m × n) and targets (m × K) for batches assembled from indices. */
  readonly X: Float64Array;
  readonly Y: Float64Array;
  readonly D: Matrix[];

  constructor(net: Network, m: number) {
    if (!Number.isInteger(m) || m < 1)
      throw new RangeError(`batch size must be a positive integer, got ${m}`);
    this.m = m;
    const L = net.sizes.length;
    this.z = net.sizes.slice(1).map((s) => new Float64Array(m * s));
    this.a = net.sizes.map((s) => new Float64Array(m * s));
    this.delta = net.sizes.slice(1).map((s) => new Float64Array(m * s));
    this.masks = net.sizes.map((s, l) => (net.dropout[l] > 0 ? new Uint8Array(m * s) : null));
    this.X = this.a[0];
    this.Y = new Float64Array(m * net.sizes[L - 1]);
    this.D = net.theta.map((t) => zeros(t.rows, t.cols));
  }
}

export interface ForwardOptions {
  workspace?: Workspace;
  /** When given, inverted dropout is applied to the hidden layers with p > 0, masks drawn from this stream. */
  dropout?: Random | null;
}

export interface ForwardResult {
  /** z[l] = z^(l+2), m × s_{l+2} row-major, l = 0..L−2. */
  z: Float64Array[];
  /** a[l] = a^(l+1) without the bias unit; a[0] is X. */
  a: Float64Array[];
  workspace: Workspace;
}

function checkBatch(net: Network, X: Float64Array, m: number, what: string): void {
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`${what}: m must be a positive integer, got ${m}`);
  if (X.length < m * net.sizes[0]) {
    throw new RangeError(`${what}: X holds ${X.length} numbers, m × n = ${m} × ${net.sizes[0]} needed`);
  }
}

function workspaceFor(net: Network, m: number, ws: Workspace | undefined): Workspace {
  if (!ws) return new Workspace(net, m);
  if (ws.m !== m) throw new RangeError(`workspace is for batches of ${ws.m}, got m = ${m}`);
  return ws;
}

/**
 * Forward propagation of m samples (X is m × n row-major): z^(l+1) = Θ^(l) a^(l) (+ bias), a^(l+1) = g(z^(l+1)).
 * With `opts.dropout`, hidden units of layers with p > 0 are dropped with probability p and the kept ones scaled
 * by 1/(1 − p) (inverted dropout); the masks are left in the workspace.
 */
export function forward(net: Network, X: Float64Array, m: number, opts: ForwardOptions = {}): ForwardResult {
  checkBatch(net, X, m, 'forward');
  const ws = workspaceFor(net, m, opts.workspace);
  const { sizes, theta } = net;
  const L = sizes.length;
  ws.a[0] = X;
  ws.masksActive = false;
  for (let l = 1; l < L; l++) {
    const A = ws.a[l - 1],
      Z = ws.z[l - 1],
      T = theta[l - 1].data;
    const s = sizes[l];
    // z^(l+1) = Θ^(l) [1; a^(l)] for every sample (row) of the batch; see kernels.ts.
    affineForward(A, T, Z, m, sizes[l - 1], s);
    activate(net.activations[l], Z, ws.a[l], m, s);
    const p = net.dropout[l];
    const mask = ws.masks[l];
    if (opts.dropout && p > 0 && mask) {
      const rng = opts.dropout;
      const scale = 1 / (1 - p);
      const Al = ws.a[l];
      for (let i = 0; i < m * s; i++) {
        if (rng.next() < p) {
          mask[i] = 1;
          Al[i] = 0;
        } else {
          mask[i] = 0;
          Al[i] *= scale;
        }
      }
      ws.masksActive = true;
    }
  }
  return { z: ws.z, a: ws.a, workspace: ws };
}

/** h_Θ(x) for one sample, without dropout (a fresh array). */
export function predict(net: Network, x: ArrayLike<number>): Float64Array {
  if (x.length !== net.sizes[0])
    throw new RangeError(`predict: x has ${x.length} inputs, the network takes ${net.sizes[0]}`);
  const r = forward(net, Float64Array.from(x), 1);
  return new Float64Array(r.a[net.sizes.length - 1]);
}

export interface CostOptions {
  workspace?: Workspace;
  /** Dropout stream: training mode when given; evaluation (no dropout) otherwise. */
  dropout?: Random | null;
}

export interface CostAndGradient {
  /** J(Θ) on the batch (including the λ term). */
  J: number;
  /** D[l] = ∂J/∂Θ^(l+1); owned by the workspace, valid until its next use. */
  D: Matrix[];
  workspace: Workspace;
}

/** J(Θ) of m samples (X m × n, Y m × K) including λ/(2m) ΣΘ² (no bias), computed in chunks without dropout. */
export function cost(
  net: Network,
  X: Float64Array,
  Y: Float64Array,
  m: number,
  loss: LossName,
  lambda: number,
  chunk = 1024,
): number {
  checkBatch(net, X, m, 'cost');
  const L = net.sizes.length,
    n = net.sizes[0],
    K = net.sizes[L - 1];
  let s = 0;
  let ws: Workspace | undefined;
  for (let start = 0; start < m; start += chunk) {
    const b = Math.min(chunk, m - start);
    if (!ws || ws.m !== b) ws = new Workspace(net, b);
    const f = forward(net, X.subarray(start * n, (start + b) * n), b, { workspace: ws });
    const Yb = Y.subarray(start * K, (start + b) * K);
    for (let i = 0; i < b; i++)
      s += sampleCost(loss, net.activations[L - 1], f.z[L - 2], f.a[L - 1], Yb, i * K, K);
  }
  return s / m + regularization(net.theta, lambda, m);
}

/**
 * J(Θ) and its gradient by backpropagation, exactly as the slides (vectorized over the batch):
 * δ^(L) = ∂J/∂z^(L) (see losses.outputDelta); δ^(l) = (Θ^(l))ᵀ δ^(l+1) .* g'(z^(l)) with the bias row dropped;
 * Δ^(l) += δ^(l+1) (a^(l))ᵀ; D^(l) = (1/m) Δ^(l) + (λ/m) Θ^(l) for j ≠ 0 and (1/m) Δ^(l) for j = 0.
 * (The slide prints "+ λΘ"; the derivative of the regularized J, whose term is λ/(2m) ΣΘ², is (λ/m)Θ.)
 * The fast path: its reference is backpropSample (backprop.ts), one sample at a time; the unit tests assert that this
 * D equals (1/m) Σ_i of backpropSample's Δ terms + (λ/m)Θ off the bias column bit for bit.
 */
export function costAndGradient(
  net: Network,
  X: Float64Array,
  Y: Float64Array,
  m: number,
  loss: LossName,
  lambda: number,
  opts: CostOptions = {},
): CostAndGradient {
  const { sizes, theta, activations } = net;
  const L = sizes.length,
    K = sizes[L - 1];
  if (Y.length < m * K)
    throw new RangeError(`costAndGradient: Y holds ${Y.length} numbers, m × K = ${m} × ${K} needed`);
  const f = forward(net, X, m, opts);
  const ws = f.workspace;
  const outAct = activations[L - 1];
  const zL = ws.z[L - 2],
    aL = ws.a[L - 1],
    dL = ws.delta[L - 2];

  let J = 0;
  for (let i = 0; i < m; i++) {
    J += sampleCost(loss, outAct, zL, aL, Y, i * K, K);
    outputDelta(loss, outAct, zL, aL, Y, i * K, K, dL, null);
  }
  J = J / m + regularization(theta, lambda, m);

  for (let l = L - 1; l >= 1; l--) {
    // Θ^(l) in lecture numbering is theta[l-1]; it maps a[l-1] (s = sizes[l-1]) to z[l] (s = sizes[l]).
    const n = sizes[l - 1],
      s = sizes[l],
      c = n + 1;
    const T = theta[l - 1].data;
    const Dl = ws.D[l - 1].data;
    const dNext = ws.delta[l - 1];
    const A = ws.a[l - 1];
    // Δ^(l) = Σ_i δ^(l+1)_i [1 a^(l)_i]ᵀ, each entry summed over the samples in order as in the slide's loop.
    accumulateDelta(dNext, A, Dl, m, n, s);
    // D^(l) = (1/m) Δ^(l) + (λ/m) Θ^(l) (j ≠ 0)
    for (let j = 0; j < s; j++) {
      const tj = j * c;
      Dl[tj] = Dl[tj] / m;
      for (let k = 1; k < c; k++) Dl[tj + k] = Dl[tj + k] / m + (lambda / m) * T[tj + k];
    }
    if (l - 1 >= 1) {
      // δ^(l) = (Θ^(l))ᵀ δ^(l+1) .* g'(z^(l)), bias row dropped (k starts at column 1 of Θ).
      const dPrev = ws.delta[l - 2];
      const Z = ws.z[l - 2];
      backpropDelta(dNext, T, dPrev, m, n, s);
      const act = activations[l - 1];
      const mask = ws.masks[l - 1];
      if (ws.masksActive && mask) {
        // dropped units pass no error back; kept ones were scaled by 1/(1 − p). g' from the undropped z.
        const scale = 1 / (1 - net.dropout[l - 1]);
        for (let q = 0; q < m * n; q++) {
          dPrev[q] = mask[q] ? 0 : dPrev[q] * gPrime(act, Z[q], g(act, Z[q])) * scale;
        }
      } else {
        const gp = scratch(m * n);
        activationDerivative(act, Z, ws.a[l - 1], gp);
        for (let q = 0; q < m * n; q++) dPrev[q] *= gp[q];
      }
    }
  }
  return { J, D: ws.D, workspace: ws };
}

let scratchBuffer = new Float64Array(0);
/** A shared scratch buffer of at least `size` numbers (grown, never shrunk). */
function scratch(size: number): Float64Array {
  if (scratchBuffer.length < size) scratchBuffer = new Float64Array(size);
  return scratchBuffer.subarray(0, size);
}
