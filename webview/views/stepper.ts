/**
 * Step through backpropagation: walks the slide's loop one micro-step at a time from the StepRecords the worker
 * streams (forward pass layer by layer, δ^(L) = a^(L) − y, each δ^(l) = (Θ^(l))ᵀ δ^(l+1) .* g'(z^(l)), the Δ
 * accumulation, D, the update). Each step shows its equation in the lecture's notation and the same equation with
 * the numbers substituted (KaTeX), and tells the graph and heatmaps what to highlight.
 *
 * Forward at the end of the local history asks the worker for the next micro-step ('step'); back walks the local
 * history only. Keys (handled in main.ts): → step, ← back, Shift+→ finish the sample, Ctrl+Shift+→ one epoch.
 */
import katex from 'katex';
import type { StepRecord, WebviewCommand } from '../../src/protocol';
import { fmt, sup, TEX_G, texMatrix, texRowVector, texVector } from '../notation';
import { el, emptyHighlight, type Highlight } from './shared';
import type { StepIntent } from '../state';

export interface StepperCallbacks {
  onCursor(cursor: number): void;
  onCommand(command: WebviewCommand, intent: StepIntent): void;
  onToggle(open: boolean): void;
}

export interface StepperContext {
  /** s_1..s_L */
  sizes: number[];
  /** g of each layer (index j-1), from the spec. */
  activations: string[];
  /** Θ^(l) of the current frame (rows), for records that do not carry it; index l-1. */
  frameTheta: (l: number) => number[][] | null;
}

export interface StepEquations {
  title: string;
  general: string[];
  numeric: string[];
  notes: string[];
}

const DOT_STAR = '\\mathbin{.*}';

/** The Θ^(l) used by record `k`: from a later gradient/update record of the same l, else an earlier update's result. */
export function thetaFor(
  records: StepRecord[],
  k: number,
  l: number,
  ctx: StepperContext,
): number[][] | null {
  for (let q = k; q < records.length; q++) {
    const r = records[q];
    if (r.kind === 'gradient' && r.thetaLayer === l) return r.theta;
    if (r.kind === 'update' && r.thetaLayer === l) return r.before;
  }
  for (let q = k - 1; q >= 0; q--) {
    const r = records[q];
    if (r.kind === 'update' && r.thetaLayer === l) return r.after;
  }
  return ctx.frameTheta(l);
}

