/**
 * The cost-curve points a training run has not sent yet, and where they start in the whole history (the host merges
 * them there: src/shared/history.ts mergeHistory). A point sent as a running estimate is sent again, exact, when the
 * run stops at the same Θ (see TrainingRun.publish).
 */
import { emptyHistory, type History } from '../shared/history';
import type { Evaluation } from '../engine';

export class PendingHistory {
  private points: History = emptyHistory();
  /** Index of the first pending point in the whole history. */
  private start = 0;
  /** The newest point pushed: its epoch, and whether its J is a running estimate. */
  private newest: { epoch: number; estimated: boolean } | null = null;

  /** Point `epoch` with the evaluation's values (an estimate has no validation cost or accuracies). */
  push(epoch: number, e: Evaluation & { estimated?: true }): void {
    const h = this.points;
    h.epoch.push(epoch);
    h.J.push(e.J);
    h.validationJ.push(e.validationJ);
    h.accuracy.push(e.accuracy);
    h.validationAccuracy.push(e.validationAccuracy);
    h.estimated.push(e.estimated === true);
    this.newest = { epoch, estimated: e.estimated === true };
  }

  /**
   * The newest point, if it is epoch `epoch` and an estimate, takes the exact evaluation of the same Θ instead; a point
   * already sent goes out again (the frame's historyStart one earlier).
   */
  replaceEstimate(epoch: number, e: Evaluation): void {
    if (this.newest?.epoch !== epoch || !this.newest.estimated) return;
    const h = this.points;
    if (h.epoch.length > 0) for (const series of Object.values(h) as unknown[][]) series.pop();
    else this.start--;
    this.push(epoch, e);
  }

  /** The pending points and their index in the whole history; from now on they count as sent. */
  take(): { historyStart: number; history: History } {
    const out = { historyStart: this.start, history: this.points };
    this.start += this.points.epoch.length;
    this.points = emptyHistory();
    return out;
  }

  /** A reset: the history starts over at index 0. */
  clear(): void {
    this.points = emptyHistory();
    this.start = 0;
    this.newest = null;
  }
}
