/**
 * The heatmaps' table alternative: behind a "Table" toggle, one table per matrix of the mode shown (Θ^(l), D^(l) or
 * the last update), rows j = 1 … s_{l+1}, columns i = 0 (bias) … s_l, as in the lecture. Filled at most every
 * TABLE_MS while training streams, and only while shown.
 */
import type { ViewFrame } from '../../src/protocol';
import { sup } from '../notation';
import type { HeatmapMode } from '../state';
import { button } from '../ui/toolkit';
import { Throttle } from '../throttle';
import {
  MatrixTable,
  tablesBox,
  shapeText,
  TABLE_MAX_CELLS,
  TABLE_MS,
  thetaColumn,
  thetaRow,
} from './matrixTable';

const SYMBOL: Record<HeatmapMode, (l: number) => string> = {
  theta: (l) => `Θ${sup(`(${l})`)}`,
  D: (l) => `D${sup(`(${l})`)}`,
  update: (l) => `last update of Θ${sup(`(${l})`)}`,
};

export class HeatmapTables {
  readonly element = tablesBox('Θ, D or the last update as tables');
  readonly toggle: HTMLElement;
  private tables: MatrixTable[] = [];
  private shown = false;
  private readonly throttle = new Throttle(TABLE_MS);

  constructor(private readonly onToggle: () => void) {
    this.toggle = button({
      label: 'Table',
      ariaLabel: 'Table of each matrix',
      title: 'Show each matrix as a table with row and column headers',
      testId: 'heatmap-table-toggle',
      onClick: () => this.setShown(!this.shown),
    });
    this.toggle.setAttribute('aria-pressed', 'false');
    this.element.hidden = true;
  }

  setShown(on: boolean): void {
    this.shown = on;
    this.toggle.setAttribute('aria-pressed', String(on));
    this.element.hidden = !on;
    this.onToggle();
  }

  /** The tables of `mode` for this frame (throttled; nothing while hidden). */
  update(
    f: ViewFrame | null,
    mode: HeatmapMode,
    sizes: readonly number[],
    classNames: string[] | null,
  ): void {
    if (!this.shown) return;
    this.throttle.run(() => this.fill(f, mode, sizes, classNames));
  }

  private fill(
    f: ViewFrame | null,
    mode: HeatmapMode,
    sizes: readonly number[],
    names: string[] | null,
  ): void {
    const count = Math.max(0, sizes.length - 1);
    while (this.tables.length > count) this.tables.pop()?.element.remove();
    while (this.tables.length < count) {
      const t = new MatrixTable(`matrix-table-${this.tables.length + 1}`);
      this.tables.push(t);
      this.element.append(t.element);
    }
    this.tables.forEach((table, t) => {
      const l = t + 1;
      const rows = sizes[l];
      const cols = sizes[l - 1] + 1;
      const values = mode === 'theta' ? f?.theta[t] : mode === 'D' ? f?.D?.[t] : f?.update?.[t];
      const last = l === sizes.length - 1;
      const tooBig = rows * cols > TABLE_MAX_CELLS ? `; ${rows * cols} entries, too many for a table` : '';
      const none = values ? '' : mode === 'theta' ? '; no values yet' : '; none before the first update';
      table.set(
        {
          caption: `${SYMBOL[mode](l)}: ${shapeText(l, rows, cols)}, bias column first${tooBig}${none}`,
          rows,
          cols,
          corner: 'j \\ i',
          rowHeader: (r) => thetaRow(l, r + 1, last ? names?.[r] : null),
          colHeader: (c) => thetaColumn(l, c),
        },
        values ?? null,
      );
    });
  }
}
