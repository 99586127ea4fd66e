/**
 * The worker's pace, on a virtual clock (no sleeps): the Pacer's arithmetic, the rate meter, and a TrainingRun driven by
 * a fake scheduler, acknowledging every frame at once as the host does.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseNetwork } from '../../../src/format';
import { Pacer, RateMeter } from '../../../src/worker/pacer';
import { FakeScheduler } from './fakeScheduler';
import { TrainingRun } from '../../../src/worker/run';
import { PACES, isPace, paceLabel, updatesPerSecond, type Pace } from '../../../src/shared/pace';
import type { Frame, FromWorker, NetworkSpec, ToWorker } from '../../../src/protocol';

/** A 2-3-1 network on XOR, full batch (one update is one epoch). */
function xorSpec(epochs: number, extra: Record<string, unknown> = {}): NetworkSpec {
  const parsed = parseNetwork(
    JSON.stringify({
      layers: [{ units: 2 }, { units: 3, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }],
      data: { generator: 'xor' },
      training: { learningRate: 2, epochs, batchSize: 'full', seed: 1, ...extra },
    }),
  );
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.spec;
}

/** A TrainingRun on a fake clock that records its frames and acknowledges each at once, as the host does. */
function harness(spec: NetworkSpec, pace: Pace, frameRate = 30) {
  const clock = new FakeScheduler();
  const frames: { at: number; frame: Frame }[] = [];
  const messages: FromWorker[] = [];
  let run: TrainingRun | null = null;
  const send = (m: FromWorker): void => {
    messages.push(m);
    if (m.type === 'frame') {
      frames.push({ at: clock.time, frame: m.frame });
      // The host takes a frame at once; the ack arrives as a message, after the current task.
      clock.after(0, () => run?.handle({ type: 'ack', frameId: m.frame.frameId }));
    }
  };
  const load: Extract<ToWorker, { type: 'load' }> = {
    type: 'load',
    spec,
    files: {},
    frameRate,
    inspected: 0,
    boundaryResolution: 8,
    pace,
  };
  run = TrainingRun.load(load, send, clock);
  assert.ok(run, 'the network loads');
  const r = run;
  const last = (): Frame => {
    const f = frames.at(-1)?.frame;
    assert.ok(f, 'a frame was sent');
    return f;
  };
  return { clock, frames, messages, run: r, last };
}

describe('the Pacer', () => {
  it('allows one update at once, then updates at the pace, on average exactly', () => {
    const p = new Pacer('1x');
    let t = 1000;
    p.start(t);
    assert.equal(p.due(t), 1, 'the first update is due when Train is pressed');
    p.took(1);
    let updates = 1;
    // Sleep as the worker does (until the next update is due, but timers fire late by up to 1 ms).
    while (t < 11_000) {
      t += p.wait(t) + 0.7;
      const k = p.due(t);
      p.took(k);
      updates += k;
    }
    assert.ok(Math.abs(updates - 3001) <= 2, `300 updates/s for 10 s: ${updates}`);
  });

  it('catches up at most a tenth of a second after a hold-up', () => {
    const p = new Pacer(300);
    p.start(0);
    p.took(p.due(0));
    assert.equal(p.due(5000), 30, 'a 5 s hold-up owes 30 updates, not 1,500');
    const slow = new Pacer('slow motion');
    slow.start(0);
    slow.took(1);
    assert.equal(slow.due(10_000), 1, 'slow motion never bursts: at most one update is owed');
  });

  it('waits until the next update is due; max never waits', () => {
    const p = new Pacer('slow motion');
    p.start(0);
    p.took(p.due(0));
    assert.equal(p.wait(0), 500, 'two updates a second: the next in 500 ms');
    assert.equal(p.due(499), 0);
    assert.equal(p.due(500), 1);
    const max = new Pacer('max');
    max.start(0);
    assert.equal(max.due(0), Infinity);
    assert.equal(max.wait(0), 0);
    assert.equal(max.updatesPerSecond, null);
  });

  it('changes pace on the fly without a burst', () => {
    const p = new Pacer('slow motion');
    p.start(0);
    p.took(p.due(0));
    p.set('100x', 400);
    assert.equal(
      p.due(400),
      0,
      'what was earned at the old pace (0.8 of an update) carries over, capped at one',
    );
    assert.equal(p.due(401), 30, 'then 30,000/s: 30 in the next millisecond (plus the carried 0.8)');
    p.set('max', 401);
    assert.equal(p.due(401), Infinity);
  });

  it('gives every update its own frame when the pace is at most the frame rate', () => {
    assert.equal(new Pacer('slow motion').framePerUpdate(30), true);
    assert.equal(new Pacer('slow').framePerUpdate(30), true);
    assert.equal(new Pacer('1x').framePerUpdate(30), false);
    assert.equal(new Pacer('max').framePerUpdate(30), false);
  });
});

