import {
  Trainer,
  Stepper,
  Workspace,
  forward,
  toRows,
  type EpochResult,
  type Evaluation,
  type Matrix,
} from '../engine';
import { loadDataset, DatasetError, dataFilesFromBytes } from '../format';
import { errorAtStart } from '../format/json';
import type { Dataset, NetworkSpec } from '../shared/spec';
import type {
  Boundary,
  Frame,
  FromWorker,
  SessionState,
  SurfaceRequest,
  SurfaceResult,
  ToWorker,
  WorkerReplies,
  WorkerRequest,
} from '../protocol';
import { BoundaryGrid, sendsSamples } from './grid';
import { ThetaTrail } from '../engine/surface';
import { SurfaceJob } from './surface';
import { Refusal } from './refusal';
import { RaceRunner } from './race';
import { Pacer, RateMeter, realScheduler, type Scheduler } from './pacer';
import { EvaluationBudget } from './evaluationBudget';
import { PendingHistory } from './pendingHistory';
import { formatRate, type Pace } from '../shared/pace';

type Send = (message: FromWorker, transfer?: ArrayBuffer[]) => void;
type Load = Extract<ToWorker, { type: 'load' }>;

/** Longest stretch of training between two looks at the message queue. */
const SLICE_MS = 12;
const TABLE_MAX = 16;

/**
 * One loaded network in the worker: the engine's Trainer and Stepper, the run loop, and the frames it publishes.
 */
export class TrainingRun {
  private state: SessionState = 'idle';
  private message: string | null = null;
  private frameId = 0;
  private awaitingAck: number | null = null;
  private frameDue = true;
  private lastFrameAt = -Infinity;
  private frameRate: number;
  /** Row of the inspected sample (0-based, file order). */
  private inspected: number;
  private readonly boundaryResolution: number;
  private timer: unknown = null;
  private readonly history = new PendingHistory();
  /** The pace (updates per second) and what was measured. */
  private readonly pacer: Pacer;
  /** The session's pace, for the races too. */
  private pace: Pace;
  private readonly updates = new RateMeter();
  private readonly samples = new RateMeter();
  private earlyStopEpoch: number | null = null;
  /** False when Θ changed outside an epoch (a step, a reset) and the cost must be evaluated again. */
  private evaluationFresh = true;
  private readonly stepper: Stepper;
  private boundaryGrid: BoundaryGrid | null = null;
  private tableWorkspace: Workspace | null = null;
  /**
   * J(Θ), accuracy… at the end of the last epoch, or of the current Θ when it changed outside an epoch; while running
   * at full speed possibly the running estimate (`estimated`), whose accuracies are then those of `exact`.
   */
  private evaluation: Evaluation & { estimated?: true };
  /** The last exact evaluation and its epoch. */
  private exact: { epoch: number; evaluation: Evaluation };
  private readonly budget = new EvaluationBudget();
  /** Θ of every k-th epoch, for the training path on the loss surface. */
  private readonly trail: ThetaTrail;
  private surfaceJob: SurfaceJob | null = null;
  private race: RaceRunner | null = null;

  private constructor(
    private readonly spec: NetworkSpec,
    private readonly dataset: Dataset,
    private readonly trainer: Trainer,
    load: Load,
    private readonly send: Send,
    private readonly clock: Scheduler,
  ) {
    this.frameRate = load.frameRate;
    this.inspected = load.inspected;
    this.boundaryResolution = load.boundaryResolution;
    this.pacer = new Pacer(load.pace);
    this.pace = load.pace;
    this.stepper = new Stepper(trainer);
    this.trail = ThetaTrail.forWeights(trainer.theta.reduce((n, t) => n + t.data.length, 0));
    this.evaluation = this.evaluateExactly();
    this.exact = { epoch: 0, evaluation: this.evaluation };
    this.trail.record(0, trainer.theta, this.evaluation.J);
    this.recordInitialCost();
  }

  /** The cost curve starts at epoch 0: J at the initial Θ. */
  private recordInitialCost(): void {
    this.history.push(0, this.evaluation);
  }

