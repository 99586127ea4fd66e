/**
 * Activation panel: g and g' of each layer's activation (lecture: sigmoid, tanh, ReLU), with the inspected sample's
 * z^(j) values marked on the curve, and, where g' scales δ (hidden layers; outputs under the squared error), the
 * saturated region (g'(z) below 10 % of its peak: δ^(j) = … .* g'(z^(j)) becomes tiny) shaded. A softmax output is
 * drawn as its output vector and Jacobian (softmaxPanel.ts). The sentences follow the loss in use (activationNotes.ts).
 * The formulas are rendered with KaTeX, e.g. g'(z) = g(z)(1 − g(z)).
 */
import katex from 'katex';
import type { Frame } from '../../src/protocol';
import type { Palette } from '../colors';
import { TEX_G } from '../notation';
import { activationNote, saturationSlows } from './activationNotes';
import { drawSoftmaxBars, JACOBIAN_MAX_K, jacobianTable } from './softmaxPanel';
import { el, sizeCanvas } from './shared';

/** What the panel needs to know besides g: the loss (for δ^(L)) and the class names of the outputs. */
export interface ActivationsContext {
  loss: string;
  classNames: string[] | null;
}

const W = 300;
const H = 150;
const PAD = { l: 30, r: 8, t: 8, b: 22 };
const SATURATION = 0.1;