describe('the pace table', () => {
  it('runs from slow motion to max, slowest first, with a label a teacher reads', () => {
    const ups = PACES.map((p) => p.updatesPerSecond ?? Infinity);
    assert.deepEqual(
      ups,
      [...ups].sort((a, b) => a - b),
    );
    assert.equal(PACES[0].name, 'slow motion');
    assert.equal(PACES.at(-1)?.name, 'max');
    assert.equal(paceLabel('1x'), '1× · 300 updates/s');
    assert.equal(paceLabel('max'), 'max · as fast as it goes');
    assert.equal(paceLabel(50), '50 updates/s');
    assert.equal(updatesPerSecond('slow motion'), 2);
    assert.ok(isPace('10x') && isPace(0.5) && !isPace(0) && !isPace('fast') && !isPace(Number.NaN));
  });
});

describe('the rate meter', () => {
  it('reads a slow pace steadily over its window', () => {
    const r = new RateMeter(2000);
    for (let t = 0; t <= 5000; t += 500) r.add(t, 1);
    assert.equal(r.rate(5000), 2, 'one update every 500 ms is 2 updates/s');
    r.clear();
    assert.equal(r.rate(6000), 0, 'nothing to measure after a clear');
  });
});

describe('a training run at a pace (virtual clock)', () => {
  it('at the default pace, 3,000 full-batch epochs of a 2-3-1 network take ≥ 5 s with ≥ 40 distinct epochs shown', () => {
    const h = harness(xorSpec(3000), '1x');
    const start = h.clock.time;
    h.run.handle({ type: 'start' });
    assert.ok(h.clock.runUntil(() => h.last().state === 'finished'));
    const seconds = (h.clock.time - start) / 1000;
    const epochs = new Set(h.frames.map((f) => f.frame.epoch));
    assert.equal(h.last().epoch, 3000);
    assert.ok(seconds >= 9.9 && seconds < 10.5, `300 updates/s: 3,000 updates in ${seconds.toFixed(2)} s`);
    assert.ok(epochs.size >= 250, `about 30 frames a second, each a new epoch: ${epochs.size}`);
    const ups = h.frames.map((f) => f.frame.updatesPerSecond ?? 0).filter((v) => v > 0);
    assert.ok(
      ups.slice(10).every((v) => Math.abs(v - 300) < 20),
      `the frames report about 300 updates/s: ${ups.slice(10, 15).join(', ')}…`,
    );
  });

  it('in slow motion every update gets its own frame, half a second apart', () => {
    const h = harness(xorSpec(3000), 'slow motion');
    h.run.handle({ type: 'start' });
    assert.ok(h.clock.runUntil(() => h.last().iteration >= 6));
    const updates = h.frames.filter((f) => f.frame.state === 'running' && f.frame.iteration > 0);
    assert.deepEqual(
      updates.map((f) => f.frame.iteration),
      [1, 2, 3, 4, 5, 6],
      'one frame per update, none skipped',
    );
    const ups = h.last().updatesPerSecond ?? 0;
    assert.ok(Math.abs(ups - 2) < 0.01, `the frames report 2 updates/s: ${ups}`);
    const gaps = updates.slice(1).map((f, k) => f.at - updates[k].at);
    assert.ok(
      gaps.every((g) => Math.abs(g - 500) < 2),
      `500 ms between updates: ${gaps.map((g) => g.toFixed(1)).join(', ')}`,
    );
  });

  it('a new pace applies at once, even while the run waits for its next slow update', () => {
    const h = harness(xorSpec(3000), 'slow motion');
    h.run.handle({ type: 'start' });
    assert.ok(h.clock.runUntil(() => h.last().iteration >= 2));
    const at = h.clock.time;
    h.run.handle({ type: 'setPace', pace: 'max' });
    assert.ok(h.clock.runUntil(() => h.last().state === 'finished'));
    assert.ok(h.clock.time - at < 400, `max finished the remaining epochs at once (${h.clock.time - at} ms)`);
  });

  it('at max it trains without waiting for the clock', () => {
    const h = harness(xorSpec(3000), 'max');
    h.run.handle({ type: 'start' });
    assert.ok(h.clock.runUntil(() => h.last().state === 'finished'));
    assert.equal(h.last().epoch, 3000);
  });

  it('Train on a finished run goes on for another "epochs" from the current Θ; Reset starts over', () => {
    const h = harness(xorSpec(200), 'max');
    h.run.handle({ type: 'start' });
    assert.ok(h.clock.runUntil(() => h.last().state === 'finished'));
    const first = h.last();
    assert.equal(first.epoch, 200);
    assert.match(first.message ?? '', /another 200/);
    h.run.handle({ type: 'start' });
    assert.ok(
      h.clock.runUntil(() => h.last().epoch > 200 && h.last().state === 'finished'),
      'a finished run trains again',
    );
    const second = h.last();
    assert.equal(second.epoch, 400, 'another 200 epochs');
    assert.ok(second.J < first.J, `from the trained Θ, J kept falling (${first.J} → ${second.J})`);
    h.run.handle({ type: 'reset' });
    assert.ok(h.clock.runUntil(() => h.last().state === 'idle'));
    const reset = h.last();
    assert.equal(reset.epoch, 0);
    h.run.handle({ type: 'start' });
    assert.ok(h.clock.runUntil(() => h.last().state === 'finished'));
    assert.equal(h.last().epoch, 200, 'after Reset, the file’s 200 epochs again');
  });

  it('the cost curve starts at epoch 0 with J at the initial Θ, and again after Reset', () => {
    const h = harness(xorSpec(50), 'max');
    const first = h.frames[0].frame;
    assert.equal(first.historyStart, 0);
    assert.deepEqual(first.history.epoch, [0]);
    assert.equal(first.history.J[0], first.J, 'J at the initial Θ');
    h.run.handle({ type: 'start' });
    assert.ok(h.clock.runUntil(() => h.last().state === 'finished'));
    const epochs = h.frames.flatMap((f) => f.frame.history.epoch);
    assert.deepEqual(
      epochs,
      Array.from({ length: 51 }, (_, e) => e),
      'epochs 0 … 50, each once',
    );
    h.run.handle({ type: 'reset' });
    assert.ok(h.clock.runUntil(() => h.last().state === 'idle'));
    const reset = h.last();
    assert.equal(reset.historyStart, 0, 'the curve starts over');
    assert.deepEqual(reset.history.epoch, [0]);
    assert.equal(reset.history.J[0], first.J, 'at the same initial J');
  });
});

describe('the inspected sample is numbered by its row in the file', () => {
  it('a row held out for validation is shown as that row, marked as validation', () => {
    const spec = xorSpec(10, { validationSplit: 0.25 });
    const h = harness(spec, 'max');
    // XOR's rows in file order: (0,0), (0,1), (1,0), (1,1); one of them is held out.
    for (let row = 0; row < 4; row++) {
      h.run.handle({ type: 'setInspected', index: row });
      h.clock.runUntil(() => h.clock.pending === 0);
      const ins = h.last().inspected;
      assert.ok(ins);
      assert.equal(ins.index, row, `row ${row + 1} is shown as sample ${row + 1}`);
      assert.deepEqual(Array.from(ins.x), [row >> 1, row & 1], `x of row ${row + 1}`);
    }
    const ready = h.messages.find((m) => m.type === 'ready');
    assert.ok(ready && ready.type === 'ready' && ready.isValidation);
    const held = ready.isValidation.indexOf(true);
    h.run.handle({ type: 'setInspected', index: held });
    h.clock.runUntil(() => h.clock.pending === 0);
    assert.equal(h.last().inspected?.validation, true, `row ${held + 1} is a validation sample`);
  });
});
