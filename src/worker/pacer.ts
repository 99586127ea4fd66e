/**
 * Pacing of the training loop (pure: the clock is passed in, so the tests need no sleeps).
 *
 * A Pacer holds a credit of updates that grows at `updatesPerSecond` while the run goes on; the loop spends one unit per
 * update and sleeps until the next unit is due. The credit is capped, so a loop that was held up (a long frame, a busy
 * machine) catches up by at most a fraction of a second instead of racing. Max pace (null) never waits.
 */
import { updatesPerSecond, type Pace } from '../shared/pace';
import { nextTurn, type Turn } from './immediate';

/** Time and timers for the worker's loop: the real ones in the worker, a fake one in the tests. */
export interface Scheduler {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Run `fn` after `ms` milliseconds (0: as soon as queued messages are handled). */
  after(ms: number, fn: () => void): unknown;
  cancel(handle: unknown): void;
}

export const realScheduler: Scheduler = {
  now: () => performance.now(),
  // The next turn (after pending messages) for no wait; a timer otherwise. nextTurn works in a Web Worker too.
  after: (ms, fn) => (ms <= 0 ? { turn: nextTurn(fn) } : { timeout: setTimeout(fn, ms) }),
  cancel: (handle) => {
    const h = handle as { turn?: Turn; timeout?: ReturnType<typeof setTimeout> };
    h.turn?.cancel();
    if (h.timeout) clearTimeout(h.timeout);
  },
};

/** Most catch-up after a hold-up, in seconds of updates (at least one update). */
const MAX_BACKLOG_SECONDS = 0.1;

export class Pacer {
  private ups: number | null;
  private credit = 0;
  private last = 0;

  constructor(pace: Pace) {
    this.ups = updatesPerSecond(pace);
  }

  /** Updates per second; null = max. */
  get updatesPerSecond(): number | null {
    return this.ups;
  }

  /** The run (re)starts at `now`: the first update is due at once, nothing owed from before. */
  start(now: number): void {
    this.credit = 1;
    this.last = now;
  }

  /** A new pace from `now` on; what was earned at the old pace is kept, up to one update. */
  set(pace: Pace, now: number): void {
    this.earn(now);
    this.ups = updatesPerSecond(pace);
    this.credit = Math.min(this.credit, 1);
  }

  /** How many updates may run at `now` (Infinity at max). */
  due(now: number): number {
    if (this.ups === null) return Infinity;
    this.earn(now);
    return Math.floor(this.credit);
  }

  /** `k` updates were made. */
  took(k: number): void {
    if (this.ups !== null) this.credit = Math.max(0, this.credit - k);
  }

  /** Milliseconds from `now` until the next update is due (0 when one is due, or at max). */
  wait(now: number): number {
    if (this.ups === null) return 0;
    this.earn(now);
    return this.credit >= 1 ? 0 : ((1 - this.credit) * 1000) / this.ups;
  }

  /** Whether every update should get its own frame: the pace is at most the frame rate. */
  framePerUpdate(frameRate: number): boolean {
    return this.ups !== null && this.ups <= frameRate;
  }

  private earn(now: number): void {
    if (this.ups === null) return;
    const dt = Math.max(0, now - this.last);
    this.last = now;
    const cap = Math.max(1, this.ups * MAX_BACKLOG_SECONDS);
    this.credit = Math.min(cap, this.credit + (dt * this.ups) / 1000);
  }
}

/**
 * A rate over a sliding window (updates/s, samples/s): `add(now, count)` at every update, `rate(now)` when a frame is
 * sent. Slow paces need a window of several updates to read steadily, so the window spans `windowMs` (default 2 s).
 */
export class RateMeter {
  private readonly times: number[] = [];
  private readonly counts: number[] = [];
  private sum = 0;

  constructor(private readonly windowMs = 2000) {}

  add(now: number, count: number): void {
    this.times.push(now);
    this.counts.push(count);
    this.sum += count;
    this.trim(now);
  }

  /** Per second, over the window up to `now`; 0 when there is nothing to measure yet. */
  rate(now: number): number {
    this.trim(now);
    if (this.times.length < 2) return 0;
    const span = now - this.times[0];
    if (span <= 0) return 0;
    // The first event opens the window; the count that followed it is what the span measured.
    return ((this.sum - this.counts[0]) * 1000) / span;
  }

  clear(): void {
    this.times.length = 0;
    this.counts.length = 0;
    this.sum = 0;
  }

  private trim(now: number): void {
    // Keep a bounded number of events: drop whole runs of old ones at once (cheap at max pace).
    let drop = 0;
    while (drop < this.times.length - 1 && now - this.times[drop] > this.windowMs) drop++;
    if (drop > 0) {
      for (let i = 0; i < drop; i++) this.sum -= this.counts[i];
      this.times.splice(0, drop);
      this.counts.splice(0, drop);
    }
  }
}