/** The equation of a step in the lecture's notation, and with its numbers. */
export function stepEquations(records: StepRecord[], k: number, ctx: StepperContext): StepEquations {
  const r = records[k];
  const L = ctx.sizes.length;
  switch (r.kind) {
    case 'input':
      return {
        title: `Input: sample ${r.sample + 1} enters layer 1`,
        general: ['a^{(1)} = x \\quad (\\text{add } a_0^{(1)} = 1)'],
        numeric: [`a^{(1)} = ${texVector(r.a)}`],
        notes: ['The first entry is the bias unit a₀⁽¹⁾ = +1.'],
      };
    case 'forward': {
      const j = r.layer;
      const l = r.thetaLayer;
      const th = thetaFor(records, k, l, ctx);
      const last = j === L;
      const g = TEX_G[r.activation]?.g;
      const dropped = new Set(r.dropped);
      const general = [
        `z^{(${j})} = \\Theta^{(${l})} a^{(${l})}, \\qquad a^{(${j})} = g(z^{(${j})})` +
          (last ? ` = h_\\Theta(x)` : ` \\quad (\\text{add } a_0^{(${j})} = 1)`),
      ];
      if (g) general.push(`${g} \\quad (\\text{${r.activation}})`);
      const numeric = [
        `z^{(${j})} = ${th ? texMatrix(th) : `\\Theta^{(${l})}`} ${texVector(r.aPrev)} = ${texVector(r.z)}`,
        `a^{(${j})} = g\\left(${texVector(r.z)}\\right) = ${texVector(r.a, 8, (i) => !last && dropped.has(i))}`,
      ];
      const notes: string[] = [];
      if (!last) notes.push(`The first entry of a${sup(`(${j})`)} is the bias unit a₀${sup(`(${j})`)} = +1.`);
      if (r.dropped.length)
        notes.push(
          `Dropout: unit${r.dropped.length > 1 ? 's' : ''} ${r.dropped.join(', ')} of layer ${j} dropped in this step (a set to 0, shown grey).`,
        );
      return {
        title: `Forward pass: layer ${l} → ${j}${last ? ' (output h_Θ(x))' : ''}`,
        general,
        numeric,
        notes,
      };
    }
    case 'outputDelta': {
      const Ls = r.layer;
      if (r.rule === 'a-y')
        return {
          title: `Output error δ${sup(`(${Ls})`)}`,
          general: [`\\delta^{(${Ls})} = a^{(${Ls})} - y`],
          numeric: [`\\delta^{(${Ls})} = ${texVector(r.a)} - ${texVector(r.y)} = ${texVector(r.delta)}`],
          notes: ['With cross-entropy cost and sigmoid/softmax outputs, ∂J/∂z⁽ᴸ⁾ simplifies to a⁽ᴸ⁾ − y.'],
        };
      if (r.rule === 'mse' && r.gPrime)
        return {
          title: `Output error δ${sup(`(${Ls})`)} (squared error)`,
          general: [`\\delta^{(${Ls})} = (a^{(${Ls})} - y) ${DOT_STAR} g'(z^{(${Ls})})`],
          numeric: [
            `\\delta^{(${Ls})} = \\left(${texVector(r.a)} - ${texVector(r.y)}\\right) ${DOT_STAR} ${texVector(r.gPrime)} = ${texVector(r.delta)}`,
          ],
          notes: ['For the squared-error cost the output error keeps the factor g′(z⁽ᴸ⁾).'],
        };
      return {
        title: `Output error δ${sup(`(${Ls})`)}`,
        general: [`\\delta^{(${Ls})} = \\dfrac{\\partial J}{\\partial z^{(${Ls})}}`],
        numeric: [
          r.gPrime
            ? `\\delta^{(${Ls})} = \\dfrac{\\partial J}{\\partial a^{(${Ls})}} ${DOT_STAR} ${texVector(r.gPrime)} = ${texVector(r.delta)}`
            : `\\delta^{(${Ls})} = ${texVector(r.delta)}`,
        ],
        notes: ['This cost/activation pair has no a − y shortcut; δ is the full derivative.'],
      };
    }
    case 'hiddenDelta': {
      const l = r.layer;
      const t = r.thetaLayer;
      const th = thetaFor(records, k, t, ctx);
      const general = [
        `\\delta^{(${l})} = (\\Theta^{(${t})})^T \\delta^{(${l + 1})} ${DOT_STAR} g'(z^{(${l})})`,
      ];
      const g = ctx.activations[l - 1];
      if (g === 'sigmoid')
        general.push(`g'(z^{(${l})}) = a^{(${l})} ${DOT_STAR} (1 - a^{(${l})}) \\quad (\\text{sigmoid})`);
      else if (g === 'tanh') general.push(`g'(z^{(${l})}) = 1 - (a^{(${l})})^2 \\quad (\\text{tanh})`);
      else if (g && TEX_G[g]) general.push(`${TEX_G[g].gPrime} \\quad (\\text{${g}})`);
      const thT = th
        ? texMatrix(
            th.map((row) => row.slice(1)),
            6,
            6,
            true,
          )
        : `(\\Theta^{(${t})})^T`;
      return {
        title: `Back-propagate the error to layer ${l}`,
        general,
        numeric: [
          `(\\Theta^{(${t})})^T \\delta^{(${l + 1})} = ${thT} ${texVector(r.deltaNext)} = ${texVector(r.backprop)}`,
          `\\delta^{(${l})} = ${texVector(r.backprop)} ${DOT_STAR} ${texVector(r.gPrime)} = ${texVector(r.delta)}`,
        ],
        notes: ['The bias row of (Θ)ᵀδ is dropped: the bias unit a₀ = 1 has no error to pass back.'],
      };
    }
    case 'accumulate': {
      const l = r.thetaLayer;
      return {
        title: `Accumulate Δ${sup(`(${l})`)} (sample ${r.sample + 1})`,
        general: [
          `\\Delta^{(${l})} := \\Delta^{(${l})} + \\delta^{(${l + 1})} (a^{(${l})})^T`,
          `\\Delta^{(${l})}_{ij} := \\Delta^{(${l})}_{ij} + a^{(${l})}_j \\, \\delta^{(${l + 1})}_i`,
        ],
        numeric: [
          `\\Delta^{(${l})} := \\Delta^{(${l})} + ${texVector(r.deltaNext)} ${texRowVector(r.a)} = ${texMatrix(r.Delta)}`,
        ],
        notes: ['Δ sums δ aᵀ over the samples of the batch; j = 0 is the bias column.'],
      };
    }
    case 'gradient': {
      const l = r.thetaLayer;
      const notes = [`m = ${r.m} sample${r.m === 1 ? '' : 's'} in this batch, λ = ${fmt(r.lambda)}.`];
      if (r.lambda !== 0)
        notes.push(
          'The slide prints “+ λΘ”, but the derivative of the regularization term (λ/2m) Σ Θ² is (λ/m) Θ: that is what is computed here (and D = ∂J/∂Θ holds).',
        );
      const thetaNoBias = r.theta.map((row) => row.map((v, c) => (c === 0 ? 0 : v)));
      const reg = r.lambda !== 0 ? ` + \\dfrac{${fmt(r.lambda)}}{${r.m}} ${texMatrix(thetaNoBias)}` : '';
      return {
        title: `Gradient D${sup(`(${l})`)}`,
        general: [
          `D^{(${l})}_{ij} := \\dfrac{1}{m} \\Delta^{(${l})}_{ij} + \\dfrac{\\lambda}{m} \\Theta^{(${l})}_{ij} \\ \\text{ if } j \\neq 0, \\qquad D^{(${l})}_{ij} := \\dfrac{1}{m} \\Delta^{(${l})}_{ij} \\ \\text{ if } j = 0`,
          `\\dfrac{\\partial}{\\partial \\Theta^{(${l})}_{ij}} J(\\Theta) = D^{(${l})}_{ij}`,
        ],
        numeric: [`D^{(${l})} = \\dfrac{1}{${r.m}} ${texMatrix(r.Delta)}${reg} = ${texMatrix(r.D)}`],
        notes,
      };
    }
    case 'update': {
      const l = r.thetaLayer;
      const gd = r.optimizer === 'gd';
      return {
        title: `Update Θ${sup(`(${l})`)}${gd ? '' : ` (${r.optimizer})`}`,
        general: gd
          ? [`\\Theta^{(${l})} := \\Theta^{(${l})} - \\alpha \\, D^{(${l})}`]
          : [
              `\\Theta^{(${l})} := \\Theta^{(${l})} - \\alpha \\cdot \\text{(${r.optimizer} step computed from } D^{(${l})})`,
            ],
        numeric: gd
          ? [
              `\\Theta^{(${l})} := ${texMatrix(r.before)} - ${fmt(r.alpha)} ${texMatrix(r.D)} = ${texMatrix(r.after)}`,
            ]
          : [
              `\\Theta^{(${l})} := ${texMatrix(r.before)} \\xrightarrow{\\text{${r.optimizer}}, \\ \\alpha = ${fmt(r.alpha)}} ${texMatrix(r.after)}`,
            ],
        notes: gd
          ? [`α = ${fmt(r.alpha)} is the learning rate.`]
          : [
              `The ${r.optimizer} optimizer scales the step per weight from D and its running averages; α = ${fmt(r.alpha)}.`,
            ],
      };
    }
  }
}

