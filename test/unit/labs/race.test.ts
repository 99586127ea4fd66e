/**
 * Races: every run starts from the same Θ bit for bit (except when the init rule varies), runs are time-sliced in the
 * worker, a diverging run is marked and the others go on, cancelling stops at once; the demos' claims hold to the
 * last bit: zero-initialized hidden units stay equal, and linear activations give an affine h before the output g.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Trainer, defaultRace, equalRows, forward, initialWeights, raceRuns } from '../../../src/engine';
import { RaceRunner } from '../../../src/worker/race';
import type { FromWorker, RaceFrame } from '../../../src/protocol';
import { example } from './helpers';
import { FakeScheduler } from '../worker/fakeScheduler';

function bits(theta: { data: Float64Array }[]): string {
  return theta
    .map((t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString('hex'))
    .join('|');
}

/** One turn of the event loop through the queue the race runner uses between its slices (setImmediate in Node). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Turns of the event loop until `done()` (the runner works in those turns); fails after `maxTurns`. */
async function turnsUntil(done: () => boolean, maxTurns = 100_000): Promise<void> {
  for (let k = 0; k < maxTurns; k++) {
    if (done()) return;
    await nextTurn();
  }
  assert.fail(`the condition did not hold after ${maxTurns} turns of the event loop`);
}

