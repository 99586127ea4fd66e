/**
 * The batch plan of an epoch: full batch (B = 0 or B ≥ m) keeps the training part's order; mini-batch and stochastic
 * (B = 1) reshuffle it every epoch from the trainer's shuffle stream. Positions index the training part (0 … m−1).
 */
import type { Random } from './random';

export class BatchPlan {
  /** Positions (into the training part) in this epoch's order. */
  private readonly order: Uint32Array;
  private cursor = 0;
  private started = false;

  /** `rows`: the dataset rows of the training part, in file order. */
  constructor(private readonly rows: Uint32Array) {
    this.order = Uint32Array.from({ length: rows.length }, (_, i) => i);
  }

  /** Samples of the current epoch already used. */
  get position(): number {
    return this.cursor;
  }

  /** B as used: the whole training part for B = 0, never more than it. */
  effectiveSize(batchSize: number): number {
    const m = this.rows.length;
    return batchSize === 0 ? m : Math.min(batchSize, m);
  }

  /** Positions of the next batch (a view, valid until the plan moves on), starting the epoch if needed. */
  positions(batchSize: number, shuffle: Random): Uint32Array {
    if (!this.started) this.startEpoch(batchSize, shuffle);
    const b = Math.min(this.effectiveSize(batchSize), this.rows.length - this.cursor);
    return this.order.subarray(this.cursor, this.cursor + b);
  }

  /** Dataset rows of the next batch (a copy), starting the epoch if needed. */
  rowsOf(batchSize: number, shuffle: Random): Uint32Array {
    return this.rowsAt(this.positions(batchSize, shuffle));
  }

  /** Dataset rows at `positions` (a copy). */
  rowsAt(positions: Uint32Array): Uint32Array {
    const out = new Uint32Array(positions.length);
    for (let r = 0; r < positions.length; r++) out[r] = this.rows[positions[r]];
    return out;
  }

  /** Moves past a batch of `b` samples; returns whether that completed the epoch. */
  advance(b: number): boolean {
    this.cursor += b;
    return this.cursor >= this.rows.length;
  }

  /** Ends the epoch (also when it was cut short): the next batch starts a new one. */
  endEpoch(): void {
    this.cursor = 0;
    this.started = false;
  }

  /** Back to file order, no epoch started. */
  reset(): void {
    this.order.forEach((_, i, o) => (o[i] = i));
    this.endEpoch();
  }

  private startEpoch(batchSize: number, shuffle: Random): void {
    this.cursor = 0;
    this.started = true;
    if (this.effectiveSize(batchSize) >= this.rows.length) this.order.forEach((_, i, o) => (o[i] = i));
    else shuffle.shuffle(this.order);
  }
}
