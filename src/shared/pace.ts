/**
 * The pace of training: how many updates of Θ the worker makes per second. One table shared by the file format
 * ("training.speed"), the setting nnViz.speed, the worker and the view's control (through src/protocol.ts).
 *
 * An update is one step Θ := Θ − α D on one batch: with full batch (B = m) one update is one epoch, with mini-batches
 * an epoch is ⌈m / B⌉ updates. The pace is the worker's: frames are never dropped to slow training down.
 */

/** The named paces, slowest first. */
export type PaceName = 'slow motion' | 'slow' | '1x' | '10x' | '100x' | 'max';

/** A named pace, or updates per second (MIN_UPDATES_PER_SECOND … MAX_UPDATES_PER_SECOND). */
export type Pace = PaceName | number;

export interface PaceInfo {
  name: PaceName;
  /** What the view shows, e.g. "1×". */
  label: string;
  /** Updates of Θ per second; null = as fast as the machine trains (max). */
  updatesPerSecond: number | null;
  /** One sentence for a teacher: what this pace is for. */
  description: string;
}

export const PACES: readonly PaceInfo[] = [
  {
    name: 'slow motion',
    label: 'slow motion',
    updatesPerSecond: 2,
    description: 'two updates a second, each in its own frame: follow every change of Θ',
  },
  {
    name: 'slow',
    label: 'slow',
    updatesPerSecond: 30,
    description: 'one update per frame: watch the weights drift',
  },
  {
    name: '1x',
    label: '1×',
    updatesPerSecond: 300,
    description: 'a small network learns in seconds, slowly enough to watch (the default)',
  },
  {
    name: '10x',
    label: '10×',
    updatesPerSecond: 3_000,
    description: 'ten times 1×: longer runs in seconds',
  },
  {
    name: '100x',
    label: '100×',
    updatesPerSecond: 30_000,
    description: 'a hundred times 1×',
  },
  {
    name: 'max',
    label: 'max',
    updatesPerSecond: null,
    description: 'as fast as this machine trains',
  },
];

export const PACE_NAMES: readonly PaceName[] = PACES.map((p) => p.name);

/** The pace when neither the view, the file nor the setting chose one. */
export const DEFAULT_PACE: PaceName = '1x';

export const MIN_UPDATES_PER_SECOND = 0.1;
export const MAX_UPDATES_PER_SECOND = 1_000_000;

export function isPaceName(v: unknown): v is PaceName {
  return typeof v === 'string' && (PACE_NAMES as readonly string[]).includes(v);
}

export function isPace(v: unknown): v is Pace {
  return (
    isPaceName(v) ||
    (typeof v === 'number' &&
      Number.isFinite(v) &&
      v >= MIN_UPDATES_PER_SECOND &&
      v <= MAX_UPDATES_PER_SECOND)
  );
}

/** Updates of Θ per second at this pace; null for max. */
export function updatesPerSecond(p: Pace): number | null {
  if (typeof p === 'number') return p;
  return PACES.find((x) => x.name === p)?.updatesPerSecond ?? null;
}

/** "1,000" — whole numbers with thousands separators, small ones with one decimal when needed. */
export function formatRate(v: number): string {
  if (v >= 10 || Number.isInteger(v)) return Math.round(v).toLocaleString('en-US');
  return v.toFixed(1);
}

/** What a teacher reads: "1× · 300 updates/s", "max · as fast as it goes", "50 updates/s". */
export function paceLabel(p: Pace): string {
  if (typeof p === 'number') return `${formatRate(p)} updates/s`;
  const info = PACES.find((x) => x.name === p);
  if (!info) return String(p);
  const ups = info.updatesPerSecond;
  return ups === null ? `${info.label} · as fast as it goes` : `${info.label} · ${formatRate(ups)} updates/s`;
}
