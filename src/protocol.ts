/**
 * Every message between the extension host, the training worker and the webview.
 *
 * Discriminated unions on `type`. The webview imports this file and nothing else of src/: its types, and the few
 * pure values of the shared bottom layer (src/shared) it re-exports (paces, name lists, history helpers).
 * Layer indices in messages are 0-based like the engine (theta[l] is Θ^(l+1), a[j] is a^(j+1));
 * everything shown to the user is converted to the lecture's 1-based notation.
 */
import type { ExerciseSpec, NetworkSpec, RaceSpec, RaceVary, SpecError } from './shared/spec';
import type { DataFileBytes } from './format/dataset';
import type { StepRecord } from './engine/steps';
import type { Hyper as TrainerHyper } from './engine/trainer';
import type { SurfaceAxes, WeightRef } from './engine/surface';
import type { AnswerValue, Worked } from './engine/answers';
import type { History } from './shared/history';
import type { InspectedSample } from './shared/sample';

export type { NetworkSpec, SpecError, StepRecord, SurfaceAxes, WeightRef, RaceSpec, RaceVary };
export type { ExerciseSpec, AnswerValue, Worked, History, InspectedSample };
import type { Pace } from './shared/pace';

export type { Pace, PaceName, PaceInfo } from './shared/pace';
export { PACES, DEFAULT_PACE, isPace, paceLabel, formatRate, updatesPerSecond } from './shared/pace';
/** The name lists and history helpers of the shared bottom layer the view needs (pure, no Node, no vscode). */
export { OPTIMIZERS, RACE_VARIES } from './shared/names';
export { emptyHistory, mergeHistory } from './shared/history';

/**
 * The pace a session trains at, and who chose it: the view's control (for this session only, never written into the
 * file), the file's "training.speed", the setting nnViz.speed, or the built-in default (DEFAULT_PACE).
 */
export interface PaceChoice {
  pace: Pace;
  source: 'view' | 'file' | 'setting' | 'default';
}

/** The state of a training session. */
export type SessionState =
  | 'loading' // the worker is starting or loading data
  | 'idle' // ready, not yet trained
  | 'running'
  | 'paused'
  | 'finished' // the epoch budget is spent or early stopping fired
  | 'diverged' // J became NaN or Infinity; paused
  | 'crashed' // the worker died or exceeded its limits; can be restarted
  | 'invalid'; // the document has errors; no session

/** What a view shows in its state pill: the session's state, or 'checking' while its document is being checked. */
export type ViewState = SessionState | 'checking';

/** Hyperparameters that can change while a session lives (α, λ, B with 0 = full batch, the optimizer). */
export type Hyper = TrainerHyper;

/** The decision boundary of a 2-input network over the input plane. */
export interface Boundary {
  resolution: number;
  /** [x1min, x1max, x2min, x2max] */
  extent: [number, number, number, number];
  /** resolution × resolution, row 0 at x2min: h_Θ(x)_1 for one output, else the arg max class index. */
  output: Float64Array;
  /** For class outputs with K > 1: the winning class's probability per cell; else null. */
  confidence: Float64Array | null;
  /**
   * Per cell, how far from a tie: |h − 0.5| for one output, p_best − p_second for K > 1 (0 on the boundary); the view
   * interpolates the contour with it. Optional: older frames have none.
   */
  margin?: Float64Array | null;
  /**
   * h_Θ(x)_1 (one output) or the arg max class (K > 1) of every sample of DatasetInfo.inputs (file order), to mark
   * misclassified points and count the confusion table; null when the view has no samples.
   */
  predicted?: Float64Array | null;
  /** hidden[l][u]: the map of unit u+1 of hidden layer l+2, resolution × resolution. */
  hidden: Float64Array[][];
}

