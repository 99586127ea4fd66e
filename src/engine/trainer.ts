/**
 * Training a network on a dataset: validation split, batches (full, stochastic, mini-batch), optimizers,
 * dropout, early stopping, divergence detection. Bit-for-bit deterministic from the spec's seed: every random
 * choice comes from its own stream derived from the seed (init, split, shuffle, dropout).
 */
import { type GradientCheck, type GradientCheckOptions, gradientCheck } from './gradcheck';
import { outputDelta, regularization, sampleCost } from './losses';
import { gPrime } from './activations';
import type { Matrix } from './matrix';
import { type Network, Workspace, cloneTheta, costAndGradient, createNetwork, forward } from './network';
import { type Optimizer, OPTIMIZERS, createOptimizer, defaultOptimizerSpec } from './optimizers';
import { Random } from './random';
import type { Dataset, NetworkSpec, OptimizerName } from './spec-types';
import type { InspectedSample } from '../shared/sample';

/** Hyperparameters that may change while training. */
export interface Hyper {
  learningRate: number;
  lambda: number;
  /** 0 = full batch. */
  batchSize: number;
  optimizer: OptimizerName;
}

export type StopReason = null | 'early-stopping' | 'diverged' | 'done';

export interface Evaluation {
  /** J(Θ) on the training part, with the λ term, no dropout. */
  J: number;
  /** The data cost (no λ term) on the validation part; null without validation samples. */
  validationJ: number | null;
  /** Fraction classified right (argmax for K > 1, h ≥ 0.5 for K = 1); null when not a classifier. */
  accuracy: number | null;
  validationAccuracy: number | null;
}

export interface EpochResult extends Evaluation {
  /** Epochs completed (1 after the first). */
  epoch: number;
  stopped: StopReason;
}

export interface TrainerHistory {
  epoch: number[];
  J: number[];
  validationJ: (number | null)[];
  accuracy: (number | null)[];
  validationAccuracy: (number | null)[];
}

