/** Colours of the graph's units: what an activation value looks like on the theme's scales. */
import { divergingIndex, type Palette, type Rgb } from '../colors';
import type { Numbers } from './shared';

/**
 * Fill for activation `a` of layer index l: sequential for [0,1] activations, diverging for signed ones.
 * Quantised to 33 steps so that a unit is repainted only when its colour visibly changes.
 */
export function activationColor(a: number, g: string, layer: Numbers, p: Palette): Rgb {
  const q = (k: number): number => Math.round(k / 8) * 8;
  if (g === 'sigmoid' || g === 'softmax') return p.sequentialRgb[q(Math.max(0, Math.min(1, a)) * 256)];
  if (g === 'tanh') return p.divergingRgb[q(divergingIndex(a, 1))];
  let max = 0;
  let negative = false;
  for (let i = 0; i < layer.length; i++) {
    max = Math.max(max, Math.abs(layer[i]));
    if (layer[i] < 0) negative = true;
  }
  if (!negative) {
    const scale = Math.max(max, g === 'input' ? 1 : max);
    return p.sequentialRgb[q((scale > 0 ? Math.min(1, a / scale) : 0) * 256)];
  }
  return p.divergingRgb[q(divergingIndex(a, max))];
}
