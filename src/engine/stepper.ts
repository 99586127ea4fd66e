/**
 * The step-by-step mode: the slide's backpropagation loop run literally, one sample at a time, one StepRecord
 * per micro-step:
 *   Set Δ^(l) := 0 for all l;
 *   for each sample i of the batch: a^(1) = x; forward per layer; δ^(L); δ^(l) for l = L−1 … 2;
 *                                    Δ^(l) := Δ^(l) + δ^(l+1) (a^(l))ᵀ per Θ;
 *   after the last sample:           D^(l) per Θ, then the update per Θ (through the trainer's optimizer).
 * Each sample's numbers come from backpropSample (backprop.ts), drawn with the trainer's dropout stream when the
 * sample's loop begins; the records replay them. It shares the trainer's Θ, optimizer, batch plan and dropout stream,
 * so stepping and training interleave: whenever the trainer changed Θ or its plan in between, the loop restarts on
 * the trainer's current batch. Its D and update are bit for bit those of costAndGradient for the same batch (every
 * sum in the same order; the unit tests assert exact equality) — with dropout on more than one hidden layer the masks
 * differ, because the batch kernels draw a layer's masks for all samples before the next layer's.
 */
import { type SampleBackprop, backpropSample } from './backprop';
import { outputRule, regularization, sampleCost } from './losses';
import { type Matrix, toRows, zeros } from './matrix';
import { type StepPosition, type StepRecord, stepsInSample } from './steps';
import type { ActivationName, LossName } from './spec-types';
import type { EpochResult, Trainer } from './trainer';

export interface StepResult {
  records: StepRecord[];
  /** True when the records begin a new sample's loop (the view clears the previous sample). */
  restart: boolean;
  /** Set when these steps completed an epoch. */
  epoch: EpochResult | null;
}

export class Stepper {
  private loop: Generator<StepRecord, void, void> | null = null;
  private version = -1;
  private epochResult: EpochResult | null = null;
  /** Dataset row of the sample being stepped, or null between batches. */
  private current: number | null = null;
  /** Samples of the batch after the current one. */
  private samplesLeft = 0;
  /** Batches begun so far (StepPosition.batch). */
  private batches = 0;

  constructor(private readonly trainer: Trainer) {}

  /** Dataset row of the sample whose loop is under way (null before a batch starts). */
  get currentSample(): number | null {
    return this.current;
  }

  /** One micro-step. */
  step(): StepResult {
    return this.collect(() => true);
  }

  /** Steps to the end of the current sample (through the gradient and update when it is the batch's last). */
  stepSample(): StepResult {
    const last = this.trainer.network.theta.length;
    return this.collect(
      (r) =>
        (r.kind === 'accumulate' && r.thetaLayer === last && this.samplesLeft > 0) ||
        (r.kind === 'update' && r.thetaLayer === last),
    );
  }

  /** Steps to the end of the current batch (its update). */
  stepBatch(): StepResult {
    const last = this.trainer.network.theta.length;
    return this.collect((r) => r.kind === 'update' && r.thetaLayer === last);
  }

  /** Steps to the end of the current epoch. Records are kept only when `keepRecords` (they can be many). */
  stepEpoch(keepRecords = false): StepResult {
    const records: StepRecord[] = [];
    let restart = false;
    for (;;) {
      const r = this.stepBatch();
      if (r.restart && records.length === 0) restart = true;
      if (keepRecords) records.push(...r.records);
      if (r.epoch) return { records, restart, epoch: r.epoch };
    }
  }

  /** Runs the loop until `done(record)`; restarts it when the trainer changed Θ or its plan in between. */
  private collect(done: (r: StepRecord) => boolean): StepResult {
    const records: StepRecord[] = [];
    let restart = false;
    this.epochResult = null;
    for (;;) {
      if (!this.loop || this.version !== this.trainer.version) {
        if (this.loop && records.length === 0) restart = true;
        this.loop = this.batchLoop();
        this.version = this.trainer.version;
      }
      const it = this.loop.next();
      // our own update changes the trainer's version: stay in sync with it
      this.version = this.trainer.version;
      if (it.done) {
        this.loop = null;
        continue;
      }
      const r = it.value;
      if (records.length === 0 && (r.kind === 'zeroDelta' || (r.kind === 'input' && (r.pos?.i ?? 1) > 1)))
        restart = true;
      records.push(r);
      if (done(r)) return { records, restart, epoch: this.epochResult };
    }
  }

  /** The slide's loop over one batch: Δ := 0, every sample (forward, δ, Δ), then D and the update. */
  private *batchLoop(): Generator<StepRecord, void, void> {
    const tr = this.trainer;
    const { sizes, theta } = tr.network;
    const L = sizes.length;
    const batch = tr.currentBatch();
    const m = batch.length;
    const Delta: Matrix[] = theta.map((t) => zeros(t.rows, t.cols));
    const batchNo = ++this.batches;
    let place = 1;
    let k = 0;
    const pos = (): StepPosition => ({ batch: batchNo, i: place, m, k: ++k, n: stepsInSample(place, m, L) });
    yield { kind: 'zeroDelta', m, shapes: theta.map((t) => [t.rows, t.cols]), pos: pos() };
    let J = 0;
    for (let i = 0; i < m; i++) {
      if (i > 0) k = 0;
      place = i + 1;
      this.current = batch[i];
      this.samplesLeft = m - 1 - i;
      J += yield* this.sampleLoop(batch[i], Delta, pos);
    }
    this.current = null;
    yield* this.gradientAndUpdate(Delta, J, m, pos);
  }

