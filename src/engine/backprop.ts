/**
 * Backpropagation of ONE sample, written next to the lecture's slides ("Backpropagation algorithm"):
 *
 *   a^(1) = x
 *   z^(j+1) = Θ^(j) a^(j)    with the bias unit a_0^(j) = 1 prepended to a^(j)
 *   a^(j+1) = g(z^(j+1))
 *   δ^(L) = a^(L) − y        (= ∂J/∂z^(L); other loss/output pairs: losses.outputDelta)
 *   δ^(l) = (Θ^(l))ᵀ δ^(l+1) .* g'(z^(l))   for l = L−1 … 2, the bias row of Θ^(l) dropped
 *   the sample's term of Δ^(l) := Δ^(l) + δ^(l+1) (a^(l))ᵀ
 *
 * This is the reference: Trainer.inspect and the Stepper use it, and the blocked batch kernels of costAndGradient
 * (network.ts, kernels.ts) are tested against it (their D is (1/m) Σ_i of these Δ terms + (λ/m)Θ off the bias column,
 * bit for bit: every sum is taken in the same order). Indices follow the engine's convention (index.ts): a[l] = a^(l+1),
 * z[l] = z^(l+2), delta[l] = δ^(l+2), Delta[l] = the term of Δ^(l+1), like theta[l] = Θ^(l+1).
 */
import { g, gPrime, softmaxRow } from './activations';
import { type OutputRule, outputDelta } from './losses';
import { type Matrix, zeros } from './matrix';
import type { Network } from './network';
import type { Random } from './random';
import type { LossName } from './spec-types';

export interface SampleBackprop {
  /** a[l] = a^(l+1) without the bias unit, l = 0..L−1 (a[0] = x); after dropout when it was on. */
  a: Float64Array[];
  /** z[l] = z^(l+2), l = 0..L−2. */
  z: Float64Array[];
  /** Per layer (like a), the units dropout dropped (1 = dropped); null for layers without dropout or without a stream. */
  dropped: (Uint8Array | null)[];
  /** delta[l] = δ^(l+2), l = 0..L−2 (delta[L−2] = δ^(L)). */
  delta: Float64Array[];
  /** How δ^(L) was computed (losses.outputRule). */
  rule: OutputRule;
  /**
   * g'(z^(l+2)) per entry of delta: for hidden layers always; for the output layer only where the rule uses it
   * (element-wise outputs with mse, or cross-entropy on outputs other than sigmoid/softmax), else null.
   */
  gPrime: (Float64Array | null)[];
  /** backprop[l] = (Θ^(l+2))ᵀ δ^(l+3) without its bias row, before the .* g'; l = 0..L−3 (hidden layers). */
  backprop: Float64Array[];
  /** Delta[l] = δ^(l+2) (a^(l+1))ᵀ with a_0 = 1: this sample's term of Δ^(l+1), Θ^(l+1)'s shape (computed on first read). */
  readonly Delta: Matrix[];
}

export interface SampleOptions {
  /** Inverted dropout on hidden layers with p > 0, masks drawn from this stream (layer by layer, unit by unit). */
  dropout?: Random | null;
}

/** Forward propagation, δ^(L), δ^(L−1) … δ^(2) and the Δ terms of one sample (x of length s_1, y of length K). */
export function backpropSample(
  net: Network,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  loss: LossName,
  opts: SampleOptions = {},
): SampleBackprop {
  const L = net.sizes.length;
  if (x.length !== net.sizes[0] || y.length !== net.sizes[L - 1]) {
    throw new RangeError(
      `backpropSample: x has ${x.length} and y ${y.length} numbers, the network takes s_1 = ${net.sizes[0]} and K = ${net.sizes[L - 1]}`,
    );
  }
  const fw = forwardSample(net, x, opts.dropout ?? null);
  const bw = backwardSample(net, fw, y, loss);
  let terms: Matrix[] | null = null;
  return {
    ...fw,
    ...bw,
    get Delta(): Matrix[] {
      return (terms ??= deltaTerms(fw.a, bw.delta));
    },
  };
}

