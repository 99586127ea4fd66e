/**
 * Controls: Train/Pause, Step, Step epoch, Reset, Save weights, Gradient check (posted as commands), the inspected
 * sample, the hyperparameters α, optimizer, B, λ (posted as setHyper, showing the session's current values) and the
 * state line (session state, epoch, J(Θ), accuracy, samples/s). The cost readout carries data-testid="cost".
 */
import type { Frame, Hyper, ViewState, WebviewCommand } from '../../src/protocol';
import { fmt, sub } from '../notation';
import {
  button,
  dropdown,
  getValue,
  setDisabled,
  setDropdownValue,
  setInvalid,
  setLabel,
  setValue,
  textField,
} from '../ui/toolkit';
import { el } from './shared';

export interface ControlsCallbacks {
  onCommand(command: WebviewCommand): void;
  onHyper(hyper: Partial<Hyper>): void;
  onInspected(index: number): void;
  /** s_j of hidden layer j (the lecture's index, 2 … L−1) typed in the view. */
  onUnits(layer: number, units: number): void;
}

export const OPTIMIZERS: { value: Hyper['optimizer']; label: string }[] = [
  { value: 'gd', label: 'Gradient descent' },
  { value: 'momentum', label: 'Momentum' },
  { value: 'adagrad', label: 'Adagrad' },
  { value: 'adadelta', label: 'Adadelta' },
  { value: 'rmsprop', label: 'RMSProp' },
  { value: 'adam', label: 'Adam' },
];

const STATE_TEXT: Record<ViewState, string> = {
  loading: 'loading',
  idle: 'ready',
  running: 'training',
  paused: 'paused',
  finished: 'finished',
  diverged: 'diverged',
  crashed: 'crashed',
  invalid: 'invalid document',
  checking: 'checking…',
};

/** Parses a number field; returns the value or an error message. */
export function parseField(
  text: string,
  rule: { min: number; integer?: boolean; exclusiveMin?: boolean; max?: number },
): number | string {
  const t = text.trim();
  if (t === '') return 'enter a number';
  const v = Number(t);
  if (!Number.isFinite(v)) return `“${t}” is not a number`;
  if (rule.integer && !Number.isInteger(v)) return 'must be a whole number';
  if (rule.exclusiveMin ? v <= rule.min : v < rule.min)
    return `must be ${rule.exclusiveMin ? '>' : '≥'} ${rule.min}`;
  if (rule.max !== undefined && v > rule.max) return `must be ≤ ${rule.max}`;
  return v;
}

export class ControlsView {
  readonly element: HTMLElement;
  private readonly trainBtn: HTMLElement;
  private readonly buttons: Record<Exclude<WebviewCommand, 'train' | 'pause' | 'stepSample'>, HTMLElement>;
  private readonly alpha: HTMLElement;
  private readonly lambda: HTMLElement;
  private readonly batch: HTMLElement;
  private readonly optimizer: HTMLElement;
  private readonly inspected: HTMLElement;
  private readonly fieldError: HTMLElement;
  private readonly stateEl: HTMLElement;
  private readonly epochEl: HTMLElement;
  private readonly costEl: HTMLElement;
  private readonly accEl: HTMLElement;
  private readonly speedEl: HTMLElement;
  private readonly units: HTMLElement;
  private unitsKey = '';
  private state: ViewState = 'loading';
  private m = 0;

