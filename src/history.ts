/** Per-epoch history kept by the host and streamed to views in slices (pure helpers, shared by host and tests). */
import type { History } from './protocol';

export function emptyHistory(): History {
  return { epoch: [], J: [], validationJ: [], accuracy: [], validationAccuracy: [] };
}

const KEYS = ['epoch', 'J', 'validationJ', 'accuracy', 'validationAccuracy'] as const;

/** The points of `h` from index `start` on. */
export function historySlice(h: History, start: number): History {
  return {
    epoch: h.epoch.slice(start),
    J: h.J.slice(start),
    validationJ: h.validationJ.slice(start),
    accuracy: h.accuracy.slice(start),
    validationAccuracy: h.validationAccuracy.slice(start),
  };
}

/**
 * Put `points`, which begin at index `start`, into `h`: points past the end are appended, points that overlap replace
 * what was there (after a reset the worker starts again from 0). Returns `h`, changed in place.
 */
export function mergeHistory(h: History, start: number, points: History): History {
  const at = Math.min(Math.max(0, start), h.epoch.length);
  for (const k of KEYS) {
    const target = h[k] as (number | null)[];
    target.length = at;
    for (const v of points[k]) target.push(v);
  }
  return h;
}
