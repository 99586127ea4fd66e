/**
 * Training a network on a dataset: validation split, batches (full, stochastic, mini-batch), optimizers,
 * dropout, early stopping, divergence detection. Bit-for-bit deterministic from the spec's seed: every random
 * choice comes from its own stream derived from the seed (init, split, shuffle, dropout).
 */
import { BatchPlan } from './batches';
import { EarlyStopping } from './earlyStopping';
import { type Evaluation, type LabelledSet, evaluate, isClassifierData } from './evaluation';
import { splitData } from './split';
import { SurfaceSlice } from './surface';
import { type GradientCheck, type GradientCheckOptions, gradientCheck } from './gradcheck';
import { sampleFlow, sortedIndexOf } from './inspect';
import { regularization } from './losses';
import type { Matrix } from './matrix';
import { type Network, Workspace, cloneTheta, costAndGradient, createNetwork } from './network';
import { type Optimizer, OPTIMIZERS, createOptimizer, defaultOptimizerSpec } from './optimizers';
import { Random } from './random';
import type { Dataset, NetworkSpec, OptimizerName } from './spec-types';
import type { InspectedSample } from '../shared/sample';

export type { Evaluation } from './evaluation';
export type { InspectedSample } from '../shared/sample';

/** Hyperparameters that may change while training. */
export interface Hyper {
  learningRate: number;
  lambda: number;
  /** 0 = full batch. */
  batchSize: number;
  optimizer: OptimizerName;
}

export type StopReason = null | 'early-stopping' | 'diverged' | 'done';

export interface EpochResult extends Evaluation {
  /** Epochs completed (1 after the first). */
  epoch: number;
  stopped: StopReason;
  /**
   * True when the epoch was run with `runEpoch({ exact: false })` and nothing needed the whole set: J is then a running
   * estimate (the mean of the epoch's batch costs, each at the Θ of its batch, plus the λ term at the epoch's end Θ)
   * and the accuracies are null. Otherwise (always, unless asked) J and the accuracies are exact at the epoch's end Θ.
   */
  estimated?: true;
}

/**
 * Per-epoch results as a struct of arrays: the shape in which the host keeps and streams them (protocol's History).
 * The Trainer keeps none: each runEpoch/runBatch/applyGradient returns its EpochResult, and whoever wants a history
 * collects them.
 */
export class Trainer {
  readonly spec: NetworkSpec;
  readonly dataset: Dataset;
  readonly network: Network;
  /** Dataset rows of the training part, in file order. */
  readonly trainIndices: Uint32Array;
  /** Dataset rows of the validation part, in file order. */
  readonly validationIndices: Uint32Array;
  /** Whether accuracy is reported (class names given, or every target is 0 or 1). */
  readonly isClassifier: boolean;

  private readonly initialTheta: Matrix[];
  private readonly train: LabelledSet;
  private readonly validation: LabelledSet;
  private readonly plan: BatchPlan;
  private readonly stopping: EarlyStopping;
  private hyperValue: Hyper;
  private optimizer: Optimizer;
  private shuffleRng!: Random;
  private dropoutRng!: Random;
  private epochCount = 0;
  /**
   * Whether an epoch's end evaluates J and the accuracies exactly over the whole set (the default), or reports the
   * running estimate (EpochResult.estimated) when nothing needs the whole set: a caller that shows few epochs (the
   * worker at full speed, `nn-viz train` between its lines) saves a forward pass over every sample. Early stopping
   * always evaluates exactly.
   */
  exactEvaluation = true;
  private runningCost = 0;
  private runningSamples = 0;
  private iterationCount = 0;
  private versionCount = 0;
  private readonly workspaces = new Map<number, Workspace>();
  /** D of the last update: the trainer's own copy, or (after runBatch) its workspace's D, untouched until the next. */
  private lastDValue: readonly Matrix[] | null = null;
  private ownD: Matrix[] | null = null;
  private lastUpdateValue: Matrix[] | null = null;
  /** Positions (into the training part) of the last batch; its dataset rows are looked up when asked for. */
  private lastPositions: Uint32Array = new Uint32Array(0);
  private lastMasks: (Uint8Array | null)[] | null = null;
  /** Training stops ('done') after this epoch: the file's "epochs", more after extendEpochs. */
  private epochLimit: number;

