/**
 * The lecture's notation, in one place: unit and weight labels as plain Unicode text (for the graph, tooltips and
 * table headers) and as KaTeX strings (for equations), plus number formatting.
 *
 * Conventions (see the lecture): layer j = 1..L; a_i^(j) is unit i of layer j (a^(1) = x, written x_i), a_0^(j) = +1
 * is the bias unit; Θ^(l) maps layer l to layer l+1 and has size s_{l+1} × (s_l + 1), Θ_ji^(l) going from unit i of
 * layer l to unit j of layer l+1 (column i = 0 is the bias).
 */

const SUB: Record<string, string> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
  '(': '₍', ')': '₎', '+': '₊', '-': '₋',
}; // prettier-ignore
const SUP: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '(': '⁽', ')': '⁾', '+': '⁺', '-': '⁻', T: 'ᵀ',
}; // prettier-ignore

export function sub(v: number | string): string {
  return [...String(v)].map((c) => SUB[c] ?? c).join('');
}

export function sup(v: number | string): string {
  return [...String(v)].map((c) => SUP[c] ?? c).join('');
}

/** x_i for the input layer, a_i^(j) after it; the bias unit is a_0^(j) (x_0 in layer 1). */
export function unitLabel(layer: number, unit: number): string {
  return layer === 1 ? `x${sub(unit)}` : `a${sub(unit)}${sup(`(${layer})`)}`;
}

/** Θ_ji^(l), with a comma between the indices once one has two digits (Θ₁₀,₇₈₄⁽¹⁾). */
export function thetaLabel(l: number, j: number, i: number, symbol = 'Θ'): string {
  const sep = j >= 10 || i >= 10 ? ',' : '';
  return `${symbol}${sub(j)}${sep}${sub(i)}${sup(`(${l})`)}`;
}

export function layerVectorLabel(symbol: 'a' | 'z' | 'δ', layer: number): string {
  return `${symbol}${sup(`(${layer})`)}`;
}

/*
 * Numbers: one rule for every view, so that numbers shown side by side never contradict each other.
 *
 * - A value is never rounded to a different "round" value: a non-zero never shows as 0 (tiny values switch to
 *   scientific form, 8.81e−6), and a value near an integer never shows as that integer (0.9999912 is "1 − 8.8e−6",
 *   not "1", so it agrees with g′ = a(1 − a) = 8.8e−6 beside it).
 * - `fmt(v, decimals)` reads with a fixed number of decimals (J, α, tooltips); `sig(v, n)` with n significant digits
 *   (tables, the stepper's vectors and matrices: g(−30) = 9.3576e−14, g(10) = 0.99995), keeping the trailing zeros of
 *   an inexact value (4.5480e−5), so the digits say how exact a number is.
 * - Fewer than 3 decimals is the compact form of heatmap cells and axis ticks, where the colour or position carries
 *   the value: it rounds plainly (0.999 → 1).
 */

const MINUS = '−';

/** Scientific form with `n` significant digits: 9.3576e−14 (trailing zeros kept only when `keepZeros`). */
function expForm(v: number, n: number, keepZeros = false): string {
  const [m, e] = v.toExponential(Math.max(0, n - 1)).split('e');
  return `${keepZeros ? m : trimZeros(m)}e${e.replace('+', '').replace('-', MINUS)}`.replace(/^-/, MINUS);
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** "1 − 8.8e−6": a value close to the integer `n` it would round to. */
function nearInteger(v: number, n: number): string {
  const d = v - n;
  const int = n === 0 ? '0' : String(n).replace('-', MINUS);
  return `${int} ${d < 0 ? MINUS : '+'} ${expForm(Math.abs(d), 2)}`;
}

/**
 * The shared rule: `rounded` is the plain rounding of v; returns it unless it would hide that v is not round. With
 * `keepZeros` (significant digits) an inexact value keeps its trailing zeros: 4.5480e−5 has 5 digits, 0.25 is exact.
 */
function guard(v: number, rounded: string, keepZeros = false): string {
  const r = Number(rounded);
  if (r === v) return trimZeros(rounded).replace(/^-/, MINUS);
  if (r === 0) return expForm(v, 3);
  if (Number.isInteger(r)) return nearInteger(v, r);
  return (keepZeros ? rounded : trimZeros(rounded)).replace(/^-/, MINUS);
}

function special(v: number): string | null {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : `${MINUS}∞`;
  if (v === 0) return '0';
  return null;
}

/** A number for reading with `digits` decimals (3 by default); very small or large values in scientific form. */
export function fmt(v: number, digits = 3): string {
  const s = special(v);
  if (s !== null) return s;
  const a = Math.abs(v);
  if (a >= 1e4 || a < 10 ** -digits) return expForm(v, 3);
  if (digits < 3) return trimZeros(v.toFixed(digits)).replace(/^-/, MINUS);
  return guard(v, v.toFixed(digits));
}

/** A number with `n` significant digits (5 by default, as the slides' tables); scientific below 10⁻³ and from 10⁵. */
export function sig(v: number, n = 5): string {
  const s = special(v);
  if (s !== null) return s;
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e15) return String(v).replace('-', MINUS);
  if (a >= 10 ** n || a < 1e-3)
    return Number(v.toExponential(n - 1)) === v ? expForm(v, n) : expForm(v, n, true);
  return guard(v, v.toPrecision(n), true);
}