/** One snapshot of a session, streamed from the worker (by structured clone) at most `frameRate` times a second. */
export interface Frame {
  frameId: number;
  state: SessionState;
  epoch: number;
  /** Parameter updates done so far. */
  iteration: number;
  /** J(Θ) on the training part at the end of the last epoch (or on the current weights before any epoch). */
  J: number;
  validationJ: number | null;
  accuracy: number | null;
  validationAccuracy: number | null;
  /**
   * J is a running estimate: the mean of the newest epoch's batch costs (each at the Θ of its batch) plus the λ term at
   * the epoch's end Θ. At full speed the worker evaluates the whole set exactly only as often as that takes at most a
   * twentieth of the time (src/worker/evaluationBudget.ts); validationJ and the accuracies are then those of the last exact
   * evaluation, at epoch `evaluatedEpoch`. Paused, finished or stepped, every value is exact.
   */
  estimated: boolean;
  /** The epoch of the exact evaluation behind validationJ and the accuracies (= epoch unless `estimated`). */
  evaluatedEpoch: number;
  samplesPerSecond: number;
  /** Updates of Θ per second, measured over the last seconds (0 unless running). */
  updatesPerSecond?: number;
  /** Θ^(l+1), s_{l+2} × (s_{l+1} + 1) row-major, bias column first */
  theta: Float64Array[];
  /** The last gradient D^(l+1), same shapes; null before the first update. */
  D: Float64Array[] | null;
  /** The last change of Θ (Θ_after − Θ_before); null before the first update. */
  update: Float64Array[] | null;
  inspected: InspectedSample | null;
  /** Dropout masks of the last training step per hidden layer (1 = dropped), or null when dropout is off. */
  dropped: Uint8Array[] | null;
  boundary: Boundary | null;
  /** History points from index `historyStart` on (the host keeps the whole history). */
  historyStart: number;
  history: History;
  /** Epoch whose weights early stopping kept, when it fired. */
  earlyStopEpoch: number | null;
  /**
   * For small datasets (all samples, training and validation, at most 16): per sample t in file order (the order of
   * DatasetInfo.inputs), the activations of every layer a[t][j] = a^(j+1) (j = 0 is x), without the bias unit, for the
   * truth table; null for larger datasets.
   */
  table: { a: number[][][] } | null;
  message: string | null;
}

/**
 * A Frame as it arrives in the webview. The host posts it as JSON with every typed array moved aside and revived as
 * the same typed array (VS Code ≥ 1.57, see engines.vscode; a Web Worker's structured clone on the web), so the typed
 * arrays arrive as they were sent; plain numbers go through JSON, where NaN and ±∞ become null.
 */
export type ViewFrame = Omit<Frame, 'J'> & {
  /** J(Θ), or null when it was NaN or ±∞ (training diverged). The history's J points likewise; the curves skip them. */
  J: number | null;
};

export interface GradientCheckResult {
  /** Relative difference ‖D_backprop − D_numeric‖ / (‖D_backprop‖ + ‖D_numeric‖) per Θ^(l+1). */
  relativeDifference: number[];
  passed: boolean;
  threshold: number;
}

// ---------------------------------------------------------------- labs: loss surface and races

/**
 * A slice of the loss surface: J(Θ0 + α d1 + β d2) on a resolution × resolution grid of α, β ∈ [−range, range],
 * through the session's current Θ0. Weights in `axes` use the lecture's 1-based l, j and 0-based i (0 = bias).
 */
export interface SurfaceRequest {
  requestId: number;
  axes: SurfaceAxes;
  /** Points per axis: odd, 5..101. */
  resolution: number;
  range: number;
}

export interface SurfaceResult {
  requestId: number;
  axes: SurfaceAxes;
  /** Axis names in the lecture's notation, e.g. "Θ₁₂⁽¹⁾" or "d₁ (random, filter-normalized)". */
  labels: [string, string];
  resolution: number;
  range: number;
  /** The grid's α (= β) values, length resolution; the centre is exactly 0. */
  coords: Float64Array;
  /** resolution × resolution, row k is β = coords[k], column c is α = coords[c]. */
  J: Float64Array;
  /** J(Θ0), equal to the centre cell bit for bit. */
  J0: number;
  /** The epoch of Θ0. */
  epoch: number;
  /**
   * Θ of every k-th epoch projected onto the slice by least squares, with its J as the cost curve has it (a running
   * estimate for an epoch the worker did not evaluate exactly, see Frame.estimated).
   */
  trajectory: { epoch: number[]; alpha: number[]; beta: number[]; J: number[] };
  /** Multiply-adds the slice took (resolution² × m × forward cost). */
  cost: number;
}

export type RaceRunState = 'running' | 'finished' | 'diverged' | 'cancelled';

/** One run of a race: its state and history points from index `historyStart` on. */
export interface RaceRunFrame {
  label: string;
  value: number | string;
  state: RaceRunState;
  epoch: number;
  J: number;
  message: string | null;
  historyStart: number;
  history: { epoch: number[]; J: number[] };
  /** For 2-input networks: h_Θ(x)_1 (or the arg max class) on the race's boundary grid; else null. */
  boundary: number[] | null;
  /** The lecture's l of each Θ^(l) whose rows are all equal (hidden units that are copies of each other). */
  equalRows: number[];
}

/** A race's state; streamed with new history points only (the host merges them and sends views the whole). */
export interface RaceFrame {
  raceId: number;
  vary: RaceVary;
  state: 'running' | 'finished' | 'cancelled';
  /** Epoch budget of each run (the file's "epochs"). */
  epochs: number;
  /** Whether every run started from the same Θ bit for bit (false only when the init rule varies). */
  sameInitialTheta: boolean;
  runs: RaceRunFrame[];
  /** The grid of the runs' boundaries: resolution and [x1min, x1max, x2min, x2max]; null unless n = 2. */
  boundaryGrid: { resolution: number; extent: [number, number, number, number] } | null;
}