describe('races', () => {
  it('every kind of race starts its runs from the same Θ bit for bit', () => {
    for (const name of ['learning-rates', 'optimizers', 'batch-modes', 'linear-vs-sigmoid']) {
      const { spec, dataset } = example(name);
      assert.ok(spec.race, `${name} has a race`);
      const runs = raceRuns(spec, spec.race);
      assert.equal(runs.length, spec.race.values.length);
      const first = bits(new Trainer(runs[0].spec, dataset).theta);
      for (const r of runs) {
        assert.equal(bits(new Trainer(r.spec, dataset).theta), first, `${name}: ${r.label}`);
        assert.equal(r.spec.training.seed, spec.training.seed);
        assert.equal(r.spec.race, null);
      }
      // The same Θ the file itself starts from.
      assert.equal(bits(new Trainer(spec, dataset).theta), first);
    }
  });

  it('each run differs only in what is varied', () => {
    const { spec } = example('batch-modes');
    const runs = raceRuns(spec, { vary: 'batchSize', values: [0, 1, 16] });
    assert.deepEqual(
      runs.map((r) => r.spec.training.batchSize),
      [0, 1, 16],
    );
    assert.deepEqual(
      runs.map((r) => r.label),
      ['full batch (B = m)', 'stochastic (B = 1)', 'mini-batch B = 16'],
    );
    const opt = raceRuns(example('optimizers').spec, {
      vary: 'optimizer',
      values: ['gd', 'adadelta', 'rmsprop'],
    });
    assert.deepEqual(
      opt.map((r) => [
        r.spec.training.optimizer.name,
        r.spec.training.optimizer.rho,
        r.spec.training.optimizer.epsilon,
      ]),
      [
        ['gd', example('optimizers').spec.training.optimizer.rho, 1e-8],
        ['adadelta', 0.95, 1e-6],
        ['rmsprop', 0.9, 1e-8],
      ],
    );
    const lin = example('linear-vs-sigmoid').spec;
    const act = raceRuns(lin, { vary: 'activation', values: ['linear', 'relu'] });
    assert.deepEqual(
      act[1].spec.layers.map((l) => l.activation),
      ['linear', 'relu', 'relu', 'sigmoid'],
    );
    assert.throws(
      () => raceRuns({ ...lin, weights: initialWeights(lin) }, { vary: 'init', values: ['zeros'] }),
      /without "weights"/,
    );
  });

  it('default races follow the slide around the file’s values', () => {
    const { spec } = example('loss-surface');
    assert.deepEqual(defaultRace(spec, 'learningRate', 4), { vary: 'learningRate', values: [0.1, 2, 40] });
    assert.deepEqual(defaultRace(spec, 'batchSize', 200), { vary: 'batchSize', values: [0, 1, 8] });
    assert.equal(defaultRace(spec, 'optimizer', 4).values.length, 6);
    const sym = example('symmetry').spec;
    assert.deepEqual(defaultRace(sym, 'init', 4), sym.race);
  });

  it('zero initialization: the hidden units stay equal to the last bit; random init breaks the symmetry', () => {
    const { spec, dataset } = example('symmetry');
    const [zeros, normal] = raceRuns(spec, { vary: 'init', values: ['zeros', 'normal'] }).map(
      (r) => new Trainer(r.spec, dataset),
    );
    for (let e = 0; e < 300; e++) {
      zeros.runEpoch();
      normal.runEpoch();
    }
    const T1 = zeros.theta[0];
    for (let j = 1; j < T1.rows; j++)
      for (let i = 0; i < T1.cols; i++)
        assert.ok(Object.is(T1.data[j * T1.cols + i], T1.data[i]), `Θ^(1) row ${j + 1}`);
    // The hidden columns of Θ^(2) (each unit's outgoing weight) are equal too.
    const T2 = zeros.theta[1].data;
    assert.ok(Object.is(T2[1], T2[2]) && Object.is(T2[2], T2[3]));
    assert.ok(
      zeros.theta.some((t) => t.data.some((v) => v !== 0)),
      'the weights did change',
    );
    // Activations of the hidden units: equal for every sample.
    const f = forward(zeros.network, dataset.X, dataset.m);
    for (let s = 0; s < dataset.m; s++) {
      const a = f.a[1].subarray(s * 3, s * 3 + 3);
      assert.ok(Object.is(a[0], a[1]) && Object.is(a[1], a[2]));
    }
    assert.deepEqual(equalRows(zeros.theta), [1]);
    assert.deepEqual(equalRows(normal.theta), []);
    assert.ok(
      normal.evaluate().J < 0.05 && zeros.evaluate().J > 0.6,
      `${normal.evaluate().J} ${zeros.evaluate().J}`,
    );
  });

  it('linear activations: z^(L) is affine in x (second differences vanish) however deep; sigmoid is not', () => {
    const { spec, dataset } = example('linear-vs-sigmoid');
    const [lin, sig] = raceRuns(spec, { vary: 'activation', values: ['linear', 'sigmoid'] }).map(
      (r) => new Trainer(r.spec, dataset),
    );
    for (let e = 0; e < 60; e++) {
      lin.runEpoch();
      sig.runEpoch();
    }
    // z^(L) on a grid with spacing h: Δ²_x, Δ²_y and the mixed difference of an affine function are 0.
    const zOut = (t: Trainer, x: number, y: number) => {
      const f = forward(t.network, Float64Array.from([x, y]), 1);
      return f.z[f.z.length - 1][0];
    };
    const h = 0.25;
    let worstLin = 0,
      worstSig = 0;
    for (let x = -1.5; x <= 1.5; x += 0.5)
      for (let y = -1.5; y <= 1.5; y += 0.5) {
        for (const [t, set] of [
          [lin, (v: number) => (worstLin = Math.max(worstLin, v))],
          [sig, (v: number) => (worstSig = Math.max(worstSig, v))],
        ] as const) {
          const z = (dx: number, dy: number) => zOut(t, x + dx * h, y + dy * h);
          const scale = 1 + Math.abs(z(0, 0));
          set(Math.abs(z(1, 0) - 2 * z(0, 0) + z(-1, 0)) / scale);
          set(Math.abs(z(0, 1) - 2 * z(0, 0) + z(0, -1)) / scale);
          set(Math.abs(z(1, 1) - z(1, -1) - z(-1, 1) + z(-1, -1)) / scale);
        }
      }
    assert.ok(worstLin < 1e-12, `linear: second differences up to ${worstLin}`);
    assert.ok(worstSig > 1e-3, `sigmoid: second differences up to ${worstSig}`);
  });

  it('the worker runs races round-robin, marks a diverging run and goes on, and cancels at once', async () => {
    const { spec, dataset } = example('learning-rates');
    const frames: RaceFrame[] = [];
    const send = (m: FromWorker) => {
      if (m.type === 'raceFrame') frames.push(m.frame);
    };
    const runner = RaceRunner.start(
      7,
      spec.race ?? { vary: 'learningRate', values: [] },
      spec,
      dataset,
      send,
      () => 1000,
    );
    assert.ok(runner);
    await turnsUntil(() => frames.at(-1)?.state === 'finished');
    const last = frames.at(-1);
    assert.ok(last);
    assert.equal(last.raceId, 7);
    assert.equal(last.sameInitialTheta, true);
    assert.deepEqual(
      last.runs.map((r) => r.state),
      ['finished', 'finished', 'diverged'],
    );
    assert.match(last.runs[2].message ?? '', /diverged at epoch \d+/);
    // Merge the streamed points: each run has every epoch once, from 0.
    for (let k = 0; k < 3; k++) {
      const epochs: number[] = [];
      for (const f of frames) {
        const r = f.runs[k];
        epochs.length = r.historyStart;
        epochs.push(...r.history.epoch);
      }
      assert.equal(epochs[0], 0);
      assert.deepEqual(
        epochs,
        Array.from({ length: epochs.length }, (_, i) => i),
      );
      if (k < 2) assert.equal(epochs.at(-1), spec.training.epochs);
    }
    // The small α learns slowly, the stable one converges.
    assert.ok(last.runs[1].J < 1e-3 && last.runs[0].J > last.runs[1].J);
    assert.ok(last.boundaryGrid && last.runs[0].boundary?.length === 32 * 32);

    // Cancel: stops at once, and no frame follows the cancelled one. Paced on a virtual clock, so the race is still
    // running when it is cancelled however fast the machine (no "a million epochs").
    const clock = new FakeScheduler();
    const frames2: RaceFrame[] = [];
    const r2 = RaceRunner.start(
      8,
      { vary: 'optimizer', values: ['gd', 'adam'] },
      spec,
      dataset,
      (m) => {
        if (m.type === 'raceFrame') frames2.push(m.frame);
      },
      () => 30,
      { pace: 10, clock },
    );
    assert.ok(r2);
    assert.ok(clock.runUntil(() => r2.trainers.every((t) => t.epoch >= 3)));
    assert.ok(r2.running);
    r2.cancel();
    assert.equal(r2.running, false);
    const count = frames2.length;
    const epochsAtCancel = r2.trainers.map((t) => t.epoch);
    assert.equal(clock.pending, 0, 'the cancel leaves no timer behind');
    clock.runUntil(() => false); // whatever was queued would run now
    assert.equal(frames2.length, count);
    assert.equal(frames2.at(-1)?.state, 'cancelled');
    assert.deepEqual(
      frames2.at(-1)?.runs.map((r) => r.state),
      ['cancelled', 'cancelled'],
    );
    assert.deepEqual(
      r2.trainers.map((t) => t.epoch),
      epochsAtCancel,
    );
  });

  it('a paced race: every run makes the pace’s updates of Θ a second, in lockstep, a frame after each in slow motion', () => {
    const { spec, dataset } = example('learning-rates'); // full batch: one update is one epoch
    const clock = new FakeScheduler();
    const frames: RaceFrame[] = [];
    const runner = RaceRunner.start(
      9,
      { vary: 'learningRate', values: [0.01, 0.3] },
      spec,
      dataset,
      (m) => {
        if (m.type === 'raceFrame') frames.push(m.frame);
      },
      () => 30,
      { pace: 2, clock },
    );
    assert.ok(runner);
    clock.runUntil(() => clock.time >= 5000);
    const epochs = runner.trainers.map((t) => t.epoch);
    // 2 updates a second for 5 s: the first is due at once, then one every 500 ms.
    assert.deepEqual(epochs, [11, 11], `epochs after 5 s at 2 updates/s: ${epochs.join(', ')}`);
    // Slow motion (2 ≤ 30 frames a second): every update has its own frame, after the first one at the start.
    const seen = frames.map((f) => f.runs[0].epoch);
    assert.deepEqual(seen.slice(0, 4), [0, 1, 2, 3]);
    // A faster pace from now on: 100 updates a second.
    runner.setPace(100);
    const t0 = clock.time;
    clock.runUntil(() => clock.time >= t0 + 1000);
    const more = runner.trainers.map((t) => t.epoch - 11);
    assert.ok(
      more.every((k) => k >= 99 && k <= 101),
      `updates in the next second at 100/s: ${more.join(', ')}`,
    );
    runner.cancel();
  });

  it('refuses more runs than the limit, with the limit', () => {
    const { spec, dataset } = example('learning-rates');
    const got: FromWorker[] = [];
    const r = RaceRunner.start(
      1,
      { vary: 'learningRate', values: [1, 2, 3, 4, 5, 6, 7] },
      spec,
      dataset,
      (m) => got.push(m),
      () => 30,
    );
    assert.equal(r, null);
    assert.deepEqual(got, [
      {
        type: 'raceRefused',
        raceId: 1,
        message: 'A race runs at most 6 networks at once; this one asks for 7.',
      },
    ]);
  });
});