const EVAL_CHUNK = 1024;

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
  private readonly Xtrain: Float64Array;
  private readonly Ytrain: Float64Array;
  private readonly Xval: Float64Array;
  private readonly Yval: Float64Array;
  private hyperValue: Hyper;
  private optimizer: Optimizer;
  private shuffleRng!: Random;
  private dropoutRng!: Random;
  /** Positions (into the training part) in this epoch's order. */
  private readonly order: Uint32Array;
  private cursor = 0;
  private epochStarted = false;
  private epochCount = 0;
  private iterationCount = 0;
  private versionCount = 0;
  private readonly workspaces = new Map<number, Workspace>();
  private readonly thetaBefore: Matrix[];
  private lastDValue: Matrix[] | null = null;
  private lastUpdateValue: Matrix[] | null = null;
  private lastBatch: Uint32Array = new Uint32Array(0);
  private lastMasks: (Uint8Array | null)[] | null = null;
  private historyValue: TrainerHistory = emptyHistory();
  private best = Infinity;
  private bestEpochValue: number | null = null;
  private bestTheta: Matrix[] | null = null;
  private wait = 0;
  /** Training stops ('done') after this epoch: the file's "epochs", more after extendEpochs. */
  private epochLimit: number;

  constructor(spec: NetworkSpec, dataset: Dataset) {
    this.spec = spec;
    this.dataset = dataset;
    const t = spec.training;
    const layers = spec.layers;
    const L = layers.length;
    if (L < 2) throw new RangeError(`a network needs at least 2 layers, got ${L}`);
    if (dataset.n !== layers[0].units) {
      throw new RangeError(
        `the data has n = ${dataset.n} inputs but layer 1 has s_1 = ${layers[0].units} units`,
      );
    }
    if (dataset.K !== layers[L - 1].units) {
      throw new RangeError(
        `the data has K = ${dataset.K} outputs but layer ${L} has s_${L} = ${layers[L - 1].units} units`,
      );
    }
    if (!Number.isInteger(dataset.m) || dataset.m < 1)
      throw new RangeError(`the data has no samples (m = ${dataset.m})`);
    if (dataset.X.length !== dataset.m * dataset.n || dataset.Y.length !== dataset.m * dataset.K) {
      throw new RangeError(
        `the data arrays do not match m = ${dataset.m}, n = ${dataset.n}, K = ${dataset.K}`,
      );
    }
    if (!(t.validationSplit >= 0 && t.validationSplit < 1)) {
      throw new RangeError(`training.validationSplit must be in [0, 1), got ${t.validationSplit}`);
    }
    this.epochLimit = t.epochs;
    this.network = createNetwork(layers, spec.weights, t.init, Random.derive(t.seed, 'init'));
    this.initialTheta = cloneTheta(this.network.theta);
    this.thetaBefore = cloneTheta(this.network.theta);

    // Validation split: a seeded shuffle, the last fraction held out; both parts kept in file order.
    const m = dataset.m;
    const mVal = Math.min(m - 1, Math.round(m * t.validationSplit));
    const perm = Uint32Array.from({ length: m }, (_, i) => i);
    if (mVal > 0) Random.derive(t.seed, 'split').shuffle(perm);
    this.trainIndices = perm.slice(0, m - mVal).sort();
    this.validationIndices = perm.slice(m - mVal).sort();
    [this.Xtrain, this.Ytrain] = this.gatherAll(this.trainIndices);
    [this.Xval, this.Yval] = this.gatherAll(this.validationIndices);
    this.order = Uint32Array.from({ length: this.trainIndices.length }, (_, i) => i);

    let classifier = dataset.classNames !== null;
    if (!classifier) {
      classifier = true;
      for (let i = 0; i < dataset.Y.length; i++) {
        if (dataset.Y[i] !== 0 && dataset.Y[i] !== 1) {
          classifier = false;
          break;
        }
      }
    }
    this.isClassifier = classifier;

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
  /** D of the last update (copies), null before the first. */
  get lastD(): Matrix[] | null {
    return this.lastDValue;
  }
  /** Θ_after − Θ_before of the last update, null before the first. */
  get lastUpdate(): Matrix[] | null {
    return this.lastUpdateValue;
  }
  /** Dataset rows of the last batch, in the order used. */
  get lastBatchIndices(): Uint32Array {
    return this.lastBatch;
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
  get history(): TrainerHistory {
    return this.historyValue;
  }
  /** Epoch with the best validation cost so far (early stopping on), else null. */
  get bestEpoch(): number | null {
    return this.bestEpochValue;
  }
  get trainM(): number {
    return this.trainIndices.length;
  }
  get validationM(): number {
    return this.validationIndices.length;
  }
  get hyper(): Hyper {
    return { ...this.hyperValue };
  }
  /** Samples of the current epoch already used. */
  get epochPosition(): number {
    return this.cursor;
  }
  /** The dropout stream (the stepper draws its masks from it too). */
  get dropoutRandom(): Random {
    return this.dropoutRng;
  }

  // ------------------------------------------------------------------ training

  /** One update on the next batch. Returns the epoch's result when this batch completed an epoch, else null. */
  runBatch(): EpochResult | null {
    const idx = this.currentBatch();
    const b = idx.length;
    const ws = this.workspace(b);
    const { n, K } = this.dataset;
    for (let r = 0; r < b; r++) {
      const p = this.order[this.cursor + r];
      ws.X.set(this.Xtrain.subarray(p * n, (p + 1) * n), r * n);
      ws.Y.set(this.Ytrain.subarray(p * K, (p + 1) * K), r * K);
    }
    const res = costAndGradient(this.network, ws.X, ws.Y, b, this.spec.loss, this.hyperValue.lambda, {
      workspace: ws,
      dropout: this.dropoutRng,
    });
    this.lastMasks = ws.masksActive ? ws.masks.map((mk) => (mk ? mk.slice() : null)) : null;
    return this.applyGradient(res.D, res.J);
  }

  /** Batches until the current epoch ends (the rest of it, when it was started by runBatch or the stepper). */
  runEpoch(): EpochResult {
    for (;;) {
      const r = this.runBatch();
      if (r) return r;
    }
  }

  /**
   * Dataset rows of the batch the next update uses (starting the epoch — and its shuffle — if needed).
   * Full batch (B = 0 or B ≥ m) keeps the training order; otherwise the order is reshuffled every epoch.
   */
  currentBatch(): Uint32Array {
    if (!this.epochStarted) this.startEpoch();
    const b = Math.min(this.effectiveBatchSize(), this.trainM - this.cursor);
    const out = new Uint32Array(b);
    for (let r = 0; r < b; r++) out[r] = this.trainIndices[this.order[this.cursor + r]];
    return out;
  }

  /**
   * Applies D (gradient of the current batch, J its cost) through the optimizer and advances the batch plan.
   * Used by runBatch and the stepper. Returns the epoch's result when the epoch ended.
   */
  applyGradient(D: readonly Matrix[], J: number): EpochResult | null {
    const batch = this.currentBatch();
    const theta = this.network.theta;
    for (let l = 0; l < theta.length; l++) this.thetaBefore[l].data.set(theta[l].data);
    this.optimizer.step(theta, D, this.hyperValue.learningRate);
    if (!this.lastDValue) this.lastDValue = cloneTheta(theta);
    if (!this.lastUpdateValue) this.lastUpdateValue = cloneTheta(theta);
    for (let l = 0; l < theta.length; l++) {
      this.lastDValue[l].data.set(D[l].data);
      const u = this.lastUpdateValue[l].data,
        a = theta[l].data,
        bf = this.thetaBefore[l].data;
      for (let q = 0; q < u.length; q++) u[q] = a[q] - bf[q];
    }
    this.lastBatch = batch;
    this.iterationCount++;
    this.versionCount++;
    this.cursor += batch.length;
    if (!Number.isFinite(J)) return this.finishEpoch(true);
    if (this.cursor >= this.trainM) return this.finishEpoch(false);
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

  /** Back to the exact initial Θ, fresh optimizer state and random streams, epoch 0, empty history. */
  reset(): void {
    this.network.theta.forEach((t, l) => t.data.set(this.initialTheta[l].data));
    this.optimizer.reset();
    this.seedStreams();
    this.order.forEach((_, i, o) => (o[i] = i));
    this.cursor = 0;
    this.epochStarted = false;
    this.epochCount = 0;
    this.epochLimit = this.spec.training.epochs;
    this.iterationCount = 0;
    this.versionCount++;
    this.lastDValue = null;
    this.lastUpdateValue = null;
    this.lastBatch = new Uint32Array(0);
    this.lastMasks = null;
    this.historyValue = emptyHistory();
    this.best = Infinity;
    this.bestEpochValue = null;
    this.bestTheta = null;
    this.wait = 0;
  }

  /** The epoch after which training stops with 'done'. */
  get epochBudget(): number {
    return this.epochLimit;
  }

  /**
   * Go on from the current Θ for `epochs` more epochs (Train on a finished run). Early stopping waits its patience
   * afresh from here; the best validation cost so far stays the one to beat.
   */
  extendEpochs(epochs: number): void {
    this.epochLimit = this.epochCount + epochs;
    this.wait = 0;
  }

  /** J, validation J and accuracies at the current Θ (no dropout), without training. */
  evaluate(): Evaluation {
    const lambda = this.hyperValue.lambda;
    const tr = this.evaluateSet(this.Xtrain, this.Ytrain, this.trainM);
    const J = tr.cost / this.trainM + regularization(this.network.theta, lambda, this.trainM);
    let validationJ: number | null = null;
    let validationAccuracy: number | null = null;
    if (this.validationM > 0) {
      const va = this.evaluateSet(this.Xval, this.Yval, this.validationM);
      validationJ = va.cost / this.validationM;
      validationAccuracy = this.isClassifier ? va.correct / this.validationM : null;
    }
    return {
      J,
      validationJ,
      accuracy: this.isClassifier ? tr.correct / this.trainM : null,
      validationAccuracy,
    };
  }

  /** x, y, z^(j), a^(j) and δ^(j) of training sample `index` (0-based in the training part; the result's `index` is its row in the data), no dropout. */
  inspect(index: number): InspectedSample {
    if (!Number.isInteger(index) || index < 0 || index >= this.trainM) {
      throw new RangeError(`inspect: sample index must be 0..${this.trainM - 1}, got ${index}`);
    }
    const { n, K } = this.dataset;
    const x = this.Xtrain.slice(index * n, (index + 1) * n);
    const y = this.Ytrain.slice(index * K, (index + 1) * K);
    return { index: this.trainIndices[index], validation: false, ...this.flow(x, y) };
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
    return { index: row, validation: true, ...this.flow(x, y) };
  }

  /** z^(j), a^(j) and δ^(j) of one sample (x, y) at the current Θ, no dropout. */
  private flow(x: Float64Array, y: Float64Array): Pick<InspectedSample, 'x' | 'y' | 'z' | 'a' | 'delta'> {
    const K = this.dataset.K;
    const net = this.network;
    const L = net.sizes.length;
    const f = forward(net, x, 1);
    const deltas: Float64Array[] = net.sizes.map((s) => new Float64Array(s));
    outputDelta(this.spec.loss, net.activations[L - 1], f.z[L - 1], f.a[L - 1], y, 0, K, deltas[L - 1], null);
    for (let l = L - 2; l >= 1; l--) {
      const T = net.theta[l],
        c = net.sizes[l] + 1;
      for (let k = 0; k < net.sizes[l]; k++) {
        let s = 0;
        for (let j = 0; j < net.sizes[l + 1]; j++) s += deltas[l + 1][j] * T.data[j * c + 1 + k];
        const z = f.z[l][k];
        const act = net.activations[l];
        deltas[l][k] = s * gPrime(act, z, f.a[l][k]);
      }
    }
    return {
      x,
      y,
      z: f.z.slice(1).map((v) => new Float64Array(v)),
      a: f.a.map((v) => new Float64Array(v)),
      delta: deltas.slice(1),
    };
  }

  /** Gradient check at the current Θ on the first `maxSamples` (default 32) training samples, no dropout. */
  gradientCheck(opts: GradientCheckOptions & { maxSamples?: number } = {}): GradientCheck {
    const m = Math.min(this.trainM, opts.maxSamples ?? 32);
    const { n, K } = this.dataset;
    return gradientCheck(
      this.network,
      this.Xtrain.subarray(0, m * n),
      this.Ytrain.subarray(0, m * K),
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

  private effectiveBatchSize(): number {
    const B = this.hyperValue.batchSize;
    return B === 0 ? this.trainM : Math.min(B, this.trainM);
  }

  private startEpoch(): void {
    this.cursor = 0;
    this.epochStarted = true;
    if (this.effectiveBatchSize() >= this.trainM) this.order.forEach((_, i, o) => (o[i] = i));
    else this.shuffleRng.shuffle(this.order);
  }

  private finishEpoch(diverged: boolean): EpochResult {
    this.epochCount++;
    this.cursor = 0;
    this.epochStarted = false;
    const ev = this.evaluate();
    let stopped: StopReason = null;
    if (diverged || !Number.isFinite(ev.J)) stopped = 'diverged';
    const es = this.spec.training.earlyStopping;
    if (!stopped && es) {
      const monitor = ev.validationJ ?? ev.J;
      if (monitor < this.best - es.minDelta) {
        this.best = monitor;
        this.bestEpochValue = this.epochCount;
        this.wait = 0;
        if (es.restoreBest) this.bestTheta = cloneTheta(this.network.theta);
      } else if (++this.wait >= es.patience) {
        stopped = 'early-stopping';
        if (es.restoreBest && this.bestTheta) {
          const saved = this.bestTheta;
          this.network.theta.forEach((t, l) => t.data.set(saved[l].data));
          this.versionCount++;
        }
      }
    }
    if (!stopped && this.epochCount >= this.epochLimit) stopped = 'done';
    const h = this.historyValue;
    h.epoch.push(this.epochCount);
    h.J.push(ev.J);
    h.validationJ.push(ev.validationJ);
    h.accuracy.push(ev.accuracy);
    h.validationAccuracy.push(ev.validationAccuracy);
    return { epoch: this.epochCount, ...ev, stopped };
  }

  private workspace(b: number): Workspace {
    let ws = this.workspaces.get(b);
    if (!ws) {
      ws = new Workspace(this.network, b);
      this.workspaces.set(b, ws);
    }
    return ws;
  }

  private gatherAll(idx: Uint32Array): [Float64Array, Float64Array] {
    const { n, K, X, Y } = this.dataset;
    const Xo = new Float64Array(idx.length * n),
      Yo = new Float64Array(idx.length * K);
    idx.forEach((p, r) => {
      Xo.set(X.subarray(p * n, (p + 1) * n), r * n);
      Yo.set(Y.subarray(p * K, (p + 1) * K), r * K);
    });
    return [Xo, Yo];
  }

  /** Σ sample costs (no λ, no 1/m) and the number classified right, in chunks without dropout. */
  private evaluateSet(X: Float64Array, Y: Float64Array, m: number): { cost: number; correct: number } {
    const net = this.network;
    const L = net.sizes.length,
      n = net.sizes[0],
      K = net.sizes[L - 1];
    let total = 0,
      correct = 0;
    for (let start = 0; start < m; start += EVAL_CHUNK) {
      const b = Math.min(EVAL_CHUNK, m - start);
      const f = forward(net, X.subarray(start * n, (start + b) * n), b, { workspace: this.workspace(b) });
      const Yb = Y.subarray(start * K, (start + b) * K);
      const h = f.a[L - 1];
      for (let i = 0; i < b; i++) {
        total += sampleCost(this.spec.loss, net.activations[L - 1], f.z[L - 1], h, Yb, i * K, K);
        if (this.isClassifier && predictedClass(h, i * K, K) === predictedClass(Yb, i * K, K)) correct++;
      }
    }
    return { cost: total, correct };
  }
}

/** Position of `v` in the ascending array `a`, or −1. */
function sortedIndexOf(a: Uint32Array, v: number): number {
  let lo = 0,
    hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] === v) return mid;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** argmax for K > 1; for K = 1 the class is 1 when the value is ≥ 0.5. */
function predictedClass(v: ArrayLike<number>, off: number, K: number): number {
  if (K === 1) return v[off] >= 0.5 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < K; k++) if (v[off + k] > v[off + best]) best = k;
  return best;
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

function emptyHistory(): TrainerHistory {
  return { epoch: [], J: [], validationJ: [], accuracy: [], validationAccuracy: [] };
}
