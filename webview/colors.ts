/**
 * Colours, read from the VS Code theme (the --vscode-* CSS variables and the body's vscode-light / vscode-dark /
 * vscode-high-contrast class), and the diverging scale used for Θ, D, δ and activations: symmetric about zero,
 * blue for negative values and red for positive ones (d3's RdBu, reversed). On dark themes the middle of the scale
 * is the editor background instead of white, so that zero looks like "nothing".
 */
import { interpolateRdBu, schemeTableau10 } from 'd3-scale-chromatic';

export type Rgb = [number, number, number];

export interface Palette {
  kind: 'light' | 'dark' | 'high-contrast';
  fg: string;
  bg: string;
  muted: string;
  border: string;
  focus: string;
  accent: string;
  error: string;
  warning: string;
  fontFamily: string;
  fontSize: number;
  monoFamily: string;
  /** 257 colours from −max (index 0) through 0 (index 128) to +max (index 256), as CSS strings. */
  diverging: string[];
  /** The same as RGB triples, for writing ImageData. */
  divergingRgb: Rgb[];
  /** Sequential scale 0 → 1 for sigmoid-like activations (background → accent), 257 RGB triples. */
  sequentialRgb: Rgb[];
  /** Categorical colours for classes. */
  classes: string[];
  /** Series colours for curves. */
  series: string[];
}

const probe = (): CanvasRenderingContext2D | null => document.createElement('canvas').getContext('2d');
let probeCtx: CanvasRenderingContext2D | null = null;

/** Any CSS colour string to RGB (via the canvas parser); `fallback` when it does not parse. */
export function parseColor(css: string, fallback: Rgb): Rgb {
  probeCtx ??= probe();
  if (!probeCtx || !css.trim()) return fallback;
  probeCtx.fillStyle = '#010203';
  probeCtx.fillStyle = css.trim();
  const v = String(probeCtx.fillStyle);
  if (v === '#010203' && css.trim() !== '#010203') return fallback;
  if (v.startsWith('#'))
    return [parseInt(v.slice(1, 3), 16), parseInt(v.slice(3, 5), 16), parseInt(v.slice(5, 7), 16)];
  const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : fallback;
}

