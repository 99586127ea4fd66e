/**
 * Table alternatives of the canvases: a matrix with row and column headers, in the lecture's notation. Θ^(l) is
 * s_{l+1} × (s_l + 1) with the bias column i = 0 first; rows are the units j of layer l + 1. The tables are updated
 * in place (same shape: only the cells' text changes) and at most every TABLE_MS while values stream, so that they
 * never cost a frame.
 */
import { fmt, sub, unitLabel } from '../notation';
import { el } from './shared';

export const TABLE_MS = 500;
/** Matrices with more entries are described, not tabulated (a 64 × 785 Θ would be 50,000 cells). */
export const TABLE_MAX_CELLS = 2048;

export interface MatrixTableSpec {
  caption: string;
  rows: number;
  cols: number;
  rowHeader(r: number): string;
  colHeader(c: number): string;
  /** The column that heads the rows (the corner cell). */
  corner: string;
}

/** Column headers of Θ^(l) or D^(l): i = 0 is the bias unit +1, then the units of layer l. */
export function thetaColumn(l: number, i: number): string {
  return i === 0 ? `i = 0 (bias +1)` : `i = ${i} (${unitLabel(l, i)})`;
}

/** Row headers of Θ^(l): the units j of layer l + 1, with the class name of an output unit. */
export function thetaRow(l: number, j: number, className?: string | null): string {
  return `j = ${j} (${unitLabel(l + 1, j)}${className ? `, ${className}` : ''})`;
}

/** A matrix as a <table>, rebuilt when its shape or headers change and only relabelled otherwise. */
export class MatrixTable {
  readonly element: HTMLTableElement;
  private readonly captionEl: HTMLTableCaptionElement;
  private cells: HTMLTableCellElement[] = [];
  private shapeKey = '';

  constructor(testId: string) {
    this.element = el('table', 'matrix-table');
    this.element.dataset.testid = testId;
    this.captionEl = el('caption');
    this.element.append(this.captionEl);
  }

  /** Shows `values` (row-major, rows × cols), or only the caption when there are none or too many. */
  set(spec: MatrixTableSpec, values: ArrayLike<number> | null): void {
    if (this.captionEl.textContent !== spec.caption) this.captionEl.textContent = spec.caption;
    const n = spec.rows * spec.cols;
    const key =
      values && n <= TABLE_MAX_CELLS
        ? `${spec.rows}x${spec.cols}|${spec.rowHeader(0)}|${spec.colHeader(0)}`
        : '';
    if (key !== this.shapeKey) this.build(spec, key);
    if (!key || !values) return;
    for (let k = 0; k < n; k++) {
      const text = fmt(values[k], 3);
      if (this.cells[k].textContent !== text) this.cells[k].textContent = text;
    }
  }

  private build(spec: MatrixTableSpec, key: string): void {
    this.shapeKey = key;
    this.cells = [];
    this.element.replaceChildren(this.captionEl);
    if (!key) return;
    const head = el('thead');
    const hr = el('tr');
    const corner = el('th', '', spec.corner);
    corner.scope = 'col';
    hr.append(corner);
    for (let c = 0; c < spec.cols; c++) {
      const th = el('th', '', spec.colHeader(c));
      th.scope = 'col';
      hr.append(th);
    }
    head.append(hr);
    const body = el('tbody');
    for (let r = 0; r < spec.rows; r++) {
      const tr = el('tr');
      const th = el('th', '', spec.rowHeader(r));
      th.scope = 'row';
      tr.append(th);
      for (let c = 0; c < spec.cols; c++) {
        const td = el('td');
        this.cells.push(td);
        tr.append(td);
      }
      body.append(tr);
    }
    this.element.append(head, body);
  }
}

/** "s₂ × (s₁ + 1) = 2 × 3" */
export function shapeText(l: number, rows: number, cols: number): string {
  return `s${sub(l + 1)} × (s${sub(l)} + 1) = ${rows} × ${cols}`;
}

/** The box of a view's tables: it scrolls sideways on narrow panels, so it takes the keyboard focus too. */
export function tablesBox(label: string): HTMLElement {
  const box = el('div', 'matrix-tables');
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', label);
  box.tabIndex = 0;
  return box;
}
