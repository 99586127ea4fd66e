/**
 * All state of the visualizer in one place (like TensorFlow Playground's state.ts).
 *
 * - `UiState` is what the user chose (tab, toggles, inspected sample, stepper history and cursor). It is plain
 *   JSON, kept across hide/reload with the webview API's getState/setState, and validated field by field when
 *   restored, so a stale or foreign object never breaks the view.
 * - `Model` is what the host streamed (document, session, dataset, latest frame, history). It is rebuilt from the
 *   host's messages after every reload and never persisted.
 */
import type {
  DatasetInfo,
  DocumentInfo,
  ViewFrame,
  GradientCheckResult,
  History,
  Hyper,
  NetworkSpec,
  RaceFrame,
  RaceVary,
  SessionState,
  StepRecord,
  SurfaceResult,
  WeightRef,
} from '../src/protocol';
import { emptyHistory, RACE_VARIES } from '../src/protocol';

export const TABS = ['weights', 'curves', 'boundary', 'table', 'activations', 'labs', 'worksheet'] as const;
export type TabId = (typeof TABS)[number];

export const HEATMAP_MODES = ['theta', 'D', 'update'] as const;
export type HeatmapMode = (typeof HEATMAP_MODES)[number];

/** A unit in the lecture's 1-based notation: layer j, unit i (0 = the bias unit). */
export interface UnitRef {
  layer: number;
  unit: number;
}

export interface UiState {
  version: 1;
  tab: TabId;
  heatmapMode: HeatmapMode;
  /** For image inputs: show each hidden unit's row of Θ^(1) as a picture (on by default). */
  unitImages: boolean;
  /** One colour scale for all Θ^(l) in the heatmaps instead of one per matrix. */
  sameScale: boolean;
  logScale: boolean;
  stepperOpen: boolean;
  /** 0-based row (file order) of the inspected sample, training or validation (shown 1-based: i = 1 … m). */
  inspected: number;
  selectedUnit: UnitRef | null;
  /** The stepper's local history: records of the current and earlier samples' loops, and the cursor into them. */
  steps: { records: StepRecord[]; cursor: number };
  /** The Labs tab's choices. */
  labs: LabsUi;
  /** The worksheet's checked answers as typed, by question (views/worksheet.ts), so a reload keeps them. */
  worksheet: Record<string, string>;
}

export const SURFACE_RESOLUTIONS: readonly number[] = [21, 31, 41, 61, 81, 101];

export interface LabsUi {
  /** The slice's axes: two chosen weights Θ_ji^(l), or two random filter-normalized directions. */
  surfaceKind: 'weights' | 'random';
  /** The chosen weights (lecture indices), null until picked. */
  a: WeightRef | null;
  b: WeightRef | null;
  resolution: number;
  range: number;
  seed: number;
  raceKind: RaceVary;
  /** Log scale for the race's J(Θ). */
  raceLog: boolean;
}

export function defaultLabsUi(): LabsUi {
  return {
    surfaceKind: 'weights',
    a: null,
    b: null,
    resolution: 41,
    range: 4,
    seed: 1,
    raceKind: 'learningRate',
    raceLog: true,
  };
}

function weightRef(v: unknown): WeightRef | null {
  if (!isRecord(v)) return null;
  const { layer, row, col } = v;
  return nonNegativeInt(layer, 0) >= 1 && nonNegativeInt(row, 0) >= 1 && nonNegativeInt(col, -1) >= 0
    ? { layer: layer as number, row: row as number, col: col as number }
    : null;
}

export function restoreLabsUi(raw: unknown): LabsUi {
  const d = defaultLabsUi();
  if (!isRecord(raw)) return d;
  const range = raw.range;
  return {
    surfaceKind: oneOf(['weights', 'random'] as const, raw.surfaceKind, d.surfaceKind),
    a: weightRef(raw.a),
    b: weightRef(raw.b),
    resolution: SURFACE_RESOLUTIONS.includes(raw.resolution as number)
      ? (raw.resolution as number)
      : d.resolution,
    range:
      typeof range === 'number' && Number.isFinite(range) && range > 0 && range <= 1000 ? range : d.range,
    seed: nonNegativeInt(raw.seed, d.seed),
    raceKind: oneOf(RACE_VARIES, raw.raceKind, d.raceKind),
    raceLog: typeof raw.raceLog === 'boolean' ? raw.raceLog : d.raceLog,
  };
}

