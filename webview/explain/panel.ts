/**
 * The "Explain this number" panel: the selected number's equation in the lecture's notation and with its inputs
 * substituted (KaTeX), notes, links to its inputs (explained in turn, with a breadcrumb back) and to the stepper step
 * that computes it. Non-modal, fixed at the bottom of the view; Esc closes it and returns the focus.
 */
import katex from 'katex';
import { sig } from '../notation';
import { el } from '../views/shared';
import type { ExplainContext, Explanation, StepTarget } from './context';
import { explain } from './model';
import { selectionKey, selectionLabel, type Selection } from './selection';
import { findStep } from './records';
import { neighbours } from './hooks';
import './explain.css';

export interface ExplainCallbacks {
  /** The current numbers (null before the network arrives). */
  context(): ExplainContext | null;
  /** Show record `index` in the stepper (opens it); index −1: the step is not recorded yet. */
  showStep(index: number, target: StepTarget): void;
}

/** The trail is kept short: the oldest entries drop off. */
const MAX_TRAIL = 8;
/** While training, the numbers change every frame: the panel follows them a few times a second. */
const REFRESH_MS = 250;

export class ExplainPanel {
  readonly element: HTMLElement;
  private readonly crumbs: HTMLElement;
  private readonly title: HTMLHeadingElement;
  private readonly value: HTMLElement;
  private readonly general: HTMLElement;
  private readonly numeric: HTMLElement;
  private readonly notes: HTMLElement;
  private readonly links: HTMLElement;
  private readonly stepBox: HTMLElement;
  private trail: Selection[] = [];
  private opener: HTMLElement | null = null;
  private renderedKey = '';
  private current: Explanation | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastShown = -Infinity;

