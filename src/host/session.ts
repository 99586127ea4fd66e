import * as vscode from 'vscode';
import type {
  DatasetInfo,
  Frame,
  FromWorker,
  GradientCheckResult,
  History,
  Hyper,
  NetworkSpec,
  Pace,
  PaceChoice,
  RaceFrame,
  RaceSpec,
  SessionState,
  SpecError,
  StepRecord,
  SurfaceAxes,
  SurfaceResult,
  ToWebview,
  ToWorker,
} from '../protocol';
import { emptyHistory, mergeHistory } from '../shared/history';
import { FrameStreams, type SessionView } from './frameStreams';
import { hyperOf, mergeRaceFrame } from './sessionHelpers';
import { readDataFiles } from './dataFiles';
import type { Platform } from './platform/types';
import { WorkerClient } from './workerClient';

export type { SessionView } from './frameStreams';

export interface SessionOptions {
  extensionUri: vscode.Uri;
  platform: Platform;
  log: vscode.LogOutputChannel;
  frameRate: () => number;
  /** Row of the inspected sample, 0-based (the setting nnViz.inspectedSample counts from 1). */
  inspected: () => number;
  /** The user's pace: the setting nnViz.speed, or the built-in default when it is not set. */
  pace: () => { pace: Pace; source: 'setting' | 'default' };
  boundaryResolution: () => number;
  maxOldGenerationSizeMb: () => number;
  /** Problems the worker found in the file while loading (e.g. a bad CSV cell), for the diagnostics. */
  reportErrors?: (uri: vscode.Uri, errors: SpecError[]) => void;
}

const WORKER_STALL_MS = 30_000;

/**
 * One training session per open network: owns the worker thread, the training state streamed from it (latest frame,
 * whole history) and the views that show it. The document stays the only truth about the network's definition; the
 * session owns the trained weights until they are saved into the document.
 */
export class TrainingSession implements vscode.Disposable {
  state: SessionState = 'loading';
  message: string | null = null;
  history: History = emptyHistory();
  latestFrame: Frame | null = null;
  dataset: DatasetInfo | null = null;
  hyper: Hyper;
  /** The spec the worker was loaded with, and the document version it came from. */
  spec: NetworkSpec;
  /** The document version the worker's network was loaded from. */
  loadedVersion: number;
  /** The newest document version known not to conflict with the session's weights (see classifySpecChange). */
  syncedVersion: number;
  /** Weights this session last wrote into the document (so our own save does not reload the session). */
  savedWeights: number[][][] | null = null;
  /** A changed network waiting to be loaded on the next Train (setting nnViz.editWhileTraining = pause). */
  pendingSpec: { spec: NetworkSpec; version: number } | null = null;
  /** Whether a tab has shown the document while this session lived. */
  everShown = false;
  /** The pace chosen in a view for this session (never written into the file); null = the file's or the setting's. */
  paceOverride: Pace | null = null;
  /** The pace last sent to the worker. */
  private sentPace: Pace | null = null;
  readonly views = new Set<SessionView>();

  private worker: WorkerClient | null = null;
  private readonly changed = new vscode.EventEmitter<TrainingSession>();
  readonly onDidChange = this.changed.event;
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;
  private readonly stepsListeners = new Set<(records: StepRecord[], restart: boolean) => void>();
  private readonly pendingRequests = new Map<number, (weights: number[][][]) => void>();
  private readonly gradientCheckWaiters: ((r: GradientCheckResult) => void)[] = [];
  private nextRequestId = 1;
  /** Run again after a reload (document edited while running). */
  private resumeAfterLoad = false;
  private disposed = false;
  /** Labs: the current loss-surface request, the last slice, and the race (whole histories, merged from frames). */
  private surfaceRequestId = 0;
  private surfaceWaiters = new Map<
    number,
    { resolve: (r: SurfaceResult) => void; reject: (e: Error) => void }
  >();
  lastSurface: SurfaceResult | null = null;
  race: RaceFrame | null = null;
  private nextRaceId = 1;
  private readonly raceListeners = new Set<(race: RaceFrame) => void>();
  /** Frames to the views, latest wins. */
  private readonly streams = new FrameStreams(() => this.history);

  constructor(
    readonly uri: vscode.Uri,
    spec: NetworkSpec,
    version: number,
    private readonly options: SessionOptions,
  ) {
    this.spec = spec;
    this.loadedVersion = version;
    this.syncedVersion = version;
    this.hyper = hyperOf(spec);
    this.startWorker();
  }

  get label(): string {
    return this.spec.name || this.uri.path.split('/').pop() || this.uri.toString(true);
  }

