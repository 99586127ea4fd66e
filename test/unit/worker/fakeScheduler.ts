/** A virtual clock for the worker's loops (src/worker/pacer.ts Scheduler): the tests need no sleeps. */
import type { Scheduler } from '../../../src/worker/pacer';

/**
 * A virtual clock with a timer queue. Reading the clock advances it by `readCost` ms (a loop that reads the clock while
 * it trains sees time pass, as on a real machine); `runUntil` fires timers in order of their due time.
 */
export class FakeScheduler implements Scheduler {
  time = 0;
  private queue: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  constructor(private readonly readCost = 0.001) {}
  now(): number {
    this.time += this.readCost;
    return this.time;
  }
  after(ms: number, fn: () => void): unknown {
    const id = this.nextId++;
    this.queue.push({ at: this.time + Math.max(ms, 0), fn, id });
    return id;
  }
  cancel(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  get pending(): number {
    return this.queue.length;
  }
  /** Fire timers until `done()` or no timer is left; returns whether `done()` became true. */
  runUntil(done: () => boolean, maxTimers = 1_000_000): boolean {
    for (let k = 0; k < maxTimers && !done(); k++) {
      if (this.queue.length === 0) return done();
      this.queue.sort((a, b) => a.at - b.at || a.id - b.id);
      const t = this.queue.shift();
      if (!t) break;
      this.time = Math.max(this.time, t.at);
      t.fn();
    }
    return done();
  }
}
