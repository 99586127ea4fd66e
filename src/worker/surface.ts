/**
 * A loss-surface slice computed in the worker: row by row with a yield (nextTurn) between rows, so a cancel (or any other
 * command) is handled between two rows, and a progress message after each row (at most ~20 a second).
 */
import {
  type SurfaceSlice,
  checkSurfaceRequest,
  projectOnto,
  surfaceCostEstimate,
  surfaceDirections,
  type SurfaceAxes,
  type ThetaTrail,
  type Trainer,
} from '../engine';
import type { FromWorker, SurfaceRequest, SurfaceResult } from '../protocol';
import { nextTurn, type Turn } from './immediate';

type Send = (message: FromWorker, transfer?: ArrayBuffer[]) => void;

const PROGRESS_MS = 50;

const SUB = '₀₁₂₃₄₅₆₇₈₉';
const sub = (n: number): string => String(n).replace(/\d/g, (d) => SUB[Number(d)]);
const SUP: Record<string, string> = { '(': '⁽', ')': '⁾' };
const sup = (n: number): string => `(${n})`.replace(/[()\d]/g, (c) => SUP[c] ?? '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(c)]);

/** Axis names in the lecture's notation. */
export function axisLabels(axes: SurfaceAxes): [string, string] {
  if (axes.kind === 'random')
    return ['α · d₁ (random, filter-normalized)', 'β · d₂ (random, filter-normalized)'];
  const w = (r: { layer: number; row: number; col: number }) => `Θ${sub(r.row)}${sub(r.col)}${sup(r.layer)}`;
  return [`Δ${w(axes.a)}`, `Δ${w(axes.b)}`];
}

export class SurfaceJob {
  private timer: Turn | null = null;
  private cancelled = false;
  private lastProgress = 0;

  private constructor(
    readonly requestId: number,
    private readonly slice: SurfaceSlice,
    private readonly result: Omit<SurfaceResult, 'J'> & { J: Float64Array },
    private readonly send: Send,
    private readonly onDone: () => void,
  ) {}

  /**
   * Starts a slice through the trainer's current Θ, or refuses it (sending surfaceRefused with the reason and, when
   * too costly, the estimate against the budget). Returns the job, or null when refused.
   */
  static start(
    request: SurfaceRequest,
    trainer: Trainer,
    trail: ThetaTrail,
    send: Send,
    onDone: () => void,
  ): SurfaceJob | null {
    const refuse = (message: string): null => {
      send({ type: 'surfaceRefused', requestId: request.requestId, message, cancelled: false });
      return null;
    };
    const net = trainer.network;
    const m = trainer.trainM;
    const why = checkSurfaceRequest(net.sizes, m, request.resolution, request.range);
    if (why) return refuse(`The loss surface was not computed: ${why}`);
    let d1: Float64Array[], d2: Float64Array[];
    try {
      [d1, d2] = surfaceDirections(net, request.axes);
    } catch (e) {
      return refuse(`The loss surface was not computed: ${e instanceof Error ? e.message : String(e)}`);
    }
    // Through the trainer's Θ over its training part, so the centre is Trainer.evaluate's J bit for bit.
    const slice = trainer.surfaceSlice(d1, d2, request.resolution, request.range);
    const theta0 = slice.theta0;
    const trajectory = {
      epoch: [] as number[],
      alpha: [] as number[],
      beta: [] as number[],
      J: [] as number[],
    };
    trail.thetas.forEach((th, k) => {
      const [a, b] = projectOnto(th, theta0, d1, d2);
      trajectory.epoch.push(trail.epochs[k]);
      trajectory.alpha.push(a);
      trajectory.beta.push(b);
      trajectory.J.push(trail.costs[k]);
    });
    const res = request.resolution;
    const job = new SurfaceJob(
      request.requestId,
      slice,
      {
        requestId: request.requestId,
        axes: request.axes,
        labels: axisLabels(request.axes),
        resolution: res,
        range: request.range,
        coords: slice.coords,
        J: new Float64Array(res * res),
        J0: trainer.evaluate().J,
        epoch: trainer.epoch,
        trajectory,
        cost: surfaceCostEstimate(net.sizes, m, res),
      },
      send,
      onDone,
    );
    job.next(0);
    return job;
  }

  private next(k: number): void {
    this.timer = nextTurn(() => {
      this.timer = null;
      if (this.cancelled) return;
      const res = this.result.resolution;
      this.result.J.set(this.slice.row(k), k * res);
      const now = Date.now();
      if (k + 1 < res) {
        if (now - this.lastProgress >= PROGRESS_MS) {
          this.lastProgress = now;
          this.send({ type: 'surfaceProgress', requestId: this.requestId, rowsDone: k + 1, rows: res });
        }
        this.next(k + 1);
        return;
      }
      this.send({ type: 'surfaceProgress', requestId: this.requestId, rowsDone: res, rows: res });
      const result: SurfaceResult = { ...this.result, coords: this.result.coords.slice() };
      this.send({ type: 'surface', result });
      this.onDone();
    });
  }

  /** Stops at once (no more rows) and tells the host. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.timer?.cancel();
    this.timer = null;
    this.send({
      type: 'surfaceRefused',
      requestId: this.requestId,
      message: 'The loss surface was cancelled.',
      cancelled: true,
    });
    this.onDone();
  }
}