  /** The pace the session trains at: the view's choice, else the file's "training.speed", else the setting. */
  get pace(): PaceChoice {
    if (this.paceOverride !== null) return { pace: this.paceOverride, source: 'view' };
    const file = this.spec.training.speed;
    if (file !== undefined) return { pace: file, source: 'file' };
    return this.options.pace();
  }

  get isRunning(): boolean {
    return this.state === 'running';
  }

  /** Whether a worker exists; false after a crash until restart. */
  get alive(): boolean {
    return this.worker !== null;
  }

  // ------------------------------------------------------------------ worker life cycle

  private startWorker(): void {
    const worker: WorkerClient = new WorkerClient({
      platform: this.options.platform,
      limits: { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb() },
      stallMs: WORKER_STALL_MS,
      expectsMessages: () => this.state === 'running' || this.state === 'loading',
      // Every handler checks that this worker is still the session's: a replaced or killed one is ignored.
      onMessage: (m) => {
        if (this.worker === worker) this.onWorkerMessage(m);
      },
      onGone: (reason) => {
        if (this.worker === worker) this.onWorkerGone(reason);
      },
    });
    this.worker = worker;
    this.setState('loading', null);
    this.load(worker);
  }

  /** Loads the spec into the worker, with the data files it names read through vscode.workspace.fs. */
  private load(worker: WorkerClient): void {
    const { spec, uri } = this;
    const message = readDataFiles(spec, uri, this.options.extensionUri, this.options.platform).then(
      (files): ToWorker => ({
        type: 'load',
        spec,
        files,
        frameRate: this.options.frameRate(),
        inspected: this.options.inspected(),
        boundaryResolution: this.options.boundaryResolution(),
        pace: (this.sentPace = this.pace.pace),
      }),
    );
    worker.post(message);
  }

  private onWorkerGone(message: string): void {
    if (this.disposed) return;
    this.options.log.error(`${this.label}: ${message}`);
    this.killWorker();
    this.setState(
      'crashed',
      `${message} Restart it with "Neural Network: Restart Training Worker" or Reset.`,
    );
  }

  private killWorker(): void {
    const w = this.worker;
    this.worker = null;
    w?.terminate();
  }

  /** Start a fresh worker from the session's spec (after a crash, or on request). */
  restart(): void {
    if (this.disposed) return; // e.g. a notification's "Restart" clicked after the file was closed
    this.killWorker();
    for (const [id, w] of this.surfaceWaiters) w.reject(new Error(`surface ${id}: the worker was restarted`));
    this.surfaceWaiters.clear();
    this.race = null;
    this.lastSurface = null;
    this.history = emptyHistory();
    this.latestFrame = null;
    for (const v of this.views) {
      v.historySent = 0;
      this.streams.reset(v);
    }
    this.broadcast({ type: 'history', history: this.history });
    this.broadcast({ type: 'race', race: null });
    this.startWorker();
  }

  /** Load a new spec (the document changed). */
  reload(spec: NetworkSpec, version: number, keepRunning: boolean): void {
    this.spec = spec;
    this.loadedVersion = version;
    this.syncedVersion = version;
    this.hyper = hyperOf(spec);
    this.savedWeights = null;
    this.resumeAfterLoad = keepRunning;
    this.restart();
  }

  private post(message: ToWorker): void {
    this.worker?.post(message);
  }

  // ------------------------------------------------------------------ messages from the worker

