/**
 * Early stopping: after every epoch the monitored cost (validation J, or J without a validation part) is compared with
 * the best so far; `patience` epochs without an improvement of more than `minDelta` stop training, and with
 * `restoreBest` the Θ of the best epoch is put back.
 */
import type { Matrix } from './matrix';
import { cloneTheta } from './network';
import type { EarlyStoppingSpec } from './spec-types';

/** What an epoch's result means for early stopping: go on, stop, or stop with the best Θ restored. */
export type EarlyStoppingVerdict = null | 'stop' | 'restored';

export class EarlyStopping {
  private best = Infinity;
  private bestEpochValue: number | null = null;
  private bestTheta: Matrix[] | null = null;
  private wait = 0;

  constructor(private readonly spec: EarlyStoppingSpec | null) {}

  /** Epoch with the best monitored cost so far; null when early stopping is off or before the first epoch. */
  get bestEpoch(): number | null {
    return this.bestEpochValue;
  }

  /** Records epoch `epoch`'s monitored cost; on a stop with `restoreBest`, copies the best Θ into `theta`. */
  observe(epoch: number, monitor: number, theta: Matrix[]): EarlyStoppingVerdict {
    const es = this.spec;
    if (!es) return null;
    if (monitor < this.best - es.minDelta) {
      this.best = monitor;
      this.bestEpochValue = epoch;
      this.wait = 0;
      if (es.restoreBest) this.bestTheta = cloneTheta(theta);
      return null;
    }
    if (++this.wait < es.patience) return null;
    const saved = this.bestTheta;
    if (!es.restoreBest || !saved) return 'stop';
    theta.forEach((t, l) => t.data.set(saved[l].data));
    return 'restored';
  }

  /** Wait the patience afresh (training goes on after a stop); the best cost stays the one to beat. */
  restartPatience(): void {
    this.wait = 0;
  }

  reset(): void {
    this.best = Infinity;
    this.bestEpochValue = null;
    this.bestTheta = null;
    this.wait = 0;
  }
}