/** Plain-text number to KaTeX: "9.3576e−14" → 9.3576 \times 10^{-14}, "1 − 8.8e−6" → 1 - 8.8 \times 10^{-6}. */
function toTex(s: string): string {
  if (s === 'NaN') return '\\text{NaN}';
  return s
    .replace(/∞/g, '\\infty')
    .replace(
      /([0-9.]+)e([−+]?\d+)/g,
      (_m, mant: string, e: string) => `${mant}\\times 10^{${e.replace(MINUS, '-')}}`,
    )
    .replace(/−/g, '-');
}

/** A number as KaTeX source with `n` significant digits (the stepper uses 4): 1.234, 8.812 \times 10^{-6}. */
export function tex(v: number, n = 4): string {
  return toTex(sig(v, n));
}

/** Indices shown when a vector or matrix is too long: the first `head`, then the last `tail`, null = an ellipsis. */
export function elide(n: number, max: number): (number | null)[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  const out: (number | null)[] = [];
  for (let i = 0; i < head; i++) out.push(i);
  out.push(null);
  for (let i = n - tail; i < n; i++) out.push(i);
  return out;
}

/** A column vector as a KaTeX bmatrix, long ones elided with ⋮. `mark` colours some entries (e.g. dropped units). */
export function texVector(v: ArrayLike<number>, max = 8, mark?: (i: number) => boolean): string {
  const rows = elide(v.length, max).map((i) => {
    if (i === null) return '\\vdots';
    const s = tex(v[i]);
    return mark?.(i) ? `\\color{gray}{${s}}` : s;
  });
  return `\\begin{bmatrix}${rows.join('\\\\')}\\end{bmatrix}`;
}

/** A row vector (a transpose) as a bmatrix, elided with ⋯. */
export function texRowVector(v: ArrayLike<number>, max = 8): string {
  const cols = elide(v.length, max).map((i) => (i === null ? '\\cdots' : tex(v[i])));
  return `\\begin{bmatrix}${cols.join(' & ')}\\end{bmatrix}`;
}

/** A matrix (array of rows, or its transpose) as a bmatrix, elided with ⋯ ⋮ ⋱. */
export function texMatrix(m: ArrayLike<number>[], maxRows = 6, maxCols = 6, transpose = false): string {
  const nRows = transpose ? (m[0]?.length ?? 0) : m.length;
  const nCols = transpose ? m.length : (m[0]?.length ?? 0);
  const at = (r: number, c: number): number => (transpose ? m[c][r] : m[r][c]);
  const rows = elide(nRows, maxRows).map((r) =>
    elide(nCols, maxCols)
      .map((c) => {
        if (r === null) return c === null ? '\\ddots' : '\\vdots';
        return c === null ? '\\cdots' : tex(at(r, c));
      })
      .join(' & '),
  );
  return `\\begin{bmatrix}${rows.join('\\\\')}\\end{bmatrix}`;
}

export const TEX_G: Record<string, { g: string; gPrime: string }> = {
  sigmoid: { g: 'g(z) = \\dfrac{1}{1 + e^{-z}}', gPrime: "g'(z) = g(z)\\,(1 - g(z))" },
  tanh: { g: 'g(z) = \\dfrac{e^{z} - e^{-z}}{e^{z} + e^{-z}}', gPrime: "g'(z) = 1 - g(z)^2" },
  relu: {
    g: 'g(z) = \\max(0, z)',
    gPrime: "g'(z) = \\begin{cases} 1, & z > 0 \\\\ 0, & \\text{otherwise} \\end{cases}",
  },
  linear: { g: 'g(z) = z', gPrime: "g'(z) = 1" },
  softmax: {
    g: 'g(z)_k = \\dfrac{e^{z_k}}{\\sum_{i} e^{z_i}}',
    gPrime: '\\dfrac{\\partial a_i}{\\partial z_j} = a_i\\,([i = j] - a_j)',
  },
};

/** The KaTeX name of one entry of a layer's matrix: Θ_ji^(l), D_ji^(l). */
export function texEntry(symbol: string, l: number, j: number, i: number): string {
  return `${symbol}^{(${l})}_{${j}${j >= 10 || i >= 10 ? ',' : ''}${i}}`;
}
