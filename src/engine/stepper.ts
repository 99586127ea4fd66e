/**
 * The step-by-step mode: the slide's backpropagation loop run literally, one sample at a time, one StepRecord
 * per micro-step:
 *   Set Δ^(l) := 0 for all l;
 *   for each sample i of the batch: a^(1) = x; forward per layer; δ^(L); δ^(l) for l = L−1 … 2;
 *                                    Δ^(l) := Δ^(l) + δ^(l+1) (a^(l))ᵀ per Θ;
 *   after the last sample:           D^(l) per Θ, then the update per Θ (through the trainer's optimizer).
 * It shares the trainer's Θ, optimizer, batch plan and dropout stream, so stepping and training interleave:
 * whenever the trainer changed Θ or its plan in between, the loop restarts on the trainer's current batch.
 * Computes bit-for-bit what costAndGradient computes for the same batch (same operations in the same order).
 */
import { g, gPrime, softmaxRow } from './activations';
import { outputDelta, outputRule, regularization, sampleCost } from './losses';
import { type Matrix, toRows, zeros } from './matrix';
import { type StepPosition, type StepRecord, stepsInSample } from './steps';
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

  /** One pass of "For i = 1 to m": a^(1) = x, forward, δ^(L), δ^(L−1) … δ^(2), Δ += δ aᵀ. Returns the sample's cost. */
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
    const x = Array.from(tr.dataset.X.subarray(sample * n, (sample + 1) * n));
    const y = Array.from(tr.dataset.Y.subarray(sample * K, (sample + 1) * K));
    yield { kind: 'input', sample, layer: 1, x: x.slice(), a: [1, ...x], pos: pos() };
    const fw = yield* this.forwardPass(sample, x, pos);
    const cost = sampleCost(tr.spec.loss, activations[L - 1], fw.z[L - 1], fw.a[L - 1], y, 0, K);
    const deltas = yield* this.backwardPass(sample, fw, y, pos);
    yield* this.accumulate(sample, fw.a, deltas, Delta, pos);
    return cost;
  }

  /** z^(l+1) = Θ^(l) a^(l), a^(l+1) = g(z^(l+1)) per layer, with the trainer's dropout stream. */
  private *forwardPass(
    sample: number,
    x: number[],
    pos: () => StepPosition,
  ): Generator<StepRecord, Forward, void> {
    const tr = this.trainer;
    const { sizes, activations, theta, dropout } = tr.network;
    const L = sizes.length;
    const fw: Forward = { a: [x], z: [[]], dropped: [[]] };
    for (let l = 1; l < L; l++) {
      const T = theta[l - 1].data,
        c = sizes[l - 1] + 1;
      const prev = fw.a[l - 1];
      const zl: number[] = [];
      for (let j = 0; j < sizes[l]; j++) {
        let s = T[j * c];
        for (let k = 0; k < sizes[l - 1]; k++) s += prev[k] * T[j * c + 1 + k];
        zl.push(s);
      }
      const act = activations[l];
      let al: number[];
      if (act === 'softmax') {
        al = new Array<number>(zl.length);
        softmaxRow(zl, al, 0, zl.length);
      } else al = zl.map((v) => g(act, v));
      const drop: number[] = [];
      const p = dropout[l];
      if (p > 0) {
        const rng = tr.dropoutRandom;
        for (let j = 0; j < al.length; j++) {
          if (rng.next() < p) {
            al[j] = 0;
            drop.push(j + 1);
          } else al[j] *= 1 / (1 - p);
        }
      }
      fw.z.push(zl);
      fw.a.push(al);
      fw.dropped.push(drop);
      yield {
        kind: 'forward',
        sample,
        layer: l + 1,
        thetaLayer: l,
        activation: act,
        aPrev: [1, ...prev],
        z: zl.slice(),
        a: l < L - 1 ? [1, ...al] : al.slice(),
        dropped: drop,
        pos: pos(),
      };
    }
    return fw;
  }

  /** δ^(L) from the loss, then δ^(l) = (Θ^(l))ᵀ δ^(l+1) .* g'(z^(l)) for l = L−1 … 2. */
  private *backwardPass(
    sample: number,
    fw: Forward,
    y: number[],
    pos: () => StepPosition,
  ): Generator<StepRecord, number[][], void> {
    const tr = this.trainer;
    const { sizes, activations, theta, dropout } = tr.network;
    const { a, z, dropped } = fw;
    const L = sizes.length;
    const K = sizes[L - 1];
    const loss = tr.spec.loss;
    const deltas: number[][] = sizes.map(() => []);
    const dL = new Array<number>(K).fill(0);
    const gpL = new Array<number>(K).fill(0);
    const rule = outputDelta(loss, activations[L - 1], z[L - 1], a[L - 1], y, 0, K, dL, gpL);
    deltas[L - 1] = dL;
    yield {
      kind: 'outputDelta',
      sample,
      layer: L,
      a: a[L - 1].slice(),
      y: y.slice(),
      gPrime: rule === 'a-y' || activations[L - 1] === 'softmax' ? null : gpL,
      delta: dL.slice(),
      rule: outputRule(loss, activations[L - 1]),
      pos: pos(),
    };
    for (let l = L - 2; l >= 1; l--) {
      const T = theta[l].data,
        c = sizes[l] + 1;
      const dNext = deltas[l + 1];
      const backprop = new Array<number>(sizes[l]).fill(0);
      for (let j = 0; j < sizes[l + 1]; j++) {
        const d = dNext[j];
        if (d === 0) continue;
        for (let k = 0; k < sizes[l]; k++) backprop[k] += d * T[j * c + 1 + k];
      }
      const act = activations[l];
      const p = dropout[l];
      const gp = z[l].map((zv, k) => (p > 0 ? gPrime(act, zv, g(act, zv)) : gPrime(act, zv, a[l][k])));
      const isDropped = new Set(dropped[l]);
      const delta = backprop.map((v, k) =>
        p > 0 ? (isDropped.has(k + 1) ? 0 : v * gp[k] * (1 / (1 - p))) : v * gp[k],
      );
      deltas[l] = delta;
      yield {
        kind: 'hiddenDelta',
        sample,
        layer: l + 1,
        thetaLayer: l + 1,
        deltaNext: dNext.slice(),
        backprop,
        gPrime: gp,
        delta: delta.slice(),
        pos: pos(),
      };
    }
    return deltas;
  }

  /** Δ^(l) := Δ^(l) + δ^(l+1) (a^(l))ᵀ for every l. */
  private *accumulate(
    sample: number,
    a: number[][],
    deltas: number[][],
    Delta: Matrix[],
    pos: () => StepPosition,
  ): Generator<StepRecord, void, void> {
    const { sizes } = this.trainer.network;
    for (let l = 0; l < sizes.length - 1; l++) {
      const Dl = Delta[l].data,
        c = sizes[l] + 1;
      const dNext = deltas[l + 1];
      for (let j = 0; j < sizes[l + 1]; j++) {
        const d = dNext[j];
        if (d === 0) continue;
        Dl[j * c] += d;
        for (let k = 0; k < sizes[l]; k++) Dl[j * c + 1 + k] += d * a[l][k];
      }
      yield {
        kind: 'accumulate',
        sample,
        thetaLayer: l + 1,
        deltaNext: dNext.slice(),
        a: [1, ...a[l]],
        Delta: toRows(Delta[l]),
        pos: pos(),
      };
    }
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

/** The forward pass of one sample: a^(j) and z^(j) per layer (index j − 1), and the units dropout dropped. */
interface Forward {
  a: number[][];
  z: number[][];
  dropped: number[][];
}