// ---------------------------------------------------------------- host ⇄ worker

export type ToWorker =
  | {
      type: 'load';
      spec: NetworkSpec;
      /** The data files the spec names (a CSV, the MNIST digits), read by the host through vscode.workspace.fs. */
      files: DataFileBytes;
      frameRate: number;
      /** Row of the inspected sample, 0-based in file order. */
      inspected: number;
      boundaryResolution: number;
      /** Updates per second to train at (see src/shared/pace.ts). */
      pace: Pace;
    }
  | { type: 'start' }
  | { type: 'pause' }
  /** One micro-step of the slide's backprop loop on the current sample. */
  | { type: 'step' }
  /** Run the slide's loop to the end of the current sample. */
  | { type: 'stepSample' }
  /** One whole epoch, then pause. */
  | { type: 'stepEpoch' }
  | { type: 'reset' }
  | { type: 'setHyper'; hyper: Partial<Hyper> }
  | { type: 'setInspected'; index: number }
  | { type: 'setFrameRate'; frameRate: number }
  | { type: 'setPace'; pace: Pace }
  /** The host has taken frame `frameId`; the worker may publish the next one. */
  | { type: 'ack'; frameId: number }
  /** A request the worker answers once, with a WorkerReply whose `inReplyTo` is `messageId` (see WorkerRequest). */
  | { type: 'request'; messageId: number; request: WorkerRequest }
  | { type: 'cancelSurface'; requestId: number }
  /** Start a race (a running one is cancelled first). */
  | { type: 'race'; raceId: number; race: RaceSpec }
  | { type: 'cancelRace'; raceId: number }
  | { type: 'dispose' };

export type FromWorker =
  | ({ type: 'ready' } & DatasetInfo)
  | { type: 'frame'; frame: Frame }
  | { type: 'steps'; records: StepRecord[]; /** true when a new sample's loop began */ restart: boolean }
  | WorkerReply
  | { type: 'surfaceProgress'; requestId: number; rowsDone: number; rows: number }
  /**
   * The outcome of a loss-surface job inside the worker (src/worker/surface.ts); the host receives it as the reply to
   * its 'surface' request, never as a message of its own.
   */
  | { type: 'surface'; result: SurfaceResult }
  /** The slice was refused (too costly, bad axes) or cancelled (as above: it reaches the host as a failed reply). */
  | { type: 'surfaceRefused'; requestId: number; message: string; cancelled: boolean }
  | { type: 'raceFrame'; frame: RaceFrame }
  | { type: 'raceRefused'; raceId: number; message: string }
  /** fatal: the session cannot train (e.g. its data could not be loaded); `errors` locate the problem in the file. */
  | { type: 'error'; message: string; fatal: boolean; errors?: SpecError[] };

/**
 * The host's requests that the worker answers exactly once, one id-based request/reply channel like vscode-hexeditor's
 * MessageHandler: the host posts { type: 'request', messageId, request }, the worker posts a WorkerReply with
 * `inReplyTo` = messageId. Replies may come in any order; a worker that stops or is restarted rejects every request
 * still open (src/host/workerClient.ts). Everything else between host and worker is one-way.
 */
export type WorkerRequest =
  /** Compare backprop's D with central differences at the current Θ. */
  | { type: 'gradientCheck' }
  /** The current Θ as arrays of rows (for saving). */
  | { type: 'getWeights' }
  /** A slice of the loss surface through the current Θ: row by row ('surfaceProgress'), cancellable. */
  | { type: 'surface'; request: SurfaceRequest }
  /** A worksheet's answers (docs/FORMAT.md "Exercises"); needs no loaded network. */
  | { type: 'worksheet'; spec: NetworkSpec; files: DataFileBytes; tolerance: number };

/** What each request is answered with. */
export interface WorkerReplies {
  gradientCheck: GradientCheckResult;
  getWeights: number[][][];
  surface: SurfaceResult;
  worksheet: WorksheetInfo;
}

/** The worker's answer to request `inReplyTo`: its result, or why there is none. */
export type WorkerReply =
  | { type: 'reply'; inReplyTo: number; ok: true; result: WorkerReplies[keyof WorkerReplies] }
  /** `cancelled`: a newer request or a cancel stopped it (not a failure to report). */
  | { type: 'reply'; inReplyTo: number; ok: false; error: string; cancelled: boolean };

// ---------------------------------------------------------------- host ⇄ webview