  constructor(private readonly callbacks: ControlsCallbacks) {
    this.element = el('header', 'controls');
    const bar = el('div', 'toolbar');
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', 'Training');
    this.trainBtn = button({
      label: 'Train',
      ariaLabel: 'Train',
      appearance: 'primary',
      testId: 'train',
      onClick: () => callbacks.onCommand(this.state === 'running' ? 'pause' : 'train'),
    });
    const cmd = (label: string, command: WebviewCommand, aria: string): HTMLElement =>
      button({ label, ariaLabel: aria, testId: command, onClick: () => callbacks.onCommand(command) });
    this.buttons = {
      step: cmd('Step', 'step', 'Step one equation of backpropagation (→)'),
      stepEpoch: cmd('Step epoch', 'stepEpoch', 'Train one epoch, then pause'),
      reset: cmd('Reset', 'reset', 'Reset the weights and the history'),
      saveWeights: cmd('Save weights', 'saveWeights', 'Save the trained weights into the file'),
      gradientCheck: cmd('Gradient check', 'gradientCheck', 'Check the backpropagation gradient numerically'),
    };
    bar.append(this.trainBtn, ...Object.values(this.buttons));

    const hyper = el('div', 'hyper');
    hyper.setAttribute('role', 'group');
    hyper.setAttribute('aria-label', 'Hyperparameters');
    this.fieldError = el('span', 'field-error');
    this.fieldError.setAttribute('role', 'alert');
    const numberField = (
      label: string,
      aria: string,
      testId: string,
      rule: Parameters<typeof parseField>[1],
      key: 'learningRate' | 'lambda' | 'batchSize',
    ): HTMLElement => {
      const f: HTMLElement = textField({
        label,
        ariaLabel: aria,
        value: '',
        size: 6,
        testId,
        onChange: (text) => {
          const v = parseField(text, key === 'batchSize' ? { ...rule, max: this.m || undefined } : rule);
          if (typeof v === 'string') {
            setInvalid(f, `${label}: ${v}`);
            this.fieldError.textContent = `${label} ${v}.`;
            return;
          }
          setInvalid(f, null);
          this.fieldError.textContent = '';
          callbacks.onHyper({ [key]: v });
        },
      });
      return f;
    };
    this.alpha = numberField(
      'α',
      'Learning rate alpha',
      'alpha',
      { min: 0, exclusiveMin: true },
      'learningRate',
    );
    this.lambda = numberField('λ', 'Regularization lambda', 'lambda', { min: 0 }, 'lambda');
    this.batch = numberField(
      'B',
      'Batch size B (0 = full batch)',
      'batch',
      { min: 0, integer: true },
      'batchSize',
    );
    this.optimizer = dropdown({
      ariaLabel: 'Optimizer',
      options: OPTIMIZERS,
      value: 'gd',
      testId: 'optimizer',
      onChange: (v) => callbacks.onHyper({ optimizer: v as Hyper['optimizer'] }),
    });
    const optLabel = el('label', 'field-label', 'Optimizer');
    this.inspected = textField({
      label: 'Sample i',
      ariaLabel: 'Inspected training sample i (1 to m)',
      value: '1',
      size: 5,
      testId: 'inspected',
      onChange: (text) => {
        const v = parseField(text, { min: 1, integer: true, max: this.m || undefined });
        if (typeof v === 'string') {
          setInvalid(this.inspected, `Sample: ${v}`);
          this.fieldError.textContent = `Sample i ${v}.`;
          return;
        }
        setInvalid(this.inspected, null);
        this.fieldError.textContent = '';
        callbacks.onInspected(v - 1);
      },
    });
    const opt = el('div', 'field');
    opt.append(optLabel, this.optimizer);
    this.units = el('div', 'hyper units');
    this.units.setAttribute('role', 'group');
    this.units.setAttribute('aria-label', 'Units of the hidden layers');
    hyper.append(this.alpha, opt, this.batch, this.lambda, this.inspected, this.units, this.fieldError);

    const status = el('div', 'status');
    status.setAttribute('role', 'status');
    status.setAttribute('aria-label', 'Training status');
    this.stateEl = el('span', 'state-badge', 'loading');
    this.epochEl = el('span', 'stat');
    const cost = el('span', 'stat');
    cost.append('J(Θ) = ');
    this.costEl = el('span', 'cost', '—');
    this.costEl.dataset.testid = 'cost';
    cost.append(this.costEl);
    this.accEl = el('span', 'stat');
    this.speedEl = el('span', 'stat');
    status.append(this.stateEl, this.epochEl, cost, this.accEl, this.speedEl);
    this.element.append(bar, hyper, status);
    this.setState('loading');
  }

