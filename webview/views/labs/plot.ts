/**
 * Drawing the loss surface: a filled contour map with iso-lines (marching squares) and a shaded 3-D view (a rotated,
 * projected mesh painted back to front). Values are coloured on a log scale of J when J > 0 everywhere (J spans
 * orders of magnitude between a minimum and a saturated plateau), else linearly.
 */
import { interpolateViridis } from 'd3-scale-chromatic';
import { parseColor, type Rgb } from '../../colors';

export interface Grid {
  n: number;
  /** n × n, row k = β_k (bottom to top), column c = α_c (left to right). */
  values: ArrayLike<number>;
}

/** value → t ∈ [0, 1] and back (log scale when every finite value is > 0). */
export interface Scale {
  min: number;
  max: number;
  log: boolean;
  t(v: number): number;
  value(t: number): number;
}

export function scaleOf(values: ArrayLike<number>): Scale {
  let min = Infinity,
    max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) [min, max] = [0, 1];
  const log = min > 0 && max / min > 10;
  const f = (v: number) => (log ? Math.log(v) : v);
  const lo = f(min),
    span = f(max) - lo || 1;
  return {
    min,
    max,
    log,
    t: (v) => (Number.isFinite(v) ? Math.min(1, Math.max(0, (f(v) - lo) / span)) : 1),
    value: (t) => (log ? Math.exp(lo + t * span) : lo + t * span),
  };
}

const RAMP: Rgb[] = Array.from({ length: 256 }, (_, i) => parseColor(interpolateViridis(i / 255), [0, 0, 0]));
export const colorAt = (t: number): Rgb => RAMP[Math.round(Math.min(1, Math.max(0, t)) * 255)];

/** Iso-line segments of the level t* (in scale space) by marching squares, in grid coordinates (c, k). */
export function isoSegments(g: Grid, s: Scale, level: number): [number, number, number, number][] {
  const { n, values } = g;
  const T = (c: number, k: number) => s.t(values[k * n + c]);
  const out: [number, number, number, number][] = [];
  const lerp = (a: number, b: number) => (a === b ? 0.5 : (level - a) / (b - a));
  for (let k = 0; k + 1 < n; k++)
    for (let c = 0; c + 1 < n; c++) {
      const v0 = T(c, k),
        v1 = T(c + 1, k),
        v2 = T(c + 1, k + 1),
        v3 = T(c, k + 1);
      const idx = (v0 > level ? 1 : 0) | (v1 > level ? 2 : 0) | (v2 > level ? 4 : 0) | (v3 > level ? 8 : 0);
      if (idx === 0 || idx === 15) continue;
      // Edge crossings: bottom (0-1), right (1-2), top (3-2), left (0-3).
      const e = [
        [c + lerp(v0, v1), k],
        [c + 1, k + lerp(v1, v2)],
        [c + lerp(v3, v2), k + 1],
        [c, k + lerp(v0, v3)],
      ];
      const pairs: Record<number, number[][]> = {
        1: [[3, 0]],
        2: [[0, 1]],
        3: [[3, 1]],
        4: [[1, 2]],
        5: [
          [3, 0],
          [1, 2],
        ],
        6: [[0, 2]],
        7: [[3, 2]],
        8: [[2, 3]],
        9: [[0, 2]],
        10: [
          [0, 1],
          [2, 3],
        ],
        11: [[1, 2]],
        12: [[1, 3]],
        13: [[0, 1]],
        14: [[0, 3]],
      };
      for (const [a, b] of pairs[idx]) out.push([e[a][0], e[a][1], e[b][0], e[b][1]]);
    }
  return out;
}

/** Bilinear colour image of the grid (w × h pixels, β up). */
export function contourImage(g: Grid, s: Scale, w: number, h: number): ImageData {
  const img = new ImageData(w, h);
  const { n, values } = g;
  for (let py = 0; py < h; py++) {
    const k = ((h - 1 - py) / (h - 1)) * (n - 1);
    const k0 = Math.min(n - 2, Math.floor(k)),
      fk = k - k0;
    for (let px = 0; px < w; px++) {
      const c = (px / (w - 1)) * (n - 1);
      const c0 = Math.min(n - 2, Math.floor(c)),
        fc = c - c0;
      const t00 = s.t(values[k0 * n + c0]),
        t10 = s.t(values[k0 * n + c0 + 1]),
        t01 = s.t(values[(k0 + 1) * n + c0]),
        t11 = s.t(values[(k0 + 1) * n + c0 + 1]);
      const t = (t00 * (1 - fc) + t10 * fc) * (1 - fk) + (t01 * (1 - fc) + t11 * fc) * fk;
      // Filled bands: 12 steps, so the map reads like a contour plot.
      const band = Math.min(11, Math.floor(t * 12)) / 11;
      const [r, gg, b] = colorAt(band);
      const o = (py * w + px) * 4;
      img.data[o] = r;
      img.data[o + 1] = gg;
      img.data[o + 2] = b;
      img.data[o + 3] = 255;
    }
  }
  return img;
}

