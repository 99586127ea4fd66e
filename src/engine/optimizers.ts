/**
 * Update rules Θ := Θ − α·(something of D), with per-parameter state (one buffer per Θ^(l), allocated on the
 * first step). g below is D = ∂J/∂Θ; every entry of every Θ (biases too) is updated the same way.
 * - gd:       Θ −= α g
 * - momentum: v = β v + g;  Θ −= α v                              (β = 0.9)
 * - adagrad:  G += g²;      Θ −= α g / (√G + ε)                    (ε = 1e-8)
 * - adadelta: E[g²] = ρ E[g²] + (1−ρ) g²; Δθ = −√(E[Δθ²] + ε)/√(E[g²] + ε) · g; E[Δθ²] = ρ E[Δθ²] + (1−ρ) Δθ²;
 *             Θ += α Δθ. Zeiler's Adadelta has no learning rate; here α SCALES its step, so α = 1 is the
 *             original rule (ρ = 0.95, ε = 1e-6).
 * - rmsprop:  E = ρ E + (1−ρ) g²; Θ −= α g / (√E + ε)              (ρ = 0.9, ε = 1e-8)
 * - adam:     m = β1 m + (1−β1) g; v = β2 v + (1−β2) g²; m̂ = m/(1−β1^t); v̂ = v/(1−β2^t); Θ −= α m̂/(√v̂ + ε)
 *             (β1 = 0.9, β2 = 0.999, ε = 1e-8; the bias correction makes the first step ≈ α·sign(g)).
 */
import type { Matrix } from './matrix';
import type { OptimizerName, OptimizerSpec } from './spec-types';

export { OPTIMIZERS } from '../shared/names';

export interface Optimizer {
  readonly name: OptimizerName;
  readonly spec: OptimizerSpec;
  /**
   * One update of every Θ^(l) from its gradient D^(l) with learning rate α (in place). With `change`, each entry's
   * Θ_after − Θ_before is written there in the same pass (exactly, as the difference of the two doubles).
   */
  step(theta: Matrix[], D: readonly Matrix[], alpha: number, change?: Matrix[]): void;
  /** Forget the per-parameter state (as before the first step). */
  reset(): void;
}

/** The usual defaults of an optimizer. */
export function defaultOptimizerSpec(name: OptimizerName = 'gd'): OptimizerSpec {
  return {
    name,
    beta: 0.9,
    beta1: 0.9,
    beta2: 0.999,
    rho: name === 'adadelta' ? 0.95 : 0.9,
    epsilon: name === 'adadelta' ? 1e-6 : 1e-8,
  };
}

/** Updates t from g in place and writes each entry's change t_after − t_before into u. */
type Rule = (
  t: Float64Array,
  g: Float64Array,
  s: Float64Array[],
  alpha: number,
  step: number,
  u: Float64Array,
) => void;

function rule(spec: OptimizerSpec): { buffers: number; apply: Rule } {
  const { beta, beta1, beta2, rho, epsilon: eps } = spec;
  switch (spec.name) {
    case 'gd':
      return {
        buffers: 0,
        apply: (t, g, _s, alpha, _step, u) => {
          for (let i = 0; i < t.length; i++) {
            const before = t[i];
            const after = before - alpha * g[i];
            t[i] = after;
            u[i] = after - before;
          }
        },
      };
    case 'momentum':
      return {
        buffers: 1,
        apply: (t, g, [v], alpha, _step, u) => {
          for (let i = 0; i < t.length; i++) {
            const before = t[i];
            v[i] = beta * v[i] + g[i];
            const after = before - alpha * v[i];
            t[i] = after;
            u[i] = after - before;
          }
        },
      };
    case 'adagrad':
      return {
        buffers: 1,
        apply: (t, g, [G], alpha, _step, u) => {
          for (let i = 0; i < t.length; i++) {
            const before = t[i];
            G[i] += g[i] * g[i];
            const after = before - (alpha * g[i]) / (Math.sqrt(G[i]) + eps);
            t[i] = after;
            u[i] = after - before;
          }
        },
      };
    case 'adadelta':
      return {
        buffers: 2,
        apply: (t, g, [Eg, Ex], alpha, _step, u) => {
          for (let i = 0; i < t.length; i++) {
            const before = t[i];
            Eg[i] = rho * Eg[i] + (1 - rho) * g[i] * g[i];
            const dx = -(Math.sqrt(Ex[i] + eps) / Math.sqrt(Eg[i] + eps)) * g[i];
            Ex[i] = rho * Ex[i] + (1 - rho) * dx * dx;
            const after = before + alpha * dx;
            t[i] = after;
            u[i] = after - before;
          }
        },
      };
    case 'rmsprop':
      return {
        buffers: 1,
        apply: (t, g, [E], alpha, _step, u) => {
          for (let i = 0; i < t.length; i++) {
            const before = t[i];
            E[i] = rho * E[i] + (1 - rho) * g[i] * g[i];
            const after = before - (alpha * g[i]) / (Math.sqrt(E[i]) + eps);
            t[i] = after;
            u[i] = after - before;
          }
        },
      };
    case 'adam':
      return {
        buffers: 2,
        apply: (t, g, [m, v], alpha, step, u) => {
          const c1 = 1 - Math.pow(beta1, step),
            c2 = 1 - Math.pow(beta2, step);
          for (let i = 0; i < t.length; i++) {
            const before = t[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            const after = before - (alpha * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
            t[i] = after;
            u[i] = after - before;
          }
        },
      };
    default:
      throw new RangeError(`optimizer: unknown name "${String((spec as { name: unknown }).name)}"`);
  }
}

/** An optimizer from its spec (missing numbers are an error of the caller: use defaultOptimizerSpec). */
export function createOptimizer(spec: OptimizerSpec): Optimizer {
  const r = rule(spec);
  for (const key of ['beta', 'beta1', 'beta2', 'rho', 'epsilon'] as const) {
    if (!Number.isFinite(spec[key]))
      throw new RangeError(`optimizer ${spec.name}: ${key} must be a finite number`);
  }
  let state: Float64Array[][] | null = null;
  /** Where the change goes when the caller does not want it. */
  let scratch: Float64Array[] = [];
  let t = 0;
  return {
    name: spec.name,
    spec: { ...spec },
    step(theta, D, alpha, change) {
      if (theta.length !== D.length) throw new RangeError(`optimizer: ${theta.length} Θ but ${D.length} D`);
      if (
        !state ||
        state.length !== theta.length ||
        state.some((s, l) => s.length > 0 && s[0].length !== theta[l].data.length)
      ) {
        state = theta.map((th) => Array.from({ length: r.buffers }, () => new Float64Array(th.data.length)));
        t = 0;
      }
      t++;
      for (let l = 0; l < theta.length; l++) {
        if (D[l].data.length !== theta[l].data.length) {
          throw new RangeError(
            `optimizer: D^(${l + 1}) has ${D[l].data.length} entries, Θ^(${l + 1}) ${theta[l].data.length}`,
          );
        }
        let u = change?.[l]?.data;
        if (!u || u.length !== theta[l].data.length) {
          if (scratch[l]?.length !== theta[l].data.length)
            scratch[l] = new Float64Array(theta[l].data.length);
          u = scratch[l];
        }
        r.apply(theta[l].data, D[l].data, state[l], alpha, t, u);
      }
    },
    reset() {
      state = null;
      scratch = [];
      t = 0;
    },
  };
}
