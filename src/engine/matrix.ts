/**
 * Dense row-major matrices of doubles. Element (i, j) is `data[i * cols + j]`.
 * The products loop i-k-j (or over contiguous rows) and never allocate per element.
 */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** A rows × cols matrix of zeros. */
export function zeros(rows: number, cols: number): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`matrix size must be two non-negative integers, got ${rows} × ${cols}`);
  }
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** A matrix from an array of equally long rows. */
export function fromRows(rowsIn: readonly (readonly number[])[]): Matrix {
  const rows = rowsIn.length;
  const cols = rows === 0 ? 0 : rowsIn[0].length;
  const out = zeros(rows, cols);
  for (let i = 0; i < rows; i++) {
    const r = rowsIn[i];
    if (r.length !== cols) {
      throw new RangeError(`row ${i} has ${r.length} entries, expected ${cols} like row 0`);
    }
    for (let j = 0; j < cols; j++) out.data[i * cols + j] = r[j];
  }
  return out;
}

/** The matrix as an array of rows (plain numbers, e.g. for JSON). */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** A deep copy. */
export function clone(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: new Float64Array(m.data) };
}

/** Copies src into dst (same shape). */
export function copyInto(dst: Matrix, src: Matrix): void {
  assertSameShape(dst, src, 'copyInto');
  dst.data.set(src.data);
}

/** M(i, j). */
export function get(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j];
}

/** M(i, j) = v. */
export function set(m: Matrix, i: number, j: number, v: number): void {
  m.data[i * m.cols + j] = v;
}

/** ‖M‖_F, the square root of the sum of squares. */
export function frobeniusNorm(m: Matrix): number {
  let s = 0;
  const d = m.data;
  for (let i = 0; i < d.length; i++) s += d[i] * d[i];
  return Math.sqrt(s);
}

function assertSameShape(a: Matrix, b: Matrix, what: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new RangeError(`${what}: shapes differ, ${a.rows} × ${a.cols} and ${b.rows} × ${b.cols}`);
  }
}

function output(out: Matrix | undefined, rows: number, cols: number, what: string): Matrix {
  if (!out) return zeros(rows, cols);
  if (out.rows !== rows || out.cols !== cols) {
    throw new RangeError(`${what}: output is ${out.rows} × ${out.cols}, expected ${rows} × ${cols}`);
  }
  return out;
}

/** out = A·B (A r×k, B k×c). i-k-j loop. */
export function matmul(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  if (a.cols !== b.rows) throw new RangeError(`matmul: ${a.rows} × ${a.cols} times ${b.rows} × ${b.cols}`);
  const o = output(out, a.rows, b.cols, 'matmul');
  const { rows: r, cols: k } = a;
  const c = b.cols;
  const A = a.data,
    B = b.data,
    O = o.data;
  O.fill(0);
  for (let i = 0; i < r; i++) {
    const oi = i * c;
    for (let p = 0; p < k; p++) {
      const v = A[i * k + p];
      if (v === 0) continue;
      const bp = p * c;
      for (let j = 0; j < c; j++) O[oi + j] += v * B[bp + j];
    }
  }
  return o;
}

/** out = A·Bᵀ (A r×k, B c×k): dot products of contiguous rows. */
export function matmulABt(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  if (a.cols !== b.cols)
    throw new RangeError(`matmulABt: ${a.rows} × ${a.cols} times (${b.rows} × ${b.cols})ᵀ`);
  const o = output(out, a.rows, b.rows, 'matmulABt');
  const k = a.cols;
  const A = a.data,
    B = b.data,
    O = o.data;
  for (let i = 0; i < a.rows; i++) {
    const ai = i * k;
    for (let j = 0; j < b.rows; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += A[ai + p] * B[bj + p];
      O[i * b.rows + j] = s;
    }
  }
  return o;
}

/** out = Aᵀ·B (A k×r, B k×c). p-i-j loop over the shared rows. */
export function matmulAtB(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  if (a.rows !== b.rows)
    throw new RangeError(`matmulAtB: (${a.rows} × ${a.cols})ᵀ times ${b.rows} × ${b.cols}`);
  const o = output(out, a.cols, b.cols, 'matmulAtB');
  const r = a.cols,
    c = b.cols;
  const A = a.data,
    B = b.data,
    O = o.data;
  O.fill(0);
  for (let p = 0; p < a.rows; p++) {
    for (let i = 0; i < r; i++) {
      const v = A[p * r + i];
      if (v === 0) continue;
      const oi = i * c,
        bp = p * c;
      for (let j = 0; j < c; j++) O[oi + j] += v * B[bp + j];
    }
  }
  return o;
}