  constructor(spec: NetworkSpec, dataset: Dataset) {
    this.spec = spec;
    this.dataset = dataset;
    const t = spec.training;
    const split = splitData(spec, dataset);
    this.epochLimit = t.epochs;
    this.network = createNetwork(spec.layers, spec.weights, t.init, Random.derive(t.seed, 'init'));
    this.initialTheta = cloneTheta(this.network.theta);

    this.trainIndices = split.trainIndices;
    this.validationIndices = split.validationIndices;
    this.train = split.train;
    this.validation = split.validation;
    this.plan = new BatchPlan(this.trainIndices);
    this.stopping = new EarlyStopping(t.earlyStopping);
    this.isClassifier = isClassifierData(dataset);

    this.hyperValue = {
      learningRate: t.learningRate,
      lambda: t.lambda,
      batchSize: t.batchSize,
      optimizer: t.optimizer.name,
    };
    validateHyper(this.hyperValue);
    this.optimizer = createOptimizer(t.optimizer);
    this.seedStreams();
  }

  // ------------------------------------------------------------------ read access

  /** Θ^(1..L−1), live (shared with the stepper). */
  get theta(): Matrix[] {
    return this.network.theta;
  }
  /** D of the last update (read-only: it changes with the next update), null before the first. */
  get lastD(): readonly Matrix[] | null {
    return this.lastDValue;
  }
  /** Θ_after − Θ_before of the last update (read-only, as lastD), null before the first. */
  get lastUpdate(): Matrix[] | null {
    return this.lastUpdateValue;
  }
  /** Dataset rows of the last batch, in the order used. */
  get lastBatchIndices(): Uint32Array {
    return this.plan.rowsAt(this.lastPositions);
  }
  /**
   * Dropout masks of the last batch per layer (1 = dropped; batch size × s_{l+1} row-major), null for layers
   * without dropout; null when no dropout was applied in the last step.
   */
  get dropoutMasks(): (Uint8Array | null)[] | null {
    return this.lastMasks;
  }
  /**
   * The dropped units of the first sample of the last batch, per hidden layer (index 0 = layer 2), 1 = dropped
   * (all 0 for a layer without dropout); null when dropout is off or no step ran.
   */
  get lastDropped(): Uint8Array[] | null {
    const masks = this.lastMasks;
    if (!masks) return null;
    const sizes = this.network.sizes;
    const out: Uint8Array[] = [];
    for (let l = 1; l < sizes.length - 1; l++) {
      const mk = masks[l];
      out.push(mk ? mk.slice(0, sizes[l]) : new Uint8Array(sizes[l]));
    }
    return out;
  }
  /** Epochs completed. */
  get epoch(): number {
    return this.epochCount;
  }
  /** Parameter updates done. */
  get iteration(): number {
    return this.iterationCount;
  }
  /** Changes whenever Θ, the batch plan or the hyperparameters change (the stepper restarts its loop then). */
  get version(): number {
    return this.versionCount;
  }
  /** Epoch with the best validation cost so far (early stopping on), else null. */
  get bestEpoch(): number | null {
    return this.stopping.bestEpoch;
  }
  get trainM(): number {
    return this.train.m;
  }
  get validationM(): number {
    return this.validation.m;
  }
  get hyper(): Hyper {
    return { ...this.hyperValue };
  }
  /** Samples of the current epoch already used. */
  get epochPosition(): number {
    return this.plan.position;
  }
  /** The dropout stream (the stepper draws its masks from it too). */
  get dropoutRandom(): Random {
    return this.dropoutRng;
  }
  /** The epoch after which training stops with 'done'. */
  get epochBudget(): number {
    return this.epochLimit;
  }

  // ------------------------------------------------------------------ training

  /** One update on the next batch. Returns the epoch's result when this batch completed an epoch, else null. */
  runBatch(): EpochResult | null {
    const positions = this.plan.positions(this.hyperValue.batchSize, this.shuffleRng);
    const b = positions.length;
    const ws = this.workspace(b);
    const { n, K } = this.dataset;
    const { X, Y } = this.train;
    for (let r = 0; r < b; r++) {
      const p = positions[r];
      ws.X.set(X.subarray(p * n, (p + 1) * n), r * n);
      ws.Y.set(Y.subarray(p * K, (p + 1) * K), r * K);
    }
    const res = costAndGradient(this.network, ws.X, ws.Y, b, this.spec.loss, this.hyperValue.lambda, {
      workspace: ws,
      dropout: this.dropoutRng,
    });
    this.lastMasks = ws.masksActive ? ws.masks.map((mk) => (mk ? mk.slice() : null)) : null;
    if (!this.evaluatesExactly()) {
      // The batch's data cost (its J without the λ term, at the Θ it was computed at), for the running estimate.
      this.runningCost += (res.J - regularization(this.network.theta, this.hyperValue.lambda, b)) * b;
      this.runningSamples += b;
    }
    return this.applyStep(res.D, res.J, false);
  }

