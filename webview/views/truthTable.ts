/**
 * Truth table for small logic datasets (m ≤ 16, binary inputs), as the slides' AND, NOT and XNOR tables (columns,
 * row order and digits: see truthTableModel.ts). x and y come from DatasetInfo; the activations of every sample from
 * ViewFrame.table (filled by the worker for m ≤ 16).
 */
import type { DatasetInfo, ViewFrame } from '../../src/protocol';
import { truthTableModel, type TableRow, type TruthTableModel } from './truthTableModel';
import { el } from './shared';

export const TABLE_MAX_SAMPLES = 16;

export interface TruthTableCallbacks {
  onInspect(index: number): void;
}

export class TruthTableView {
  readonly element: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly note: HTMLElement;
  private frame: ViewFrame | null = null;
  private dataset: DatasetInfo | null = null;
  private sizes: number[] = [];
  private dirty = true;
  visible = false;

  constructor(private readonly callbacks: TruthTableCallbacks) {
    this.element = el('section', 'truth-table');
    this.element.setAttribute('aria-label', 'Truth table');
    this.table = el('table');
    this.table.dataset.testid = 'truth-table';
    this.note = el('p', 'note');
    this.element.append(this.table, this.note);
  }

  /** A small logic dataset: m ≤ 16 samples with inputs that are all 0 or 1. */
  static applies(d: DatasetInfo | null): boolean {
    if (!d || !d.inputs || !d.targets || d.m > TABLE_MAX_SAMPLES || d.inputs.length === 0) return false;
    return d.inputs.every((x) => x.every((v) => v === 0 || v === 1));
  }

  setData(frame: ViewFrame | null, dataset: DatasetInfo | null, sizes: number[]): void {
    this.frame = frame;
    this.dataset = dataset;
    this.sizes = sizes;
    this.dirty = true;
  }

  render(force = false): void {
    if (!this.visible || (!this.dirty && !force)) return;
    this.dirty = false;
    const d = this.dataset;
    if (!d || !d.inputs || !d.targets) {
      this.table.replaceChildren();
      this.note.textContent = 'The truth table needs a small dataset with binary inputs.';
      return;
    }
    const acts = this.frame?.table?.a ?? null;
    const model = truthTableModel({
      inputs: d.inputs,
      targets: d.targets,
      sizes: this.sizes,
      activations: acts,
      theta1: this.frame?.theta[0] ?? null,
      classNames: d.classNames,
    });
    const hr = el('tr');
    for (const c of model.columns) {
      const th = el('th', `col-${c.kind}`, c.label);
      th.scope = 'col';
      th.title = c.title;
      hr.append(th);
    }
    const body = el('tbody');
    const inspected = this.frame?.inspected?.index ?? -1;
    for (const row of model.rows) body.append(this.row(row, model, row.sample === inspected));
    const head = el('thead');
    head.append(hr);
    this.table.replaceChildren(head, body);
    this.note.textContent = acts
      ? `Every sample with the current weights, to 5 significant digits, rows in the slides' order (x₁ varies fastest). Click a row to inspect that sample.`
      : 'Waiting for the activations of all samples (they arrive with the next frame).';
  }

  private row(row: TableRow, model: TruthTableModel, inspected: boolean): HTMLTableRowElement {
    const t = row.sample;
    const tr = el('tr');
    tr.tabIndex = 0;
    tr.dataset.sample = String(t);
    if (inspected) tr.classList.add('inspected');
    tr.setAttribute('aria-label', `Sample ${t + 1}; press Enter to inspect it`);
    tr.addEventListener('click', () => this.callbacks.onInspect(t));
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.callbacks.onInspect(t);
      }
    });
    row.cells.forEach((cell, k) => {
      const td = el('td', `col-${model.columns[k].kind}`, cell.text);
      if (cell.value !== null) {
        td.dataset.value = String(cell.value);
        td.title = `${model.columns[k].label} = ${cell.value}`;
      }
      tr.append(td);
    });
    return tr;
  }
}