/** Units `${layer}:${unit}` of a layer, with its bias unit when it has one. */
function unitsOf(sizes: number[], layer: number, withBias: boolean): string[] {
  const out: string[] = [];
  if (withBias && layer < sizes.length) out.push(`${layer}:0`);
  for (let u = 1; u <= (sizes[layer - 1] ?? 0); u++) out.push(`${layer}:${u}`);
  return out;
}

/** What a step touches in the graph and heatmaps. */
export function stepHighlight(r: StepRecord, sizes: number[]): Highlight {
  const h = emptyHighlight();
  const all = { rows: null, cols: null };
  const add = (keys: string[]): void => keys.forEach((k) => h.units.add(k));
  switch (r.kind) {
    case 'input':
      add(unitsOf(sizes, 1, true));
      break;
    case 'forward':
      add(unitsOf(sizes, r.layer - 1, true));
      add(unitsOf(sizes, r.layer, false));
      h.thetas.set(r.thetaLayer, all);
      break;
    case 'outputDelta':
      add(unitsOf(sizes, r.layer, false));
      break;
    case 'hiddenDelta':
      add(unitsOf(sizes, r.layer, false));
      add(unitsOf(sizes, r.layer + 1, false));
      h.thetas.set(r.thetaLayer, {
        rows: null,
        cols: Array.from({ length: sizes[r.layer - 1] ?? 0 }, (_, i) => i + 1),
      });
      break;
    case 'accumulate':
      add(unitsOf(sizes, r.thetaLayer, true));
      add(unitsOf(sizes, r.thetaLayer + 1, false));
      h.thetas.set(r.thetaLayer, all);
      break;
    case 'gradient':
    case 'update':
      h.thetas.set(r.thetaLayer, all);
      break;
  }
  return h;
}

