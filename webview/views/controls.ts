/**
 * Controls: Train/Pause, the pace, Step, Step epoch, Reset, Save weights, Gradient check (posted as commands), the
 * inspected sample i (1 … m, the file's rows), the hyperparameters α, optimizer, B ("full" = all m samples), λ (posted
 * as setHyper, showing the session's current values) and the state line (session state, epoch, J(Θ), accuracy,
 * updates/s and samples/s). The cost readout carries data-testid="cost". A disabled button says why in its title and
 * accessible name.
 */
import { ProgressAnnouncer } from './progressAnnouncer';
import {
  formatRate,
  type ViewFrame,
  type Hyper,
  type Pace,
  type PaceChoice,
  type ViewState,
  type WebviewCommand,
} from '../../src/protocol';
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
import { PaceControl } from './pace';

export interface ControlsCallbacks {
  onCommand(command: WebviewCommand): void;
  onHyper(hyper: Partial<Hyper>): void;
  onInspected(index: number): void;
  /** s_j of hidden layer j (the lecture's index, 2 … L−1) typed in the view. */
  onUnits(layer: number, units: number): void;
  /** A pace chosen in the view (for the session, not the file). */
  onPace(pace: Pace): void;
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

/** Why a button cannot be used in a state (null: it can), said in its title and accessible name. */
export function whyDisabled(
  button: 'train' | 'step' | 'reset' | 'saveWeights',
  state: ViewState,
): string | null {
  if (state === 'checking') return 'the document is still being checked';
  if (state === 'loading') return 'the data is still loading';
  if (state === 'invalid') return 'the document has errors: fix them first (see Problems)';
  if (state === 'crashed' && button !== 'reset') return 'the training worker stopped: Reset restarts it';
  if (state === 'running' && button === 'step') return 'pause first: stepping needs training to stand still';
  return null;
}

/** B as shown: "full" for full batch (B = m, stored as 0), else the number. */
export function batchText(B: number): string {
  return B === 0 ? 'full' : String(B);
}

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

type CommandButtons = Record<Exclude<WebviewCommand, 'train' | 'pause' | 'stepSample'>, HTMLElement>;

/** The buttons after Train; each keeps its accessible name in data-aria (a reason is added while disabled). */
function commandButtons(onCommand: (c: WebviewCommand) => void): CommandButtons {
  const cmd = (label: string, command: WebviewCommand, aria: string): HTMLElement => {
    const b = button({ label, ariaLabel: aria, testId: command, onClick: () => onCommand(command) });
    b.dataset.aria = aria;
    return b;
  };
  return {
    step: cmd('Step', 'step', 'Step one equation of backpropagation (→)'),
    stepEpoch: cmd('Step epoch', 'stepEpoch', 'Step epoch: train one epoch, then pause'),
    reset: cmd('Reset', 'reset', 'Reset the weights and the history'),
    saveWeights: cmd('Save weights', 'saveWeights', 'Save weights: write the trained Θ into the file'),
    gradientCheck: cmd(
      'Gradient check',
      'gradientCheck',
      'Gradient check: compare the backpropagation gradient with a numerical one',
    ),
  };
}

const ESTIMATE_NOTE =
  'A running estimate: the mean of this epoch’s batch costs, each at the Θ of its batch, plus the λ term. ' +
  'At full speed J is evaluated exactly over every sample only every few epochs; pause for the exact value.';

/** The state line: state, epoch · update, J(Θ), accuracy, updates/s · samples/s, and what a finished run says. */
function statusLine(): Record<
  'element' | 'state' | 'epoch' | 'relation' | 'cost' | 'acc' | 'speed' | 'note',
  HTMLElement
> {
  const element = el('div', 'status');
  element.setAttribute('role', 'status');
  element.setAttribute('aria-label', 'Training status');
  const state = el('span', 'state-badge', 'loading');
  const epoch = el('span', 'stat');
  epoch.dataset.testid = 'epoch';
  const costStat = el('span', 'stat');
  // "=" for an exact J, "≈" for the running estimate of a worker at full speed (Frame.estimated).
  const relation = el('span', 'relation', ' = ');
  const cost = el('span', 'cost', '—');
  cost.dataset.testid = 'cost';
  costStat.append('J(Θ)', relation, cost);
  const acc = el('span', 'stat');
  const speed = el('span', 'stat');
  speed.dataset.testid = 'rate';
  const note = el('span', 'run-note');
  note.dataset.testid = 'run-note';
  element.append(state, epoch, costStat, acc, speed, note);
  return { element, state, epoch, relation, cost, acc, speed, note };
}

export class ControlsView {
  readonly element: HTMLElement;
  /** Training progress for screen readers, politely and at most every 5 s. */
  private readonly announcer = new ProgressAnnouncer();
  private readonly trainBtn: HTMLElement;
  private readonly buttons: CommandButtons;
  private readonly alpha: HTMLElement;
  private readonly lambda: HTMLElement;
  private readonly batch: HTMLElement;
  private readonly optimizer: HTMLElement;
  private readonly inspected: HTMLElement;
  private readonly fieldError: HTMLElement;
  private readonly stateEl: HTMLElement;
  private readonly epochEl: HTMLElement;
  private readonly relationEl: HTMLElement;
  private readonly costEl: HTMLElement;
  private readonly accEl: HTMLElement;
  private readonly speedEl: HTMLElement;
  /** What the run said when it finished (e.g. that Train goes on, Reset starts over). */
  private readonly noteEl: HTMLElement;
  private readonly units: HTMLElement;
  private readonly pace: PaceControl;
  private unitsKey = '';
  private state: ViewState = 'loading';
  private m = 0;
  private rows = 0;

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
    this.buttons = commandButtons((c) => callbacks.onCommand(c));
    this.pace = new PaceControl((p) => callbacks.onPace(p));
    bar.append(this.trainBtn, this.pace.element, ...Object.values(this.buttons));