  /**
   * Batches until the current epoch ends (the rest of it, when it was started by runBatch or the stepper).
   * `exact: false` (for a caller that shows this epoch's numbers to nobody, like `nn-viz train` between its progress
   * lines) skips the pass over the whole set that exact J and accuracies cost — a third of an epoch's work on
   * 784-64-10 — unless early stopping needs it; the result then says `estimated`.
   */
  runEpoch({ exact = true }: { exact?: boolean } = {}): EpochResult {
    const before = this.exactEvaluation;
    this.exactEvaluation = exact;
    try {
      for (;;) {
        const r = this.runBatch();
        if (r) return r;
      }
    } finally {
      this.exactEvaluation = before;
    }
  }

  /**
   * Dataset rows of the batch the next update uses (starting the epoch — and its shuffle — if needed).
   * Full batch (B = 0 or B ≥ m) keeps the training order; otherwise the order is reshuffled every epoch.
   */
  currentBatch(): Uint32Array {
    return this.plan.rowsOf(this.hyperValue.batchSize, this.shuffleRng);
  }

  /**
   * Applies D (gradient of the current batch, J its cost) through the optimizer and advances the batch plan.
   * Used by runBatch and the stepper. Returns the epoch's result when the epoch ended.
   */
  applyGradient(D: readonly Matrix[], J: number): EpochResult | null {
    return this.applyStep(D, J, true);
  }

  /**
   * applyGradient; `copyD` false when D is the trainer's own workspace (runBatch), which nothing changes before the
   * next update: lastD then refers to it instead of copying it (a Θ-sized copy per batch saved). The optimizer writes
   * Θ_after − Θ_before into lastUpdate in the pass that updates Θ.
   */
  private applyStep(D: readonly Matrix[], J: number, copyD: boolean): EpochResult | null {
    const positions = this.plan.positions(this.hyperValue.batchSize, this.shuffleRng);
    const theta = this.network.theta;
    this.lastUpdateValue ??= cloneTheta(theta);
    this.optimizer.step(theta, D, this.hyperValue.learningRate, this.lastUpdateValue);
    if (copyD) {
      this.ownD ??= cloneTheta(theta);
      for (let l = 0; l < theta.length; l++) this.ownD[l].data.set(D[l].data);
      this.lastDValue = this.ownD;
    } else this.lastDValue = D;
    this.lastPositions = positions.slice();
    this.iterationCount++;
    this.versionCount++;
    const epochDone = this.plan.advance(positions.length);
    if (!Number.isFinite(J)) return this.finishEpoch(true);
    if (epochDone) return this.finishEpoch(false);
    return null;
  }

  /** Change hyperparameters live; a different optimizer starts with fresh state. */
  setHyper(h: Partial<Hyper>): void {
    const next = { ...this.hyperValue, ...h };
    validateHyper(next);
    if (next.optimizer !== this.hyperValue.optimizer) {
      const spec = this.spec.training.optimizer;
      this.optimizer = createOptimizer(
        next.optimizer === spec.name ? spec : defaultOptimizerSpec(next.optimizer),
      );
    }
    this.hyperValue = next;
    this.versionCount++;
  }

  /** Back to the exact initial Θ, fresh optimizer state and random streams, epoch 0. */
  reset(): void {
    this.network.theta.forEach((t, l) => t.data.set(this.initialTheta[l].data));
    this.optimizer.reset();
    this.seedStreams();
    this.plan.reset();
    this.epochCount = 0;
    this.runningCost = 0;
    this.runningSamples = 0;
    this.epochLimit = this.spec.training.epochs;
    this.iterationCount = 0;
    this.versionCount++;
    this.lastDValue = null;
    this.lastUpdateValue = null;
    this.lastPositions = new Uint32Array(0);
    this.lastMasks = null;
    this.stopping.reset();
  }

  /**
   * Go on from the current Θ for `epochs` more epochs (Train on a finished run). Early stopping waits its patience
   * afresh from here; the best validation cost so far stays the one to beat.
   */
  extendEpochs(epochs: number): void {
    this.epochLimit = this.epochCount + epochs;
    this.stopping.restartPatience();
  }

  /** J, validation J and accuracies at the current Θ (no dropout), without training. */
  evaluate(): Evaluation {
    return evaluate(this.network, this.hyperValue.lambda, this.train, this.validation, {
      loss: this.spec.loss,
      isClassifier: this.isClassifier,
      workspace: (b) => this.workspace(b),
    });
  }

  /** x, y, z^(j), a^(j) and δ^(j) of training sample `index` (0-based in the training part; the result's `index` is its row in the data), no dropout. */
  inspect(index: number): InspectedSample {
    if (!Number.isInteger(index) || index < 0 || index >= this.trainM) {
      throw new RangeError(`inspect: sample index must be 0..${this.trainM - 1}, got ${index}`);
    }
    const { n, K } = this.dataset;
    const x = this.train.X.slice(index * n, (index + 1) * n);
    const y = this.train.Y.slice(index * K, (index + 1) * K);
    return {
      index: this.trainIndices[index],
      validation: false,
      ...sampleFlow(this.network, this.spec.loss, x, y),
    };
  }