export interface DocumentInfo {
  fileName: string;
  /** Document version the spec was parsed from. */
  version: number;
  spec: NetworkSpec | null;
  errors: SpecError[];
  warnings: SpecError[];
  /** The file's "exercises" with the engine's answers, computed by the host when the text changes; null = none. */
  worksheet?: WorksheetInfo | null;
  /** Relative tolerance of right answers in the worksheet and predict mode (setting nnViz.exercises.tolerance). */
  exerciseTolerance?: number;
  /** The validation worker has not yet checked this version (a large file takes a moment): no spec, no errors yet. */
  checking?: boolean;
}

/** A worksheet: the questions of the file, answered at its Θ with its loss and λ (docs/FORMAT.md "Exercises"). */
export interface WorksheetInfo {
  /** Relative tolerance of a right answer (setting nnViz.exercises.tolerance). */
  tolerance: number;
  lambda: number;
  /** Samples the answers are over (all of them, file order); null when the data could not be loaded. */
  m: number | null;
  /** True when the file has no "weights" and the answers are at the seeded init. */
  seededInit: boolean;
  items: WorksheetItem[];
  /** Why there are no answers (e.g. the data could not be loaded); null when every item has one. */
  error: string | null;
}

export interface WorksheetItem {
  exercise: ExerciseSpec;
  /** The answer; null when it could not be computed (see `problem`). */
  value: AnswerValue | null;
  worked: Worked | null;
  problem: string | null;
}

export interface DatasetInfo {
  m: number;
  n: number;
  K: number;
  validationM: number;
  imageShape: [number, number] | null;
  classNames: string[] | null;
  /**
   * For small datasets (all samples ≤ 256 and n ≤ 4) and every 2-input dataset: every sample's inputs and targets in
   * file order (training and validation), for the truth table and the boundary plot; null otherwise.
   */
  inputs: number[][] | null;
  targets: number[][] | null;
  /** With `inputs`: true for the samples held out for validation. */
  isValidation: boolean[] | null;
}

export type ToWebview =
  | { type: 'document'; document: DocumentInfo }
  | {
      type: 'session';
      state: SessionState;
      message: string | null;
      dataset: DatasetInfo | null;
      hyper: Hyper | null;
      /** The pace the session trains at (absent without a session). */
      pace?: PaceChoice;
    }
  | { type: 'frame'; frame: ViewFrame }
  /** The whole history, on (re)load of the view. */
  | { type: 'history'; history: History }
  | { type: 'steps'; records: StepRecord[]; restart: boolean }
  | { type: 'gradientCheck'; result: GradientCheckResult }
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; message: string }
  | { type: 'surfaceProgress'; requestId: number; rowsDone: number; rows: number }
  | { type: 'surface'; result: SurfaceResult }
  | { type: 'surfaceRefused'; requestId: number; message: string; cancelled: boolean }
  /** The whole race (on view load and when one starts); null = none. */
  | { type: 'race'; race: RaceFrame | null }
  /** New points of the running race. */
  | { type: 'raceFrame'; frame: RaceFrame }
  | { type: 'raceRefused'; message: string };

export type WebviewCommand =
  'train' | 'pause' | 'step' | 'stepSample' | 'stepEpoch' | 'reset' | 'saveWeights' | 'gradientCheck';

export type FromWebview =
  | { type: 'ready' }
  | { type: 'command'; command: WebviewCommand }
  /** Change hyperparameters: applied to the session and written into the document. */
  | { type: 'setHyper'; hyper: Partial<Hyper> }
  /** Inspect the sample in data row `index` (0-based, file order). */
  | { type: 'setInspected'; index: number }
  /** Train this session at this pace (not written into the document). */
  | { type: 'setPace'; pace: Pace }
  /** Change s_l of a hidden layer (1-based lecture index `layer`, 2..L-1). Written into the document. */
  | { type: 'setUnits'; layer: number; units: number }
  /** The view has drawn frame `frameId`. */
  | { type: 'frameAck'; frameId: number }
  /** Save an exported picture: `data` is SVG text or a PNG data URL. */
  | { type: 'export'; fileName: string; format: 'png' | 'svg'; data: string }
  /** An error inside the view, for the output channel. */
  | { type: 'viewError'; message: string }
  /** Compute a loss-surface slice through the session's current Θ (the host assigns the request id). */
  | { type: 'surface'; axes: SurfaceAxes; resolution: number; range: number }
  | { type: 'cancelSurface' }
  /** Start a race of this kind: the file's own "race" when it varies that, else the slide's presets (host side). */
  | { type: 'race'; vary: RaceVary }
  | { type: 'cancelRace' };

export const WEBVIEW_COMMANDS: readonly WebviewCommand[] = [
  'train',
  'pause',
  'step',
  'stepSample',
  'stepEpoch',
  'reset',
  'saveWeights',
  'gradientCheck',
];
