/**
 * Activation panel: g and g' of each layer's activation (lecture: sigmoid, tanh, ReLU), with the inspected sample's
 * z^(j) values marked on the curve, and, where g' scales δ (hidden layers; outputs under the squared error), the
 * saturated region (g'(z) below 10 % of its peak: δ^(j) = … .* g'(z^(j)) becomes tiny) shaded. A softmax output is
 * drawn as its output vector and Jacobian (softmaxPanel.ts). The sentences follow the loss in use (activationNotes.ts).
 * The formulas are rendered with KaTeX, e.g. g'(z) = g(z)(1 − g(z)).
 */
import katex from 'katex';
import type { ViewFrame } from '../../src/protocol';
import type { Palette } from '../colors';
import { TEX_G } from '../notation';
import { activationNote, saturationSlows } from './activationNotes';
import { ActivationTables } from './activationTables';
import { drawSoftmaxBars, JACOBIAN_MAX_K, jacobianTable } from './softmaxPanel';
import { el, sizeCanvas } from './shared';
import { H, paintActivation, W } from './activationPlot';

/** What the panel needs to know besides g: the loss (for δ^(L)) and the class names of the outputs. */
export interface ActivationsContext {
  loss: string;
  classNames: string[] | null;
}

interface Panel {
  root: HTMLElement;
  canvas: HTMLCanvasElement;
  formula: HTMLElement;
  note: HTMLElement;
  /** The softmax panel's Jacobian table, or null. */
  extra: HTMLElement;
  name: string;
}

export class ActivationsView {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private panels: Panel[] = [];
  private frame: ViewFrame | null = null;
  private key = '';
  /** L, the number of layers. */
  private L = 0;
  private context: ActivationsContext = { loss: 'cross-entropy', classNames: null };
  private dirty = true;
  private activations: string[] = [];
  private readonly tables = new ActivationTables(() => this.render(true));
  visible = false;

  constructor(private palette: Palette) {
    this.element = el('section', 'activations');
    this.element.setAttribute(
      'aria-label',
      'Activation functions and where the inspected sample sits on them',
    );
    this.list = el('div', 'activation-list');
    const bar = el('div', 'view-toolbar');
    bar.append(el('span', 'spacer'), this.tables.toggle);
    this.element.append(bar, this.list, this.tables.element);
  }

  setTopology(activations: string[], context?: ActivationsContext): void {
    if (context) this.context = context;
    const key = `${activations.join(',')}|${this.context.loss}|${this.context.classNames?.join(',') ?? ''}`;
    if (key === this.key) return;
    this.key = key;
    this.activations = activations;
    this.L = activations.length;
    this.list.replaceChildren();
    this.panels = [];
    for (let j = 2; j <= activations.length; j++) {
      const name = activations[j - 1];
      const root = el('figure', 'activation');
      const cap = el('figcaption', '', `Layer ${j}: g = ${name}`);
      const formula = el('div', 'formula');
      const t = TEX_G[name];
      if (t) katex.render(`${t.g} \\qquad ${t.gPrime}`, formula, { throwOnError: false, displayMode: false });
      const canvas = el('canvas');
      canvas.setAttribute('role', 'img');
      const note = el('p', 'note');
      const extra = el('div', 'activation-extra');
      root.append(cap, formula, canvas, extra, note);
      this.list.append(root);
      this.panels.push({ root, canvas, formula, note, extra, name });
    }
    this.dirty = true;
  }

  setFrame(f: ViewFrame): void {
    this.frame = f;
    this.dirty = true;
  }

  setTheme(p: Palette): void {
    this.palette = p;
    this.dirty = true;
  }

  render(force = false): void {
    if (!this.visible || (!this.dirty && !force)) return;
    this.dirty = false;
    this.panels.forEach((p, k) => this.draw(p, k + 2));
    this.tables.update(this.frame, this.activations);
  }

  /** The class name (or k) of output k, for the softmax bars. */
  private outputName(k: number): string {
    return this.context.classNames?.[k] ?? String(k + 1);
  }

  private drawSoftmax(panel: Panel, layer: number): void {
    const ctx = sizeCanvas(panel.canvas, W, H);
    const ins = this.frame?.inspected ?? null;
    const a = ins?.a[layer - 1] ?? null;
    panel.extra.replaceChildren();
    if (!a || !ins) {
      ctx.clearRect(0, 0, W, H);
      panel.note.textContent = 'The inspected sample’s output vector appears with the first frame.';
    } else {
      drawSoftmaxBars(ctx, this.palette, a, ins.y, (k) => this.outputName(k));
      if (a.length <= JACOBIAN_MAX_K) panel.extra.append(jacobianTable(this.palette, a, layer));
      panel.note.textContent = activationNote({
        name: 'softmax',
        layer,
        L: this.L,
        loss: this.context.loss,
        saturated: 0,
        units: a.length,
      });
    }
    panel.root.dataset.saturated = '0';
    panel.canvas.setAttribute('aria-label', `softmax outputs of layer ${layer}; ${panel.note.textContent}`);
  }

  private draw(panel: Panel, layer: number): void {
    if (panel.name === 'softmax') return this.drawSoftmax(panel, layer);
    const name = panel.name;
    const shade = saturationSlows(name, layer, this.L, this.context.loss);
    const zs = this.frame?.inspected?.z[layer - 2] ?? null;
    const ctx = sizeCanvas(panel.canvas, W, H);
    const saturated = paintActivation(ctx, this.palette, name, zs, shade);
    panel.note.textContent = zs
      ? activationNote({ name, layer, L: this.L, loss: this.context.loss, saturated, units: zs.length })
      : 'The inspected sample’s z values appear with the first frame.';
    panel.root.dataset.saturated = String(saturated);
    panel.canvas.setAttribute(
      'aria-label',
      `g and g' of ${name} for layer ${layer}; ${panel.note.textContent}`,
    );
  }
}