  static load(load: Load, send: Send, clock: Scheduler = realScheduler): TrainingRun | null {
    let dataset: Dataset;
    try {
      dataset = loadDataset(load.spec, dataFilesFromBytes(load.files));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const pointer = err instanceof DatasetError ? err.pointer : '/data';
      send({
        type: 'error',
        message: `The data could not be loaded: ${message}`,
        fatal: true,
        errors: [errorAtStart(message, pointer)],
      });
      return null;
    }
    const trainer = new Trainer(load.spec, dataset);
    const run = new TrainingRun(load.spec, dataset, trainer, load, send, clock);
    run.sendReady();
    run.publish(true);
    return run;
  }

  private sendReady(): void {
    const d = this.dataset;
    const small = sendsSamples(d);
    const rows = (A: Float64Array, w: number) =>
      Array.from({ length: d.m }, (_, i) => Array.from(A.subarray(i * w, (i + 1) * w)));
    let isValidation: boolean[] | null = null;
    if (small) {
      isValidation = new Array<boolean>(d.m).fill(false);
      for (const i of this.trainer.validationIndices) isValidation[i] = true;
    }
    this.send({
      type: 'ready',
      m: this.trainer.trainM,
      n: d.n,
      K: d.K,
      validationM: this.trainer.validationM,
      imageShape: d.imageShape,
      classNames: d.classNames,
      inputs: small ? rows(d.X, d.n) : null,
      targets: small ? rows(d.Y, d.K) : null,
      isValidation,
    });
  }

  // ------------------------------------------------------------------ commands

  handle(msg: Exclude<ToWorker, { type: 'load' } | { type: 'dispose' } | { type: 'request' }>): void {
    switch (msg.type) {
      case 'start':
        this.start();
        return;
      case 'pause':
        if (this.state === 'running') this.setState('paused');
        return;
      case 'step':
      case 'stepSample': {
        this.pauseIfRunning();
        const r = msg.type === 'step' ? this.stepper.step() : this.stepper.stepSample();
        this.send({ type: 'steps', records: r.records, restart: r.restart });
        if (r.epoch) this.recordEpoch(r.epoch);
        else if (r.records.some((x) => x.kind === 'update')) this.evaluationFresh = false;
        // Every step publishes: the view shows the paused state and, after an update, the new Θ.
        this.publish(true);
        return;
      }
      case 'stepEpoch': {
        this.pauseIfRunning();
        const r = this.trainer.runEpoch();
        this.recordEpoch(r);
        if (this.state === 'idle') this.state = 'paused';
        this.publish(true);
        return;
      }
      case 'reset':
        this.reset();
        return;
      case 'setHyper':
        this.trainer.setHyper(msg.hyper);
        if (msg.hyper.lambda !== undefined) this.evaluationFresh = false;
        if (this.state === 'diverged' && msg.hyper.learningRate !== undefined) this.message = null;
        this.publish(true);
        return;
      case 'setInspected':
        this.inspected = msg.index;
        this.publish(true);
        return;
      case 'setFrameRate':
        this.frameRate = msg.frameRate;
        return;
      case 'setPace':
        this.pacer.set(msg.pace, this.clock.now());
        this.pace = msg.pace;
        this.race?.setPace(msg.pace);
        // A run waiting for its next update at the old pace goes on at the new one now.
        if (this.state === 'running') {
          this.stop();
          this.schedule(this.pacer.wait(this.clock.now()));
        }
        return;
      case 'ack':
        if (this.awaitingAck === msg.frameId) this.awaitingAck = null;
        // A paced run may wait long for its next update: the frame it owes goes out now, not then.
        if (this.frameDue && (this.state !== 'running' || this.pacer.updatesPerSecond !== null))
          this.publish(true);
        return;
      case 'cancelSurface':
        if (this.surfaceJob?.requestId === msg.requestId) this.surfaceJob.cancel();
        return;
      case 'race':
        this.race?.cancel();
        this.race = RaceRunner.start(
          msg.raceId,
          msg.race,
          this.spec,
          this.dataset,
          this.send,
          () => this.frameRate,
          { pace: this.pace, clock: this.clock },
        );
        return;
      case 'cancelRace':
        if (this.race?.raceId === msg.raceId) this.race.cancel();
        return;
    }
  }

