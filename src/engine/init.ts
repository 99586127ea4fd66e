/**
 * Initial Θ^(l) (s_{l+1} × (s_l + 1), bias column first), deterministic from a Random:
 * - normal:  every entry ~ N(0, σ²) (the lecture's "initialize weights randomly ~ N(0, σ²)"), biases included;
 * - uniform: every entry ~ U(−ε, ε) (Ng's randInitializeWeights, ε = 0.12 by default), biases included;
 * - xavier:  Glorot uniform, weights ~ U(−r, r) with r = √(6 / (s_l + s_{l+1})), biases 0;
 * - he:      weights ~ N(0, 2 / s_l), biases 0;
 * - zeros:   all 0 — every hidden unit then computes the same thing forever (the symmetry problem).
 * Entries are drawn row by row, bias first, so the same seed always gives the same Θ.
 */
import { type Matrix, zeros } from './matrix';
import type { Random } from './random';
import type { InitName, InitSpec } from './spec-types';

/** The defaults of each rule (σ = 1, ε = 0.12). */
export function defaultInitSpec(name: InitName = 'normal'): InitSpec {
  return { name, sigma: 1, epsilon: 0.12 };
}

/** A fresh Θ for a layer of `fanIn` = s_l units feeding `fanOut` = s_{l+1} units. */
export function initTheta(init: InitSpec, fanIn: number, fanOut: number, rng: Random): Matrix {
  const t = zeros(fanOut, fanIn + 1);
  const d = t.data;
  const c = fanIn + 1;
  switch (init.name) {
    case 'normal':
      if (!(init.sigma >= 0)) throw new RangeError(`init: σ must be ≥ 0, got ${init.sigma}`);
      for (let i = 0; i < d.length; i++) d[i] = init.sigma * rng.normal();
      return t;
    case 'uniform':
      if (!(init.epsilon >= 0)) throw new RangeError(`init: ε must be ≥ 0, got ${init.epsilon}`);
      for (let i = 0; i < d.length; i++) d[i] = (2 * rng.next() - 1) * init.epsilon;
      return t;
    case 'xavier': {
      const r = Math.sqrt(6 / (fanIn + fanOut));
      for (let j = 0; j < fanOut; j++) for (let i = 1; i < c; i++) d[j * c + i] = (2 * rng.next() - 1) * r;
      return t;
    }
    case 'he': {
      const s = Math.sqrt(2 / fanIn);
      for (let j = 0; j < fanOut; j++) for (let i = 1; i < c; i++) d[j * c + i] = s * rng.normal();
      return t;
    }
    case 'zeros':
      return t;
    default:
      throw new RangeError(`init: unknown rule "${String((init as { name: unknown }).name)}"`);
  }
}
