/**
 * A race in the worker: several Trainers of one network, time-sliced round-robin (a few batches each per turn, in
 * slices of a few milliseconds with a yield (nextTurn) between slices, so commands and the session's own training go on).
 * At a pace (the session's: slow motion … 100×) every run makes that many updates of Θ a second, in lockstep, so a class
 * can watch the runs draw apart; at max they run as fast as the slices allow.
 * A run that diverges is marked and stops; the others go on. Cancelling stops all work at once.
 * Frames carry only the history points not sent yet, at most `frameRate` a second.
 */
import { Trainer, Workspace, equalRows, forward, raceRuns, type Network } from '../engine';
import { LIMITS } from '../format';
import type { Dataset, NetworkSpec, RaceSpec } from '../shared/spec';
import type { FromWorker, RaceFrame, RaceRunFrame } from '../protocol';
import { inputGrid } from './grid';
import { Pacer, realScheduler, type Scheduler } from './pacer';
import type { Pace } from '../shared/pace';

type Send = (message: FromWorker, transfer?: ArrayBuffer[]) => void;

const SLICE_MS = 12;
/** Batches each run does per turn of the round-robin. */
const BATCHES_PER_TURN = 4;
/** Boundary thumbnails of 2-input networks: points per axis. */
const BOUNDARY_RESOLUTION = 32;
/**
 * A run whose J(Θ) exceeds this many times its initial J is marked diverged too: with a sigmoid output the clamped
 * cross-entropy stays finite while the steps overshoot, so waiting for NaN would never end.
 */
const DIVERGENCE_FACTOR = 50;

interface Run {
  label: string;
  value: number | string;
  trainer: Trainer;
  state: RaceRunFrame['state'];
  message: string | null;
  J: number;
  J0: number;
  sent: number;
  history: { epoch: number[]; J: number[] };
  boundaryWs: Workspace | null;
}

/** How a race is paced: the session's pace, and the clock (a fake one in the tests). */
export interface RacePacing {
  pace: Pace;
  clock?: Scheduler;
}

export class RaceRunner {
  private readonly runs: Run[];
  private timer: unknown = null;
  private readonly pacer: Pacer;
  private readonly clock: Scheduler;
  private lastFrameAt = 0;
  private state: RaceFrame['state'] = 'running';
  private turn = 0;
  private readonly grid: { X: Float64Array; extent: [number, number, number, number] } | null;

  private constructor(
    readonly raceId: number,
    private readonly race: RaceSpec,
    private readonly spec: NetworkSpec,
    dataset: Dataset,
    private readonly send: Send,
    private readonly frameRate: () => number,
    pacing: RacePacing,
  ) {
    this.clock = pacing.clock ?? realScheduler;
    this.pacer = new Pacer(pacing.pace);
    this.runs = raceRuns(spec, race).map((r) => {
      const trainer = new Trainer(r.spec, dataset);
      const J0 = trainer.evaluate().J;
      return {
        label: r.label,
        value: r.value,
        trainer,
        state: 'running' as const,
        message: null,
        J: J0,
        J0,
        sent: 0,
        history: { epoch: [0], J: [J0] },
        boundaryWs: null,
      };
    });
    this.grid = dataset.n === 2 ? inputGrid(dataset, BOUNDARY_RESOLUTION) : null;
  }

  /** Starts a race, or refuses it (raceRefused with the reason) and returns null. */
  static start(
    raceId: number,
    race: RaceSpec,
    spec: NetworkSpec,
    dataset: Dataset,
    send: Send,
    frameRate: () => number,
    pacing: RacePacing = { pace: 'max' },
  ): RaceRunner | null {
    if (race.values.length > LIMITS.maxRaceRuns) {
      send({
        type: 'raceRefused',
        raceId,
        message: `A race runs at most ${LIMITS.maxRaceRuns} networks at once; this one asks for ${race.values.length}.`,
      });
      return null;
    }
    let runner: RaceRunner;
    try {
      runner = new RaceRunner(raceId, race, spec, dataset, send, frameRate, pacing);
    } catch (e) {
      send({
        type: 'raceRefused',
        raceId,
        message: `The race could not start: ${e instanceof Error ? e.message : String(e)}`,
      });
      return null;
    }
    runner.publish(true);
    runner.pacer.start(runner.clock.now());
    runner.schedule(0);
    return runner;
  }

  get running(): boolean {
    return this.state === 'running';
  }

  /** The runs' trainers (for tests of fairness). */
  get trainers(): Trainer[] {
    return this.runs.map((r) => r.trainer);
  }

  /** The session's pace changed: the race follows it from now on. */
  setPace(pace: Pace): void {
    this.pacer.set(pace, this.clock.now());
    if (this.timer === null) return;
    this.clock.cancel(this.timer);
    this.timer = null;
    this.schedule(this.pacer.wait(this.clock.now()));
  }

