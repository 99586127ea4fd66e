/**
 * The loss surface: the centre of every slice is the session's J(Θ) bit for bit, directions are what they claim
 * (unit weight axes, filter-normalized random directions), the trajectory projection is exact on the plane, the cost
 * estimate refuses large slices with the estimate, and the worker's job computes row by row and cancels at once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  SURFACE_BUDGET,
  ThetaTrail,
  Trainer,
  checkSurfaceRequest,
  gridCoordinates,
  projectOnto,
  randomDirection,
  surfaceDirections,
  Random,
} from '../../../src/engine';
import { SurfaceJob } from '../../../src/worker/surface';
import type { FromWorker } from '../../../src/protocol';
import { example } from './helpers';

/** The slice the worker computes (Trainer.surfaceSlice through the current Θ), along the given axes. */
function sliceOf(trainer: Trainer, axes: Parameters<typeof surfaceDirections>[1], res = 11, range = 2) {
  const [d1, d2] = surfaceDirections(trainer.network, axes);
  return trainer.surfaceSlice(d1, d2, res, range);
}

/**
 * One turn of the event loop through the queue the worker's jobs use (setImmediate): everything such a job scheduled
 * before this call has run (or was cancelled) when the promise resolves.
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('loss surface', () => {
  it('the grid is symmetric and its centre is exactly 0', () => {
    for (const res of [5, 11, 51, 101]) {
      const c = gridCoordinates(res, 1.7);
      assert.equal(c[(res - 1) / 2], 0);
      assert.equal(c[0], -1.7);
      assert.equal(c[res - 1], 1.7);
    }
  });

  it('the centre of the slice is the trainer’s J(Θ) bit for bit (weights and random axes, with λ and a validation split)', () => {
    const { spec, dataset } = example('loss-surface');
    for (const variant of [
      spec,
      { ...spec, training: { ...spec.training, lambda: 0.3 } },
      { ...spec, data: { ...spec.data }, training: { ...spec.training, validationSplit: 0.25 } },
    ]) {
      const trainer = new Trainer(variant, dataset);
      for (let e = 0; e < 50; e++) trainer.runEpoch();
      const J = trainer.evaluate().J;
      for (const axes of [
        { kind: 'weights' as const, a: { layer: 1, row: 1, col: 1 }, b: { layer: 2, row: 1, col: 0 } },
        { kind: 'random' as const, seed: 7 },
      ]) {
        const s = sliceOf(trainer, axes);
        const grid = s.all();
        assert.ok(Object.is(grid[5 * 11 + 5], J), `centre ${grid[5 * 11 + 5]} vs J ${J}`);
        assert.ok(Object.is(s.at(0, 0), J));
        // Off-centre points differ (the slice is not flat).
        assert.notEqual(grid[0], J);
      }
    }
  });

  it('weight axes move exactly one Θ_ji^(l); α shifts it by α', () => {
    const { spec, dataset } = example('loss-surface');
    const trainer = new Trainer(spec, dataset);
    const [d1, d2] = surfaceDirections(trainer.network, {
      kind: 'weights',
      a: { layer: 1, row: 2, col: 0 },
      b: { layer: 2, row: 1, col: 2 },
    });
    assert.deepEqual(Array.from(d1[0]), [0, 0, 0, 1, 0, 0]);
    assert.deepEqual(Array.from(d1[1]), [0, 0, 0]);
    assert.deepEqual(Array.from(d2[1]), [0, 0, 1]);
    assert.throws(
      () =>
        surfaceDirections(trainer.network, {
          kind: 'weights',
          a: { layer: 3, row: 1, col: 0 },
          b: { layer: 1, row: 1, col: 0 },
        }),
      /Θ\^\(3\): l must be 1..2/,
    );
    assert.throws(
      () =>
        surfaceDirections(trainer.network, {
          kind: 'weights',
          a: { layer: 1, row: 1, col: 3 },
          b: { layer: 1, row: 1, col: 0 },
        }),
      /column i must be 0..2/,
    );
    assert.throws(
      () =>
        surfaceDirections(trainer.network, {
          kind: 'weights',
          a: { layer: 1, row: 1, col: 1 },
          b: { layer: 1, row: 1, col: 1 },
        }),
      /two different weights/,
    );
  });

  it('random directions are filter-normalized: each row of d^(l) has the norm of that row of Θ^(l)', () => {
    const theta = [
      { rows: 3, cols: 3, data: Float64Array.from([1, 2, 2, 0, 0, 0, -3, 4, 0]) },
      { rows: 1, cols: 4, data: Float64Array.from([0.5, -0.5, 0.5, -0.5]) },
    ];
    const d = randomDirection(theta, new Random(3));
    const norm = (a: ArrayLike<number>, from: number, len: number) => {
      let s = 0;
      for (let i = from; i < from + len; i++) s += a[i] ** 2;
      return Math.sqrt(s);
    };
    assert.ok(Math.abs(norm(d[0], 0, 3) - 3) < 1e-12);
    assert.equal(norm(d[0], 3, 3), 0, 'a zero row of Θ gives a zero row of d');
    assert.ok(Math.abs(norm(d[0], 6, 3) - 5) < 1e-12);
    assert.ok(Math.abs(norm(d[1], 0, 4) - 1) < 1e-12);
    // Seeded: the same seed gives the same direction.
    assert.deepEqual(randomDirection(theta, new Random(3)), d);
  });

  it('projection recovers α, β of a point on the plane (least squares) and ignores off-plane parts', () => {
    const theta0 = [Float64Array.from([1, 2, 3]), Float64Array.from([4, 5])];
    const d1 = [Float64Array.from([1, 0, 1]), Float64Array.from([0, 1])];
    const d2 = [Float64Array.from([0, 1, 1]), Float64Array.from([1, 0])];
    const at = (a: number, b: number) =>
      theta0.map((t, l) => t.map((v, q) => v + a * d1[l][q] + b * d2[l][q]));
    const [a, b] = projectOnto(at(0.75, -1.5), theta0, d1, d2);
    assert.ok(Math.abs(a - 0.75) < 1e-12 && Math.abs(b + 1.5) < 1e-12, `${a}, ${b}`);
    // A component orthogonal to both directions does not move the projection.
    const ortho = [Float64Array.from([1, 1, -1]), Float64Array.from([0, 0])];
    const p = at(0.25, 0.5).map((t, l) => t.map((v, q) => v + 2 * ortho[l][q]));
    const [a2, b2] = projectOnto(p, theta0, d1, d2);
    assert.ok(Math.abs(a2 - 0.25) < 1e-12 && Math.abs(b2 - 0.5) < 1e-12, `${a2}, ${b2}`);
  });

  it('the trail of a large network keeps fewer snapshots: at most 32 MB of Θ', () => {
    assert.equal(ThetaTrail.forWeights(9).max, 512, 'XOR’s 2-2-1');
    assert.equal(ThetaTrail.forWeights(50_890).max, 82, '784-64-10: 82 × 407 kB');
    assert.equal(ThetaTrail.forWeights(10_000_000).max, 16, 'never fewer than 16');
  });

  it('the trail keeps every k-th epoch within its cap, and starts over after a reset', () => {
    const trail = new ThetaTrail(8);
    const th = [{ rows: 1, cols: 1, data: new Float64Array(1) }];
    for (let e = 0; e <= 40; e++) {
      th[0].data[0] = e;
      trail.record(e, th, e / 10);
    }
    assert.ok(trail.epochs.length <= 8);
    assert.equal(trail.epochs[0], 0);
    assert.ok(trail.epochs.every((e) => e % trail.stride === 0));
    assert.deepEqual(
      trail.thetas.map((t) => t[0][0]),
      trail.epochs,
    );
    assert.deepEqual(
      trail.costs,
      trail.epochs.map((e) => e / 10),
    );
    trail.record(0, th, 0);
    assert.deepEqual(trail.epochs, [0]);
  });

  it('a slice over the budget is refused with its estimate; bad resolutions are refused', () => {
    const sizes = [400, 25, 10];
    const why = checkSurfaceRequest(sizes, 5000, 101, 1);
    assert.ok(why);
    assert.match(why, /costs about 5\.\d+e\+11 multiply-adds/);
    assert.match(why, new RegExp(`budget of ${SURFACE_BUDGET.toExponential(1).replace('+', '\\+')}`));
    assert.match(why, /at most \d+/);
    assert.equal(checkSurfaceRequest([2, 2, 1], 4, 51, 5), null);
    assert.match(checkSurfaceRequest([2, 2, 1], 4, 50, 5) ?? '', /must be odd/);
    assert.match(checkSurfaceRequest([2, 2, 1], 4, 3, 5) ?? '', /from 5 to 101/);
    assert.match(checkSurfaceRequest([2, 2, 1], 4, 11, 0) ?? '', /range r/);
  });

  it('the worker job computes row by row, sends progress and the trajectory, and cancels at once', async () => {
    const { spec, dataset } = example('loss-surface');
    const trainer = new Trainer(spec, dataset);
    const trail = new ThetaTrail();
    trail.record(0, trainer.theta, trainer.evaluate().J);
    for (let e = 0; e < 30; e++) {
      const r = trainer.runEpoch();
      trail.record(r.epoch, trainer.theta, r.J);
    }
    const got: FromWorker[] = [];
    const done = new Promise<void>((resolve) => {
      SurfaceJob.start(
        { requestId: 1, axes: { kind: 'random', seed: 1 }, resolution: 21, range: 1 },
        trainer,
        trail,
        (m) => got.push(m),
        resolve,
      );
    });
    await done;
    const result = got.find((m) => m.type === 'surface');
    assert.ok(result && result.type === 'surface');
    const r = result.result;
    assert.equal(r.J.length, 21 * 21);
    assert.ok(Object.is(r.J[10 * 21 + 10], trainer.evaluate().J));
    assert.ok(Object.is(r.J0, r.J[10 * 21 + 10]));
    assert.equal(r.trajectory.epoch.length, 31);
    // The last trail point is Θ0 itself: projected to (0, 0).
    assert.equal(r.trajectory.alpha[30], 0);
    assert.equal(r.trajectory.beta[30], 0);
    const last = got.filter((m) => m.type === 'surfaceProgress').pop();
    assert.deepEqual(last, { type: 'surfaceProgress', requestId: 1, rowsDone: 21, rows: 21 });

    // Cancel right after the start: no row is computed after the cancel, and the refusal says cancelled.
    const got2: FromWorker[] = [];
    let finished = false;
    const job = SurfaceJob.start(
      { requestId: 2, axes: { kind: 'random', seed: 1 }, resolution: 101, range: 1 },
      trainer,
      trail,
      (m) => got2.push(m),
      () => (finished = true),
    );
    assert.ok(job);
    job.cancel();
    assert.ok(finished, 'cancel ends the job at once');
    await nextTurn(); // the turn in which the first row would have been computed
    assert.equal(got2.filter((m) => m.type === 'surfaceProgress').length, 0);
    assert.equal(got2.filter((m) => m.type === 'surface').length, 0);
    assert.deepEqual(got2.pop(), {
      type: 'surfaceRefused',
      requestId: 2,
      message: 'The loss surface was cancelled.',
      cancelled: true,
    });

    // A refused request says why.
    const got3: FromWorker[] = [];
    const none = SurfaceJob.start(
      {
        requestId: 3,
        axes: { kind: 'weights', a: { layer: 1, row: 9, col: 0 }, b: { layer: 1, row: 1, col: 0 } },
        resolution: 11,
        range: 1,
      },
      trainer,
      trail,
      (m) => got3.push(m),
      () => undefined,
    );
    assert.equal(none, null);
    assert.match(JSON.stringify(got3[0]), /row j must be 1..2/);
  });
});
