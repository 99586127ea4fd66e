/**
 * The truth table's content, as the slides print it (pure: no DOM, unit-tested).
 *
 * - One logistic unit (AND, NOT: L = 2): x₁ x₂ | z | h_Θ(x) = g(z) | y, e.g. the AND slide's row
 *   0 0 | −30 | 9.3576e−14 | 0. z = Θ^(1) a^(1) is computed here from the frame's Θ (a 1 × (n+1) product).
 * - A hidden layer (XNOR: L = 3): x₁ x₂ | a₁⁽²⁾ a₂⁽²⁾ | h_Θ(x) | y, the slide's columns x₁ x₂ a₁ a₂ h_Θ(x), plus y.
 * - Rows in the slides' order: x₁ varies fastest (00, 10, 01, 11); each row keeps its sample number (1…m, file order).
 * - Values to 5 significant digits (`sig`), so g(10) reads 0.99995 and g(−30) 9.3576e−14 without hovering.
 * - With several outputs, each h_Θ(x)_k and y_k column is named by its class.
 */
import { sig, sub, unitLabel } from '../notation';

export type ColumnKind = 'x' | 'z' | 'a' | 'h' | 'y';

export interface TableColumn {
  kind: ColumnKind;
  label: string;
  /** What the header's title explains (the formula of the column). */
  title: string;
}

export interface TableCell {
  text: string;
  /** The exact value (for tests and the cell's title); null for inputs and targets. */
  value: number | null;
}

export interface TableRow {
  /** The sample's index in the file (0-based); shown as sample index + 1. */
  sample: number;
  cells: TableCell[];
}

export interface TruthTableModel {
  columns: TableColumn[];
  rows: TableRow[];
}

export interface TruthTableInput {
  inputs: number[][];
  targets: number[][];
  /** s_1 … s_L */
  sizes: number[];
  /** Frame.table.a: a[t][j] = a^(j+1) of sample t without the bias unit; null until the first frame. */
  activations: number[][][] | null;
  /** Θ^(1) row-major (s_2 × (s_1 + 1), bias column first), for z of a one-layer network; null until a frame. */
  theta1: ArrayLike<number> | null;
  classNames: string[] | null;
}

/** The slides' row order: x₁ varies fastest, so (0,0), (1,0), (0,1), (1,1). */
export function slideOrder(inputs: number[][]): number[] {
  const key = (x: number[]): number => x.reduce((s, v, i) => s + (v ? 2 ** i : 0), 0);
  return inputs.map((_, t) => t).sort((p, q) => key(inputs[p]) - key(inputs[q]) || p - q);
}

function outputName(k: number, K: number, classNames: string[] | null): string {
  if (K === 1) return '';
  const name = classNames?.[k - 1];
  return name ? ` ${name}` : '';
}

export function truthTableModel(d: TruthTableInput): TruthTableModel {
  const L = d.sizes.length;
  const n = d.sizes[0] ?? d.inputs[0]?.length ?? 0;
  const K = d.targets[0]?.length ?? 1;
  const oneLayer = L === 2;
  const columns: TableColumn[] = [];
  for (let i = 1; i <= n; i++) columns.push({ kind: 'x', label: unitLabel(1, i), title: `input x${sub(i)}` });
  for (let k = 1; oneLayer && k <= K; k++) {
    const s = K === 1 ? '' : sub(k);
    columns.push({ kind: 'z', label: `z${s}`, title: `z${s} = Θ${s}⁽¹⁾ a⁽¹⁾, the bias weight first` });
  }
  for (let j = 2; j < L; j++)
    for (let u = 1; u <= d.sizes[j - 1]; u++)
      columns.push({ kind: 'a', label: unitLabel(j, u), title: `a${sub(u)}⁽${j}⁾ = g(z${sub(u)}⁽${j}⁾)` });
  for (let k = 1; k <= K; k++)
    columns.push({
      kind: 'h',
      label: `h_Θ(x)${K === 1 ? '' : sub(k)}${outputName(k, K, d.classNames)}`,
      title: oneLayer ? 'h_Θ(x) = g(z)' : `h_Θ(x) = a⁽${L}⁾`,
    });
  for (let k = 1; k <= K; k++)
    columns.push({
      kind: 'y',
      label: `y${K === 1 ? '' : sub(k)}${outputName(k, K, d.classNames)}`,
      title: 'target',
    });

  const value = (v: number | undefined): TableCell =>
    v === undefined ? { text: '—', value: null } : { text: sig(v), value: v };
  const rows = slideOrder(d.inputs).map((t): TableRow => {
    const x = d.inputs[t];
    const a = d.activations?.[t];
    const cells: TableCell[] = x.map((v) => ({ text: String(v), value: null }));
    for (let k = 0; oneLayer && k < K; k++) cells.push(value(zOf(d.theta1, x, k)));
    for (let j = 2; j < L; j++) for (let u = 0; u < d.sizes[j - 1]; u++) cells.push(value(a?.[j - 1]?.[u]));
    for (let k = 0; k < K; k++) cells.push(value(a?.[L - 1]?.[k]));
    for (const y of d.targets[t] ?? []) cells.push({ text: String(y), value: null });
    return { sample: t, cells };
  });
  return { columns, rows };
}

/** z_k = Θ_k0 + Σ_i Θ_ki x_i (row k of Θ^(1), bias column first); undefined before the first frame. */
function zOf(theta: ArrayLike<number> | null, x: number[], k: number): number | undefined {
  if (!theta) return undefined;
  const c = x.length + 1;
  if (theta.length < (k + 1) * c) return undefined;
  let z = theta[k * c];
  for (let i = 0; i < x.length; i++) z += theta[k * c + 1 + i] * x[i];
  return z;
}
