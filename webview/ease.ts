/**
 * Between two frames the picture moves instead of jumping: Θ (edge widths and colours, heatmap cells) and the inspected
 * sample's activations (unit fills) ease from what is on screen to the new frame's values within one frame interval
 * (the time since the previous frame, at most MAX_MS), with an ease-out curve. `prefers-reduced-motion: reduce` turns
 * it off, and so do networks too large to redraw every animation frame (MAX_WEIGHTS), where the frames come faster
 * than one would see a transition anyway.
 */
import type { ViewFrame } from '../src/protocol';

const MAX_MS = 400;
/** Networks with more weights than this are not eased (784-64-10 has 50,890). */
const MAX_WEIGHTS = 20_000;

const reduceMotion = (): boolean =>
  typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

type Arrays = ArrayLike<number>[];

function sameShape(a: Arrays | undefined, b: Arrays | undefined): boolean {
  return !!a && !!b && a.length === b.length && a.every((x, i) => x.length === b[i].length);
}

function lerp(from: Arrays, to: Arrays, k: number): Float64Array[] {
  return to.map((t, l) => {
    const f = from[l];
    const out = new Float64Array(t.length);
    for (let i = 0; i < t.length; i++) out[i] = f[i] + (t[i] - f[i]) * k;
    return out;
  });
}

/** Ease-out cubic: fast start, gentle arrival. */
const easeOut = (t: number): number => 1 - (1 - t) ** 3;

export class FrameTween {
  private from: { theta: Arrays; a: Arrays | null } | null = null;
  private to: ViewFrame | null = null;
  private shown: { theta: Arrays; a: Arrays | null } | null = null;
  private start = 0;
  private duration = 0;
  private lastArrival = 0;
  /** Progress k of every eased draw since the last frame (for the browser tests). */
  readonly log: number[] = [];
  /** The second entry of the last Θ drawn at each of those steps (for the browser tests). */
  readonly trace: number[] = [];

  /** A new frame arrived: ease from what is shown now to it. */
  begin(f: ViewFrame, now: number): void {
    const interval = this.lastArrival ? now - this.lastArrival : 0;
    this.lastArrival = now;
    const weights = f.theta.reduce((s, t) => s + t.length, 0);
    const shown = this.shown;
    const ok =
      !reduceMotion() &&
      weights <= MAX_WEIGHTS &&
      !!shown &&
      sameShape(shown.theta, f.theta) &&
      (shown.a === null) === !f.inspected &&
      (!shown.a || sameShape(shown.a, f.inspected?.a));
    this.from = ok ? shown : null;
    this.to = f;
    this.start = now;
    this.duration = ok ? Math.min(MAX_MS, interval) : 0;
    this.log.length = 0;
    this.trace.length = 0;
  }

  /** True while the picture is still moving towards the last frame. */
  get active(): boolean {
    return !!this.to && this.duration > 0 && this.log[this.log.length - 1] !== 1;
  }

  /** The frame to draw at time `now`: the new one, with Θ and a part of the way from the previous picture. */
  at(now: number): ViewFrame | null {
    const to = this.to;
    if (!to) return null;
    const k = this.duration > 0 && this.from ? easeOut(Math.min(1, (now - this.start) / this.duration)) : 1;
    this.log.push(k);
    let f: ViewFrame = to;
    if (k < 1 && this.from) {
      const theta = lerp(this.from.theta, to.theta, k);
      const ins = to.inspected;
      const a = ins && this.from.a ? lerp(this.from.a, ins.a, k) : null;
      f = { ...to, theta, inspected: ins && a ? { ...ins, a } : ins };
    }
    this.shown = { theta: f.theta, a: f.inspected?.a ?? null };
    this.trace.push(f.theta[f.theta.length - 1]?.[1] ?? NaN);
    return f;
  }

  /** For the browser tests: whether it is moving, and the progress and Θ of every eased draw since the last frame. */
  stats(): { active: boolean; log: number[]; trace: number[] } {
    return { active: this.active, log: this.log.slice(), trace: this.trace.slice() };
  }

  /** Forget the picture (new topology, new document). */
  reset(): void {
    this.shown = null;
    this.from = null;
    this.to = null;
    this.lastArrival = 0;
  }
}
