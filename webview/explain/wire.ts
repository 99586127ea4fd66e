/**
 * Explain this number, wired into the views: the panel, the graph's units (click; Enter on the focused graph), the
 * heatmaps (Enter on a focused matrix; clicks come through main.ts's onPick), J in the status line and under the cost
 * curve, the activations view's z and a, the stepper step's numbers, and the graph's selection line. main.ts creates
 * it once and calls update() whenever the selection, the steps or the frame change.
 */
import type cytoscape from 'cytoscape';
import type { Model, UiState } from '../state';
import { layerSizes } from '../state';
import { unitLabel } from '../notation';
import { ExplainPanel } from './panel';
import {
  addActivationNumbers,
  explainable,
  explainButton,
  explainContext,
  StepNumbers,
  type OpenExplain,
} from './hooks';
import type { Selection } from './selection';
import type { MirrorTarget } from '../views/graphMirror';

interface Part {
  element: HTMLElement;
}

export interface ExplainViews {
  model: Model;
  ui: UiState;
  graph: { cy: cytoscape.Core; onActivate: ((target: MirrorTarget) => void) | null };
  graphPanel: { box: HTMLElement; selectedInfo: HTMLElement };
  heatmap: Part;
  curves: Part;
  controls: Part;
  activations: Part;
  stepper: Part & { setOpen(open: boolean): void };
  /** The predict panel inside the stepper: the step's numbers go above it. */
  predict: Part;
}

const ENTER = new Set(['Enter', ' ']);

export class ExplainWiring {
  readonly panel: ExplainPanel;
  readonly open: OpenExplain;
  private readonly stepNumbers: StepNumbers;
  private readonly selectedText = document.createElement('span');
  private selectedKey = '';

  /** `stepsChanged` saves the UI state and redraws the stepper after the panel moved its cursor. */
  constructor(
    private readonly v: ExplainViews,
    private readonly stepsChanged: () => void,
  ) {
    this.panel = new ExplainPanel({
      context: () => explainContext(v.model, v.ui.steps.records),
      showStep: (index) => this.showStep(index),
    });
    this.open = (sel, opener) => this.panel.open(sel, opener);
    document.body.append(this.panel.element);
    this.stepNumbers = new StepNumbers(this.open);
    v.stepper.element.insertBefore(this.stepNumbers.element, v.predict.element);
    this.hookGraph();
    this.hookHeatmap();
    v.curves.element.append(explainButton({ q: 'J' }, this.open, 'Explain J(Θ)'));
    const cost = v.controls.element.querySelector<HTMLElement>('[data-testid="cost"]');
    if (cost) explainable(cost, () => ({ q: 'J' }), this.open);
  }

  /** A click on a unit explains its a; Enter (or Space) in the graph's keyboard tree explains a unit's a or a weight Θ. */
  private hookGraph(): void {
    const box = this.v.graphPanel.box;
    this.v.graph.cy.on('tap', 'node', (e) => {
      const d = (e.target as cytoscape.NodeSingular).data() as { layer?: number; unit?: number };
      if (typeof d.layer === 'number' && typeof d.unit === 'number' && d.unit > 0)
        this.open({ q: 'a', layer: d.layer, unit: d.unit }, box);
    });
    this.v.graph.onActivate = (t) => {
      const from = document.activeElement instanceof HTMLElement ? document.activeElement : box; // Esc comes back here
      if (t.kind === 'unit') this.open({ q: 'a', layer: t.layer, unit: t.unit }, from);
      if (t.kind === 'weight') this.open({ q: 'theta', layer: t.l, row: t.j, col: t.i }, from);
    };
  }

  /** Enter on a focused matrix explains its first entry; the panel's "Beside it" buttons reach every cell. */
  private hookHeatmap(): void {
    this.v.heatmap.element.addEventListener('keydown', (e) => {
      const target = e.target as HTMLElement;
      const l = Number(target.dataset?.theta);
      if (!ENTER.has(e.key) || !Number.isInteger(l) || l < 1) return;
      e.preventDefault();
      this.open({ q: this.v.ui.heatmapMode, layer: l, row: 1, col: 0 }, target);
    });
  }

  /** A heatmap cell was clicked: explain it as the heatmap shows it (Θ, D or the update). */
  pick(w: { layer: number; row: number; col: number }): void {
    const sel: Selection = { q: this.v.ui.heatmapMode, layer: w.layer, row: w.row, col: w.col };
    this.open(sel, document.activeElement as HTMLElement | null);
  }

  /** The stepper at record `index` (−1: just open it), with the focus on its current step. */
  private showStep(index: number): void {
    const { ui, stepper } = this.v;
    ui.stepperOpen = true;
    stepper.setOpen(true);
    if (index >= 0) ui.steps = { ...ui.steps, cursor: index };
    this.stepsChanged();
    stepper.element.scrollIntoView({ block: 'nearest' });
    stepper.element.querySelector<HTMLElement>('.chip.current, [data-testid="step-forward"]')?.focus();
  }

  /** New selection, steps or frame: the selection line, the step's numbers, the activations' buttons, the panel. */
  update(): void {
    const { ui, model } = this.v;
    this.describeSelected();
    this.stepNumbers.set(ui.steps.records, ui.steps.cursor, ui.stepperOpen);
    const sizes = layerSizes(model);
    if (sizes) addActivationNumbers(this.v.activations.element, sizes, this.open);
    this.panel.refresh();
  }

  /**
   * The graph's selection line: the selected unit and its a, then buttons to explain its a and z. The buttons are
   * rebuilt only when the unit changes, so a frame never takes the keyboard focus away from them.
   */
  private describeSelected(): void {
    const info = this.v.graphPanel.selectedInfo;
    const u = this.v.ui.selectedUnit;
    const key = u ? `${u.layer}:${u.unit}` : '';
    if (!u) {
      this.selectedKey = '';
      info.textContent =
        'Click a unit (or Tab into the graph, walk it with the arrow keys, Enter) to explain it and highlight its row of Θ in the heatmaps.';
      return;
    }
    const a = this.v.model.frame?.inspected?.a[u.layer - 1]?.[u.unit - 1];
    const name = unitLabel(u.layer, u.unit);
    this.selectedText.textContent = `Selected ${name} (unit ${u.unit} of layer ${u.layer})${a !== undefined ? ` = ${a.toFixed(4)}` : ''}; its weights are outlined in the heatmaps. `;
    if (key === this.selectedKey) return;
    this.selectedKey = key;
    const buttons = [explainButton({ q: 'a', layer: u.layer, unit: u.unit }, this.open, `Explain ${name}`)];
    if (u.layer > 1)
      buttons.push(
        explainButton({ q: 'z', layer: u.layer, unit: u.unit }, this.open, `Explain z${name.slice(1)}`),
      );
    info.replaceChildren(this.selectedText, ...buttons.flatMap((b, k) => (k ? [' ', b] : [b])));
  }

  stats(): { selection: Selection | null; explanation: unknown } {
    return {
      selection: this.panel.isOpen ? this.panel.selection() : null,
      explanation: this.panel.explanation(),
    };
  }
}
