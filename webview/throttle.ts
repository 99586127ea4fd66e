/** Runs `fn` now, or once `ms` after the last run (the newest call wins): text follows a stream of frames calmly. */
export class Throttle {
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private next: (() => void) | null = null;

  constructor(private readonly ms: number) {}

  run(fn: () => void): void {
    this.next = fn;
    if (this.timer !== null) return;
    const wait = this.last + this.ms - performance.now();
    if (wait <= 0) return this.fire();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.fire();
    }, wait);
  }

  private fire(): void {
    this.last = performance.now();
    const fn = this.next;
    this.next = null;
    fn?.();
  }
}
