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
import { sup } from '../notation';
import { stepEquations, type StepperContext } from './stepEquations';

export type { StepperContext } from './stepEquations';
import { el, emptyHighlight, type Highlight } from './shared';
import type { StepIntent } from '../state';

export interface StepperCallbacks {
  onCursor(cursor: number): void;
  onCommand(command: WebviewCommand, intent: StepIntent): void;
  onToggle(open: boolean): void;
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
    case 'zeroDelta':
      r.shapes.forEach((_, l) => h.thetas.set(l + 1, all));
      break;
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
    case 'zeroDelta':
      return 'Δ := 0';
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

/** The records [start, end) of the group (sample i of a batch) that record `k` belongs to. */
export function groupBounds(records: StepRecord[], k: number): [number, number] {
  const p = records[k]?.pos;
  if (!p) return [0, records.length];
  const same = (q: number): boolean => records[q]?.pos?.batch === p.batch && records[q]?.pos?.i === p.i;
  let start = k;
  while (start > 0 && same(start - 1)) start--;
  let end = k + 1;
  while (end < records.length && same(end)) end++;
  return [start, end];
}

/** "Step k of N in sample i of m", with the N of the slide's loop (not the records seen so far). */
export function stepPositionText(records: StepRecord[], k: number): string {
  const r = records[k];
  if (!r) return 'No steps yet';
  const row = 'sample' in r ? r.sample + 1 : null;
  if (!r.pos) return `Step ${k + 1}${row !== null ? ` · sample ${row}` : ''}`;
  const { i, m } = r.pos;
  const after = r.kind === 'gradient' || r.kind === 'update' ? ', after the loop' : '';
  const where = `in sample ${i} of ${m}${after}`;
  const data = row !== null && row !== i ? ` (data row ${row})` : '';
  return `Step ${r.pos.k} of ${r.pos.n} ${where}${data}`;
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
      mk('Finish sample ▶▶', 'Finish sample: run to the end of the sample (Shift+→)', 'step-sample', () =>
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
    this.general.setAttribute('role', 'group');
    this.general.setAttribute('aria-label', 'Equation in the lecture’s notation');
    this.numeric = el('div', 'step-eq numeric');
    this.numeric.setAttribute('role', 'group');
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
    this.position.textContent = stepPositionText(this.records, this.cursor);
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

  /** The chips of the cursor's group: the current sample's steps (Back and the chips reach earlier samples). */
  private renderTrail(): void {
    const [start, end] = groupBounds(this.records, this.cursor);
    this.trail.replaceChildren(
      ...this.records.slice(start, end).map((r, q) => {
        const k = start + q;
        const li = el('li');
        const b = el('button', k === this.cursor ? 'chip current' : 'chip', stepChip(r));
        b.setAttribute('aria-label', `Step ${r.pos?.k ?? k + 1}: ${stepChip(r)}`);
        if (k === this.cursor) b.setAttribute('aria-current', 'step');
        b.addEventListener('click', () => this.callbacks.onCursor(k));
        li.appendChild(b);
        return li;
      }),
    );
  }
}