  /**
   * One pass of "For i = 1 to m": a^(1) = x, then backpropSample (forward, δ^(L), δ^(L−1) … δ^(2), the Δ terms) with
   * the trainer's dropout stream, replayed as records; Δ^(l) := Δ^(l) + δ^(l+1) (a^(l))ᵀ. Returns the sample's cost.
   */
  private *sampleLoop(
    sample: number,
    Delta: Matrix[],
    pos: () => StepPosition,
  ): Generator<StepRecord, number, void> {
    const tr = this.trainer;
    const { sizes, activations } = tr.network;
    const L = sizes.length;
    const K = sizes[L - 1];
    const { n } = tr.dataset;
    const x = tr.dataset.X.subarray(sample * n, (sample + 1) * n);
    const y = tr.dataset.Y.subarray(sample * K, (sample + 1) * K);
    yield { kind: 'input', sample, layer: 1, x: Array.from(x), a: [1, ...x], pos: pos() };
    const r = backpropSample(tr.network, x, y, tr.spec.loss, { dropout: tr.dropoutRandom });
    yield* forwardRecords(sample, r, activations, pos);
    yield* deltaRecords(sample, r, y, tr.spec.loss, activations[L - 1], pos);
    for (let l = 0; l < L - 1; l++) {
      // Δ^(l+1) := Δ^(l+1) + δ^(l+2) (a^(l+1))ᵀ
      const D = Delta[l].data,
        term = r.Delta[l].data;
      for (let q = 0; q < D.length; q++) D[q] += term[q];
      yield {
        kind: 'accumulate',
        sample,
        thetaLayer: l + 1,
        deltaNext: Array.from(r.delta[l]),
        a: [1, ...r.a[l]],
        Delta: toRows(Delta[l]),
        pos: pos(),
      };
    }
    return sampleCost(tr.spec.loss, activations[L - 1], r.z[L - 2], r.a[L - 1], y, 0, K);
  }

  /** After the loop: D^(l) per Θ, then the optimizer's update per Θ. */
  private *gradientAndUpdate(
    Delta: Matrix[],
    Jsum: number,
    m: number,
    pos: () => StepPosition,
  ): Generator<StepRecord, void, void> {
    const tr = this.trainer;
    const { theta } = tr.network;
    const lambda = tr.hyper.lambda;
    const J = Jsum / m + regularization(theta, lambda, m);
    // D^(l) = (1/m) Δ^(l) + (λ/m) Θ^(l) for j ≠ 0, (1/m) Δ^(l) for j = 0 (the derivative of λ/(2m) ΣΘ²).
    const D: Matrix[] = theta.map((t, l) => {
      const out = zeros(t.rows, t.cols);
      const c = t.cols;
      for (let j = 0; j < t.rows; j++) {
        out.data[j * c] = Delta[l].data[j * c] / m;
        for (let k = 1; k < c; k++)
          out.data[j * c + k] = Delta[l].data[j * c + k] / m + (lambda / m) * t.data[j * c + k];
      }
      return out;
    });
    for (let l = 0; l < theta.length; l++) {
      yield {
        kind: 'gradient',
        thetaLayer: l + 1,
        m,
        lambda,
        Delta: toRows(Delta[l]),
        theta: toRows(theta[l]),
        D: toRows(D[l]),
        pos: pos(),
      };
    }
    const before = theta.map(toRows);
    const alpha = tr.hyper.learningRate;
    const optimizer = tr.hyper.optimizer;
    this.epochResult = tr.applyGradient(D, J);
    for (let l = 0; l < theta.length; l++) {
      yield {
        kind: 'update',
        thetaLayer: l + 1,
        optimizer,
        alpha,
        before: before[l],
        D: toRows(D[l]),
        after: toRows(theta[l]),
        pos: pos(),
      };
    }
  }
}

/** The forward records: z^(j) = Θ^(j−1) a^(j−1), a^(j) = g(z^(j)) for j = 2 … L, with the units dropout dropped. */
function* forwardRecords(
  sample: number,
  r: SampleBackprop,
  activations: readonly string[],
  pos: () => StepPosition,
): Generator<StepRecord, void, void> {
  const L = r.a.length;
  for (let l = 1; l < L; l++) {
    const mask = r.dropped[l];
    const dropped: number[] = [];
    if (mask) mask.forEach((d, j) => d && dropped.push(j + 1));
    yield {
      kind: 'forward',
      sample,
      layer: l + 1,
      thetaLayer: l,
      activation: activations[l],
      aPrev: [1, ...r.a[l - 1]],
      z: Array.from(r.z[l - 1]),
      a: l < L - 1 ? [1, ...r.a[l]] : Array.from(r.a[l]),
      dropped,
      pos: pos(),
    };
  }
}

/** The δ records: δ^(L) from the loss, then δ^(l) = (Θ^(l))ᵀ δ^(l+1) .* g'(z^(l)) for l = L−1 … 2. */
function* deltaRecords(
  sample: number,
  r: SampleBackprop,
  y: ArrayLike<number>,
  loss: LossName,
  output: ActivationName,
  pos: () => StepPosition,
): Generator<StepRecord, void, void> {
  const L = r.a.length;
  const gpL = r.gPrime[L - 2];
  yield {
    kind: 'outputDelta',
    sample,
    layer: L,
    a: Array.from(r.a[L - 1]),
    y: Array.from(y),
    gPrime: gpL ? Array.from(gpL) : null,
    delta: Array.from(r.delta[L - 2]),
    rule: outputRule(loss, output),
    pos: pos(),
  };
  for (let l = L - 3; l >= 0; l--) {
    yield {
      kind: 'hiddenDelta',
      sample,
      layer: l + 2,
      thetaLayer: l + 2,
      deltaNext: Array.from(r.delta[l + 1]),
      backprop: Array.from(r.backprop[l]),
      gPrime: Array.from(r.gPrime[l] ?? []),
      delta: Array.from(r.delta[l]),
      pos: pos(),
    };
  }
}