  /** Answers a request of the host that needs the loaded network (the reply is sent by src/worker/requests.ts). */
  answer(
    request: Exclude<WorkerRequest, { type: 'worksheet' }>,
  ): Promise<WorkerReplies[keyof WorkerReplies]> {
    switch (request.type) {
      case 'gradientCheck': {
        const g = this.trainer.gradientCheck();
        return Promise.resolve({
          relativeDifference: g.relativeDifference,
          passed: g.passed,
          threshold: g.threshold,
        });
      }
      case 'getWeights':
        return Promise.resolve(this.trainer.theta.map(toRows));
      case 'surface':
        return this.surface(request.request);
    }
  }

  /** A loss-surface slice (a newer one cancels this one): progress goes out as messages, the result as the reply. */
  private surface(request: SurfaceRequest): Promise<SurfaceResult> {
    this.surfaceJob?.cancel();
    return new Promise((resolve, reject) => {
      const outcome: Send = (m, transfer) => {
        if (m.type === 'surface') resolve(m.result);
        else if (m.type === 'surfaceRefused') reject(new Refusal(m.message, m.cancelled));
        else this.send(m, transfer);
      };
      this.surfaceJob = SurfaceJob.start(request, this.trainer, this.trail, outcome, () => {
        if (this.surfaceJob?.requestId === request.requestId) this.surfaceJob = null;
      });
    });
  }

  /** Train (on): from where the run stands, at the pace; a finished run goes on for another "epochs". */
  private start(): void {
    if (this.state === 'running') return;
    if (this.state === 'finished') this.continueFinished();
    this.pacer.start(this.clock.now());
    this.budget.restart();
    this.updates.clear();
    this.samples.clear();
    this.setState('running');
    this.schedule(0);
  }

  /** Back to the initial Θ at epoch 0, the curve starting over from J of that Θ. */
  private reset(): void {
    this.stop();
    this.trainer.reset();
    this.history.clear();
    this.earlyStopEpoch = null;
    this.message = null;
    this.evaluateExactly();
    this.state = 'idle';
    this.trail.clear();
    this.trail.record(0, this.trainer.theta, this.evaluation.J);
    this.recordInitialCost();
    this.publish(true);
  }

  private pauseIfRunning(): void {
    if (this.state === 'running' || this.state === 'idle') this.state = 'paused';
    this.stop();
  }

  private setState(state: SessionState): void {
    this.state = state;
    this.publish(true);
  }

  private schedule(ms: number): void {
    if (this.timer === null) this.timer = this.clock.after(ms, () => this.tick());
  }

  private stop(): void {
    if (this.timer !== null) this.clock.cancel(this.timer);
    this.timer = null;
  }

  /** Train on a finished run: another "epochs" from the current Θ (Reset starts over). */
  private continueFinished(): void {
    this.trainer.extendEpochs(this.spec.training.epochs);
    this.message = null;
  }

  // ------------------------------------------------------------------ the run loop

  /**
   * One slice of training: the updates due at the pace (all that fit in SLICE_MS at max), then a frame when one is due,
   * then sleep until the next update is due.
   */
  private tick(): void {
    this.timer = null;
    if (this.state !== 'running') return;
    const start = this.clock.now();
    const until = start + SLICE_MS;
    const B = this.trainer.hyper.batchSize;
    const perUpdate = B === 0 ? this.trainer.trainM : Math.min(B, this.trainer.trainM);
    let budget = this.pacer.due(start);
    let done = 0;
    // The epochs' ends report the running estimate; exactIfAffordable evaluates exactly when it may.
    this.trainer.exactEvaluation = false;
    try {
      while (budget > 0) {
        const result = this.trainer.runBatch();
        budget--;
        done++;
        if (result) {
          this.recordEpoch(this.exactIfAffordable(result));
          if (this.state !== 'running') break;
        }
        if (this.clock.now() >= until) break;
      }
    } finally {
      this.trainer.exactEvaluation = true;
    }
    this.pacer.took(done);
    const now = this.clock.now();
    if (done > 0) {
      // Only ticks that trained are events: a tick that woke a moment early would open the window too soon.
      this.updates.add(now, done);
      this.samples.add(now, done * perUpdate);
    }
    // A run that just stopped (finished, diverged) publishes its last frame at once; so does every update of a pace
    // at most the frame rate (slow motion: each change of Θ gets its own frame).
    this.publish(this.state !== 'running' || (done > 0 && this.pacer.framePerUpdate(this.frameRate)));
    if (this.state === 'running') this.schedule(this.pacer.wait(this.clock.now()));
  }

