/**
 * Per-epoch history (epoch, J(Θ), validation cost, accuracies) and the pure helpers that keep it: the host stores a
 * session's whole history and streams it to views in slices, and each view merges the slices it receives.
 */

/** Per-epoch history, struct of arrays: point k is (epoch[k], J[k], validationJ[k], …). */
export interface History {
  epoch: number[];
  J: number[];
  validationJ: (number | null)[];
  accuracy: (number | null)[];
  validationAccuracy: (number | null)[];
  /**
   * Whether point k's J is a running estimate (see Frame.estimated); its validation cost and accuracies are then null:
   * only exact evaluations have them.
   */
  estimated: boolean[];
}

const KEYS = ['epoch', 'J', 'validationJ', 'accuracy', 'validationAccuracy'] as const;

export function emptyHistory(): History {
  return { epoch: [], J: [], validationJ: [], accuracy: [], validationAccuracy: [], estimated: [] };
}

/** The points of `h` from index `start` on. */
export function historySlice(h: History, start: number): History {
  return {
    epoch: h.epoch.slice(start),
    J: h.J.slice(start),
    validationJ: h.validationJ.slice(start),
    accuracy: h.accuracy.slice(start),
    validationAccuracy: h.validationAccuracy.slice(start),
    estimated: h.estimated.slice(start),
  };
}

/**
 * Put `points`, which begin at index `start`, into `h`: points past the end are appended, points that overlap replace
 * what was there (after a reset the worker starts again from 0). A gap (start > length) appends after what is there,
 * since every point carries its own epoch. Every series gets one value per epoch of `points`: a series that is missing
 * or short (a message from an older host) is filled with null (`estimated` with false). Returns `h`, changed in place.
 */
export function mergeHistory(h: History, start: number, points: History): History {
  const at = Math.min(Math.max(0, start), h.epoch.length);
  const count = points.epoch.length;
  for (const k of KEYS) {
    const target = h[k] as (number | null)[];
    const source = (points[k] ?? []) as ArrayLike<number | null>;
    target.length = at;
    for (let i = 0; i < count; i++) target.push(i < source.length ? source[i] : null);
  }
  const estimated = (points.estimated ?? []) as ArrayLike<boolean>;
  h.estimated.length = at;
  for (let i = 0; i < count; i++) h.estimated.push(i < estimated.length && estimated[i] === true);
  return h;
}
