/** Values as Python literals (for the numbers and settings written into an exported script). */

/** A JSON-like value. */
export type Plain = number | string | boolean | null | readonly Plain[] | { readonly [key: string]: Plain };

/** A finite number in its shortest round-trip form, which Python's float() reads back to the same double. */
export function pyNumber(v: number): string {
  if (!Number.isFinite(v))
    throw new RangeError(`cannot write ${v} into a Python script: not a finite number`);
  return Object.is(v, -0) ? '0' : String(v);
}

/** The value as a Python literal on one line (JSON strings are valid Python strings). */
export function py(value: Plain): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + (value as readonly Plain[]).map(py).join(', ') + ']';
  const entries = Object.entries(value as { readonly [key: string]: Plain });
  return '{' + entries.map(([k, v]) => `${JSON.stringify(k)}: ${py(v)}`).join(', ') + '}';
}

/** A matrix (array of rows) as a Python list with one row per line, indented by `indent`. */
export function pyRows(rows: readonly (readonly number[])[], indent: string): string {
  if (rows.length === 0) return '[]';
  return '[\n' + rows.map((r) => `${indent}    [${r.map(pyNumber).join(', ')}],`).join('\n') + `\n${indent}]`;
}

/** Rows of a row-major Float64Array (m × width). */
export function rowsOf(data: Float64Array, m: number, width: number): number[][] {
  return Array.from({ length: m }, (_, i) => Array.from(data.subarray(i * width, (i + 1) * width)));
}

/** A string as a Python comment block (each line prefixed with "# "). */
export function pyComment(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `# ${l}` : '#'))
    .join('\n');
}