/** Merges a race frame (new points from `historyStart` on) into the whole race; a new race id starts over. */
export function mergeRaceFrame(whole: RaceFrame | null, frame: RaceFrame): RaceFrame {
  const same = whole !== null && whole.raceId === frame.raceId;
  return {
    ...frame,
    runs: frame.runs.map((r, k) => {
      const h = same ? (whole.runs[k]?.history ?? { epoch: [], J: [] }) : { epoch: [], J: [] };
      const keep = Math.min(r.historyStart, h.epoch.length);
      return {
        ...r,
        historyStart: 0,
        history: {
          epoch: h.epoch.slice(0, keep).concat(Array.from(r.history.epoch)),
          J: h.J.slice(0, keep).concat(Array.from(r.history.J)),
        },
      };
    }),
  };
}

export function defaultUiState(): UiState {
  return {
    version: 1,
    tab: 'weights',
    heatmapMode: 'theta',
    unitImages: true,
    sameScale: false,
    logScale: false,
    stepperOpen: true,
    inspected: 0,
    selectedUnit: null,
    steps: { records: [], cursor: -1 },
    labs: defaultLabsUi(),
    worksheet: {},
  };
}

/** At most this many worksheet answers are kept, each at most 2,000 characters. */
const MAX_WORKSHEET_ANSWERS = 200;