/** g and g' of an element-wise activation at z (softmax has its own panel: softmaxPanel.ts). */
export function gAndPrime(name: string, z: number): [number, number] {
  switch (name) {
    case 'tanh': {
      const g = Math.tanh(z);
      return [g, 1 - g * g];
    }
    case 'relu':
      return [Math.max(0, z), z > 0 ? 1 : 0];
    case 'linear':
      return [z, 1];
    default: {
      const g = 1 / (1 + Math.exp(-z));
      return [g, g * (1 - g)];
    }
  }
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
  private frame: Frame | null = null;
  private key = '';
  /** L, the number of layers. */
  private L = 0;
  private context: ActivationsContext = { loss: 'cross-entropy', classNames: null };
  private dirty = true;
  visible = false;

  constructor(private palette: Palette) {
    this.element = el('section', 'activations');
    this.element.setAttribute(
      'aria-label',
      'Activation functions and where the inspected sample sits on them',
    );
    this.list = el('div', 'activation-list');
    this.element.append(this.list);
  }

  setTopology(activations: string[], context?: ActivationsContext): void {
    if (context) this.context = context;
    const key = `${activations.join(',')}|${this.context.loss}|${this.context.classNames?.join(',') ?? ''}`;
    if (key === this.key) return;
    this.key = key;
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

  setFrame(f: Frame): void {
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
    const p = this.palette;
    const ctx = sizeCanvas(panel.canvas, W, H);
    ctx.clearRect(0, 0, W, H);
    const name = panel.name;
    const L = this.L;
    const shade = saturationSlows(name, layer, L, this.context.loss);
    const zs = this.frame?.inspected?.z[layer - 2] ?? null;
    let zMax = name === 'relu' || name === 'linear' ? 4 : 6;
    if (zs)
      for (let i = 0; i < zs.length; i++)
        if (Number.isFinite(zs[i])) zMax = Math.max(zMax, Math.min(40, Math.abs(zs[i]) * 1.1));
    const [yMin, yMax] =
      name === 'tanh'
        ? [-1.05, 1.05]
        : name === 'relu' || name === 'linear'
          ? [name === 'linear' ? -zMax : -0.2, zMax]
          : [-0.05, 1.05];
    const pw = W - PAD.l - PAD.r;
    const ph = H - PAD.t - PAD.b;
    const X = (z: number): number => PAD.l + ((z + zMax) / (2 * zMax)) * pw;
    const Y = (v: number): number => PAD.t + ph - ((v - yMin) / (yMax - yMin)) * ph;
    // Saturated regions: g'(z) < 10 % of its peak (sigmoid: |z| > ≈ 3.6; tanh: |z| > ≈ 1.8; ReLU: z < 0).
    const peak = name === 'tanh' || name === 'relu' || name === 'linear' ? 1 : 0.25;
    ctx.fillStyle = p.warning;
    ctx.globalAlpha = 0.12;
    const steps = 300;
    for (let s = 0; s < steps; s++) {
      const z = -zMax + (2 * zMax * (s + 0.5)) / steps;
      if (shade && gAndPrime(name, z)[1] < SATURATION * peak)
        ctx.fillRect(X(z - zMax / steps), PAD.t, (pw / steps) * 1.02, ph);
    }
    ctx.globalAlpha = 1;
    // Axes
    ctx.strokeStyle = p.border;
    ctx.beginPath();
    ctx.moveTo(PAD.l, Y(0));
    ctx.lineTo(PAD.l + pw, Y(0));
    ctx.moveTo(X(0), PAD.t);
    ctx.lineTo(X(0), PAD.t + ph);
    ctx.stroke();
    ctx.fillStyle = p.muted;
    ctx.font = `10px ${p.fontFamily}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const z of [-zMax, -zMax / 2, 0, zMax / 2, zMax])
      ctx.fillText(String(+z.toFixed(1)), X(z), PAD.t + ph + 3);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of [
      yMin < -0.5 ? -1 : 0,
      yMax > 2 ? Math.round(yMax / 2) : 0.5,
      yMax > 2 ? Math.round(yMax) : 1,
    ])
      ctx.fillText(String(v), PAD.l - 4, Y(v));
    // g (solid) and g' (dashed)
    const curve = (which: 0 | 1, color: string, dash: number[]): void => {
      ctx.strokeStyle = color;
      ctx.lineWidth = 2;
      ctx.setLineDash(dash);
      ctx.beginPath();
      for (let s = 0; s <= steps; s++) {
        const z = -zMax + (2 * zMax * s) / steps;
        const v = gAndPrime(name, z)[which];
        if (s === 0) ctx.moveTo(X(z), Y(v));
        else ctx.lineTo(X(z), Y(v));
      }
      ctx.stroke();
      ctx.setLineDash([]);
    };
    curve(0, p.series[0], []);
    curve(1, p.series[1], [5, 3]);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillStyle = p.series[0];
    ctx.fillText('g(z)', PAD.l + 4, PAD.t + 2);
    ctx.fillStyle = p.series[1];
    ctx.fillText("g'(z)", PAD.l + 40, PAD.t + 2);
    // The inspected sample's z values: a dot on g (and one on g') per unit.
    let saturated = 0;
    if (zs) {
      for (let i = 0; i < zs.length; i++) {
        const z = zs[i];
        if (!Number.isFinite(z)) continue;
        const [g, gp] = gAndPrime(name, z);
        if (gp < SATURATION * peak) saturated++;
        const x = X(Math.max(-zMax, Math.min(zMax, z)));
        ctx.fillStyle = p.fg;
        ctx.beginPath();
        ctx.arc(x, Y(g), 3.5, 0, Math.PI * 2);
        ctx.fill();
        ctx.strokeStyle = p.series[1];
        ctx.beginPath();
        ctx.arc(x, Y(gp), 3, 0, Math.PI * 2);
        ctx.stroke();
        ctx.strokeStyle = p.fg;
        ctx.beginPath();
        ctx.moveTo(x, PAD.t + ph - 4);
        ctx.lineTo(x, PAD.t + ph + 2);
        ctx.stroke();
      }
      panel.note.textContent = activationNote({
        name,
        layer,
        L,
        loss: this.context.loss,
        saturated,
        units: zs.length,
      });
    } else {
      panel.note.textContent = 'The inspected sample’s z values appear with the first frame.';
    }
    panel.root.dataset.saturated = String(saturated);
    panel.canvas.setAttribute(
      'aria-label',
      `g and g' of ${name} for layer ${layer}; ${panel.note.textContent}`,
    );
  }
}