  private schedule(ms: number): void {
    if (this.timer === null && this.state === 'running') this.timer = this.clock.after(ms, () => this.tick());
  }

  private tick(): void {
    this.timer = null;
    if (this.state !== 'running') return;
    const start = this.clock.now();
    const rounds = this.pacer.updatesPerSecond === null ? this.fastSlice(start) : this.pacedSlice(start);
    this.pacer.took(rounds);
    if (this.runs.every((r) => r.state !== 'running')) this.state = 'finished';
    // Slow motion: each update of the runs gets its own frame.
    this.publish(this.state !== 'running' || (rounds > 0 && this.pacer.framePerUpdate(this.frameRate())));
    this.schedule(this.pacer.wait(this.clock.now()));
  }

  /** Max pace: round-robin, a few batches per run and turn, for one slice. Returns 0 (no pace to account for). */
  private fastSlice(start: number): number {
    const until = start + SLICE_MS;
    do {
      const active = this.runs.filter((r) => r.state === 'running');
      if (active.length === 0) break;
      const run = active[this.turn++ % active.length];
      for (let b = 0; b < BATCHES_PER_TURN && run.state === 'running'; b++) this.batch(run);
    } while (this.clock.now() < until);
    return 0;
  }

  /** At a pace: the rounds that are due (one update of every running run each), within one slice. */
  private pacedSlice(start: number): number {
    const until = start + SLICE_MS;
    let due = this.pacer.due(start);
    let rounds = 0;
    while (due > 0 && this.runs.some((r) => r.state === 'running')) {
      for (const run of this.runs) if (run.state === 'running') this.batch(run);
      due--;
      rounds++;
      if (this.clock.now() >= until) break;
    }
    return rounds;
  }

  private batch(run: Run): void {
    const r = run.trainer.runBatch();
    if (!r) return;
    run.J = r.J;
    run.history.epoch.push(r.epoch);
    run.history.J.push(r.J);
    if (r.stopped === 'diverged' || !(r.J <= DIVERGENCE_FACTOR * Math.max(run.J0, 1e-3))) {
      run.state = 'diverged';
      run.message = `diverged at epoch ${r.epoch}: J(Θ) = ${fmt(r.J)} (started at ${fmt(run.J0)})`;
    } else if (r.stopped) {
      run.state = 'finished';
      run.message = r.stopped === 'early-stopping' ? `early stopping at epoch ${r.epoch}` : null;
    }
  }

  /** Stops every run at once. */
  cancel(): void {
    if (this.timer !== null) this.clock.cancel(this.timer);
    this.timer = null;
    if (this.state !== 'running') return;
    this.state = 'cancelled';
    for (const r of this.runs) if (r.state === 'running') r.state = 'cancelled';
    this.publish(true);
  }

  private publish(force: boolean): void {
    const now = this.clock.now();
    if (!force && now - this.lastFrameAt < 1000 / Math.max(1, this.frameRate())) return;
    this.lastFrameAt = now;
    const frame: RaceFrame = {
      raceId: this.raceId,
      vary: this.race.vary,
      state: this.state,
      epochs: this.spec.training.epochs,
      sameInitialTheta: this.race.vary !== 'init',
      boundaryGrid: this.grid ? { resolution: BOUNDARY_RESOLUTION, extent: this.grid.extent } : null,
      runs: this.runs.map((r) => {
        const start = r.sent;
        r.sent = r.history.epoch.length;
        return {
          label: r.label,
          value: r.value,
          state: r.state,
          epoch: r.trainer.epoch,
          J: r.J,
          message: r.message,
          historyStart: start,
          history: { epoch: r.history.epoch.slice(start), J: r.history.J.slice(start) },
          boundary: this.boundary(r),
          equalRows: equalRows(r.trainer.theta),
        };
      }),
    };
    this.send({ type: 'raceFrame', frame });
  }

  private boundary(run: Run): number[] | null {
    if (!this.grid) return null;
    const net: Network = run.trainer.network;
    const cells = BOUNDARY_RESOLUTION * BOUNDARY_RESOLUTION;
    run.boundaryWs ??= new Workspace(net, cells);
    const f = forward(net, this.grid.X, cells, { workspace: run.boundaryWs });
    const L = net.sizes.length;
    const K = net.sizes[L - 1];
    const out = f.a[L - 1];
    const values: number[] = new Array<number>(cells);
    for (let i = 0; i < cells; i++) {
      if (K === 1) values[i] = out[i];
      else {
        let best = 0;
        for (let k = 1; k < K; k++) if (out[i * K + k] > out[i * K + best]) best = k;
        values[i] = best;
      }
    }
    return values;
  }
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(4) : String(v);
}
