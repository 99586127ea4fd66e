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
  SessionState,
  StepRecord,
  ToWebview,
  ToWorker,
  WorkerReply,
} from '../protocol';
import { emptyHistory, mergeHistory } from '../shared/history';
import { hyperOf, loadMessage, type SessionOptions } from './sessionHelpers';

export type { SessionOptions } from './sessionHelpers';
import { WorkerClient } from './workerClient';
import { ViewStream } from './viewStream';
import { SessionLabs } from './sessionLabs';

/** A view (webview panel) attached to a session: the session streams to it through its ViewStream. */
export type SessionView = ViewStream;

const WORKER_STALL_MS = 30_000;
const GRADIENT_CHECK_MS = 120_000;
const WEIGHTS_MS = 10_000;

/**
 * One training session per open network: owns the training worker (through its WorkerClient), the training state
 * streamed from it (latest frame, whole history) and the views that show it. The document stays the only truth about
 * the network's definition: the session follows it (acceptSpec, reload) and owns only the trained weights until they
 * are saved into it (markSaved).
 */
export class TrainingSession implements vscode.Disposable {
  private currentState: SessionState = 'loading';
  private currentMessage: string | null = null;
  private wholeHistory: History = emptyHistory();
  private frame: Frame | null = null;
  private datasetInfo: DatasetInfo | null = null;
  private currentHyper: Hyper;
  private currentSpec: NetworkSpec;
  /** The newest document version known not to conflict with the session's weights (see classifySpecChange). */
  private synced: number;
  /** Weights this session last wrote into the document (so our own save does not reload the session). */
  private saved: number[][][] | null = null;
  /** A changed network waiting to be loaded on the next Train (setting nnViz.editWhileTraining = pause). */
  private pendingSpec: { spec: NetworkSpec; version: number } | null = null;
  private shown = false;
  /** The pace chosen in a view for this session (never written into the file); null = the file's or the setting's. */
  private paceOverride: Pace | null = null;
  /** The pace last sent to the worker. */
  private sentPace: Pace | null = null;
  private readonly attached = new Set<SessionView>();

  private worker: WorkerClient | null = null;
  private readonly changed = new vscode.EventEmitter<TrainingSession>();
  readonly onDidChange = this.changed.event;
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;
  private readonly stepsListeners = new Set<(records: StepRecord[], restart: boolean) => void>();
  /** Run again after a reload (document edited while running). */
  private resumeAfterLoad = false;
  private disposed = false;
  /** The loss surface and the race. */
  readonly labs: SessionLabs;

  constructor(
    readonly uri: vscode.Uri,
    spec: NetworkSpec,
    version: number,
    private readonly options: SessionOptions,
  ) {
    this.currentSpec = spec;
    this.synced = version;
    this.currentHyper = hyperOf(spec);
    this.labs = new SessionLabs({
      label: () => this.label,
      log: options.log,
      broadcast: (m) => this.broadcast(m),
      worker: () => this.liveWorker(),
      post: (m) => this.post(m),
      refusal: () => (this.currentState === 'invalid' ? 'The network has errors.' : null),
    });
    this.startWorker();
  }

  // ------------------------------------------------------------------ what others read

  get label(): string {
    return this.currentSpec.name || this.uri.path.split('/').pop() || this.uri.toString(true);
  }
  get state(): SessionState {
    return this.currentState;
  }
  /** Why the session is in its state (an error, a divergence…), or null. */
  get message(): string | null {
    return this.currentMessage;
  }
  /** Every epoch's costs and accuracies that reached the host. */
  get history(): History {
    return this.wholeHistory;
  }
  get latestFrame(): Frame | null {
    return this.frame;
  }
  get dataset(): DatasetInfo | null {
    return this.datasetInfo;
  }
  get hyper(): Hyper {
    return this.currentHyper;
  }
  /** The spec the session follows (the document's, as last accepted or loaded). */
  get spec(): NetworkSpec {
    return this.currentSpec;
  }
  get syncedVersion(): number {
    return this.synced;
  }
  get savedWeights(): number[][][] | null {
    return this.saved;
  }
  /** Whether a tab has shown the document while this session lived. */
  get everShown(): boolean {
    return this.shown;
  }
  get views(): ReadonlySet<SessionView> {
    return this.attached;
  }

  /** The pace the session trains at: the view's choice, else the file's "training.speed", else the setting. */
  get pace(): PaceChoice {
    if (this.paceOverride !== null) return { pace: this.paceOverride, source: 'view' };
    const file = this.currentSpec.training.speed;
    if (file !== undefined) return { pace: file, source: 'file' };
    return this.options.pace();
  }

  get isRunning(): boolean {
    return this.currentState === 'running';
  }

  /** Whether a worker exists; false after a crash until restart. */
  get alive(): boolean {
    return this.worker !== null;
  }