export function rgbCss([r, g, b]: Rgb): string {
  return `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
}

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Relative luminance (sRGB, WCAG), to pick a readable text colour on a fill. */
export function luminance([r, g, b]: Rgb): number {
  const f = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

export function themeKind(): Palette['kind'] {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast') || c.contains('vscode-high-contrast-light')) return 'high-contrast';
  return c.contains('vscode-dark') ? 'dark' : 'light';
}

/** Reads the current theme. Called at start and whenever the body class changes. */
export function readPalette(): Palette {
  const style = getComputedStyle(document.documentElement);
  const bodyStyle = getComputedStyle(document.body);
  const kind = themeKind();
  const dark =
    kind === 'dark' ||
    (kind === 'high-contrast' && !document.body.classList.contains('vscode-high-contrast-light'));
  const fg = cssVar(
    style,
    '--vscode-editor-foreground',
    cssVar(style, '--vscode-foreground', dark ? '#cccccc' : '#333333'),
  );
  const bg = cssVar(style, '--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff');
  const bgRgb = parseColor(bg, dark ? [30, 30, 30] : [255, 255, 255]);
  const accent = cssVar(style, '--vscode-focusBorder', dark ? '#007fd4' : '#0090f1');

  // RdBu reversed: t = 0 is the most negative (blue), t = 1 the most positive (red).
  const divergingRgb: Rgb[] = [];
  for (let k = 0; k <= 256; k++) {
    const t = k / 256;
    const light = parseColor(interpolateRdBu(1 - t), [128, 128, 128]);
    if (!dark) {
      divergingRgb.push(light);
    } else {
      // Dark themes: blend from the background (zero) to the saturated ends.
      // The ends at 3:1 or more against the background (RdBu's dark blue end is navy, too dark on black).
      const end = withContrast(
        parseColor(interpolateRdBu(t < 0.5 ? 0.92 : 0.08), [128, 128, 128]),
        bgRgb,
        3.5,
      );
      divergingRgb.push(mix(bgRgb, end, Math.abs(t - 0.5) * 2));
    }
  }
  const accentRgb = parseColor(dark ? '#f4a259' : '#d95f02', [217, 95, 2]);
  const sequentialRgb: Rgb[] = [];
  for (let k = 0; k <= 256; k++) sequentialRgb.push(mix(bgRgb, accentRgb, k / 256));

  return {
    kind,
    fg,
    bg,
    muted: cssVar(style, '--vscode-descriptionForeground', dark ? '#9d9d9d' : '#717171'),
    border: cssVar(
      style,
      '--vscode-panel-border',
      cssVar(style, '--vscode-widget-border', dark ? '#454545' : '#d4d4d4'),
    ),
    focus: accent,
    accent,
    error: cssVar(style, '--vscode-errorForeground', dark ? '#f48771' : '#a1260d'),
    warning: cssVar(style, '--vscode-editorWarning-foreground', dark ? '#cca700' : '#bf8803'),
    fontFamily: cssVar(style, '--vscode-font-family', bodyStyle.fontFamily || 'sans-serif'),
    fontSize: parseFloat(cssVar(style, '--vscode-font-size', '13px')) || 13,
    monoFamily: cssVar(style, '--vscode-editor-font-family', 'monospace'),
    diverging: divergingRgb.map(rgbCss),
    divergingRgb,
    sequentialRgb,
    classes: dark
      ? [
          '#6fa8dc',
          '#f6b26b',
          '#93c47d',
          '#e06666',
          '#b4a7d6',
          '#76d7c4',
          '#ffd966',
          '#c27ba0',
          '#a2c4c9',
          '#d5a6bd',
        ]
      : [...schemeTableau10],
    series: dark
      ? ['#4fc1ff', '#f4a259', '#89d185', '#c586c0']
      : ['#0063b1', '#d95f02', '#388a34', '#8e44ad'],
  };
}

/** Index 0..256 of v on the diverging scale symmetric about zero with ±max at the ends. */
export function divergingIndex(v: number, max: number): number {
  if (!(max > 0) || !Number.isFinite(v)) return 128;
  const t = Math.max(-1, Math.min(1, v / max));
  return Math.round(128 + t * 128);
}

/** Largest |v| of one or more arrays (0 when empty; non-finite entries are skipped). */
export function maxAbs(...arrays: (ArrayLike<number> | null | undefined)[]): number {
  let m = 0;
  for (const a of arrays) {
    if (!a) continue;
    for (let i = 0; i < a.length; i++) {
      const v = Math.abs(a[i]);
      if (v > m && Number.isFinite(v)) m = v;
    }
  }
  return m;
}

/** A CSS linear-gradient of the diverging scale, for legends. */
export function divergingGradientCss(p: Palette): string {
  const stops: string[] = [];
  for (let k = 0; k <= 256; k += 32) stops.push(`${p.diverging[k]} ${((k / 256) * 100).toFixed(1)}%`);
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** Readable text colour (the theme's foreground or background) on a given fill. */
export function textOn(fill: Rgb): string {
  return luminance(fill) > 0.4 ? '#000000' : '#ffffff';
}

/** WCAG contrast ratio of two colours (1 … 21). */
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The colour moved towards black (on a light background) or white (on a dark one) just enough to reach `ratio`
 * against the background: a faint edge of the diverging scale keeps its hue but stays visible on every theme.
 */
export function withContrast(c: Rgb, bg: Rgb, ratio = 3): Rgb {
  if (contrast(c, bg) >= ratio) return c;
  const target: Rgb = luminance(bg) > 0.18 ? [0, 0, 0] : [255, 255, 255];
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < 12; k++) {
    const mid = (lo + hi) / 2;
    if (contrast(mix(c, target, mid), bg) >= ratio) hi = mid;
    else lo = mid;
  }
  return mix(c, target, hi);
}

/**
 * Writes `count` values v[from …] as RGBA pixels of the diverging scale (±max at the ends) into `out` from pixel 0:
 * the inner loop of the heatmaps (50,000 cells a frame for 784-64-10), without a function call per cell.
 */
export function fillDiverging(
  out: Uint8ClampedArray,
  v: ArrayLike<number>,
  from: number,
  count: number,
  max: number,
  lut: readonly Rgb[],
): void {
  const k = max > 0 ? 128 / max : 0;
  for (let i = 0; i < count; i++) {
    const x = v[from + i] * k;
    // NaN and ±Infinity: the middle and the ends, as divergingIndex.
    const idx = x === x ? (x > 128 ? 256 : x < -128 ? 0 : Math.round(128 + x)) : 128;
    const c = lut[idx];
    const o = i * 4;
    out[o] = c[0];
    out[o + 1] = c[1];
    out[o + 2] = c[2];
    out[o + 3] = 255;
  }
}