export interface View3d {
  /** Rotation about the vertical axis and elevation, radians. */
  azimuth: number;
  elevation: number;
}

/** Projects grid point (c, k) with height t (orthographic, rotated): unscaled screen x, y (y up) and the distance toward
 * the camera. */
export function project(c: number, k: number, t: number, n: number, v: View3d): [number, number, number] {
  const x = c / (n - 1) - 0.5,
    y = k / (n - 1) - 0.5,
    z = t * 0.55;
  const ca = Math.cos(v.azimuth),
    sa = Math.sin(v.azimuth);
  const xr = x * ca - y * sa,
    yr = x * sa + y * ca;
  const ce = Math.cos(v.elevation),
    se = Math.sin(v.elevation);
  return [xr, z * ce - yr * se, yr * ce + z * se];
}

/** Maps projected points into a w × h canvas with a margin, fitting the whole unit box in every orientation. */
export function fitter(v: View3d, w: number, h: number): (p: [number, number, number]) => [number, number] {
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (const c of [0, 1])
    for (const k of [0, 1])
      for (const t of [0, 1]) {
        const [x, y] = project(c, k, t, 2, v);
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
  const m = 12;
  const scale = Math.min((w - 2 * m) / (x1 - x0), (h - 2 * m) / (y1 - y0));
  const cx = (x0 + x1) / 2,
    cy = (y0 + y1) / 2;
  return ([x, y]) => [w / 2 + (x - cx) * scale, h / 2 - (y - cy) * scale];
}

/** The shaded mesh, painted back to front, with a light from the viewer's upper left; returns the screen mapping. */
export function drawSurface3d(
  ctx: CanvasRenderingContext2D,
  g: Grid,
  s: Scale,
  v: View3d,
  w: number,
  h: number,
): (c: number, k: number, t: number) => [number, number] {
  const { n, values } = g;
  const fit = fitter(v, w, h);
  const step = n > 61 ? 2 : 1;
  const quads: { d: number; pts: [number, number][]; rgb: Rgb }[] = [];
  for (let k = 0; k + step < n; k += step)
    for (let c = 0; c + step < n; c += step) {
      const corners: [number, number][] = [
        [c, k],
        [c + step, k],
        [c + step, k + step],
        [c, k + step],
      ];
      const ts = corners.map(([cc, kk]) => s.t(values[kk * n + cc]));
      const p = corners.map(([cc, kk], q) => project(cc, kk, ts[q], n, v));
      const depth = (p[0][2] + p[1][2] + p[2][2] + p[3][2]) / 4;
      // Lambert shading from the slope of the cell.
      const dx = (ts[1] - ts[0] + ts[2] - ts[3]) / 2,
        dy = (ts[3] - ts[0] + ts[2] - ts[1]) / 2;
      const slope = ((n - 1) / step) * 0.55;
      const nx = -dx * slope,
        ny = -dy * slope,
        nz = 1;
      const len = Math.hypot(nx, ny, nz);
      const light = Math.max(0.5, (nx * -0.35 + ny * -0.45 + nz * 0.82) / len) * 1.1;
      const base = colorAt((ts[0] + ts[1] + ts[2] + ts[3]) / 4);
      quads.push({
        d: depth,
        pts: p.map(fit),
        rgb: [Math.min(255, base[0] * light), Math.min(255, base[1] * light), Math.min(255, base[2] * light)],
      });
    }
  quads.sort((a, b) => a.d - b.d); // far (small distance toward the camera) first
  for (const q of quads) {
    ctx.beginPath();
    ctx.moveTo(q.pts[0][0], q.pts[0][1]);
    for (let i = 1; i < 4; i++) ctx.lineTo(q.pts[i][0], q.pts[i][1]);
    ctx.closePath();
    const css = `rgb(${q.rgb[0] | 0}, ${q.rgb[1] | 0}, ${q.rgb[2] | 0})`;
    ctx.fillStyle = css;
    ctx.strokeStyle = css;
    ctx.lineWidth = 0.6;
    ctx.fill();
    ctx.stroke();
  }
  return (c, k, t) => fit(project(c, k, t, n, v));
}