  // ------------------------------------------------------------------ the document

  /**
   * The document changed in a way the session follows live (its version `version` parsed to `spec`): the pace, and
   * `hyper` (α, λ, B, the optimizer) when given; training goes on.
   */
  acceptSpec(spec: NetworkSpec, version: number, hyper?: Partial<Hyper>): void {
    this.currentSpec = spec;
    this.synced = version;
    if (hyper) {
      this.currentHyper = { ...this.currentHyper, ...hyper };
      this.post({ type: 'setHyper', hyper });
    }
    this.refreshPace(); // "training.speed" applies live; tells the views the session's hyperparameters too
  }

  /** The session wrote these weights into the document: the edit that comes back is its own (not a reload). */
  markSaved(weights: number[][][]): void {
    this.saved = weights;
  }

  /** A tab shows the document. */
  markShown(): void {
    this.shown = true;
  }

  /** Pause, and load `spec` on the next Train (the document changed while training; nnViz.editWhileTraining = pause). */
  deferSpec(spec: NetworkSpec, version: number): void {
    this.pause();
    this.pendingSpec = { spec, version };
  }

  /** Load a new spec (the document changed). */
  reload(spec: NetworkSpec, version: number, keepRunning: boolean): void {
    this.currentSpec = spec;
    this.synced = version;
    this.currentHyper = hyperOf(spec);
    this.saved = null;
    this.resumeAfterLoad = keepRunning;
    this.restart();
  }

  // ------------------------------------------------------------------ worker life cycle

