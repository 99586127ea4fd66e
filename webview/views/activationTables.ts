/**
 * The activation panels' table alternative: for each layer j ≥ 2, one row per unit i with the inspected sample's
 * z_i^(j), a_i^(j) = g(z_i^(j)) and g'(z_i^(j)) (softmax: z and a only; its Jacobian has its own table). Behind a
 * "Table" toggle, filled at most every TABLE_MS.
 */
import type { ViewFrame } from '../../src/protocol';
import { sup, unitLabel } from '../notation';
import { button } from '../ui/toolkit';
import { gAndPrime } from './activationPlot';
import { Throttle } from '../throttle';
import { MatrixTable, tablesBox, TABLE_MS } from './matrixTable';

export class ActivationTables {
  readonly element = tablesBox('z, a and g′ per unit as tables');
  readonly toggle: HTMLElement;
  private tables: MatrixTable[] = [];
  private shown = false;
  private readonly throttle = new Throttle(TABLE_MS);

  constructor(private readonly onToggle: () => void) {
    this.toggle = button({
      label: 'Table',
      ariaLabel: 'Table of z, a and g′ per unit',
      title: "Show the inspected sample's z, a = g(z) and g'(z) of every unit as tables",
      testId: 'activations-table-toggle',
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

  /** `activations[j − 1]` is g of layer j; the rows come from the frame's inspected sample. */
  update(f: ViewFrame | null, activations: readonly string[]): void {
    if (!this.shown) return;
    this.throttle.run(() => this.fill(f, activations));
  }

  private fill(f: ViewFrame | null, activations: readonly string[]): void {
    const layers = Math.max(0, activations.length - 1);
    while (this.tables.length > layers) this.tables.pop()?.element.remove();
    while (this.tables.length < layers) {
      const t = new MatrixTable(`activations-table-${this.tables.length + 2}`);
      this.tables.push(t);
      this.element.append(t.element);
    }
    const ins = f?.inspected ?? null;
    this.tables.forEach((table, k) => {
      const j = k + 2;
      const g = activations[j - 1];
      const z = ins?.z[j - 2] ?? null;
      const rows = ins?.a[j - 1]?.length ?? 0;
      const cols = g === 'softmax' ? 2 : 3;
      const values = z ? new Float64Array(rows * cols) : null;
      for (let i = 0; z && values && i < rows; i++) {
        const a = ins?.a[j - 1][i] ?? NaN;
        values.set(cols === 3 ? [z[i], a, gAndPrime(g, z[i])[1]] : [z[i], a], i * cols);
      }
      const sample = ins ? `sample ${ins.index + 1}` : 'no inspected sample yet';
      table.set(
        {
          caption: `Layer ${j}, g = ${g}: z${sup(`(${j})`)} and a${sup(`(${j})`)} of ${sample}`,
          rows,
          cols,
          corner: 'unit',
          rowHeader: (r) => `unit ${r + 1} (${unitLabel(j, r + 1)})`,
          colHeader: (c) => ['z', 'a = g(z)', "g'(z)"][c],
        },
        values,
      );
    });
  }
}
