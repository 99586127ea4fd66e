/**
 * The graph's keyboard path: a visually hidden ARIA tree mirroring the canvas (layers → units → the unit's incoming
 * weights, the row j of Θ^(l−1) with the bias column i = 0 first), with a roving tabindex and the tree pattern's keys
 * (↑/↓ next and previous, → opens or enters, ← closes or goes to the parent, Home/End, Enter or Space selects a
 * unit). Each item speaks its value, e.g. "a₂⁽²⁾ = 0.73, z = 0.99" or "Θ₁₃⁽²⁾ = −0.41, gradient 0.02"; the focused
 * element is ringed on the canvas (graphFocus.ts).
 *
 * Frame time: the structure is built when the topology changes and a unit's weights only when it is opened; the
 * labels of the items in the DOM are rewritten at most once a second (LABEL_MS), never per frame.
 */
import type { ViewFrame } from '../../src/protocol';
import { fmt, thetaLabel, unitLabel } from '../notation';
import type { UnitRef } from '../state';
import type { Topology } from './graphScene';
import { Throttle } from '../throttle';
import { el } from './shared';

export const LABEL_MS = 1000;

/** What an item of the tree stands for. */
export type MirrorTarget =
  | { kind: 'layer'; layer: number }
  | { kind: 'unit'; layer: number; unit: number }
  | { kind: 'picture' }
  | { kind: 'weight'; l: number; j: number; i: number };

export interface MirrorCallbacks {
  onSelectUnit(unit: UnitRef): void;
  /** The focused item changed (null: the tree lost focus): the canvas draws its ring. */
  onFocus(target: MirrorTarget | null): void;
  /** Enter or Space on a unit (after selecting it) or on a weight: the panel explains that number. */
  onActivate(target: MirrorTarget): void;
}

const targets = new WeakMap<HTMLElement, MirrorTarget>();

function layerName(t: Topology, layer: number): string {
  const L = t.sizes.length;
  const role = layer === 1 ? 'input' : layer === L ? 'output' : 'hidden';
  const g = layer > 1 ? `, g = ${t.activations[layer - 1] ?? 'sigmoid'}` : '';
  const bias = layer < L ? ` and the bias unit ${unitLabel(layer, 0)} = +1` : '';
  return `Layer ${layer} (${role}${g}): ${t.sizes[layer - 1]} units${bias}`;
}

/** The spoken label of a unit: its activation, and for layers after the first its z and δ. */
export function unitText(f: ViewFrame | null, t: Topology, layer: number, unit: number): string {
  const name = unitLabel(layer, unit);
  if (unit === 0) return `${name} = +1, bias unit`;
  const out =
    layer === t.sizes.length && t.classNames?.[unit - 1] ? ` (class ${t.classNames[unit - 1]})` : '';
  const ins = f?.inspected;
  if (!ins) return `${name}${out}, no inspected sample yet`;
  const parts = [`${name}${out} = ${fmt(ins.a[layer - 1]?.[unit - 1] ?? NaN)}`];
  if (layer > 1) parts.push(`z = ${fmt(ins.z[layer - 2]?.[unit - 1] ?? NaN)}`);
  if (layer > 1 && ins.delta[layer - 2]) parts.push(`δ = ${fmt(ins.delta[layer - 2][unit - 1])}`);
  return parts.join(', ');
}

/** The spoken label of Θ_ji^(l): its value, the gradient D_ji^(l) of the last update, and where it goes. */
export function weightText(f: ViewFrame | null, t: Topology, l: number, j: number, i: number): string {
  const at = (j - 1) * (t.sizes[l - 1] + 1) + i;
  const theta = f?.theta[l - 1]?.[at];
  const D = f?.D?.[l - 1]?.[at];
  const parts = [`${thetaLabel(l, j, i)} = ${theta === undefined ? 'not known yet' : fmt(theta)}`];
  if (D !== undefined) parts.push(`gradient ${fmt(D)}`);
  parts.push(`from ${i === 0 ? `the bias ${unitLabel(l, 0)}` : unitLabel(l, i)} to ${unitLabel(l + 1, j)}`);
  return parts.join(', ');
}

export class GraphMirror {
  readonly element: HTMLUListElement;
  private topo: Topology | null = null;
  private frame: ViewFrame | null = null;
  private readonly labels = new Throttle(LABEL_MS);