  private startWorker(): WorkerClient {
    const worker: WorkerClient = new WorkerClient({
      platform: this.options.platform,
      start: {
        maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb(),
        document: this.uri.toString(),
      },
      stallMs: WORKER_STALL_MS,
      expectsMessages: () => this.currentState === 'running' || this.currentState === 'loading',
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
    return worker;
  }

  /** The session's worker, started again if it crashed; null once the session is disposed. */
  private liveWorker(): WorkerClient | null {
    if (this.disposed) return null;
    return this.worker ?? this.restartWorker();
  }

  /** Loads the spec into the worker, with the data files it names read through vscode.workspace.fs. */
  private load(worker: WorkerClient): void {
    worker.post(
      loadMessage(this.currentSpec, this.uri, this.options, () => (this.sentPace = this.pace.pace)),
    );
  }

  private onWorkerGone(message: string): void {
    if (this.disposed) return;
    this.options.log.error(`${this.label}: ${message}`);
    this.killWorker('The training worker stopped.');
    this.setState(
      'crashed',
      `${message} Restart it with "Neural Network: Restart Training Worker" or Reset.`,
    );
  }

  private killWorker(reason: string): void {
    const w = this.worker;
    this.worker = null;
    w?.terminate(reason);
  }

  /** Start a fresh worker from the session's spec (after a crash, or on request); open requests are rejected. */
  restart(): void {
    if (this.disposed) return; // e.g. a notification's "Restart" clicked after the file was closed
    this.restartWorker();
  }

  private restartWorker(): WorkerClient {
    this.killWorker('The training worker was restarted.');
    this.labs.clear();
    this.wholeHistory = emptyHistory();
    this.frame = null;
    for (const v of this.attached) {
      v.reset();
      v.sendHistory(this.wholeHistory);
    }
    this.broadcast({ type: 'race', race: null });
    return this.startWorker();
  }

  private post(message: ToWorker): void {
    this.worker?.post(message);
  }

  // ------------------------------------------------------------------ messages from the worker

  private onWorkerMessage(m: Exclude<FromWorker, WorkerReply>): void {
    switch (m.type) {
      case 'ready':
        this.onReady(m);
        break;
      case 'frame':
        this.onFrame(m.frame);
        break;
      case 'steps':
        this.broadcast({ type: 'steps', records: m.records, restart: m.restart });
        for (const l of this.stepsListeners) l(m.records, m.restart);
        break;
      case 'surfaceProgress':
        this.labs.onSurfaceProgress(m);
        break;
      case 'raceFrame':
        this.labs.onRaceFrame(m.frame);
        break;
      case 'raceRefused':
        this.options.log.warn(`${this.label}: ${m.message}`);
        this.broadcast({ type: 'raceRefused', message: m.message });
        break;
      case 'error':
        this.options.log.error(`${this.label}: ${m.message}`);
        if (m.errors && m.errors.length > 0) this.options.reportErrors?.(this.uri, m.errors);
        if (m.fatal) this.setState('invalid', m.message);
        else this.broadcast({ type: 'notice', level: 'error', message: m.message });
        break;
      case 'surface':
      case 'surfaceRefused':
        break; // a loss-surface job's outcome arrives as the reply to its request (SessionLabs)
    }
  }

  private onReady(m: Extract<FromWorker, { type: 'ready' }>): void {
    const { type: _type, ...info } = m;
    this.datasetInfo = info;
    this.options.log.info(
      `${this.label}: loaded ${m.m} training and ${m.validationM} validation samples (n = ${m.n}, K = ${m.K}).`,
    );
    this.setState('idle', null);
    if (this.resumeAfterLoad) {
      this.resumeAfterLoad = false;
      this.train();
    }
  }

  private onFrame(frame: Frame): void {
    // Take the frame at once so the worker can go on; the views get the newest frame when they are ready for one.
    this.post({ type: 'ack', frameId: frame.frameId });
    this.wholeHistory = mergeHistory(this.wholeHistory, frame.historyStart, frame.history);
    this.frame = frame;
    if (frame.state !== this.currentState || frame.message !== this.currentMessage) {
      if (frame.state === 'diverged') this.options.log.warn(`${this.label}: ${frame.message ?? 'diverged'}`);
      if (frame.state === 'finished') this.options.log.info(`${this.label}: ${frame.message ?? 'finished'}`);
      this.currentState = frame.state;
      this.currentMessage = frame.message;
      this.broadcastSession();
    }
    for (const v of this.attached) v.offer(frame, this.wholeHistory);
    this.changed.fire(this);
  }

  /** The view drew a frame (and every older one it was sent): send it the newest waiting one, if any. */
  frameAck(view: SessionView, frameId: number): void {
    view.ack(frameId, this.wholeHistory);
  }

  // ------------------------------------------------------------------ views

  attach(view: SessionView): void {
    this.attached.add(view);
  }

  detach(view: SessionView): void {
    this.attached.delete(view);
  }

  /** A view is (re)loaded: give it everything it needs to draw the current picture. */
  viewReady(view: SessionView): void {
    view.reset();
    view.post(this.sessionMessage());
    view.sendHistory(this.wholeHistory);
    if (this.frame) view.offer(this.frame, this.wholeHistory);
    view.post({ type: 'race', race: this.labs.race });
    const surface = this.labs.lastSurface;
    if (surface) view.post({ type: 'surface', result: surface });
  }

  /** The session's state, hyperparameters and pace, as a view shows them. */
  sessionMessage(): ToWebview {
    return {
      type: 'session',
      state: this.currentState,
      message: this.currentMessage,
      dataset: this.datasetInfo,
      hyper: this.currentHyper,
      pace: this.pace,
    };
  }

  private broadcastSession(): void {
    this.broadcast(this.sessionMessage());
  }

  broadcast(message: ToWebview): void {
    for (const v of this.attached) if (v.ready) v.post(message);
  }

  private setState(state: SessionState, message: string | null): void {
    this.currentState = state;
    this.currentMessage = message;
    this.broadcastSession();
    this.changed.fire(this);
  }

  // ------------------------------------------------------------------ commands

  train(): void {
    if (this.pendingSpec) {
      const { spec, version } = this.pendingSpec;
      this.pendingSpec = null;
      this.reload(spec, version, true);
      return;
    }
    if (this.currentState === 'loading') {
      this.resumeAfterLoad = true;
      return;
    }
    if (this.currentState === 'invalid') return;
    this.liveWorker()?.post({ type: 'start' });
  }

  pause(): void {
    this.resumeAfterLoad = false;
    this.post({ type: 'pause' });
  }

  step(kind: 'step' | 'stepSample' | 'stepEpoch'): void {
    if (this.currentState === 'invalid') return;
    this.liveWorker()?.post({ type: kind });
  }

  reset(): void {
    this.resumeAfterLoad = false;
    if (!this.worker || this.currentState === 'crashed') {
      this.restart();
      return;
    }
    this.wholeHistory = emptyHistory();
    for (const v of this.attached) v.sendHistory(this.wholeHistory);
    this.post({ type: 'reset' });
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

  /** Backprop's D against central differences at the current Θ; the views are shown the result too. */
  async gradientCheck(): Promise<GradientCheckResult> {
    const worker = this.liveWorker();
    if (!worker) throw new Error(`${this.label} is closed.`);
    const result = await worker.request({ type: 'gradientCheck' }, { timeoutMs: GRADIENT_CHECK_MS });
    this.broadcast({ type: 'gradientCheck', result });
    return result;
  }

  /** The session's current Θ, as arrays of rows. */
  currentWeights(): Promise<number[][][]> {
    if (!this.worker)
      return Promise.reject(new Error('The training worker is not running; restart it first.'));
    return this.worker.request({ type: 'getWeights' }, { timeoutMs: WEIGHTS_MS });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.post({ type: 'dispose' });
    this.killWorker('The file was closed.');
    this.attached.clear();
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
    this.changed.dispose();
  }
}