  private onWorkerMessage(m: FromWorker): void {
    switch (m.type) {
      case 'ready':
        {
          const { type: _type, ...info } = m;
          this.dataset = info;
        }
        this.options.log.info(
          `${this.label}: loaded ${m.m} training and ${m.validationM} validation samples (n = ${m.n}, K = ${m.K}).`,
        );
        this.setState('idle', null);
        if (this.resumeAfterLoad) {
          this.resumeAfterLoad = false;
          this.train();
        }
        break;
      case 'frame':
        this.onFrame(m.frame);
        break;
      case 'steps':
        this.broadcast({ type: 'steps', records: m.records, restart: m.restart });
        for (const l of this.stepsListeners) l(m.records, m.restart);
        break;
      case 'gradientCheck':
        this.broadcast({ type: 'gradientCheck', result: m.result });
        for (const w of this.gradientCheckWaiters.splice(0)) w(m.result);
        break;
      case 'weights': {
        const resolve = this.pendingRequests.get(m.requestId);
        this.pendingRequests.delete(m.requestId);
        resolve?.(m.weights);
        break;
      }
      case 'surfaceProgress':
        if (m.requestId === this.surfaceRequestId) this.broadcast(m);
        break;
      case 'surface':
        if (m.result.requestId !== this.surfaceRequestId) break;
        this.lastSurface = m.result;
        this.broadcast(m);
        this.surfaceWaiters.get(m.result.requestId)?.resolve(m.result);
        this.surfaceWaiters.delete(m.result.requestId);
        break;
      case 'surfaceRefused':
        if (!m.cancelled) this.options.log.warn(`${this.label}: ${m.message}`);
        this.broadcast(m);
        this.surfaceWaiters.get(m.requestId)?.reject(new Error(m.message));
        this.surfaceWaiters.delete(m.requestId);
        break;
      case 'raceFrame':
        this.onRaceFrame(m.frame);
        break;
      case 'raceRefused':
        this.options.log.warn(`${this.label}: ${m.message}`);
        this.broadcast({ type: 'raceRefused', message: m.message });
        break;
      case 'error':
        this.options.log.error(`${this.label}: ${m.message}`);
        if (m.errors && m.errors.length > 0) this.options.reportErrors?.(this.uri, m.errors);
        if (m.fatal) {
          this.setState('invalid', m.message);
        } else {
          this.broadcast({ type: 'notice', level: 'error', message: m.message });
        }
        break;
    }
  }

  private onFrame(frame: Frame): void {
    // Take the frame at once so the worker can go on; the views get the newest frame when they are ready for one.
    this.post({ type: 'ack', frameId: frame.frameId });
    this.history = mergeHistory(this.history, frame.historyStart, frame.history);
    this.latestFrame = frame;
    if (frame.state !== this.state || frame.message !== this.message) {
      if (frame.state === 'diverged') this.options.log.warn(`${this.label}: ${frame.message ?? 'diverged'}`);
      if (frame.state === 'finished') this.options.log.info(`${this.label}: ${frame.message ?? 'finished'}`);
      this.state = frame.state;
      this.message = frame.message;
      this.broadcastSession();
    }
    for (const v of this.views) this.streams.offer(v, frame);
    this.changed.fire(this);
  }

  /** Merge a race frame's new points into the whole race, and pass the frame on to the views. */
  private onRaceFrame(frame: RaceFrame): void {
    this.race = mergeRaceFrame(this.race, frame);
    if (frame.state !== 'running')
      this.options.log.info(
        `${this.label}: race ${frame.state}: ${frame.runs.map((r) => `${r.label} ${r.state} J = ${r.J}`).join('; ')}`,
      );
    this.broadcast({ type: 'raceFrame', frame });
    for (const l of this.raceListeners) l(this.race);
  }

  /** The view drew a frame (and every older one it was sent): send it the newest waiting one, if any. */
  frameAck(view: SessionView, frameId: number): void {
    this.streams.ack(view, frameId);
  }

  // ------------------------------------------------------------------ views

  attach(view: SessionView): void {
    this.views.add(view);
  }

  detach(view: SessionView): void {
    this.views.delete(view);
  }

  /** A view is (re)loaded: give it everything it needs to draw the current picture. */
  viewReady(view: SessionView): void {
    view.ready = true;
    this.streams.reset(view);
    view.historySent = this.history.epoch.length;
    view.post(this.sessionMessage());
    view.post({ type: 'history', history: this.history });
    if (this.latestFrame) this.streams.offer(view, this.latestFrame);
    view.post({ type: 'race', race: this.race });
    if (this.lastSurface) view.post({ type: 'surface', result: this.lastSurface });
  }

  private sessionMessage(): ToWebview {
    return {
      type: 'session',
      state: this.state,
      message: this.message,
      dataset: this.dataset,
      hyper: this.hyper,
      pace: this.pace,
    };
  }

  private broadcastSession(): void {
    this.broadcast(this.sessionMessage());
  }

  broadcast(message: ToWebview): void {
    for (const v of this.views) if (v.ready) v.post(message);
  }

  private setState(state: SessionState, message: string | null): void {
    this.state = state;
    this.message = message;
    this.broadcastSession();
    this.changed.fire(this);
  }

  // ------------------------------------------------------------------ commands

  private ensureAlive(): boolean {
    if (this.worker) return true;
    this.restart();
    return true;
  }

  train(): void {
    if (this.pendingSpec) {
      const { spec, version } = this.pendingSpec;
      this.pendingSpec = null;
      this.reload(spec, version, true);
      return;
    }
    if (this.state === 'loading') {
      this.resumeAfterLoad = true;
      return;
    }
    if (this.state === 'invalid') return;
    this.ensureAlive();
    this.post({ type: 'start' });
  }