/** a^(1) = x; z^(j+1) = Θ^(j) a^(j) with a_0^(j) = 1; a^(j+1) = g(z^(j+1)); dropout on hidden layers when given. */
function forwardSample(
  net: Network,
  x: ArrayLike<number>,
  rng: Random | null,
): Pick<SampleBackprop, 'a' | 'z' | 'dropped'> {
  const { sizes, activations, theta, dropout } = net;
  const L = sizes.length;
  const a: Float64Array[] = [Float64Array.from(x)]; // a^(1) = x
  const z: Float64Array[] = [];
  const dropped: (Uint8Array | null)[] = [null];
  for (let l = 0; l < L - 1; l++) {
    const T = theta[l].data, // Θ^(l+1), s_{l+2} × (s_{l+1} + 1), bias column first
      n = sizes[l],
      c = n + 1;
    const al = a[l];
    const zl = new Float64Array(sizes[l + 1]);
    for (let j = 0; j < zl.length; j++) {
      let s = T[j * c]; // Θ_j0 a_0 with the bias unit a_0 = 1
      for (let k = 0; k < n; k++) s += T[j * c + 1 + k] * al[k]; // + Σ_k Θ_jk a_k
      zl[j] = s; // z^(l+2)_j = (Θ^(l+1) a^(l+1))_j
    }
    const act = activations[l + 1];
    const next = new Float64Array(zl.length);
    if (act === 'softmax')
      softmaxRow(zl, next, 0, zl.length); // a^(L) = softmax(z^(L))
    else for (let j = 0; j < zl.length; j++) next[j] = g(act, zl[j]); // a^(l+2) = g(z^(l+2))
    const p = dropout[l + 1];
    let mask: Uint8Array | null = null;
    if (rng && p > 0) {
      // inverted dropout: a unit is dropped with probability p, the kept ones scaled by 1/(1 − p)
      mask = new Uint8Array(next.length);
      const scale = 1 / (1 - p);
      for (let j = 0; j < next.length; j++) {
        if (rng.next() < p) {
          mask[j] = 1;
          next[j] = 0;
        } else next[j] *= scale;
      }
    }
    z.push(zl);
    a.push(next);
    dropped.push(mask);
  }
  return { a, z, dropped };
}

/** δ^(L) from the loss, then δ^(l) = (Θ^(l))ᵀ δ^(l+1) .* g'(z^(l)) without the bias row, l = L−1 … 2. */
function backwardSample(
  net: Network,
  fw: Pick<SampleBackprop, 'a' | 'z' | 'dropped'>,
  y: ArrayLike<number>,
  loss: LossName,
): Pick<SampleBackprop, 'delta' | 'rule' | 'gPrime' | 'backprop'> {
  const { sizes, activations, theta, dropout } = net;
  const { a, z, dropped } = fw;
  const L = sizes.length,
    K = sizes[L - 1];
  const delta: Float64Array[] = z.map((zl) => new Float64Array(zl.length));
  const gPrimes: (Float64Array | null)[] = z.map((zl) => new Float64Array(zl.length));
  const backprop: Float64Array[] = [];
  // δ^(L) = a^(L) − y for the matching pairs (cross-entropy on sigmoid/softmax), else ∂J/∂z^(L) (losses.ts)
  const outAct = activations[L - 1];
  const gpL = gPrimes[L - 2];
  const rule = outputDelta(loss, outAct, z[L - 2], a[L - 1], y, 0, K, delta[L - 2], gpL);
  if (rule === 'a-y' || outAct === 'softmax') gPrimes[L - 2] = null; // no element-wise g'(z^(L)) was used
  for (let l = L - 3; l >= 0; l--) {
    // δ^(l+2) = (Θ^(l+2))ᵀ δ^(l+3) .* g'(z^(l+2)); Θ^(l+2) = theta[l+1] is s_{l+3} × (s_{l+2} + 1)
    const T = theta[l + 1].data,
      n = sizes[l + 1],
      c = n + 1;
    const dNext = delta[l + 1];
    const back = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let j = 0; j < dNext.length; j++) s += dNext[j] * T[j * c + 1 + k]; // ((Θ)ᵀ δ)_k, k ≥ 1: bias row dropped
      back[k] = s;
    }
    const act = activations[l + 1];
    const p = dropout[l + 1];
    const mask = dropped[l + 1];
    const gp = gPrimes[l] as Float64Array;
    const dl = delta[l];
    for (let k = 0; k < n; k++) {
      const zk = z[l][k];
      if (mask) {
        // g'(z) of the undropped a = g(z); a dropped unit passes no error back, a kept one was scaled by 1/(1 − p)
        gp[k] = gPrime(act, zk, g(act, zk));
        dl[k] = mask[k] ? 0 : back[k] * gp[k] * (1 / (1 - p));
      } else {
        gp[k] = gPrime(act, zk, a[l + 1][k]); // g'(z^(l+2)), e.g. a .* (1 − a) for sigmoid
        dl[k] = back[k] * gp[k]; // .* g'(z^(l+2))
      }
    }
    backprop[l] = back;
  }
  return { delta, rule, gPrime: gPrimes, backprop };
}

/** The sample's Δ terms δ^(l+2) (a^(l+1))ᵀ with a_0 = 1 (bias column first), one per Θ. */
export function deltaTerms(a: readonly Float64Array[], delta: readonly Float64Array[]): Matrix[] {
  return delta.map((d, l) => {
    const al = a[l];
    const out = zeros(d.length, al.length + 1);
    const c = al.length + 1;
    for (let j = 0; j < d.length; j++) {
      out.data[j * c] = d[j]; // δ_j · a_0 with a_0 = 1
      for (let k = 0; k < al.length; k++) out.data[j * c + 1 + k] = d[j] * al[k]; // δ_j a_k
    }
    return out;
  });
}
