/**
 * Reading and checking a student's answer: a number, a vector ("0.1, 0.2" or "[0.1 0.2]") or a matrix row by row
 * ("1, 2; 3, 4"). Right when every entry x of the answer is within a relative tolerance of the value v:
 * |x − v| ≤ tolerance · |v| (so a value of exactly 0 needs exactly 0). Used by the worksheet and predict mode.
 */

export type Expected = number | number[] | number[][];

export type CheckResult =
  | { status: 'right' }
  | { status: 'wrong'; message: string }
  /** The text is not an answer of the expected shape; nothing was counted. */
  | { status: 'unreadable'; message: string };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The numbers of a text, row by row; null when an entry is not a number. Accepts − (U+2212) and × 10^k forms. */
export function parseAnswer(text: string): number[][] | null {
  const clean = text
    .replace(/[−–]/g, '-')
    .replace(/\s*[×x*]\s*10\s*\^\s*\(?\s*([+-]?\d+)\s*\)?/gi, 'e$1')
    .replace(/[[\]()]/g, ' ')
    .trim();
  if (clean === '') return null;
  const rows = clean
    .split(/;|\n/)
    .map((r) => r.trim())
    .filter((r) => r !== '');
  const out: number[][] = [];
  for (const r of rows) {
    const cells = r.split(/[,\s]+/).filter((c) => c !== '');
    if (cells.length === 0 || !cells.every((c) => NUMBER.test(c))) return null;
    out.push(cells.map(Number));
  }
  return out;
}

/** The expected value's shape as rows (a number is 1 × 1, a vector one row). */
function rowsOf(v: Expected): number[][] {
  if (typeof v === 'number') return [[v]];
  if (v.length > 0 && Array.isArray(v[0])) return v as number[][];
  return [v as number[]];
}

export function shapeText(v: Expected): string {
  if (typeof v === 'number') return 'one number';
  const rows = rowsOf(v);
  return rows.length === 1 && !Array.isArray(v[0])
    ? `${rows[0].length} numbers (a vector)`
    : `a ${rows.length} × ${rows[0]?.length ?? 0} matrix, rows separated by ;`;
}

export function withinTolerance(x: number, v: number, tolerance: number): boolean {
  return Math.abs(x - v) <= tolerance * Math.abs(v);
}

export function checkAnswer(text: string, expected: Expected, tolerance: number): CheckResult {
  const parsed = parseAnswer(text);
  if (!parsed)
    return { status: 'unreadable', message: `Type ${shapeText(expected)}, e.g. 0.731 or −1.2e−3.` };
  const want = rowsOf(expected);
  // A vector may be typed on one line or one entry per row.
  const flat = (m: number[][]): number[] => m.flat();
  const sameShape = parsed.length === want.length && parsed.every((r, i) => r.length === want[i].length);
  const vectorLike = want.length === 1 && flat(parsed).length === want[0].length;
  if (!sameShape && !vectorLike)
    return {
      status: 'unreadable',
      message: `The answer is ${shapeText(expected)}; you typed ${flat(parsed).length}.`,
    };
  const got = flat(parsed);
  const exp = flat(want);
  const off = got.map((x, k) => (withinTolerance(x, exp[k], tolerance) ? -1 : k)).filter((k) => k >= 0);
  if (off.length === 0) return { status: 'right' };
  const which =
    exp.length === 1 ? '' : ` (entr${off.length === 1 ? 'y' : 'ies'} ${off.map((k) => k + 1).join(', ')})`;
  return { status: 'wrong', message: `Not within ${tolerance} relative of the answer${which}.` };
}
