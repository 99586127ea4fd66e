/**
 * Dense row-major matrices of doubles. Element (i, j) is `data[i * cols + j]`. The products of forward and
 * backpropagation are the kernels in kernels.ts.
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
