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
import type { Dataset, NetworkSpec } from '../format/types';
import type { Boundary, Frame, FromWorker, History, SessionState, ToWorker } from '../protocol';
import { emptyHistory } from '../history';
import { inputGrid } from './grid';
import { ThetaTrail } from '../engine/surface';
import { SurfaceJob } from './surface';
import { RaceRunner } from './race';
import { nextTurn, type Turn } from './immediate';

type Send = (message: FromWorker, transfer?: ArrayBuffer[]) => void;
type Load = Extract<ToWorker, { type: 'load' }>;

/** Longest stretch of training between two looks at the message queue. */
const SLICE_MS = 12;
/** Datasets up to this many samples (and n ≤ 4) are sent whole to the view, for the table and the boundary plot. */
const SMALL_DATASET = 256;
const TABLE_MAX = 16;
/** Hidden-unit maps drawn for 2-input networks, at most. */
const MAX_UNIT_MAPS = 32;

/**
 * One loaded network in the worker: the engine's Trainer and Stepper, the run loop, and the frames it publishes.
 */
export class TrainingRun {
  private state: SessionState = 'idle';
  private message: string | null = null;
  private frameId = 0;
  private awaitingAck: number | null = null;
  private frameDue = true;
  private lastFrameAt = 0;
  private frameRate: number;
  private inspected: number;
  private readonly boundaryResolution: number;
  private timer: Turn | null = null;
  private pending: History = emptyHistory();
  private historySent = 0;
  private samplesSinceMark = 0;
  private markAt = Date.now();
  private samplesPerSecond = 0;
  private earlyStopEpoch: number | null = null;
  /** False when Θ changed outside an epoch (a step, a reset) and the cost must be evaluated again. */
  private evaluationFresh = true;
  private readonly stepper: Stepper;
  private boundaryGrid: { X: Float64Array; extent: Boundary['extent']; workspace: Workspace } | null = null;
  private tableWorkspace: Workspace | null = null;
  /** J(Θ), accuracy… at the end of the last epoch, or of the current Θ when it changed outside an epoch. */
  private evaluation: Evaluation;
  /** Θ of every k-th epoch, for the training path on the loss surface. */
  private readonly trail = new ThetaTrail();
  private surfaceJob: SurfaceJob | null = null;
  private race: RaceRunner | null = null;

  private constructor(
    private readonly spec: NetworkSpec,
    private readonly dataset: Dataset,
    private readonly trainer: Trainer,
    load: Load,
    private readonly send: Send,
  ) {
    this.frameRate = load.frameRate;
    this.inspected = load.inspected;
    this.boundaryResolution = load.boundaryResolution;
    this.stepper = new Stepper(trainer);
    this.evaluation = trainer.evaluate();
    this.trail.record(0, trainer.theta, this.evaluation.J);
  }