  /**
   * An epoch that ended with the running estimate is evaluated exactly after all when the budget allows it, and when it
   * is the run's last (its J is the one the finished run shows and the curve ends with).
   */
  private exactIfAffordable(r: EpochResult): EpochResult {
    if (!r.estimated || r.stopped === 'diverged') return r;
    if (r.stopped === null && !this.budget.allows(this.clock.now())) return r;
    return { epoch: r.epoch, stopped: r.stopped, ...this.evaluateExactly() };
  }

  /**
   * A run that stops on an estimated epoch: J and the accuracies evaluated exactly at the current Θ; when that is still
   * the epoch's end Θ (no batch of the next epoch ran), the epoch's point on the curve becomes exact too.
   */
  private replaceEstimate(): void {
    const epochEnd = this.trainer.epochPosition === 0;
    const ev = this.evaluateExactly();
    if (epochEnd) this.history.replaceEstimate(this.trainer.epoch, ev);
  }

  /** An exact evaluation of the current Θ, timed for the budget; it becomes the run's evaluation. */
  private evaluateExactly(): Evaluation {
    const start = this.clock.now();
    const ev = this.trainer.evaluate();
    this.budget.spent(start, this.clock.now());
    this.evaluation = ev;
    this.exact = { epoch: this.trainer.epoch, evaluation: ev };
    this.evaluationFresh = true;
    return ev;
  }

  private recordEpoch(r: EpochResult): void {
    this.evaluation = r;
    if (!r.estimated) this.exact = { epoch: r.epoch, evaluation: r };
    this.evaluationFresh = true;
    this.trail.record(r.epoch, this.trainer.theta, r.J);
    if (keepInHistory(r.epoch) || r.stopped !== null) this.history.push(r.epoch, r);
    if (r.stopped === 'diverged') {
      this.state = 'diverged';
      this.message = `J(Θ) became ${r.J} at epoch ${r.epoch}: the steps overshoot. Lower the learning rate α (now ${this.trainer.hyper.learningRate}) and reset.`;
      this.stop();
    } else if (r.stopped === 'early-stopping') {
      this.state = 'finished';
      this.earlyStopEpoch = this.trainer.bestEpoch;
      this.message = `Early stopping at epoch ${r.epoch}: the validation cost has not improved for ${this.spec.training.earlyStopping?.patience ?? 0} epochs; Θ of epoch ${this.trainer.bestEpoch} is kept.`;
      this.stop();
    } else if (r.stopped === 'done') {
      this.state = 'finished';
      const more = formatRate(this.spec.training.epochs);
      this.message = `Trained ${formatRate(r.epoch)} epochs. Train goes on for another ${more} (the file's "epochs") from this Θ; Reset starts over.`;
      this.stop();
    }
  }

  // ------------------------------------------------------------------ frames

