/**
 * Softmax drawn as what it is: a function of the whole vector z^(L), not a curve per unit.
 *   a_k = g(z)_k = e^{z_k} / Σ_j e^{z_j}     (the outputs add up to 1)
 *   ∂a_i/∂z_j = a_i ([i = j] − a_j)           (its Jacobian: every output depends on every z_j)
 * The panel shows the inspected sample's output vector as one bar per class (named by data.classes) with y marked, and
 * the Jacobian as a small matrix of numbers on the diverging scale.
 */
import type { Palette } from '../colors';
import { divergingIndex, textOn } from '../colors';
import { sig, sub, sup } from '../notation';
import { el } from './shared';

/** The Jacobian ∂a_i/∂z_j = a_i([i = j] − a_j) of softmax at its output a. */
export function softmaxJacobian(a: ArrayLike<number>): number[][] {
  return Array.from({ length: a.length }, (_, i) =>
    Array.from({ length: a.length }, (_, j) => a[i] * ((i === j ? 1 : 0) - a[j])),
  );
}

/** The largest K whose Jacobian is shown as numbers (a K × K table must fit the panel). */
export const JACOBIAN_MAX_K = 6;

const W = 300;
const H = 150;
const PAD = { l: 30, r: 8, t: 14, b: 30 };

/** The output vector a^(L) as bars, y as an outlined bar, names under each. */
export function drawSoftmaxBars(
  ctx: CanvasRenderingContext2D,
  p: Palette,
  a: ArrayLike<number>,
  y: ArrayLike<number> | null,
  names: (k: number) => string,
): void {
  ctx.clearRect(0, 0, W, H);
  const K = a.length;
  const pw = W - PAD.l - PAD.r;
  const ph = H - PAD.t - PAD.b;
  const Y = (v: number): number => PAD.t + ph - v * ph;
  ctx.strokeStyle = p.border;
  ctx.beginPath();
  ctx.moveTo(PAD.l, Y(0));
  ctx.lineTo(PAD.l + pw, Y(0));
  ctx.stroke();
  ctx.fillStyle = p.muted;
  ctx.font = `10px ${p.fontFamily}`;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of [0, 0.5, 1]) ctx.fillText(String(v), PAD.l - 4, Y(v));
  const slot = pw / Math.max(1, K);
  const bw = Math.max(2, Math.min(36, slot * 0.7));
  for (let k = 0; k < K; k++) {
    const cx = PAD.l + slot * (k + 0.5);
    const v = Math.max(0, Math.min(1, a[k]));
    ctx.fillStyle = p.classes[k % p.classes.length];
    ctx.fillRect(cx - bw / 2, Y(v), bw, Y(0) - Y(v));
    if (y && y[k] > 0) {
      ctx.strokeStyle = p.fg;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 2]);
      ctx.strokeRect(cx - bw / 2 - 2, Y(y[k]), bw + 4, Y(0) - Y(y[k]));
      ctx.setLineDash([]);
      ctx.lineWidth = 1;
    }
    ctx.fillStyle = p.fg;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    if (K <= 12) ctx.fillText(sig(a[k], 3), cx, Y(v) - 1);
    ctx.textBaseline = 'top';
    ctx.fillStyle = p.muted;
    const label = names(k);
    ctx.fillText(
      label.length * 6 > slot ? label.slice(0, Math.max(1, Math.floor(slot / 6))) : label,
      cx,
      Y(0) + 3,
    );
  }
}

/** The Jacobian as a table of numbers coloured on the diverging scale; rows a_i, columns z_j. */
export function jacobianTable(p: Palette, a: ArrayLike<number>, layer: number): HTMLTableElement {
  const J = softmaxJacobian(a);
  const max = Math.max(1e-12, ...J.flat().map(Math.abs));
  const table = el('table', 'jacobian');
  table.setAttribute('aria-label', `Jacobian of softmax: ∂a_i/∂z_j for layer ${layer}`);
  const head = el('tr');
  head.append(el('th', '', `∂a/∂z`));
  for (let j = 0; j < a.length; j++) head.append(el('th', '', `z${sub(j + 1)}${sup(`(${layer})`)}`));
  table.append(head);
  J.forEach((row, i) => {
    const tr = el('tr');
    tr.append(el('th', '', `a${sub(i + 1)}${sup(`(${layer})`)}`));
    for (const v of row) {
      const td = el('td', '', sig(v, 3));
      const rgb = p.divergingRgb[divergingIndex(v, max)];
      td.style.background = p.diverging[divergingIndex(v, max)];
      td.style.color = textOn(rgb);
      td.dataset.value = String(v);
      tr.append(td);
    }
    table.append(tr);
  });
  return table;
}