  constructor(private readonly callbacks: ExplainCallbacks) {
    this.element = el('aside', 'explain-panel');
    this.element.hidden = true;
    this.element.setAttribute('aria-labelledby', 'explain-title');
    this.element.dataset.testid = 'explain-panel';
    const head = el('div', 'explain-head');
    this.crumbs = el('nav', 'explain-crumbs');
    this.crumbs.setAttribute('aria-label', 'Numbers explained so far');
    const close = el('button', 'link-button explain-close', '✕');
    close.setAttribute('aria-label', 'Close the explanation (Esc)');
    close.dataset.testid = 'explain-close';
    close.addEventListener('click', () => this.close());
    head.append(this.crumbs, close);
    this.title = el('h2', 'explain-title');
    this.title.id = 'explain-title';
    this.title.tabIndex = -1;
    this.value = el('p', 'explain-value');
    this.general = this.eqBox('general', 'In the lecture’s notation');
    this.numeric = this.eqBox('numeric', 'With this number’s inputs');
    this.notes = el('ul', 'explain-notes');
    this.links = el('div', 'explain-links');
    this.stepBox = el('div', 'explain-step');
    this.element.append(
      head,
      this.title,
      this.value,
      this.general,
      this.numeric,
      this.notes,
      this.links,
      this.stepBox,
    );
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.close();
      } else if (e.key === 'Backspace' && e.altKey) this.back();
    });
  }

  private eqBox(kind: string, label: string): HTMLElement {
    const box = el('div', `explain-eq ${kind}`);
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', label);
    return box;
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  /** Explain `sel` from scratch (a new trail); the focus returns to `opener` when the panel closes. */
  open(sel: Selection, opener: HTMLElement | null = null): void {
    this.opener = opener ?? (document.activeElement as HTMLElement | null);
    this.trail = [sel];
    this.show(true);
  }

  /** Explain an input of the current number (the breadcrumb grows). */
  follow(sel: Selection): void {
    this.trail.push(sel);
    if (this.trail.length > MAX_TRAIL) this.trail.shift();
    this.show(true);
  }

  back(): void {
    if (this.trail.length < 2) return;
    this.trail.pop();
    this.show(true);
  }

  close(): void {
    if (this.element.hidden) return;
    this.element.hidden = true;
    this.trail = [];
    this.renderedKey = '';
    const to = this.opener;
    this.opener = null;
    if (to?.isConnected) to.focus();
  }

  /** New numbers (a frame, a step): re-render when the explanation changed, at most every REFRESH_MS. */
  refresh(): void {
    if (!this.isOpen || this.timer !== null) return;
    const wait = this.lastShown + REFRESH_MS - performance.now();
    if (wait <= 0) return this.show(false);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.isOpen) this.show(false);
    }, wait);
  }

  selection(): Selection | null {
    return this.trail[this.trail.length - 1] ?? null;
  }

  explanation(): Explanation | null {
    return this.current;
  }

  private show(focus: boolean): void {
    const sel = this.selection();
    const ctx = this.callbacks.context();
    if (!sel) return;
    const ex: Explanation = ctx
      ? explain(sel, ctx)
      : {
          title: selectionLabel(sel),
          value: null,
          general: [],
          numeric: [],
          notes: ['No network yet.'],
          links: [],
          step: null,
        };
    const key = JSON.stringify([this.trail.map(selectionKey), ex, ctx?.records.length ?? 0]);
    this.element.hidden = false;
    this.lastShown = performance.now();
    this.current = ex;
    this.element.dataset.selection = selectionKey(sel);
    if (key !== this.renderedKey) {
      this.renderedKey = key;
      this.render(ex, ctx);
    }
    if (focus) this.title.focus();
  }

  private render(ex: Explanation, ctx: ExplainContext | null): void {
    this.renderCrumbs();
    this.title.textContent = ex.title;
    this.value.textContent =
      ex.value === null ? '' : `${selectionLabel(this.selection() ?? { q: 'J' })} = ${sig(ex.value, 5)}`;
    this.value.hidden = ex.value === null;
    this.renderTex(this.general, ex.general);
    this.renderTex(this.numeric, ex.numeric);
    this.notes.replaceChildren(...ex.notes.map((n) => el('li', '', n)));
    this.renderLinks(ex);
    this.renderNeighbours(ctx);
    this.renderStep(ex.step, ctx);
  }

  private renderTex(box: HTMLElement, lines: string[]): void {
    box.hidden = lines.length === 0;
    box.replaceChildren(
      el('p', 'explain-eq-label', box.getAttribute('aria-label') ?? ''),
      ...lines.map((line) => {
        const div = el('div', 'eq-line');
        katex.render(line, div, { throwOnError: false, displayMode: true, strict: 'ignore' });
        return div;
      }),
    );
  }

  private renderCrumbs(): void {
    const items = this.trail.map((s, k) => {
      const last = k === this.trail.length - 1;
      if (last) {
        const span = el('span', 'crumb current', selectionLabel(s));
        span.setAttribute('aria-current', 'location');
        return span;
      }
      const b = el('button', 'link-button crumb', selectionLabel(s));
      b.setAttribute('aria-label', `Back to ${selectionLabel(s)}`);
      b.addEventListener('click', () => {
        this.trail = this.trail.slice(0, k + 1);
        this.show(true);
      });
      return b;
    });
    const sep = (): HTMLElement => {
      const s = el('span', 'crumb-sep', '›');
      s.setAttribute('aria-hidden', 'true');
      return s;
    };
    this.crumbs.replaceChildren(
      ...(items.length > 1 ? items.flatMap((it, k) => (k ? [sep(), it] : [it])) : []),
    );
  }

  private renderLinks(ex: Explanation): void {
    const group = (role: 'input' | 'used-in', label: string): HTMLElement | null => {
      const sels = ex.links.filter((l) => l.role === role).map((l) => l.selection);
      if (!sels.length) return null;
      const p = el('p', 'explain-link-row');
      p.append(el('span', 'explain-link-label', label));
      for (const s of sels) {
        const b = el('button', 'chip explain-link', selectionLabel(s));
        b.setAttribute('aria-label', `Explain ${selectionLabel(s)}`);
        b.dataset.explain = selectionKey(s);
        b.addEventListener('click', () => this.follow(s));
        p.append(b);
      }
      return p;
    };
    const rows = [group('input', 'Inputs:'), group('used-in', 'Used in:')].filter(
      (r): r is HTMLElement => !!r,
    );
    this.links.replaceChildren(...rows);
    this.links.hidden = rows.length === 0;
  }

  /** Θ, D and update entries: the cells beside it, so the keyboard reaches every cell of the matrix. */
  private renderNeighbours(ctx: ExplainContext | null): void {
    const sel = this.selection();
    const near = sel && ctx ? neighbours(sel, ctx.sizes) : [];
    if (!near.length) return;
    const p = el('p', 'explain-link-row');
    p.append(el('span', 'explain-link-label', 'Beside it:'));
    for (const n of near) {
      const label = selectionLabel(n.sel);
      const b = el('button', 'chip explain-near', `${n.dir} ${label}`);
      b.setAttribute('aria-label', `${n.dir} ${label}: explain the entry beside it`);
      b.dataset.near = n.dir;
      b.addEventListener('click', () => {
        this.trail[this.trail.length - 1] = n.sel;
        this.show(false);
        this.element.querySelector<HTMLElement>(`[data-near="${n.dir}"]`)?.focus();
      });
      p.append(b);
    }
    this.links.append(p);
    this.links.hidden = false;
  }

  private renderStep(target: StepTarget | null, ctx: ExplainContext | null): void {
    this.stepBox.replaceChildren();
    if (!target) return;
    const index = ctx ? findStep(ctx.records, target) : -1;
    const b = el('button', 'step-button explain-step-link');
    b.dataset.testid = 'explain-step';
    b.dataset.step = String(index);
    if (index >= 0) {
      const r = ctx?.records[index];
      const pos = r?.pos ? ` (step ${r.pos.k} of sample ${r.pos.i})` : '';
      b.textContent = `Show in the stepper: ${target.label}${pos}`;
    } else b.textContent = `Open the stepper: ${target.label} is not stepped yet (press Step →)`;
    b.addEventListener('click', () => this.callbacks.showStep(index, target));
    this.stepBox.append(b);
  }
}