/** A short label of a record for the trail of chips. */
export function stepChip(r: StepRecord): string {
  switch (r.kind) {
    case 'input':
      return 'a⁽¹⁾ = x';
    case 'forward':
      return `a${sup(`(${r.layer})`)}`;
    case 'outputDelta':
      return `δ${sup(`(${r.layer})`)}`;
    case 'hiddenDelta':
      return `δ${sup(`(${r.layer})`)}`;
    case 'accumulate':
      return `Δ${sup(`(${r.thetaLayer})`)}`;
    case 'gradient':
      return `D${sup(`(${r.thetaLayer})`)}`;
    case 'update':
      return `Θ${sup(`(${r.thetaLayer})`)} :=`;
  }
}

export class StepperView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly trail: HTMLElement;
  private readonly position: HTMLElement;
  private readonly title: HTMLElement;
  private readonly general: HTMLElement;
  private readonly numeric: HTMLElement;
  private readonly notes: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly backBtn: HTMLButtonElement;
  private readonly forwardBtn: HTMLButtonElement;
  private readonly runButtons: HTMLButtonElement[];
  private canStep = true;
  private records: StepRecord[] = [];
  private cursor = -1;
  private renderedKey = '';
  private open = true;

  constructor(
    private readonly callbacks: StepperCallbacks,
    private ctx: StepperContext,
  ) {
    this.element = el('section', 'stepper');
    this.element.setAttribute('aria-label', 'Backpropagation step by step');
    const head = el('div', 'stepper-head');
    const h2 = el('h2', '', 'Backpropagation, one equation at a time');
    h2.id = 'stepper-title';
    this.toggle = el('button', 'link-button', 'Hide');
    this.toggle.setAttribute('aria-expanded', 'true');
    this.toggle.setAttribute('aria-controls', 'stepper-body');
    this.toggle.addEventListener('click', () => callbacks.onToggle(!this.open));
    head.append(h2, this.toggle);

    this.body = el('div', 'stepper-body');
    this.body.id = 'stepper-body';
    const controls = el('div', 'step-controls');
    const mk = (label: string, aria: string, testId: string, fn: () => void): HTMLButtonElement => {
      const b = el('button', 'step-button', label);
      b.setAttribute('aria-label', aria);
      b.dataset.testid = testId;
      b.addEventListener('click', fn);
      return b;
    };
    this.backBtn = mk('◀ Back', 'Step back (←)', 'step-back', () => this.back());
    this.forwardBtn = mk('Step ▶', 'Step forward one equation (→)', 'step-forward', () => this.forward());
    this.runButtons = [
      mk('Finish sample ▶▶', 'Run to the end of the sample (Shift+→)', 'step-sample', () =>
        this.finishSample(),
      ),
      mk('One epoch', 'Run one epoch (Ctrl+Shift+→)', 'step-epoch', () => this.epoch()),
    ];
    controls.append(this.backBtn, this.forwardBtn, ...this.runButtons);
    this.position = el('span', 'step-position');
    this.position.setAttribute('aria-live', 'polite');
    controls.append(this.position);
    this.trail = el('ol', 'step-trail');
    this.trail.setAttribute('aria-label', 'Steps of the current sample');
    this.title = el('h3', 'step-title');
    this.general = el('div', 'step-eq general');
    this.general.setAttribute('aria-label', 'Equation in the lecture’s notation');
    this.numeric = el('div', 'step-eq numeric');
    this.numeric.setAttribute('aria-label', 'The same equation with the numbers of this step');
    this.notes = el('div', 'step-notes');
    const keys = el(
      'p',
      'hint',
      'Keys: → step · ← back · Shift+→ finish the sample · Ctrl+Shift+→ one epoch · Home/End first/last step',
    );
    this.body.append(controls, this.trail, this.title, this.general, this.numeric, this.notes, keys);
    this.element.append(head, this.body);
    this.render();
  }

  setContext(ctx: StepperContext): void {
    this.ctx = ctx;
    this.renderedKey = '';
  }

  setOpen(open: boolean): void {
    this.open = open;
    this.body.hidden = !open;
    this.toggle.textContent = open ? 'Hide' : 'Show';
    this.toggle.setAttribute('aria-expanded', String(open));
  }

  setSteps(records: StepRecord[], cursor: number): void {
    this.records = records;
    this.cursor = cursor;
    this.render();
  }

  current(): StepRecord | null {
    return this.records[this.cursor] ?? null;
  }

  highlight(): Highlight | null {
    const r = this.current();
    return r ? stepHighlight(r, this.ctx.sizes) : null;
  }

  /** Whether the session can run steps (not while training, crashed, loading or invalid). */
  setCanStep(can: boolean): void {
    this.canStep = can;
    for (const b of this.runButtons) b.disabled = !can;
    this.updateForward();
  }

  private updateForward(): void {
    this.forwardBtn.disabled = !this.canStep && this.cursor >= this.records.length - 1;
  }

  forward(): void {
    if (this.cursor < this.records.length - 1) this.callbacks.onCursor(this.cursor + 1);
    else if (this.canStep) this.callbacks.onCommand('step', 'next');
  }

  back(): void {
    if (this.cursor > 0) this.callbacks.onCursor(this.cursor - 1);
  }

  first(): void {
    if (this.records.length) this.callbacks.onCursor(0);
  }

  last(): void {
    if (this.records.length) this.callbacks.onCursor(this.records.length - 1);
  }

  finishSample(): void {
    if (this.canStep) this.callbacks.onCommand('stepSample', 'last');
  }

  epoch(): void {
    if (this.canStep) this.callbacks.onCommand('stepEpoch', null);
  }

  private render(): void {
    const r = this.current();
    const key = `${this.records.length}|${this.cursor}|${this.ctx.sizes.join('-')}`;
    this.element.dataset.cursor = String(this.cursor);
    this.element.dataset.count = String(this.records.length);
    this.element.dataset.kind = r?.kind ?? '';
    this.backBtn.disabled = this.cursor <= 0;
    this.updateForward();
    if (key === this.renderedKey) return;
    this.renderedKey = key;
    this.renderTrail();
    if (!r) {
      this.position.textContent = 'No steps yet';
      this.title.textContent =
        'Press Step (→) to run the slide’s backpropagation loop one equation at a time.';
      this.general.replaceChildren();
      this.numeric.replaceChildren();
      this.notes.replaceChildren();
      return;
    }
    const sample = 'sample' in r ? ` · sample ${r.sample + 1}` : '';
    this.position.textContent = `Step ${this.cursor + 1} of ${this.records.length}${sample}`;
    const eq = stepEquations(this.records, this.cursor, this.ctx);
    this.title.textContent = eq.title;
    this.renderTex(this.general, eq.general);
    this.renderTex(this.numeric, eq.numeric);
    this.notes.replaceChildren(
      ...eq.notes.map((n) =>
        el('p', eq.notes.length > 1 && n.startsWith('The slide') ? 'note slide-note' : 'note', n),
      ),
    );
  }

  private renderTex(target: HTMLElement, lines: string[]): void {
    target.replaceChildren();
    for (const line of lines) {
      const div = el('div', 'eq-line');
      katex.render(line, div, { throwOnError: false, displayMode: true, strict: 'ignore' });
      target.appendChild(div);
    }
  }

  private renderTrail(): void {
    this.trail.replaceChildren(
      ...this.records.map((r, k) => {
        const li = el('li');
        const b = el('button', k === this.cursor ? 'chip current' : 'chip', stepChip(r));
        b.setAttribute('aria-label', `Step ${k + 1}: ${stepChip(r)}`);
        if (k === this.cursor) b.setAttribute('aria-current', 'step');
        b.addEventListener('click', () => this.callbacks.onCursor(k));
        li.appendChild(b);
        return li;
      }),
    );
  }
}
