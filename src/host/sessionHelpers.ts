/** Pure helpers of TrainingSession (src/host/session.ts): kept apart so the session stays readable. */
import type { Hyper, NetworkSpec, RaceFrame } from '../protocol';

/**
 * Merge a race frame's new points (each run's history from its `historyStart` on) into the whole race kept by the
 * session; a frame of another race starts a new whole.
 */
export function mergeRaceFrame(whole: RaceFrame | null, frame: RaceFrame): RaceFrame {
  if (!whole || whole.raceId !== frame.raceId)
    return { ...frame, runs: frame.runs.map((r) => ({ ...r, historyStart: 0 })) };
  return {
    ...frame,
    runs: frame.runs.map((r, k) => {
      const h = whole.runs[k]?.history ?? { epoch: [], J: [] };
      const keep = Math.min(r.historyStart, h.epoch.length);
      return {
        ...r,
        historyStart: 0,
        history: {
          epoch: h.epoch.slice(0, keep).concat(r.history.epoch),
          J: h.J.slice(0, keep).concat(r.history.J),
        },
      };
    }),
  };
}

export function hyperOf(spec: NetworkSpec): Hyper {
  return {
    learningRate: spec.training.learningRate,
    lambda: spec.training.lambda,
    batchSize: spec.training.batchSize,
    optimizer: spec.training.optimizer.name,
  };
}
