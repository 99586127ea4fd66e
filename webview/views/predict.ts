/**
 * Predict mode of the stepper: with "Predict first" on, the record of the next single step (F10 / →) is held back and
 * the student is asked for its value (a, δ, Δ, D or the updated Θ; one entry or the whole vector) before the stepper
 * reveals it. The answer is checked within the same relative tolerance as the worksheet; the step is then revealed
 * either way, so the stepper shows the worked answer (the slide's equation with the numbers). A score counts the right
 * predictions of this session. It hooks in front of the stepper (main.ts's "steps" message) and changes nothing in it.
 */
import type { StepRecord } from '../../src/protocol';
import { checkAnswer, type Expected } from '../answerCheck';
import { sub, sup } from '../notation';
import type { StepIntent } from '../state';
import { button, checkbox } from '../ui/toolkit';
import { el } from './shared';

export interface PredictCallbacks {
  /** Show these records in the stepper, as main.ts would have without predict mode. */
  reveal(records: StepRecord[], restart: boolean, intent: StepIntent): void;
}

/** What to predict of a record: its name, the value, and the kind of step in words. */
export interface Prediction {
  label: string;
  value: Expected;
  step: string;
}

type Scope = 'entry' | 'all';

const matrixEntry = (m: number[][], k: number): [number, number] => {
  const rows = m.length,
    cols = m[0]?.length ?? 1;
  const n = k % (rows * cols);
  return [Math.floor(n / cols), n % cols];
};

/** The value a record computes, whole or one entry (the k-th question picks which entry); null = nothing to ask. */
export function predictionOf(
  r: StepRecord,
  L: number,
  scope: Scope,
  k: number,
  forward: 'a' | 'z' = 'a',
): Prediction | null {
  const vector = (symbol: string, layer: number, v: number[], step: string): Prediction => {
    if (scope === 'all' || v.length === 1)
      return { label: `${symbol}${sup(`(${layer})`)}`, value: v.length === 1 ? v[0] : v, step };
    const j = k % v.length;
    return { label: `${symbol}${sub(j + 1)}${sup(`(${layer})`)}`, value: v[j], step };
  };
  const matrix = (symbol: string, l: number, m: number[][], step: string): Prediction => {
    if (scope === 'all') return { label: `${symbol}${sup(`(${l})`)}`, value: m, step };
    const [j, i] = matrixEntry(m, k);
    return {
      label: `${symbol}${sub(`${j + 1}${m.length >= 10 || m[0].length > 10 ? ',' : ''}${i}`)}${sup(`(${l})`)}`,
      value: m[j][i],
      step,
    };
  };
  switch (r.kind) {
    case 'zeroDelta': // Δ := 0 holds nothing to compute
    case 'input':
      return null;
    case 'forward':
      return forward === 'z'
        ? vector('z', r.layer, r.z, `forward to layer ${r.layer} (z = Θa)`)
        : vector('a', r.layer, r.layer < L ? r.a.slice(1) : r.a, `forward to layer ${r.layer} (a = g(z))`);
    case 'outputDelta':
      return vector('δ', r.layer, r.delta, 'the output error');
    case 'hiddenDelta':
      return vector('δ', r.layer, r.delta, `the error of layer ${r.layer}`);
    case 'accumulate':
      return matrix('Δ', r.thetaLayer, r.Delta, `Δ${sup(`(${r.thetaLayer})`)} := Δ + δa ᵀ after this sample`);
    case 'gradient':
      return matrix('D', r.thetaLayer, r.D, 'the gradient');
    case 'update':
      return matrix(
        'Θ',
        r.thetaLayer,
        r.after,
        `the updated Θ${sup(`(${r.thetaLayer})`)} (α = ${r.alpha}, ${r.optimizer})`,
      );
  }
}

export class PredictPanel {
  readonly element = el('section', 'predict');
  private readonly question = el('div', 'predict-question');
  private readonly ask = el('p', 'predict-ask');
  private readonly input = el('input', 'predict-input');
  private readonly verdict = el('p', 'predict-verdict');
  private readonly score = el('span', 'predict-score');
  private on = false;
  private scope: Scope = 'entry';
  private forward: 'a' | 'z' = 'a';
  private held: { records: StepRecord[]; restart: boolean; intent: StepIntent; p: Prediction } | null = null;
  private asked = 0;
  private right = 0;
  tolerance = 1e-3;
  layers = 0;