  constructor(private readonly callbacks: MirrorCallbacks) {
    this.element = el('ul', 'graph-mirror visually-hidden');
    this.element.setAttribute('role', 'tree');
    this.element.dataset.testid = 'graph-mirror';
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.element.addEventListener('focusin', (e) => this.focused(e.target as HTMLElement));
    this.element.addEventListener('focusout', (e) => {
      if (!this.element.contains(e.relatedTarget as Node | null)) this.callbacks.onFocus(null);
    });
    this.element.addEventListener('click', (e) => {
      const li = (e.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
      if (li) this.activate(li);
    });
  }

  setTopology(t: Topology | null): void {
    this.topo = t;
    this.element.replaceChildren();
    this.element.setAttribute(
      'aria-label',
      t
        ? 'Units and weights of the network: arrow keys move, → opens, Enter selects a unit'
        : 'Network graph (no network yet)',
    );
    if (!t) return;
    for (let layer = 1; layer <= t.sizes.length; layer++)
      this.element.append(this.item({ kind: 'layer', layer }, 1, true));
    const first = this.items()[0];
    if (first) first.tabIndex = 0;
  }

  /** A new frame: the labels follow at most once a second (LABEL_MS). */
  setFrame(f: ViewFrame): void {
    this.frame = f;
    this.labels.run(() => this.relabel());
  }

  /** The selected unit is marked aria-selected (it is what the heatmaps outline). */
  setSelected(u: UnitRef | null): void {
    for (const li of this.items()) {
      const tg = targets.get(li);
      if (tg?.kind !== 'unit') continue;
      const on = !!u && tg.layer === u.layer && tg.unit === u.unit;
      li.setAttribute('aria-selected', String(on));
    }
  }

  /** Rewrites the label of every item in the DOM (closed layers have no children in it). */
  relabel(): void {
    for (const li of this.items()) this.label(li);
  }

  private label(li: HTMLElement): void {
    const t = this.topo;
    const tg = targets.get(li);
    if (!t || !tg) return;
    const text =
      tg.kind === 'layer'
        ? layerName(t, tg.layer)
        : tg.kind === 'unit'
          ? unitText(this.frame, t, tg.layer, tg.unit)
          : tg.kind === 'picture'
            ? `Input picture x of sample ${(this.frame?.inspected?.index ?? -1) + 1 || '—'}: ${t.sizes[0]} pixels x₁…x${t.sizes[0]}`
            : weightText(this.frame, t, tg.l, tg.j, tg.i);
    const span = li.firstElementChild as HTMLElement | null;
    if (span && span.textContent !== text) span.textContent = text;
  }

  private item(target: MirrorTarget, level: number, expandable: boolean): HTMLLIElement {
    const li = el('li');
    li.setAttribute('role', 'treeitem');
    li.setAttribute('aria-level', String(level));
    li.tabIndex = -1;
    if (expandable) li.setAttribute('aria-expanded', 'false');
    if (target.kind === 'unit') li.setAttribute('aria-selected', 'false');
    li.dataset.mirror =
      target.kind === 'weight'
        ? `w-${target.l}-${target.j}-${target.i}`
        : target.kind === 'unit'
          ? `u-${target.layer}-${target.unit}`
          : target.kind === 'layer'
            ? `l-${target.layer}`
            : 'picture';
    targets.set(li, target);
    li.append(el('span'));
    this.label(li);
    return li;
  }

  /** The children of a layer (its units, bias first) or of a unit (its incoming weights Θ_ji^(l), i = 0 first). */
  private children(target: MirrorTarget): HTMLLIElement[] {
    const t = this.topo;
    if (!t) return [];
    const L = t.sizes.length;
    if (target.kind === 'layer') {
      const layer = target.layer;
      if (layer === 1 && t.imageShape) return [this.item({ kind: 'picture' }, 2, false)];
      const bias = layer < L ? [this.item({ kind: 'unit', layer, unit: 0 }, 2, false)] : [];
      const units = Array.from({ length: t.sizes[layer - 1] }, (_, k) =>
        this.item({ kind: 'unit', layer, unit: k + 1 }, 2, layer > 1),
      );
      return [...bias, ...units];
    }
    if (target.kind === 'unit' && target.layer > 1 && target.unit > 0) {
      const l = target.layer - 1;
      return Array.from({ length: t.sizes[l - 1] + 1 }, (_, i) =>
        this.item({ kind: 'weight', l, j: target.unit, i }, 3, false),
      );
    }
    return [];
  }

  private setOpen(li: HTMLElement, open: boolean): void {
    if (!li.hasAttribute('aria-expanded') || (li.getAttribute('aria-expanded') === 'true') === open) return;
    li.setAttribute('aria-expanded', String(open));
    li.querySelector(':scope > ul')?.remove();
    if (!open) return;
    const tg = targets.get(li);
    const group = el('ul');
    group.setAttribute('role', 'group');
    if (tg) group.append(...this.children(tg));
    li.append(group);
  }

  /** Every item in the DOM, in reading order (only those of open parents are there). */
  private items(): HTMLElement[] {
    return [...this.element.querySelectorAll<HTMLElement>('[role="treeitem"]')];
  }

  private focused(li: HTMLElement): void {
    if (li.getAttribute('role') !== 'treeitem') return;
    for (const other of this.items()) other.tabIndex = other === li ? 0 : -1;
    this.label(li);
    this.callbacks.onFocus(targets.get(li) ?? null);
  }

  private move(li: HTMLElement | null | undefined): void {
    if (li) li.focus();
  }

  private activate(li: HTMLElement): void {
    const tg = targets.get(li);
    if (tg?.kind === 'unit' && tg.unit > 0) {
      this.callbacks.onSelectUnit({ layer: tg.layer, unit: tg.unit });
      this.callbacks.onActivate(tg);
    } else if (tg?.kind === 'weight') this.callbacks.onActivate(tg);
    else if (li.hasAttribute('aria-expanded')) this.setOpen(li, li.getAttribute('aria-expanded') !== 'true');
  }

  private onKey(e: KeyboardEvent): void {
    const li = (e.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    if (!li) return;
    const all = this.items();
    const k = all.indexOf(li);
    const parent = li.parentElement?.closest<HTMLElement>('[role="treeitem"]');
    const open = li.getAttribute('aria-expanded') === 'true';
    const handled: Record<string, () => void> = {
      ArrowDown: () => this.move(all[k + 1]),
      ArrowUp: () => this.move(all[k - 1]),
      Home: () => this.move(all[0]),
      End: () => this.move(all[all.length - 1]),
      ArrowRight: () => {
        if (!li.hasAttribute('aria-expanded')) return;
        if (open) this.move(li.querySelector<HTMLElement>('[role="treeitem"]'));
        else this.setOpen(li, true);
      },
      ArrowLeft: () => {
        if (open) this.setOpen(li, false);
        else this.move(parent);
      },
      Enter: () => this.activate(li),
      ' ': () => this.activate(li),
    };
    const act = handled[e.key];
    if (!act) return;
    e.preventDefault();
    e.stopPropagation();
    act();
  }
}
