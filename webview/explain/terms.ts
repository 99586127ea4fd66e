/**
 * KaTeX pieces shared by the explanations: numbers in parentheses when negative, long sums elided, the activation's
 * g and g′, the names of units. Pure: no DOM.
 */
import { elide, tex, TEX_G } from '../notation';

/** A number as a factor: (−20) in parentheses, 0.5 plain. */
export function texFactor(v: number): string {
  const s = tex(v);
  return s.startsWith('-') || s.includes(' ') ? `(${s})` : s;
}

/** a_i^(j) as KaTeX, x_i in layer 1; i = 0 is the bias unit. */
export function texUnit(j: number, i: number): string {
  return j === 1 ? `x_{${i}}` : `a^{(${j})}_{${i}}`;
}

/** A sum of n terms, at most `max` shown: the first ones, ⋯, the last. */
export function texSum(n: number, term: (k: number) => string, max = 5): string {
  if (n === 0) return '0';
  return elide(n, max)
    .map((k) => (k === null ? '\\cdots' : term(k)))
    .join(' + ');
}

/** g(z) of an element-wise activation, or null for softmax (it needs the whole layer) and unknown names. */
export function gOf(name: string, z: number): number | null {
  switch (name) {
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
    case 'tanh':
      return Math.tanh(z);
    case 'relu':
      return Math.max(0, z);
    case 'linear':
      return z;
    default:
      return null;
  }
}

/** g′(z) of an element-wise activation from z and a = g(z), or null. */
export function gPrimeOf(name: string, z: number, a: number): number | null {
  switch (name) {
    case 'sigmoid':
      return a * (1 - a);
    case 'tanh':
      return 1 - a * a;
    case 'relu':
      return z > 0 ? 1 : 0;
    case 'linear':
      return 1;
    default:
      return null;
  }
}

/** g′ of the activation written with a, as the slide does for the sigmoid: a(1 − a). */
export function texGPrimeRule(name: string, j: number, i: number): string | null {
  const a = texUnit(j, i);
  if (name === 'sigmoid') return `${a}\\,(1 - ${a})`;
  if (name === 'tanh') return `1 - (${a})^2`;
  if (name === 'relu') return `[z^{(${j})}_{${i}} > 0]`;
  if (name === 'linear') return '1';
  return null;
}

/** The activation's formula g(z) with its name, or null. */
export function texG(name: string): string | null {
  const g = TEX_G[name]?.g;
  return g ? `${g} \\quad (\\text{${name}})` : null;
}

export { tex };