  /**
   * The same for dataset row `row` (0-based, file order), which may be a training or a held-out validation sample:
   * the lecture numbers samples by their row, 1 … m.
   */
  inspectRow(row: number): InspectedSample {
    const { m, n, K } = this.dataset;
    if (!Number.isInteger(row) || row < 0 || row >= m) {
      throw new RangeError(`inspectRow: row must be 0..${m - 1}, got ${row}`);
    }
    const t = sortedIndexOf(this.trainIndices, row);
    if (t >= 0) return this.inspect(t);
    const x = this.dataset.X.slice(row * n, (row + 1) * n);
    const y = this.dataset.Y.slice(row * K, (row + 1) * K);
    return { index: row, validation: true, ...sampleFlow(this.network, this.spec.loss, x, y) };
  }

  /**
   * A loss-surface slice J(Θ + α d1 + β d2) through the current Θ over the training part in the trainer's order, at
   * the current λ: its centre is evaluate().J bit for bit. (The arrays are the trainer's own; the slice only reads them.)
   */
  surfaceSlice(d1: Float64Array[], d2: Float64Array[], resolution: number, range: number): SurfaceSlice {
    const net = this.network;
    const theta0 = net.theta.map((t) => t.data.slice());
    const { X, Y, m } = this.train;
    return new SurfaceSlice(
      net,
      theta0,
      d1,
      d2,
      X,
      Y,
      m,
      this.spec.loss,
      this.hyperValue.lambda,
      resolution,
      range,
    );
  }

  /** Gradient check at the current Θ on the first `maxSamples` (default 32) training samples, no dropout. */
  gradientCheck(opts: GradientCheckOptions & { maxSamples?: number } = {}): GradientCheck {
    const m = Math.min(this.trainM, opts.maxSamples ?? 32);
    const { n, K } = this.dataset;
    return gradientCheck(
      this.network,
      this.train.X.subarray(0, m * n),
      this.train.Y.subarray(0, m * K),
      m,
      this.spec.loss,
      this.hyperValue.lambda,
      opts,
    );
  }

  // ------------------------------------------------------------------ internals

  private seedStreams(): void {
    const seed = this.spec.training.seed;
    this.shuffleRng = Random.derive(seed, 'shuffle');
    this.dropoutRng = Random.derive(seed, 'dropout');
  }

  /** The end of an epoch (or a diverged batch): evaluation, early stopping, the epoch budget. */
  private finishEpoch(diverged: boolean): EpochResult {
    this.epochCount++;
    this.plan.endEpoch();
    const ev =
      this.evaluatesExactly() || this.runningSamples === 0 ? this.evaluate() : this.runningEstimate();
    this.runningCost = 0;
    this.runningSamples = 0;
    let stopped: StopReason = null;
    if (diverged || !Number.isFinite(ev.J)) stopped = 'diverged';
    if (!stopped) {
      const verdict = this.stopping.observe(this.epochCount, ev.validationJ ?? ev.J, this.network.theta);
      if (verdict) stopped = 'early-stopping';
      if (verdict === 'restored') this.versionCount++;
    }
    if (!stopped && this.epochCount >= this.epochLimit) stopped = 'done';
    return { epoch: this.epochCount, ...ev, stopped };
  }

  private evaluatesExactly(): boolean {
    return this.exactEvaluation || this.spec.training.earlyStopping !== null;
  }

  /** J estimated from the epoch's own batches (see EpochResult.estimated); no accuracies. */
  private runningEstimate(): Evaluation & { estimated: true } {
    const lambda = this.hyperValue.lambda;
    const J =
      this.runningCost / this.runningSamples + regularization(this.network.theta, lambda, this.trainM);
    return { J, validationJ: null, accuracy: null, validationAccuracy: null, estimated: true };
  }

  private workspace(b: number): Workspace {
    let ws = this.workspaces.get(b);
    if (!ws) {
      ws = new Workspace(this.network, b);
      this.workspaces.set(b, ws);
    }
    return ws;
  }
}

function validateHyper(h: Hyper): void {
  if (!(Number.isFinite(h.learningRate) && h.learningRate > 0)) {
    throw new RangeError(`learning rate α must be a positive number, got ${h.learningRate}`);
  }
  if (!(Number.isFinite(h.lambda) && h.lambda >= 0))
    throw new RangeError(`λ must be a number ≥ 0, got ${h.lambda}`);
  if (!(Number.isInteger(h.batchSize) && h.batchSize >= 0)) {
    throw new RangeError(`batch size must be an integer ≥ 0 (0 = full batch), got ${h.batchSize}`);
  }
  if (!OPTIMIZERS.includes(h.optimizer)) throw new RangeError(`unknown optimizer "${String(h.optimizer)}"`);
}
