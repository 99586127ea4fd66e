/**
 * How often a running worker evaluates J(Θ) and the accuracies exactly, over the whole set.
 *
 * An exact evaluation is a forward pass over every sample: on 784-64-10 a third of an epoch's arithmetic. At full
 * speed the worker evaluates exactly at an epoch's end only while the time that took stays under SHARE of the time
 * since the last exact evaluation; the epochs between report the trainer's running estimate (EpochResult.estimated),
 * labelled as such in the views. A paced run sleeps between updates, so its epochs are usually all exact; so are the
 * epochs of a network as small as the lecture's logic gates, whose evaluation takes less than FREE_MS. A paused,
 * stepped or finished run is always exact (src/worker/run.ts).
 */

/** At most this share of a running worker's time goes to exact evaluations. */
export const EVALUATION_SHARE = 0.05;

/** An evaluation that takes less than this (ms) is always done: XOR's takes a microsecond or two. */
export const FREE_MS = 0.02;

export class EvaluationBudget {
  /** Milliseconds the last exact evaluation took. */
  private lastCost = 0;
  /** When the last exact evaluation ended. */
  private lastEnd = -Infinity;

  constructor(private readonly share = EVALUATION_SHARE) {}

  /** Whether the epoch ending at `now` may be evaluated exactly. */
  allows(now: number): boolean {
    return this.lastCost < FREE_MS || (now - this.lastEnd) * this.share >= this.lastCost;
  }

  /** A run starts (Train): what was spent before it, while the worker waited, does not count against it. */
  restart(): void {
    this.lastEnd = -Infinity;
  }

  /** An exact evaluation ran from `start` to `end` (by the worker's clock). */
  spent(start: number, end: number): void {
    this.lastCost = Math.max(0, end - start);
    this.lastEnd = end;
  }
}
