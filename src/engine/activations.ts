/**
 * The activation functions g of the lecture and their derivatives g'(z):
 * sigmoid g = 1/(1+e^(−z)), g' = g(1 − g); tanh g' = 1 − g²; ReLU g = max(0, z), g' = 1 if z > 0 else 0;
 * linear g = z, g' = 1; softmax (output layer only) g_k = e^(z_k) / Σ_j e^(z_j), applied per sample (row).
 */
import type { ActivationName } from './spec-types';

export { ACTIVATIONS } from '../shared/names';

/** σ(z) = 1 / (1 + e^(−z)). */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** σ'(z) = σ(z)(1 − σ(z)) (the lecture's "Deriving the sigmoid gradient"). */
export function sigmoidGradient(z: number): number {
  const s = sigmoid(z);
  return s * (1 - s);
}

/** g(z) for one element-wise activation (softmax is not element-wise: use `activate`). */
export function g(name: ActivationName, z: number): number {
  switch (name) {
    case 'sigmoid':
      return sigmoid(z);
    case 'tanh':
      return Math.tanh(z);
    case 'relu':
      return z > 0 ? z : 0;
    case 'linear':
      return z;
    case 'softmax':
      throw new Error('softmax is not element-wise: it needs the whole output vector z^(L) (use activate)');
  }
}

/**
 * g'(z) given z and a = g(z) (the lecture writes sigmoid's as a .* (1 − a)). Softmax has a Jacobian, not an
 * element-wise derivative; it is handled at the output layer by the loss (see losses.ts).
 */
export function gPrime(name: ActivationName, z: number, a: number): number {
  switch (name) {
    case 'sigmoid':
      return a * (1 - a);
    case 'tanh':
      return 1 - a * a;
    case 'relu':
      return z > 0 ? 1 : 0;
    case 'linear':
      return 1;
    case 'softmax':
      throw new Error("softmax has no element-wise g'(z): it is only allowed on the output layer");
  }
}

/** out = g(z) for a rows × cols batch (one sample per row). `out` may be `z` itself (in place). */
export function activate(
  name: ActivationName,
  z: Float64Array,
  out: Float64Array,
  rows: number,
  cols: number,
): void {
  const n = rows * cols;
  switch (name) {
    case 'sigmoid':
      for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-z[i]));
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(z[i]);
      return;
    case 'relu':
      for (let i = 0; i < n; i++) out[i] = z[i] > 0 ? z[i] : 0;
      return;
    case 'linear':
      if (out !== z) out.set(z.subarray(0, n));
      return;
    case 'softmax':
      for (let r = 0; r < rows; r++) softmaxRow(z, out, r * cols, cols);
      return;
  }
}

/** Softmax of z[off..off+K) into out[off..off+K), shifted by the max so e^z never overflows. */
export function softmaxRow(z: ArrayLike<number>, out: Float64Array | number[], off: number, K: number): void {
  let max = -Infinity;
  for (let k = 0; k < K; k++) if (z[off + k] > max) max = z[off + k];
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const e = Math.exp(z[off + k] - max);
    out[off + k] = e;
    sum += e;
  }
  for (let k = 0; k < K; k++) out[off + k] /= sum;
}

/** out = g'(z) element-wise for a batch, given z and a = g(z). `out` may alias z or a. */
export function activationDerivative(
  name: ActivationName,
  z: Float64Array,
  a: Float64Array,
  out: Float64Array,
): void {
  const n = out.length;
  switch (name) {
    case 'sigmoid':
      for (let i = 0; i < n; i++) out[i] = a[i] * (1 - a[i]);
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = 1 - a[i] * a[i];
      return;
    case 'relu':
      for (let i = 0; i < n; i++) out[i] = z[i] > 0 ? 1 : 0;
      return;
    case 'linear':
      out.fill(1);
      return;
    case 'softmax':
      throw new Error("softmax has no element-wise g'(z): it is only allowed on the output layer");
  }
}
