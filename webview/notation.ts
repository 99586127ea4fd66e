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

/** A number for reading: 3 decimals, or 3 significant digits in scientific form when very small or large. */
export function fmt(v: number, digits = 3): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 10 ** -digits) return v.toExponential(2).replace('-', '−');
  return v
    .toFixed(digits)
    .replace(/\.?0+$/, '')
    .replace(/^-/, '−');
}

/** The same number as KaTeX source (1.2 \times 10^{-4}). */
export function tex(v: number, digits = 3): string {
  if (Number.isNaN(v)) return '\\text{NaN}';
  if (!Number.isFinite(v)) return v > 0 ? '\\infty' : '-\\infty';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 10 ** -digits) {
    const [m, e] = v.toExponential(2).split('e');
    return `${m.replace(/\.?0+$/, '')}\\times 10^{${Number(e)}}`;
  }
  return v.toFixed(digits).replace(/\.?0+$/, '');
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
    gPrime: '\\dfrac{\\partial g(z)_k}{\\partial z_k} = g(z)_k\\,(1 - g(z)_k)',
  },
};

/** The KaTeX name of one entry of a layer's matrix: Θ_ji^(l), D_ji^(l). */
export function texEntry(symbol: string, l: number, j: number, i: number): string {
  return `${symbol}^{(${l})}_{${j}${j >= 10 || i >= 10 ? ',' : ''}${i}}`;
}