  static load(load: Load, send: Send): TrainingRun | null {
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
        errors: [{ message, pointer, offset: 0, length: 0, line: 1, column: 1, severity: 'error' }],
      });
      return null;
    }
    const trainer = new Trainer(load.spec, dataset);
    const run = new TrainingRun(load.spec, dataset, trainer, load, send);
    run.sendReady();
    run.publish(true);
    return run;
  }

  private sendReady(): void {
    const d = this.dataset;
    const small = d.m <= SMALL_DATASET && d.n <= 4;
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

  handle(msg: Exclude<ToWorker, { type: 'load' } | { type: 'dispose' }>): void {
    switch (msg.type) {
      case 'start':
        if (this.state === 'finished') this.message = null;
        this.setState('running');
        this.schedule();
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
        this.stop();
        this.trainer.reset();
        this.pending = emptyHistory();
        this.historySent = 0;
        this.earlyStopEpoch = null;
        this.message = null;
        this.evaluationFresh = false;
        this.state = 'idle';
        this.trail.clear();
        this.trail.record(0, this.trainer.theta, this.trainer.evaluate().J);
        this.publish(true);
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
      case 'ack':
        if (this.awaitingAck === msg.frameId) this.awaitingAck = null;
        if (this.frameDue && this.state !== 'running') this.publish(true);
        return;
      case 'gradientCheck': {
        const g = this.trainer.gradientCheck();
        this.send({
          type: 'gradientCheck',
          result: { relativeDifference: g.relativeDifference, passed: g.passed, threshold: g.threshold },
        });
        return;
      }
      case 'getWeights':
        this.send({ type: 'weights', requestId: msg.requestId, weights: this.trainer.theta.map(toRows) });
        return;
      case 'surface':
        this.surfaceJob?.cancel();
        this.surfaceJob = SurfaceJob.start(msg.request, this.trainer, this.trail, this.send, () => {
          if (this.surfaceJob?.requestId === msg.request.requestId) this.surfaceJob = null;
        });
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
        );
        return;
      case 'cancelRace':
        if (this.race?.raceId === msg.raceId) this.race.cancel();
        return;
    }
  }

  private pauseIfRunning(): void {
    if (this.state === 'running' || this.state === 'idle') this.state = 'paused';
    this.stop();
  }

  private setState(state: SessionState): void {
    this.state = state;
    this.publish(true);
  }

  private schedule(): void {
    if (this.timer === null) this.timer = nextTurn(() => this.tick());
  }

  private stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  // ------------------------------------------------------------------ the run loop

  private tick(): void {
    this.timer = null;
    if (this.state !== 'running') return;
    const until = Date.now() + SLICE_MS;
    const B = this.trainer.hyper.batchSize;
    do {
      const result = this.trainer.runBatch();
      this.samplesSinceMark += B === 0 ? this.trainer.trainM : Math.min(B, this.trainer.trainM);
      if (result) {
        this.recordEpoch(result);
        if (this.state !== 'running') break;
      }
    } while (Date.now() < until);
    // A run that just stopped (finished, diverged) publishes its last frame at once.
    this.publish(this.state !== 'running');
    if (this.state === 'running') this.schedule();
  }

  private recordEpoch(r: EpochResult): void {
    this.evaluation = r;
    this.evaluationFresh = true;
    this.trail.record(r.epoch, this.trainer.theta, r.J);
    if (keepInHistory(r.epoch) || r.stopped !== null) {
      const h = this.pending;
      h.epoch.push(r.epoch);
      h.J.push(r.J);
      h.validationJ.push(r.validationJ);
      h.accuracy.push(r.accuracy);
      h.validationAccuracy.push(r.validationAccuracy);
    }
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
      this.message = `Trained ${r.epoch} epochs (the file's "epochs"). Train again to go on.`;
      this.stop();
    }
  }

  // ------------------------------------------------------------------ frames

  /** Publish a frame if one is due (or `force`d by a state change) and the host has taken the previous one. */
  private publish(force: boolean): void {
    const now = Date.now();
    if (force) this.frameDue = true;
    else if (now - this.lastFrameAt >= 1000 / this.frameRate) this.frameDue = true;
    if (!this.frameDue || this.awaitingAck !== null) return;
    const seconds = (now - this.markAt) / 1000;
    if (seconds >= 0.5) {
      this.samplesPerSecond = this.samplesSinceMark / seconds;
      this.samplesSinceMark = 0;
      this.markAt = now;
    }
    const transfer: ArrayBuffer[] = [];
    const copy = (ms: readonly Matrix[] | null) => {
      if (!ms) return null;
      return ms.map((m) => {
        const c = m.data.slice();
        transfer.push(c.buffer);
        return c;
      });
    };
    if (!this.evaluationFresh) {
      this.evaluation = this.trainer.evaluate();
      this.evaluationFresh = true;
    }
    const e = this.evaluation;
    const frame: Frame = {
      frameId: ++this.frameId,
      state: this.state,
      epoch: this.trainer.epoch,
      iteration: this.trainer.iteration,
      J: e.J,
      validationJ: e.validationJ,
      accuracy: e.accuracy,
      validationAccuracy: e.validationAccuracy,
      samplesPerSecond: this.state === 'running' ? this.samplesPerSecond : 0,
      theta: copy(this.trainer.theta) ?? [],
      D: copy(this.trainer.lastD),
      update: copy(this.trainer.lastUpdate),
      inspected: this.inspect(),
      dropped: this.trainer.lastDropped?.map((m) => m.slice()) ?? null,
      boundary: this.boundary(),
      historyStart: this.historySent,
      history: this.pending,
      earlyStopEpoch: this.earlyStopEpoch,
      message: this.message,
      table: this.table(),
    };
    // The boundary maps are fresh arrays too: move them instead of copying (tens of kB per frame).
    const b = frame.boundary;
    if (b) {
      transfer.push(b.output.buffer as ArrayBuffer);
      if (b.confidence) transfer.push(b.confidence.buffer as ArrayBuffer);
      for (const layer of b.hidden) for (const map of layer) transfer.push(map.buffer as ArrayBuffer);
    }
    this.historySent += this.pending.epoch.length;
    this.pending = emptyHistory();
    this.awaitingAck = frame.frameId;
    this.frameDue = false;
    this.lastFrameAt = now;
    this.send({ type: 'frame', frame }, transfer);
  }

  private inspect(): Frame['inspected'] {
    const m = this.trainer.trainM;
    if (m === 0) return null;
    const s = this.trainer.inspect(Math.min(this.inspected, m - 1));
    return { index: s.index, x: s.x, y: s.y, z: s.z, a: s.a, delta: s.delta };
  }

  /** h_Θ over a grid of the input plane, for 2-input networks. */
  private boundary(): Boundary | null {
    const d = this.dataset;
    if (d.n !== 2) return null;
    const res = this.boundaryResolution;
    if (!this.boundaryGrid) {
      const { X, extent } = inputGrid(d, res);
      this.boundaryGrid = { X, extent, workspace: new Workspace(this.trainer.network, res * res) };
    }
    const net = this.trainer.network;
    const f = forward(net, this.boundaryGrid.X, res * res, { workspace: this.boundaryGrid.workspace });
    const L = net.sizes.length;
    const K = net.sizes[L - 1];
    const cells = res * res;
    const out = f.a[L - 1];
    const output = new Float64Array(cells);
    let confidence: Float64Array | null = null;
    if (K === 1) output.set(out.subarray(0, cells));
    else {
      confidence = new Float64Array(cells);
      for (let i = 0; i < cells; i++) {
        let best = 0;
        for (let k = 1; k < K; k++) if (out[i * K + k] > out[i * K + best]) best = k;
        output[i] = best;
        confidence[i] = out[i * K + best];
      }
    }
    const hidden: Float64Array[][] = [];
    let maps = 0;
    for (let l = 1; l < L - 1; l++) {
      const s = net.sizes[l];
      const layer: Float64Array[] = [];
      for (let u = 0; u < s && maps < MAX_UNIT_MAPS; u++, maps++) {
        const map = new Float64Array(cells);
        for (let i = 0; i < cells; i++) map[i] = f.a[l][i * s + u];
        layer.push(map);
      }
      hidden.push(layer);
    }
    return { resolution: res, extent: this.boundaryGrid.extent, output, confidence, hidden };
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