    const hyper = el('div', 'hyper');
    hyper.setAttribute('role', 'group');
    hyper.setAttribute('aria-label', 'Hyperparameters');
    this.fieldError = el('span', 'field-error');
    this.fieldError.setAttribute('role', 'alert');
    this.alpha = this.numberField(
      'α',
      'Learning rate alpha',
      'alpha',
      { min: 0, exclusiveMin: true },
      'learningRate',
    );
    this.lambda = this.numberField('λ', 'Regularization lambda', 'lambda', { min: 0 }, 'lambda');
    this.batch = this.numberField(
      'B',
      'Batch size B: full (all m samples) or a number of samples',
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
    this.inspected = this.sampleField();
    const opt = el('div', 'field');
    opt.append(optLabel, this.optimizer);
    this.units = el('div', 'hyper units');
    this.units.setAttribute('role', 'group');
    this.units.setAttribute('aria-label', 'Units of the hidden layers');
    hyper.append(this.alpha, opt, this.batch, this.lambda, this.inspected, this.units, this.fieldError);

    const status = statusLine();
    ({ state: this.stateEl, epoch: this.epochEl, relation: this.relationEl, cost: this.costEl } = status);
    ({ acc: this.accEl, speed: this.speedEl, note: this.noteEl } = status);
    this.element.append(bar, hyper, status.element, this.announcer.element);
    this.setState('loading');
  }

  /** α, λ or B: committed on Enter or blur, checked, posted as setHyper (B also takes "full"). */
  private numberField(
    label: string,
    aria: string,
    testId: string,
    rule: Parameters<typeof parseField>[1],
    key: 'learningRate' | 'lambda' | 'batchSize',
  ): HTMLElement {
    const f: HTMLElement = textField({
      label,
      ariaLabel: aria,
      value: '',
      size: 6,
      testId,
      onChange: (text) => {
        const full = key === 'batchSize' && text.trim().toLowerCase() === 'full';
        const v = full
          ? 0
          : parseField(text, key === 'batchSize' ? { ...rule, max: this.m || undefined } : rule);
        if (typeof v === 'string') {
          setInvalid(f, `${label}: ${v}`);
          this.fieldError.textContent = `${label} ${v}.`;
          return;
        }
        setInvalid(f, null);
        this.fieldError.textContent = '';
        this.callbacks.onHyper({ [key]: v });
      },
    });
    return f;
  }

