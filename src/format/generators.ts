/**
 * Seeded synthetic data sets. Samples are interleaved by class (sample i has class i mod K, or cycles through
 * a truth table), so any tail held out for validation contains every class.
 */
import { Random } from '../engine/random';
import type { GeneratorName } from '../shared/spec';

export interface GeneratedData {
  /** m × n, row-major */
  X: Float64Array;
  /** m × K, row-major */
  Y: Float64Array;
  n: number;
  K: number;
  classNames: string[];
}

const TRUTH: Record<'and' | 'or' | 'xor' | 'xnor', (a: number, b: number) => number> = {
  and: (a, b) => a & b,
  or: (a, b) => a | b,
  xor: (a, b) => a ^ b,
  xnor: (a, b) => 1 - (a ^ b),
};

/** Radii of the circle data set: class 1 ("inside") in the disc r < 0.5, class 0 in the ring 0.7 ≤ r < 1. */
export const CIRCLE = { inner: 0.5, ringFrom: 0.7, ringTo: 1 } as const;
/** Centres of the gaussian clusters lie on a circle of this radius. */
export const GAUSSIAN_RADIUS = 0.7;

/**
 * @param K output width: 1 for a single 0/1 output (gates, circle, or 2 classes with s_L = 1), else one-hot over `classes`.
 */
export function generate(
  name: GeneratorName,
  samples: number,
  noise: number,
  classes: number,
  K: number,
  seed: number,
): GeneratedData {
  const rng = new Random(seed);
  const n = name === 'not' ? 1 : 2;
  const X = new Float64Array(samples * n);
  const Y = new Float64Array(samples * K);
  const label = (i: number, k: number): void => {
    if (K === 1) Y[i] = k;
    else Y[i * K + k] = 1;
  };
  if (name === 'not') {
    for (let i = 0; i < samples; i++) {
      const x = i % 2;
      X[i] = x + noise * rng.normal();
      Y[i] = 1 - x;
    }
    return { X, Y, n, K, classNames: ['0', '1'] };
  }
  if (name === 'and' || name === 'or' || name === 'xor' || name === 'xnor') {
    const f = TRUTH[name];
    for (let i = 0; i < samples; i++) {
      // Rows of the truth table in order: (0,0), (0,1), (1,0), (1,1), then again.
      const a = (i >> 1) & 1;
      const b = i & 1;
      X[2 * i] = a + noise * rng.normal();
      X[2 * i + 1] = b + noise * rng.normal();
      Y[i] = f(a, b);
    }
    return { X, Y, n, K, classNames: ['0', '1'] };
  }
  if (name === 'circle') {
    for (let i = 0; i < samples; i++) {
      const inside = (i + 1) % 2; // sample 0 inside, 1 outside, …
      const r = inside
        ? CIRCLE.inner * Math.sqrt(rng.next())
        : CIRCLE.ringFrom + (CIRCLE.ringTo - CIRCLE.ringFrom) * rng.next();
      const phi = 2 * Math.PI * rng.next();
      X[2 * i] = r * Math.cos(phi) + noise * rng.normal();
      X[2 * i + 1] = r * Math.sin(phi) + noise * rng.normal();
      label(i, inside);
    }
    return { X, Y, n, K, classNames: ['outside', 'inside'] };
  }
  const classNames = Array.from({ length: classes }, (_, k) => `class ${k + 1}`);
  const perClass = Math.ceil(samples / classes);
  for (let i = 0; i < samples; i++) {
    const k = i % classes;
    let x1: number;
    let x2: number;
    if (name === 'spiral') {
      // Arm k: radius grows from 0.05 to 1 while the angle turns 1.5 times, arms offset by 2π/K.
      const t = Math.floor(i / classes) / Math.max(1, perClass - 1);
      const r = 0.05 + 0.95 * t;
      const phi = (2 * Math.PI * k) / classes + 3 * Math.PI * t;
      x1 = r * Math.cos(phi);
      x2 = r * Math.sin(phi);
    } else {
      const phi = (2 * Math.PI * k) / classes;
      x1 = GAUSSIAN_RADIUS * Math.cos(phi);
      x2 = GAUSSIAN_RADIUS * Math.sin(phi);
    }
    X[2 * i] = x1 + noise * rng.normal();
    X[2 * i + 1] = x2 + noise * rng.normal();
    label(i, k);
  }
  return { X, Y, n, K, classNames };
}
