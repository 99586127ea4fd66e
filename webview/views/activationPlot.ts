/**
 * The canvas of one activation panel: g (solid) and g' (dashed) over z, the saturated region shaded, and the
 * inspected sample's z^(j) values as dots on both curves. Pure painting; activations.ts owns the panels.
 */
import type { Palette } from '../colors';

export const W = 300;
export const H = 150;
const PAD = { l: 30, r: 8, t: 8, b: 22 };
/** A unit is saturated where g'(z) is below 10 % of its peak: δ^(j) = … .* g'(z^(j)) becomes tiny there. */
export const SATURATION = 0.1;
const STEPS = 300;

/** g and g' of an element-wise activation at z (softmax has its own panel: softmaxPanel.ts). */
export function gAndPrime(name: string, z: number): [number, number] {
  switch (name) {
    case 'tanh': {
      const g = Math.tanh(z);
      return [g, 1 - g * g];
    }
    case 'relu':
      return [Math.max(0, z), z > 0 ? 1 : 0];
    case 'linear':
      return [z, 1];
    default: {
      const g = 1 / (1 + Math.exp(-z));
      return [g, g * (1 - g)];
    }
  }
}

/** The largest g'(z): 1/4 for the sigmoid, 1 for tanh, ReLU and linear. */
export function peakSlope(name: string): number {
  return name === 'tanh' || name === 'relu' || name === 'linear' ? 1 : 0.25;
}

/** The plot's coordinates: z ∈ [−zMax, zMax] wide enough for the sample's z values, and g's range. */
interface Plot {
  name: string;
  zMax: number;
  yMin: number;
  yMax: number;
  pw: number;
  ph: number;
  X(z: number): number;
  Y(v: number): number;
}

function plotFor(name: string, zs: ArrayLike<number> | null): Plot {
  let zMax = name === 'relu' || name === 'linear' ? 4 : 6;
  if (zs)
    for (let i = 0; i < zs.length; i++)
      if (Number.isFinite(zs[i])) zMax = Math.max(zMax, Math.min(40, Math.abs(zs[i]) * 1.1));
  const [yMin, yMax] =
    name === 'tanh'
      ? [-1.05, 1.05]
      : name === 'relu' || name === 'linear'
        ? [name === 'linear' ? -zMax : -0.2, zMax]
        : [-0.05, 1.05];
  const pw = W - PAD.l - PAD.r;
  const ph = H - PAD.t - PAD.b;
  const X = (z: number): number => PAD.l + ((z + zMax) / (2 * zMax)) * pw;
  const Y = (v: number): number => PAD.t + ph - ((v - yMin) / (yMax - yMin)) * ph;
  return { name, zMax, yMin, yMax, pw, ph, X, Y };
}

/** Saturated regions: g'(z) < 10 % of its peak (sigmoid: |z| > ≈ 3.6; tanh: |z| > ≈ 1.8; ReLU: z < 0). */
function paintSaturation(ctx: CanvasRenderingContext2D, p: Palette, q: Plot): void {
  ctx.fillStyle = p.warning;
  ctx.globalAlpha = 0.12;
  const peak = peakSlope(q.name);
  for (let s = 0; s < STEPS; s++) {
    const z = -q.zMax + (2 * q.zMax * (s + 0.5)) / STEPS;
    if (gAndPrime(q.name, z)[1] < SATURATION * peak)
      ctx.fillRect(q.X(z - q.zMax / STEPS), PAD.t, (q.pw / STEPS) * 1.02, q.ph);
  }
  ctx.globalAlpha = 1;
}

function paintAxes(ctx: CanvasRenderingContext2D, p: Palette, q: Plot): void {
  const { X, Y, zMax, yMin, yMax, pw, ph } = q;
  ctx.strokeStyle = p.border;
  ctx.beginPath();
  ctx.moveTo(PAD.l, Y(0));
  ctx.lineTo(PAD.l + pw, Y(0));
  ctx.moveTo(X(0), PAD.t);
  ctx.lineTo(X(0), PAD.t + ph);
  ctx.stroke();
  ctx.fillStyle = p.muted;
  ctx.font = `10px ${p.fontFamily}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const z of [-zMax, -zMax / 2, 0, zMax / 2, zMax])
    ctx.fillText(String(+z.toFixed(1)), X(z), PAD.t + ph + 3);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const ticks = [
    yMin < -0.5 ? -1 : 0,
    yMax > 2 ? Math.round(yMax / 2) : 0.5,
    yMax > 2 ? Math.round(yMax) : 1,
  ];
  for (const v of ticks) ctx.fillText(String(v), PAD.l - 4, Y(v));
}

/** g (which = 0, solid) or g' (which = 1, dashed) over the plot's z range. */
function paintCurve(
  ctx: CanvasRenderingContext2D,
  q: Plot,
  which: 0 | 1,
  color: string,
  dash: number[],
): void {
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.setLineDash(dash);
  ctx.beginPath();
  for (let s = 0; s <= STEPS; s++) {
    const z = -q.zMax + (2 * q.zMax * s) / STEPS;
    const v = gAndPrime(q.name, z)[which];
    if (s === 0) ctx.moveTo(q.X(z), q.Y(v));
    else ctx.lineTo(q.X(z), q.Y(v));
  }
  ctx.stroke();
  ctx.setLineDash([]);
}

/** The inspected sample's z values: a dot on g and a ring on g' per unit; returns how many are saturated. */
function paintSamples(ctx: CanvasRenderingContext2D, p: Palette, q: Plot, zs: ArrayLike<number>): number {
  let saturated = 0;
  const peak = peakSlope(q.name);
  for (let i = 0; i < zs.length; i++) {
    const z = zs[i];
    if (!Number.isFinite(z)) continue;
    const [g, gp] = gAndPrime(q.name, z);
    if (gp < SATURATION * peak) saturated++;
    const x = q.X(Math.max(-q.zMax, Math.min(q.zMax, z)));
    ctx.fillStyle = p.fg;
    ctx.beginPath();
    ctx.arc(x, q.Y(g), 3.5, 0, Math.PI * 2);
    ctx.fill();
    ctx.strokeStyle = p.series[1];
    ctx.beginPath();
    ctx.arc(x, q.Y(gp), 3, 0, Math.PI * 2);
    ctx.stroke();
    ctx.strokeStyle = p.fg;
    ctx.beginPath();
    ctx.moveTo(x, PAD.t + q.ph - 4);
    ctx.lineTo(x, PAD.t + q.ph + 2);
    ctx.stroke();
  }
  return saturated;
}

/**
 * Paints g and g' of `name` with the sample's z values (null: none yet); `shade` marks the saturated region where g'
 * scales δ. Returns the number of the sample's units that are saturated.
 */
export function paintActivation(
  ctx: CanvasRenderingContext2D,
  p: Palette,
  name: string,
  zs: ArrayLike<number> | null,
  shade: boolean,
): number {
  ctx.clearRect(0, 0, W, H);
  const q = plotFor(name, zs);
  if (shade) paintSaturation(ctx, p, q);
  paintAxes(ctx, p, q);
  paintCurve(ctx, q, 0, p.series[0], []);
  paintCurve(ctx, q, 1, p.series[1], [5, 3]);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillStyle = p.series[0];
  ctx.fillText('g(z)', PAD.l + 4, PAD.t + 2);
  ctx.fillStyle = p.series[1];
  ctx.fillText("g'(z)", PAD.l + 40, PAD.t + 2);
  return zs ? paintSamples(ctx, p, q, zs) : 0;
}