  /** Publish a frame if one is due (or `force`d by a state change) and the host has taken the previous one. */
  private publish(force: boolean): void {
    const now = this.clock.now();
    if (force) this.frameDue = true;
    else if (now - this.lastFrameAt >= 1000 / this.frameRate) this.frameDue = true;
    if (!this.frameDue || this.awaitingAck !== null) return;
    const running = this.state === 'running';
    const transfer: ArrayBuffer[] = [];
    const copy = (ms: readonly Matrix[] | null) => {
      if (!ms) return null;
      return ms.map((m) => {
        const c = m.data.slice();
        transfer.push(c.buffer);
        return c;
      });
    };
    // Paused, stepped or finished, the view shows exact values (a running estimate only while running).
    if (!this.evaluationFresh) this.evaluateExactly();
    else if (this.evaluation.estimated && !running) this.replaceEstimate();
    const estimated = this.evaluation.estimated === true;
    const e = estimated ? this.exact.evaluation : this.evaluation;
    const frame: Frame = {
      frameId: ++this.frameId,
      state: this.state,
      epoch: this.trainer.epoch,
      iteration: this.trainer.iteration,
      J: this.evaluation.J,
      validationJ: e.validationJ,
      accuracy: e.accuracy,
      validationAccuracy: e.validationAccuracy,
      estimated,
      evaluatedEpoch: estimated ? this.exact.epoch : this.trainer.epoch,
      samplesPerSecond: running ? this.samples.rate(now) : 0,
      updatesPerSecond: running ? this.updates.rate(now) : 0,
      theta: copy(this.trainer.theta) ?? [],
      D: copy(this.trainer.lastD),
      update: copy(this.trainer.lastUpdate),
      inspected: this.inspect(),
      dropped: this.trainer.lastDropped?.map((m) => m.slice()) ?? null,
      boundary: this.boundary(),
      ...this.history.take(),
      earlyStopEpoch: this.earlyStopEpoch,
      message: this.message,
      table: this.table(),
    };
    // The boundary maps are fresh arrays too: move them instead of copying (tens of kB per frame).
    if (frame.boundary) transfer.push(...BoundaryGrid.buffers(frame.boundary));
    this.awaitingAck = frame.frameId;
    this.frameDue = false;
    this.lastFrameAt = now;
    this.send({ type: 'frame', frame }, transfer);
  }

  /** The inspected sample, by its row in the file (the lecture's i − 1), training or validation. */
  private inspect(): Frame['inspected'] {
    const m = this.dataset.m;
    if (m === 0) return null;
    const s = this.trainer.inspectRow(Math.min(this.inspected, m - 1));
    return {
      index: s.index,
      validation: s.validation,
      x: s.x,
      y: s.y,
      z: s.z,
      a: s.a,
      delta: s.delta,
    };
  }

  /** h_Θ over a grid of the input plane and at the samples, for 2-input networks. */
  private boundary(): Boundary | null {
    if (this.dataset.n !== 2) return null;
    this.boundaryGrid ??= new BoundaryGrid(this.trainer.network, this.dataset, this.boundaryResolution);
    return this.boundaryGrid.evaluate(this.trainer.network);
  }

  /** Every sample's activations, for the truth table of small logic datasets. */
  private table(): Frame['table'] {
    const d = this.dataset;
    if (d.m > TABLE_MAX) return null;
    this.tableWorkspace ??= new Workspace(this.trainer.network, d.m);
    const f = forward(this.trainer.network, d.X, d.m, { workspace: this.tableWorkspace });
    const a = Array.from({ length: d.m }, (_, i) =>
      f.a.map((layer, l) => {
        const s = this.trainer.network.sizes[l];
        return Array.from(layer.subarray(i * s, (i + 1) * s));
      }),
    );
    return { a };
  }

  dispose(): void {
    this.stop();
    this.surfaceJob?.cancel();
    this.race?.cancel();
    this.state = 'paused';
  }
}

/**
 * Which epochs the cost curves keep: every one of the first 1,000, then every 10th up to 10,000, every 100th up to
 * 100,000 and so on (at most 900 points a decade), so a run of a million epochs stays a curve of about 4,000 points for
 * the host to keep and the view to draw. The frame's J is always the newest epoch's.
 */
export function keepInHistory(epoch: number): boolean {
  if (epoch <= 1000) return true;
  const stride = 10 ** (Math.floor(Math.log10(epoch)) - 2);
  return epoch % stride === 0;
}
