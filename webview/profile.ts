/**
 * Where a frame's time goes: performance.now() around each view's work, kept only while measuring (the frame-time
 * benchmark turns it on), so that the spikes of a frame are attributed to a view rather than guessed.
 */
export class FrameProfile {
  on = false;
  private readonly samples = new Map<string, number[]>();

  /** Runs fn, adding its duration to `name` when measuring. */
  time<T>(name: string, fn: () => T): T {
    if (!this.on) return fn();
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      const list = this.samples.get(name) ?? [];
      list.push(performance.now() - t0);
      this.samples.set(name, list);
    }
  }

  clear(): void {
    this.samples.clear();
  }

  /** Per section: count, median, p95 and max in ms. */
  stats(): Record<string, { n: number; median: number; p95: number; max: number }> {
    const out: Record<string, { n: number; median: number; p95: number; max: number }> = {};
    for (const [name, list] of this.samples) {
      const s = [...list].sort((a, b) => a - b);
      const q = (p: number): number => +s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(2);
      out[name] = { n: s.length, median: q(0.5), p95: q(0.95), max: q(1) };
    }
    return out;
  }
}
