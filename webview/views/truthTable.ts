/**
 * Truth table for small logic datasets (m ≤ 16, binary inputs), as the slide's XNOR table:
 * x₁, x₂, the hidden activations a_i^(j), h_Θ(x) and y. x and y come from DatasetInfo; the activations of every
 * sample come from Frame.table (filled by the worker for m ≤ 16) — the view computes nothing itself.
 */
import type { DatasetInfo, Frame } from '../../src/protocol';
import { fmt, sub, unitLabel } from '../notation';
import { el } from './shared';

export const TABLE_MAX_SAMPLES = 16;

export interface TruthTableCallbacks {
  onInspect(index: number): void;
}

export class TruthTableView {
  readonly element: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly note: HTMLElement;
  private frame: Frame | null = null;
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

  setData(frame: Frame | null, dataset: DatasetInfo | null, sizes: number[]): void {
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
    const L = this.sizes.length;
    const K = d.targets[0]?.length ?? 1;
    const acts = this.frame?.table?.a ?? null;
    const head = el('thead');
    const hr = el('tr');
    const th = (text: string, cls = ''): HTMLTableCellElement => {
      const c = el('th', cls, text);
      c.scope = 'col';
      return c;
    };
    for (let i = 1; i <= d.n; i++) hr.append(th(unitLabel(1, i), 'col-x'));
    for (let j = 2; j < L; j++)
      for (let u = 1; u <= this.sizes[j - 1]; u++) hr.append(th(unitLabel(j, u), 'col-a'));
    for (let k = 1; k <= K; k++) hr.append(th(K === 1 ? 'h_Θ(x)' : `h_Θ(x)${sub(k)}`, 'col-h'));
    for (let k = 1; k <= K; k++) hr.append(th(K === 1 ? 'y' : `y${sub(k)}`, 'col-y'));
    head.append(hr);
    const body = el('tbody');
    const inspected = this.frame?.inspected?.index ?? -1;
    d.inputs.forEach((x, t) => {
      const tr = el('tr');
      tr.tabIndex = 0;
      tr.dataset.sample = String(t);
      if (t === inspected) tr.classList.add('inspected');
      tr.setAttribute('aria-label', `Sample ${t + 1}; press Enter to inspect it`);
      tr.addEventListener('click', () => this.callbacks.onInspect(t));
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          this.callbacks.onInspect(t);
        }
      });
      for (const v of x) tr.append(el('td', 'col-x', String(v)));
      const a = acts?.[t];
      for (let j = 2; j < L; j++)
        for (let u = 1; u <= this.sizes[j - 1]; u++) tr.append(this.valueCell(a?.[j - 1]?.[u - 1], 'col-a'));
      for (let k = 0; k < K; k++) tr.append(this.valueCell(a?.[L - 1]?.[k], 'col-h'));
      for (const y of d.targets?.[t] ?? []) tr.append(el('td', 'col-y', String(y)));
      body.append(tr);
    });
    this.table.replaceChildren(head, body);
    this.note.textContent = acts
      ? 'Activations of every sample with the current weights, rounded to 2 decimals (hover a cell for the exact value). Click a row to inspect that sample.'
      : 'Waiting for the activations of all samples (they arrive with the next frame).';
  }

  private valueCell(v: number | undefined, cls: string): HTMLTableCellElement {
    const td = el('td', cls, v === undefined ? '—' : v.toFixed(2));
    if (v !== undefined) {
      td.title = fmt(v, 6);
      td.dataset.value = String(v);
    }
    return td;
  }
}