  /**
   * One field per hidden layer, s_2 … s_{L−1}: a new value goes to the host, which writes it into the document (and
   * removes "weights", whose shapes no longer fit; undo brings them back).
   */
  setLayers(sizes: readonly number[]): void {
    const key = sizes.join(',');
    if (key === this.unitsKey) return;
    this.unitsKey = key;
    const fields = sizes.slice(1, -1).map((s, i) => {
      const j = i + 2;
      const f: HTMLElement = textField({
        label: `s${sub(j)}`,
        ariaLabel: `Units s_${j} of hidden layer ${j}`,
        value: String(s),
        size: 4,
        testId: `units-${j}`,
        onChange: (text) => {
          const v = parseField(text, { min: 1, integer: true, max: 4096 });
          if (typeof v === 'string') {
            setInvalid(f, `s_${j}: ${v}`);
            this.fieldError.textContent = `s${sub(j)} ${v}.`;
            return;
          }
          setInvalid(f, null);
          this.fieldError.textContent = '';
          if (v !== s) this.callbacks.onUnits(j, v);
        },
      });
      return f;
    });
    this.units.replaceChildren(...fields);
  }

  setDatasetSize(m: number): void {
    this.m = m;
  }

  setState(state: ViewState): void {
    this.state = state;
    this.stateEl.textContent = STATE_TEXT[state];
    this.stateEl.dataset.state = state;
    const running = state === 'running';
    setLabel(this.trainBtn, running ? 'Pause' : 'Train', running ? 'Pause training' : 'Train');
    const noSession = state === 'invalid' || state === 'loading' || state === 'checking';
    const broken = state === 'crashed';
    setDisabled(this.trainBtn, noSession || broken || state === 'finished');
    setDisabled(this.buttons.step, noSession || broken || running);
    setDisabled(this.buttons.stepEpoch, noSession || broken || running);
    setDisabled(this.buttons.reset, noSession);
    setDisabled(this.buttons.saveWeights, noSession || broken);
    setDisabled(this.buttons.gradientCheck, noSession || broken || running);
  }

  setHyper(h: Hyper | null): void {
    if (!h) return;
    setValue(this.alpha, String(h.learningRate));
    setValue(this.lambda, String(h.lambda));
    setValue(this.batch, String(h.batchSize));
    setDropdownValue(this.optimizer, h.optimizer);
    for (const f of [this.alpha, this.lambda, this.batch]) setInvalid(f, null);
  }

  setInspected(index: number): void {
    setValue(this.inspected, String(index + 1));
  }

  setFrame(f: Frame): void {
    this.epochEl.textContent = `epoch ${f.epoch} · update ${f.iteration}`;
    this.costEl.textContent = fmt(f.J, 4);
    this.costEl.dataset.value = String(f.J);
    const acc = f.accuracy !== null ? `accuracy ${(f.accuracy * 100).toFixed(1)} %` : '';
    const vacc =
      f.validationAccuracy !== null ? ` (validation ${(f.validationAccuracy * 100).toFixed(1)} %)` : '';
    const vj = f.validationJ !== null ? `validation J = ${fmt(f.validationJ, 4)}` : '';
    this.accEl.textContent = [acc + vacc, vj].filter(Boolean).join(' · ');
    this.speedEl.textContent =
      f.samplesPerSecond > 0 ? `${Math.round(f.samplesPerSecond).toLocaleString('en-US')} samples/s` : '';
  }

  /** The value currently typed in a field (for tests and for keeping edits). */
  fieldValue(which: 'alpha' | 'lambda' | 'batch' | 'inspected'): string {
    return getValue(
      { alpha: this.alpha, lambda: this.lambda, batch: this.batch, inspected: this.inspected }[which],
    );
  }
}