  /** The inspected sample i (1 … rows, the data's rows in file order), posted 0-based. */
  private sampleField(): HTMLElement {
    const f: HTMLElement = textField({
      label: 'Sample i',
      ariaLabel: 'Inspected sample i (1 to m, the rows of the data in file order)',
      value: '1',
      size: 5,
      testId: 'inspected',
      onChange: (text) => {
        const v = parseField(text, { min: 1, integer: true, max: this.rows || undefined });
        if (typeof v === 'string') {
          setInvalid(f, `Sample: ${v}`);
          this.fieldError.textContent = `Sample i ${v}.`;
          return;
        }
        setInvalid(f, null);
        this.fieldError.textContent = '';
        this.callbacks.onInspected(v - 1);
      },
    });
    return f;
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

  /** m training samples (B ≤ m) and all rows of the data (the inspected sample i is 1 … rows). */
  setDatasetSize(m: number, rows = m): void {
    this.m = m;
    this.rows = rows;
  }

  /** The session's state; `message` is shown when a run has finished (diverged and crashed runs have banners). */
  setState(state: ViewState, message: string | null = null): void {
    this.state = state;
    this.noteEl.textContent = state === 'finished' ? (message ?? '') : '';
    this.stateEl.textContent = STATE_TEXT[state];
    this.stateEl.dataset.state = state;
    const running = state === 'running';
    const train = running
      ? { label: 'Pause', aria: 'Pause training', title: 'Pause training (Ctrl+F5)' }
      : state === 'finished'
        ? {
            label: 'Train',
            aria: 'Train on: another run of the file’s epochs from the current Θ',
            title: 'Train on for another run of the file’s "epochs" from the current Θ; Reset starts over.',
          }
        : { label: 'Train', aria: 'Train', title: 'Train (Ctrl+F5)' };
    setLabel(this.trainBtn, train.label);
    this.enable(this.trainBtn, train.aria, train.title, whyDisabled('train', state));
    const b = this.buttons;
    for (const btn of [b.step, b.stepEpoch, b.gradientCheck])
      this.enable(btn, btn.dataset.aria ?? '', '', whyDisabled('step', state));
    this.enable(b.reset, b.reset.dataset.aria ?? '', '', whyDisabled('reset', state));
    this.enable(b.saveWeights, b.saveWeights.dataset.aria ?? '', '', whyDisabled('saveWeights', state));
  }

  /** Enable a button, or disable it saying why (title for the mouse, accessible name for screen readers). */
  private enable(btn: HTMLElement, aria: string, title: string, why: string | null): void {
    setDisabled(btn, why !== null);
    btn.setAttribute('aria-label', why ? `${aria} (unavailable: ${why})` : aria);
    btn.title = why ? `Unavailable: ${why}.` : title;
    if (why) btn.dataset.why = why;
    else delete btn.dataset.why;
  }

  /** The pace in force and who chose it. */
  setPace(choice: PaceChoice | null): void {
    this.pace.set(choice);
  }

  setHyper(h: Hyper | null): void {
    if (!h) return;
    setValue(this.alpha, String(h.learningRate));
    setValue(this.lambda, String(h.lambda));
    setValue(this.batch, batchText(h.batchSize));
    setDropdownValue(this.optimizer, h.optimizer);
    for (const f of [this.alpha, this.lambda, this.batch]) setInvalid(f, null);
  }

  /** Row `index` (0-based) is inspected: the box shows i = index + 1, and says when it is a validation sample. */
  setInspected(index: number, validation = false): void {
    setValue(this.inspected, String(index + 1));
    const label = validation ? 'Sample i (validation)' : 'Sample i';
    if (this.inspected.textContent !== label) this.inspected.textContent = label;
  }

  setFrame(f: ViewFrame): void {
    this.announcer.update(f);
    this.epochEl.textContent = `epoch ${f.epoch} · update ${f.iteration}`;
    this.epochEl.dataset.value = String(f.epoch);
    // A diverged J (NaN or ±∞) arrives as null: JSON has no such numbers.
    this.costEl.textContent = fmt(f.J ?? NaN, 4);
    this.costEl.dataset.value = String(f.J);
    const estimated = f.estimated === true;
    this.costEl.dataset.estimated = String(estimated);
    this.relationEl.textContent = estimated ? ' ≈ ' : ' = ';
    this.relationEl.parentElement?.setAttribute('title', estimated ? ESTIMATE_NOTE : '');
    const acc = f.accuracy !== null ? `accuracy ${(f.accuracy * 100).toFixed(1)} %` : '';
    const vacc =
      f.validationAccuracy !== null ? ` (validation ${(f.validationAccuracy * 100).toFixed(1)} %)` : '';
    const vj = f.validationJ !== null ? `validation J = ${fmt(f.validationJ, 4)}` : '';
    // While J is an estimate, the exact values beside it are those of the last exact evaluation: say which epoch.
    const when = estimated && (acc || vj) ? `evaluated at epoch ${f.evaluatedEpoch}` : '';
    this.accEl.textContent = [acc + vacc, vj, when].filter(Boolean).join(' · ');
    const ups = f.updatesPerSecond ?? 0;
    this.speedEl.textContent = [
      ups > 0 ? `${formatRate(ups)} updates/s` : '',
      f.samplesPerSecond > 0 ? `${formatRate(f.samplesPerSecond)} samples/s` : '',
    ]
      .filter(Boolean)
      .join(' · ');
  }

  /** The value currently typed in a field (for tests and for keeping edits). */
  fieldValue(which: 'alpha' | 'lambda' | 'batch' | 'inspected'): string {
    return getValue(
      { alpha: this.alpha, lambda: this.lambda, batch: this.batch, inspected: this.inspected }[which],
    );
  }
}
