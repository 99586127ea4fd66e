/** Helpers of TrainingSession (src/host/session.ts): kept apart so the session stays readable. */
import type * as vscode from 'vscode';
import type { Hyper, NetworkSpec, Pace, RaceFrame, SpecError, ToWorker } from '../protocol';
import type { Platform } from './platform/types';
import { readDataFiles } from './dataFiles';

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

/** The 'load' message of `spec`, once the data files it names are read; `pace` gives the pace and notes it as sent. */
export function loadMessage(
  spec: NetworkSpec,
  uri: vscode.Uri,
  options: SessionOptions,
  pace: () => Pace,
): Promise<ToWorker> {
  return readDataFiles(spec, uri, options.extensionUri, options.platform).then((files): ToWorker => ({
    type: 'load',
    spec,
    files,
    frameRate: options.frameRate(),
    inspected: options.inspected(),
    boundaryResolution: options.boundaryResolution(),
    pace: pace(),
  }));
}

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