function restoreWorksheet(raw: unknown): Record<string, string> {
  if (!isRecord(raw)) return {};
  const kept = Object.entries(raw).filter(([, v]) => typeof v === 'string' && v.length <= 2000);
  return Object.fromEntries(kept.slice(-MAX_WORKSHEET_ANSWERS)) as Record<string, string>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function oneOf<T extends string>(values: readonly T[], v: unknown, fallback: T): T {
  return typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : fallback;
}

function nonNegativeInt(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : fallback;
}

const STEP_KINDS: readonly string[] = [
  'zeroDelta',
  'input',
  'forward',
  'outputDelta',
  'hiddenDelta',
  'accumulate',
  'gradient',
  'update',
];

/** Restores a persisted state, keeping every field that is well-formed and defaulting the rest. */
export function restoreUiState(raw: unknown): UiState {
  const d = defaultUiState();
  if (!isRecord(raw) || raw.version !== 1) return d;
  const sel = raw.selectedUnit;
  const steps = raw.steps;
  let records: StepRecord[] = [];
  let cursor = -1;
  if (isRecord(steps) && Array.isArray(steps.records)) {
    records = steps.records.filter(
      (r): r is StepRecord => isRecord(r) && STEP_KINDS.includes(String(r.kind)),
    );
    cursor =
      typeof steps.cursor === 'number' && Number.isInteger(steps.cursor) ? steps.cursor : records.length - 1;
    cursor = Math.max(records.length ? 0 : -1, Math.min(records.length - 1, cursor));
  }
  return {
    version: 1,
    tab: oneOf(TABS, raw.tab, d.tab),
    heatmapMode: oneOf(HEATMAP_MODES, raw.heatmapMode, d.heatmapMode),
    unitImages: typeof raw.unitImages === 'boolean' ? raw.unitImages : d.unitImages,
    sameScale: typeof raw.sameScale === 'boolean' ? raw.sameScale : d.sameScale,
    logScale: typeof raw.logScale === 'boolean' ? raw.logScale : d.logScale,
    stepperOpen: typeof raw.stepperOpen === 'boolean' ? raw.stepperOpen : d.stepperOpen,
    inspected: nonNegativeInt(raw.inspected, d.inspected),
    selectedUnit:
      isRecord(sel) && nonNegativeInt(sel.layer, 0) >= 1 && nonNegativeInt(sel.unit, -1) >= 0
        ? { layer: sel.layer as number, unit: sel.unit as number }
        : null,
    steps: { records, cursor },
    labs: restoreLabsUi(raw.labs),
    worksheet: restoreWorksheet(raw.worksheet),
  };
}

/** Step records are small for small nets; for wide ones (784 inputs) they are not persisted, only the cursor. */
const MAX_PERSISTED_NUMBERS = 20000;

function countNumbers(v: unknown): number {
  if (typeof v === 'number') return 1;
  if (Array.isArray(v)) return v.reduce((s: number, x: unknown) => s + countNumbers(x), 0);
  if (isRecord(v)) return Object.values(v).reduce((s: number, x: unknown) => s + countNumbers(x), 0);
  return 0;
}

/** The JSON to persist: the UI state, with the step records left out when they are large. */
export function persistableUiState(ui: UiState): UiState {
  if (countNumbers(ui.steps.records) <= MAX_PERSISTED_NUMBERS) return ui;
  return { ...ui, steps: { records: [], cursor: -1 } };
}

/** What the host streamed. */
export interface Model {
  document: DocumentInfo | null;
  /** The last spec that parsed, kept to draw a dimmed picture while the document is invalid. */
  lastGoodSpec: NetworkSpec | null;
  session: SessionState;
  sessionMessage: string | null;
  dataset: DatasetInfo | null;
  hyper: Hyper | null;
  frame: ViewFrame | null;
  history: History;
  earlyStopEpoch: number | null;
  gradientCheck: GradientCheckResult | null;
  /** Labs: the last loss-surface slice, the progress of the one being computed, a refusal; the race. */
  surface: SurfaceResult | null;
  surfaceProgress: { rowsDone: number; rows: number } | null;
  surfaceMessage: string | null;
  race: RaceFrame | null;
}

export function emptyModel(): Model {
  return {
    document: null,
    lastGoodSpec: null,
    session: 'loading',
    sessionMessage: null,
    dataset: null,
    hyper: null,
    frame: null,
    history: emptyHistory(),
    earlyStopEpoch: null,
    gradientCheck: null,
    surface: null,
    surfaceProgress: null,
    surfaceMessage: null,
    race: null,
  };
}

/** The layer sizes s_1..s_L of the network on screen, or null when there is none yet. */
export function layerSizes(model: Model): number[] | null {
  const spec = model.document?.spec ?? model.lastGoodSpec;
  return spec ? spec.layers.map((l) => l.units) : null;
}

export function activations(model: Model): string[] {
  const spec = model.document?.spec ?? model.lastGoodSpec;
  return spec ? spec.layers.map((l) => l.activation) : [];
}

/** Where the stepper stands: what to do when new records arrive. */
export type StepIntent = 'next' | 'last' | null;

/** The stepper keeps earlier samples' records (Back crosses sample boundaries) up to this many records. */
export const MAX_STEP_HISTORY = 400;

/**
 * Adds streamed step records to the local history. Earlier samples stay (up to MAX_STEP_HISTORY records, the oldest
 * dropped first), so Back walks across sample and batch boundaries; `restart` (a new sample's loop) moves the cursor
 * to the first new record. The cursor follows the new records when it was at the end (or when the user asked), else
 * stays.
 */
export function addStepRecords(
  steps: UiState['steps'],
  records: StepRecord[],
  restart: boolean,
  intent: StepIntent,
): UiState['steps'] {
  const wasAtEnd = steps.cursor >= steps.records.length - 1;
  let all = steps.records.concat(records);
  const dropped = Math.max(0, all.length - MAX_STEP_HISTORY);
  if (dropped) all = all.slice(dropped);
  const first = steps.records.length - dropped;
  if (all.length === 0) return { records: all, cursor: -1 };
  let cursor = Math.max(0, steps.cursor - dropped);
  if (intent === 'last') cursor = all.length - 1;
  else if (intent === 'next' || wasAtEnd || restart) cursor = Math.min(Math.max(first, 0), all.length - 1);
  return { records: all, cursor };
}
