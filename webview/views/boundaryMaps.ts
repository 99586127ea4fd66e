/**
 * The hidden units of a 2-input network over the input plane, one small map per unit (as TensorFlow Playground
 * shows them): a^(l)_u(x) on the diverging scale, centred on 0.5 for sigmoid units and on 0 otherwise.
 */
import type { Boundary } from '../../src/protocol';
import { divergingIndex, type Palette } from '../colors';
import { unitLabel } from '../notation';
import { el, sizeCanvas } from './shared';

const MAP = 96;
const MAX_MAPS = 16;

/** An n × n field (row 0 at the bottom) as an image, scaled with smoothing into a size × size canvas. */
export function paintField(
  ctx: CanvasRenderingContext2D,
  n: number,
  colour: (i: number) => [number, number, number],
  x: number,
  y: number,
  size: number,
): void {
  const off = document.createElement('canvas');
  off.width = n;
  off.height = n;
  const octx = off.getContext('2d');
  if (!octx) return;
  const img = octx.createImageData(n, n);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      const rgb = colour(r * n + c);
      // Row 0 is at x2min: flip so that x2 grows upwards.
      const k = ((n - 1 - r) * n + c) * 4;
      img.data[k] = rgb[0];
      img.data[k + 1] = rgb[1];
      img.data[k + 2] = rgb[2];
      img.data[k + 3] = 255;
    }
  octx.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  // Pixel c covers [c, c + 1] of n, so its centre lands on the cell centre (c + 0.5) / n; between centres the
  // browser interpolates bilinearly.
  ctx.drawImage(off, 0, 0, n, n, x, y, size, size);
}

function unitMap(b: Boundary, m: Float64Array, layer: number, u: number, g: string, p: Palette): HTMLElement {
  const fig = el('figure', 'unit-map');
  const c = el('canvas');
  c.setAttribute('role', 'img');
  c.setAttribute('aria-label', `${unitLabel(layer, u + 1)} over the input plane`);
  const ctx = sizeCanvas(c, MAP, MAP);
  // Centre of the scale: 0.5 for sigmoid (range 0..1), 0 otherwise; symmetric about it.
  const bounded = g === 'sigmoid' || g === 'softmax';
  const centre = bounded ? 0.5 : 0;
  let half = bounded ? 0.5 : g === 'tanh' ? 1 : 0;
  if (!half) for (let k = 0; k < m.length; k++) half = Math.max(half, Math.abs(m[k] - centre));
  paintField(ctx, b.resolution, (i) => p.divergingRgb[divergingIndex(m[i] - centre, half || 1)], 0, 0, MAP);
  fig.append(c, el('figcaption', '', unitLabel(layer, u + 1)));
  return fig;
}

/** The rows of maps, one per hidden layer, into `box`. */
export function drawUnitMaps(box: HTMLElement, b: Boundary | null, activations: string[], p: Palette): void {
  box.replaceChildren();
  if (!b || !b.hidden.length) {
    box.append(el('p', 'note', 'No hidden layers, or no frame yet.'));
    return;
  }
  b.hidden.forEach((layerMaps, h) => {
    const layer = h + 2;
    const g = activations[layer - 1] ?? 'sigmoid';
    const row = el('div', 'map-row');
    row.append(el('span', 'map-layer', `layer ${layer} (${g})`));
    layerMaps.slice(0, MAX_MAPS).forEach((m, u) => row.append(unitMap(b, m, layer, u, g, p)));
    if (layerMaps.length > MAX_MAPS) row.append(el('span', 'note', `… ${layerMaps.length - MAX_MAPS} more`));
    box.append(row);
  });
}