  constructor(private readonly callbacks: PredictCallbacks) {
    this.element.setAttribute('aria-label', 'Predict each step before it is revealed');
    this.element.dataset.testid = 'predict';
    const toggle = checkbox({
      label: 'Predict first',
      ariaLabel: 'Predict first: answer each step before the stepper reveals it',
      checked: false,
      testId: 'predict-toggle',
      onChange: (on) => this.setOn(on),
    });
    const scope = el('select', 'predict-scope');
    scope.setAttribute('aria-label', 'Predict one entry or the whole vector');
    scope.dataset.testid = 'predict-scope';
    for (const [value, text] of [
      ['entry', 'one entry'],
      ['all', 'the whole vector or matrix'],
    ]) {
      const o = el('option', '', text);
      o.value = value;
      scope.append(o);
    }
    scope.addEventListener('change', () => (this.scope = scope.value === 'all' ? 'all' : 'entry'));
    const forward = el('select', 'predict-forward');
    forward.setAttribute('aria-label', 'On forward steps, predict a or z');
    forward.dataset.testid = 'predict-forward';
    for (const [value, text] of [
      ['a', 'forward: a = g(z)'],
      ['z', 'forward: z = Θa'],
    ]) {
      const o = el('option', '', text);
      o.value = value;
      forward.append(o);
    }
    forward.addEventListener('change', () => (this.forward = forward.value === 'z' ? 'z' : 'a'));
    this.score.setAttribute('role', 'status');
    this.score.setAttribute('aria-live', 'polite');
    const head = el('div', 'predict-head');
    head.append(toggle, scope, forward, el('span', 'spacer'), this.score);
    this.input.type = 'text';
    this.input.id = 'predict-answer';
    this.input.autocomplete = 'off';
    this.input.spellcheck = false;
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.check();
      }
    });
    const row = el('div', 'predict-row');
    row.append(
      this.input,
      button({
        label: 'Check',
        ariaLabel: 'Check the prediction and reveal the step',
        testId: 'predict-check',
        onClick: () => this.check(),
      }),
      button({
        label: 'Reveal',
        ariaLabel: 'Reveal the step without answering',
        testId: 'predict-skip',
        onClick: () => this.release(null),
      }),
    );
    this.verdict.setAttribute('role', 'status');
    this.question.append(this.ask, row);
    this.question.hidden = true;
    this.element.append(head, this.question, this.verdict);
    this.updateScore();
  }

  /** Holds a single new step while predict mode is on; false when the records should be shown at once. */
  hold(records: StepRecord[], restart: boolean, intent: StepIntent): boolean {
    if (this.held) this.release(null);
    const p =
      this.on && records.length === 1
        ? predictionOf(records[0], this.layers, this.scope, this.asked, this.forward)
        : null;
    if (!p) return false;
    this.held = { records, restart, intent, p };
    const sample = 'sample' in records[0] ? ` of sample ${records[0].sample + 1}` : '';
    this.ask.textContent = `Next: ${p.step}${sample}. Predict ${p.label}:`;
    this.input.value = '';
    this.input.setAttribute('aria-label', `Your prediction of ${p.label}`);
    this.verdict.textContent = '';
    this.question.hidden = false;
    this.input.focus();
    return true;
  }

  stats(): { asked: number; right: number; pending: string | null } {
    return { asked: this.asked, right: this.right, pending: this.held?.p.label ?? null };
  }

  private setOn(on: boolean): void {
    this.on = on;
    if (!on && this.held) this.release(null);
    if (!on) this.verdict.textContent = '';
    this.element.dataset.on = String(on);
  }

  private check(): void {
    const h = this.held;
    if (!h) return;
    const result = checkAnswer(this.input.value, h.p.value, this.tolerance);
    if (result.status === 'unreadable') {
      this.verdict.textContent = result.message;
      return;
    }
    this.asked++;
    if (result.status === 'right') this.right++;
    this.release(result.status === 'right' ? `✓ ${h.p.label}: right.` : `✗ ${h.p.label}: ${result.message}`);
  }

  /** Reveals the held step; `message` is the verdict (null: revealed without an answer). */
  private release(message: string | null): void {
    const h = this.held;
    if (!h) return;
    this.held = null;
    this.question.hidden = true;
    this.verdict.textContent = message
      ? `${message} The stepper above shows the worked answer.`
      : `${h.p.label} revealed without a prediction.`;
    this.updateScore();
    this.callbacks.reveal(h.records, h.restart, h.intent);
  }

  private updateScore(): void {
    this.score.textContent = this.asked ? `Predictions: ${this.right} of ${this.asked} right` : '';
  }
}
