/**
 * The cost J(Θ) of the lecture and the output error δ^(L) = ∂J/∂z^(L) it implies.
 *
 * cross-entropy: J = −1/m Σ_i Σ_k [y log h + (1 − y) log(1 − h)] for sigmoid (and other non-softmax) outputs,
 *                J = −1/m Σ_i Σ_k y log h for softmax outputs;
 * mse:           J = 1/(2m) Σ_i Σ_k (h − y)²;
 * both plus λ/(2m) Σ_l Σ_j Σ_{i≥1} (Θ_ji^(l))², every Θ except the bias column (i = 0).
 *
 * Logs stay finite: for sigmoid outputs log h and log(1 − h) are computed from z (−log σ(z) = softplus(−z),
 * −log(1 − σ(z)) = softplus(z)), for softmax log h_k = z_k − log Σ_j e^(z_j); only other outputs (tanh, ReLU,
 * linear with cross-entropy) clamp h to [LOG_EPSILON, 1 − LOG_EPSILON], where the clamped cost is flat
 * (its derivative, and so δ^(L), is 0 there).
 */
import { gPrime } from './activations';
import type { Matrix } from './matrix';
import type { ActivationName, LossName } from './spec-types';

/** ε of the clamp h ∈ [ε, 1 − ε] used when cross-entropy has to take log h directly. */
export const LOG_EPSILON = 1e-12;

/** How δ^(L) is computed (the `rule` of the outputDelta step record). */
export type OutputRule = 'a-y' | 'mse' | 'general';

/** 'a-y' for cross-entropy on sigmoid/softmax, 'mse' for mse on element-wise outputs, 'general' otherwise. */
export function outputRule(loss: LossName, activation: ActivationName): OutputRule {
  if (loss === 'cross-entropy' && (activation === 'sigmoid' || activation === 'softmax')) return 'a-y';
  if (loss === 'mse' && activation !== 'softmax') return 'mse';
  return 'general';
}

/** log(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return (x > 0 ? x : 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

function clampH(h: number): number {
  return h < LOG_EPSILON ? LOG_EPSILON : h > 1 - LOG_EPSILON ? 1 - LOG_EPSILON : h;
}

/**
 * −Σ_k [y log h + (1 − y) log(1 − h)] for outputs h given directly, with h clamped to [ε, 1 − ε] so the
 * result is finite even for h = 0 or h = 1.
 */
export function crossEntropyClamped(h: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < h.length; k++) {
    const c = clampH(h[k]);
    s -= y[k] * Math.log(c) + (1 - y[k]) * Math.log(1 - c);
  }
  return s;
}

/**
 * The cost of ONE sample (not divided by m, no regularization): the row at `off` of length K in z, a, y.
 */
export function sampleCost(
  loss: LossName,
  activation: ActivationName,
  z: ArrayLike<number>,
  a: ArrayLike<number>,
  y: ArrayLike<number>,
  off: number,
  K: number,
): number {
  let s = 0;
  if (loss === 'mse') {
    for (let k = 0; k < K; k++) {
      const d = a[off + k] - y[off + k];
      s += 0.5 * d * d;
    }
    return s;
  }
  if (activation === 'sigmoid') {
    for (let k = 0; k < K; k++) {
      const zk = z[off + k],
        yk = y[off + k];
      // −[y log σ(z) + (1 − y) log(1 − σ(z))] = y·softplus(−z) + (1 − y)·softplus(z)
      if (yk !== 0) s += yk * softplus(-zk);
      if (yk !== 1) s += (1 - yk) * softplus(zk);
    }
    return s;
  }
  if (activation === 'softmax') {
    let max = -Infinity;
    for (let k = 0; k < K; k++) if (z[off + k] > max) max = z[off + k];
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(z[off + k] - max);
    const logSum = max + Math.log(sum);
    for (let k = 0; k < K; k++) {
      const yk = y[off + k];
      if (yk !== 0) s -= yk * (z[off + k] - logSum);
    }
    return s;
  }
  for (let k = 0; k < K; k++) {
    const c = clampH(a[off + k]);
    const yk = y[off + k];
    s -= yk * Math.log(c) + (1 - yk) * Math.log(1 - c);
  }
  return s;
}

/** λ/(2m) Σ_l Σ_j Σ_{i≥1} (Θ_ji^(l))² — the bias column i = 0 is not regularized. */
export function regularization(theta: readonly Matrix[], lambda: number, m: number): number {
  if (lambda === 0) return 0;
  let s = 0;
  for (const t of theta) {
    const c = t.cols,
      d = t.data;
    for (let j = 0; j < t.rows; j++) {
      for (let i = 1; i < c; i++) {
        const v = d[j * c + i];
        s += v * v;
      }
    }
  }
  return (lambda / (2 * m)) * s;
}

/**
 * δ^(L) = ∂J/∂z^(L) of one sample (row `off` of length K) into `delta` (same offset):
 * - cross-entropy with sigmoid: a − y; with softmax: a·Σy − y (= a − y for one-hot y);
 * - mse with element-wise g: (a − y) .* g'(z);
 * - softmax with mse: the softmax Jacobian applied to (a − y): δ_k = a_k((a_k − y_k) − Σ_j a_j(a_j − y_j));
 * - cross-entropy with tanh/ReLU/linear: ∂J/∂a .* g'(z) with ∂J/∂a = −y/h + (1 − y)/(1 − h) inside the clamp.
 * When `gPrimeOut` is given, g'(z^(L)) is written there for the element-wise rules that use it.
 * Returns the rule used.
 */
export function outputDelta(
  loss: LossName,
  activation: ActivationName,
  z: ArrayLike<number>,
  a: ArrayLike<number>,
  y: ArrayLike<number>,
  off: number,
  K: number,
  delta: Float64Array | number[],
  gPrimeOut: Float64Array | number[] | null,
): OutputRule {
  const rule = outputRule(loss, activation);
  if (rule === 'a-y') {
    if (activation === 'softmax') {
      let sumY = 0;
      for (let k = 0; k < K; k++) sumY += y[off + k];
      for (let k = 0; k < K; k++)
        delta[off + k] = sumY === 1 ? a[off + k] - y[off + k] : a[off + k] * sumY - y[off + k];
    } else {
      for (let k = 0; k < K; k++) delta[off + k] = a[off + k] - y[off + k];
    }
    return rule;
  }
  if (activation === 'softmax') {
    // mse on softmax outputs: δ = J_softmax (a − y), with J_softmax = diag(a) − a aᵀ.
    let dot = 0;
    for (let k = 0; k < K; k++) dot += a[off + k] * (a[off + k] - y[off + k]);
    for (let k = 0; k < K; k++) delta[off + k] = a[off + k] * (a[off + k] - y[off + k] - dot);
    return rule;
  }
  for (let k = 0; k < K; k++) {
    const ak = a[off + k],
      yk = y[off + k];
    const gp = gPrime(activation, z[off + k], ak);
    if (gPrimeOut) gPrimeOut[off + k] = gp;
    let dJda: number;
    if (loss === 'mse') dJda = ak - yk;
    else dJda = ak > LOG_EPSILON && ak < 1 - LOG_EPSILON ? -yk / ak + (1 - yk) / (1 - ak) : 0;
    delta[off + k] = dJda * gp;
  }
  return rule;
}
