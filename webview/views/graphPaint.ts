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

/**
 * The inspected sample x (h × w pixels, row-major) as a picture: foreground ink on the background, at its own
 * resolution, into `canvas` (a new one when null). Null when the canvas has no 2-D context.
 */
export function drawPicture(
  canvas: HTMLCanvasElement | null,
  x: Numbers,
  [h, w]: [number, number],
  bg: Rgb,
  fg: Rgb,
): HTMLCanvasElement | null {
  const c = canvas ?? document.createElement('canvas');
  c.width = w;
  c.height = h;
  const ctx = c.getContext('2d');
  if (!ctx) return null;
  const img = ctx.createImageData(w, h);
  let max = 1e-9;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i]));
  for (let i = 0; i < w * h; i++) {
    const v = Math.max(0, Math.min(1, (x[i] ?? 0) / (max > 1 ? max : 1)));
    img.data[i * 4] = bg[0] + (fg[0] - bg[0]) * v;
    img.data[i * 4 + 1] = bg[1] + (fg[1] - bg[1]) * v;
    img.data[i * 4 + 2] = bg[2] + (fg[2] - bg[2]) * v;
    img.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return c;
}
