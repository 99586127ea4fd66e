/**
 * How the views offer their numbers to "Explain this number": the context built from the model, numbers made
 * selectable by click or keyboard (Enter/Space on the focused number), the row of the stepper step's numbers, and the
 * neighbours of a matrix entry (a keyboard path through every cell of Θ, D and the update).
 */
import type { StepRecord } from '../../src/protocol';
import { activations, layerSizes, type Model } from '../state';
import { el } from '../views/shared';
import type { ExplainContext } from './context';
import { selectionLabel, type Selection } from './selection';

export type OpenExplain = (sel: Selection, opener: HTMLElement | null) => void;

/** The numbers an explanation reads, from what the host streamed and the stepper's history. */
export function explainContext(model: Model, records: StepRecord[]): ExplainContext | null {
  const sizes = layerSizes(model);
  const spec = model.document?.spec ?? model.lastGoodSpec;
  if (!sizes || !spec) return null;
  const t = spec.training;
  const h = model.hyper;
  return {
    sizes,
    activations: activations(model),
    loss: spec.loss === 'mse' ? 'mse' : 'cross-entropy',
    lambda: h?.lambda ?? t.lambda,
    alpha: h?.learningRate ?? t.learningRate,
    optimizer: h?.optimizer ?? t.optimizer.name,
    batchSize: h?.batchSize ?? t.batchSize,
    m: model.dataset?.m ?? null,
    targets: model.dataset?.targets ?? null,
    isValidation: model.dataset?.isValidation ?? null,
    frame: model.frame,
    records,
  };
}

/**
 * Makes an element showing a number selectable: a button-like element (focusable, Enter/Space) whose accessible name
 * starts with the number shown. `selection()` is read at the time of the click, so the element may change meaning.
 */
export function explainable(target: HTMLElement, selection: () => Selection | null, open: OpenExplain): void {
  target.classList.add('explainable');
  target.tabIndex = 0;
  target.setAttribute('role', 'button');
  const name = (): void => {
    const s = selection();
    target.title = s ? `Explain ${selectionLabel(s)}` : '';
  };
  name();
  const go = (): void => {
    const s = selection();
    if (s) open(s, target);
  };
  target.addEventListener('click', go);
  target.addEventListener('focus', name);
  target.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    e.stopPropagation();
    go();
  });
}

/** A button "Explain a₂⁽²⁾". */
export function explainButton(
  sel: Selection,
  open: OpenExplain,
  text = selectionLabel(sel),
): HTMLButtonElement {
  const b = el('button', 'chip explain-link', text);
  b.setAttribute('aria-label', `Explain ${text}`);
  b.dataset.explain = text;
  b.addEventListener('click', () => open(sel, b));
  return b;
}

const MAX_CHIPS = 12;

/** The numbers of stepper record k that can be explained: a, z, δ of its sample, the entries of Δ. */
export function stepNumbers(records: StepRecord[], k: number): Selection[] {
  const r = records[k];
  if (!r) return [];
  const out: Selection[] = [];
  const units = (q: 'a' | 'z' | 'delta', layer: number, n: number): void => {
    for (let i = 1; i <= n && out.length < MAX_CHIPS; i++) out.push({ q, layer, unit: i, step: k });
  };
  switch (r.kind) {
    case 'input':
      units('a', 1, r.x.length);
      break;
    case 'forward':
      units('z', r.layer, r.z.length);
      units('a', r.layer, r.z.length);
      break;
    case 'outputDelta':
    case 'hiddenDelta':
      units('delta', r.layer, r.delta.length);
      break;
    case 'accumulate':
      for (let j = 1; j <= r.Delta.length; j++)
        for (let i = 0; i < (r.Delta[j - 1]?.length ?? 0) && out.length < MAX_CHIPS; i++)
          out.push({ q: 'Delta', layer: r.thetaLayer, row: j, col: i, step: k });
      break;
    default:
      break;
  }
  return out;
}

/** The row under the stepper's equations: "Explain a number of this step: δ₁⁽³⁾ …". */
export class StepNumbers {
  readonly element = el('p', 'explain-link-row step-numbers');
  constructor(private readonly open: OpenExplain) {
    this.element.dataset.testid = 'step-numbers';
  }

  set(records: StepRecord[], k: number, visible: boolean): void {
    const sels = stepNumbers(records, k);
    this.element.hidden = !visible || sels.length === 0;
    this.element.replaceChildren(
      el('span', 'explain-link-label', 'Explain a number of this step:'),
      ...sels.map((s) => explainButton(s, this.open)),
    );
  }
}

/** The entries beside a matrix entry (Θ, D, update) in a network of sizes s_1 … s_L: ←, →, ↑, ↓. */
export function neighbours(sel: Selection, sizes: number[]): { dir: string; sel: Selection }[] {
  if (sel.q !== 'theta' && sel.q !== 'D' && sel.q !== 'update') return [];
  const rows = sizes[sel.layer] ?? 0;
  const cols = (sizes[sel.layer - 1] ?? -1) + 1;
  const to = (row: number, col: number): Selection => ({ ...sel, row, col });
  const out: { dir: string; sel: Selection }[] = [];
  if (sel.col > 0) out.push({ dir: '←', sel: to(sel.row, sel.col - 1) });
  if (sel.col < cols - 1) out.push({ dir: '→', sel: to(sel.row, sel.col + 1) });
  if (sel.row > 1) out.push({ dir: '↑', sel: to(sel.row - 1, sel.col) });
  if (sel.row < rows) out.push({ dir: '↓', sel: to(sel.row + 1, sel.col) });
  return out;
}

/**
 * Under each layer's figure of the activations view (layers 2 … L, in order): buttons to explain its units' z and a
 * of the inspected sample. Added once per figure (the view rebuilds its figures when the topology changes).
 */
export function addActivationNumbers(view: HTMLElement, sizes: number[], open: OpenExplain): void {
  view.querySelectorAll<HTMLElement>('figure.activation').forEach((fig, k) => {
    const layer = k + 2;
    const n = sizes[layer - 1] ?? 0;
    if (fig.querySelector('.activation-numbers')?.getAttribute('data-units') === String(n)) return;
    fig.querySelector('.activation-numbers')?.remove();
    const row = el('p', 'explain-link-row activation-numbers');
    row.dataset.units = String(n);
    row.append(el('span', 'explain-link-label', 'Explain (inspected sample):'));
    for (let i = 1; i <= Math.min(n, MAX_CHIPS / 2); i++)
      row.append(
        explainButton({ q: 'z', layer, unit: i }, open),
        explainButton({ q: 'a', layer, unit: i }, open),
      );
    fig.append(row);
  });
}