  pause(): void {
    this.resumeAfterLoad = false;
    this.post({ type: 'pause' });
  }

  step(kind: 'step' | 'stepSample' | 'stepEpoch'): void {
    if (this.state === 'invalid') return;
    this.ensureAlive();
    this.post({ type: kind });
  }

  reset(): void {
    this.resumeAfterLoad = false;
    if (!this.worker || this.state === 'crashed') {
      this.restart();
      return;
    }
    this.history = emptyHistory();
    for (const v of this.views) v.historySent = 0;
    this.broadcast({ type: 'history', history: this.history });
    this.post({ type: 'reset' });
  }

  setHyper(hyper: Partial<Hyper>): void {
    this.hyper = { ...this.hyper, ...hyper };
    this.post({ type: 'setHyper', hyper });
    this.broadcastSession();
  }

  /** A view chose a pace for this session (live; the file is not changed). */
  setPace(pace: Pace): void {
    this.paceOverride = pace;
    this.refreshPace();
  }

  /** The file's speed or the setting may have changed: tell the worker and the views the pace now in force. */
  refreshPace(): void {
    const pace = this.pace.pace;
    if (pace !== this.sentPace) {
      this.sentPace = pace;
      this.post({ type: 'setPace', pace });
      this.options.log.info(`${this.label}: pace ${typeof pace === 'number' ? `${pace} updates/s` : pace}.`);
    }
    this.broadcastSession();
  }

  setInspected(index: number): void {
    this.post({ type: 'setInspected', index });
  }

  setFrameRate(frameRate: number): void {
    this.post({ type: 'setFrameRate', frameRate });
  }

  onSteps(listener: (records: StepRecord[], restart: boolean) => void): vscode.Disposable {
    this.stepsListeners.add(listener);
    return new vscode.Disposable(() => this.stepsListeners.delete(listener));
  }

  gradientCheck(): Promise<GradientCheckResult> {
    this.ensureAlive();
    return new Promise((resolve, reject) => {
      this.gradientCheckWaiters.push(resolve);
      this.post({ type: 'gradientCheck' });
      setTimeout(() => reject(new Error('The gradient check did not finish within 120 s.')), 120_000);
    });
  }

  /** The session's current Θ, as arrays of rows. */
  currentWeights(): Promise<number[][][]> {
    if (!this.worker)
      return Promise.reject(new Error('The training worker is not running; restart it first.'));
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      this.pendingRequests.set(requestId, resolve);
      this.post({ type: 'getWeights', requestId });
      setTimeout(() => {
        if (this.pendingRequests.delete(requestId))
          reject(new Error('The training worker did not send its weights.'));
      }, 10_000);
    });
  }

  // ------------------------------------------------------------------ labs

  /** Compute a loss-surface slice through the current Θ; a newer request replaces (cancels) an older one. */
  requestSurface(axes: SurfaceAxes, resolution: number, range: number): Promise<SurfaceResult> {
    if (this.state === 'invalid') return Promise.reject(new Error('The network has errors.'));
    this.ensureAlive();
    if (this.surfaceWaiters.has(this.surfaceRequestId)) this.cancelSurface();
    const requestId = ++this.surfaceRequestId;
    return new Promise((resolve, reject) => {
      this.surfaceWaiters.set(requestId, { resolve, reject });
      this.post({ type: 'surface', request: { requestId, axes, resolution, range } });
    });
  }

  cancelSurface(): void {
    this.post({ type: 'cancelSurface', requestId: this.surfaceRequestId });
  }

  /** Start a race (a running one is cancelled); returns its id. */
  startRace(race: RaceSpec): number {
    this.ensureAlive();
    const raceId = this.nextRaceId++;
    if (this.race?.state === 'running') this.post({ type: 'cancelRace', raceId: this.race.raceId });
    this.post({ type: 'race', raceId, race });
    this.options.log.info(
      `${this.label}: race ${raceId} varying ${race.vary}: ${JSON.stringify(race.values)}`,
    );
    return raceId;
  }

  cancelRace(): void {
    if (this.race) this.post({ type: 'cancelRace', raceId: this.race.raceId });
  }

  onRace(listener: (race: RaceFrame) => void): vscode.Disposable {
    this.raceListeners.add(listener);
    return new vscode.Disposable(() => this.raceListeners.delete(listener));
  }

  /** Test hook: kill the worker as a crash would. */
  simulateCrash(): void {
    this.worker?.simulateCrash();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.post({ type: 'dispose' });
    this.killWorker();
    this.views.clear();
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
    this.changed.dispose();
  }
}
