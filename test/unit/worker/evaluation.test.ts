/**
 * How often a running worker evaluates J(Θ) exactly (src/worker/evaluationBudget.ts), on a virtual clock: at full speed
 * the epochs between exact evaluations carry the running estimate and say so; paced, paused and finished runs are exact.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { dataFilesFromBytes, loadDataset, parseNetwork } from '../../../src/format';
import { Trainer } from '../../../src/engine';
import { EvaluationBudget } from '../../../src/worker/evaluationBudget';
import { TrainingRun } from '../../../src/worker/run';
import { emptyHistory, mergeHistory } from '../../../src/shared/history';
import type { Pace } from '../../../src/shared/pace';
import type { Frame, FromWorker, NetworkSpec } from '../../../src/protocol';
import { FakeScheduler } from './fakeScheduler';

/** A 2-3-1 network on XOR, full batch, λ = 0: the running estimate of epoch e is then J at the end of epoch e − 1. */
function xorSpec(epochs: number): NetworkSpec {
  const parsed = parseNetwork(
    JSON.stringify({
      layers: [{ units: 2 }, { units: 3, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }],
      data: { generator: 'xor' },
      training: { learningRate: 2, lambda: 0, epochs, batchSize: 'full', seed: 1 },
    }),
  );
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.spec;
}

/**
 * Trains `spec` at `pace` on a virtual clock to the end; every frame is acknowledged at once, as the host does. Each
 * reading of the clock advances it by `readCost` ms, so an evaluation seems to take that long.
 */
function trainToEnd(spec: NetworkSpec, pace: Pace, readCost = 0.05) {
  const t = start(spec, pace, readCost);
  assert.ok(t.clock.runUntil(() => t.frames.at(-1)?.state === 'finished'));
  return { frames: t.frames, history: t.history(), last: t.frames[t.frames.length - 1] };
}

/** A TrainingRun started at `pace` on a virtual clock; its frames, and the history they carry merged as the host does. */
function start(spec: NetworkSpec, pace: Pace, readCost: number) {
  const clock = new FakeScheduler(readCost);
  const frames: Frame[] = [];
  let run: TrainingRun | null = null;
  const send = (m: FromWorker): void => {
    if (m.type !== 'frame') return;
    frames.push(m.frame);
    clock.after(0, () => run?.handle({ type: 'ack', frameId: m.frame.frameId }));
  };
  run = TrainingRun.load(
    { type: 'load', spec, files: {}, frameRate: 30, inspected: 0, boundaryResolution: 8, pace },
    send,
    clock,
  );
  assert.ok(run);
  run.handle({ type: 'start' });
  const history = () => {
    const h = emptyHistory();
    for (const f of frames) mergeHistory(h, f.historyStart, f.history);
    return h;
  };
  return { clock, frames, run, history };
}

describe('the evaluation budget', () => {
  it('allows an exact evaluation once the time since the last one is ten times what it took (share 0.1)', () => {
    const b = new EvaluationBudget(0.1);
    assert.ok(b.allows(0), 'before any evaluation');
    b.spent(100, 103);
    assert.ok(!b.allows(120), '17 ms after a 3 ms evaluation');
    assert.ok(b.allows(133), '30 ms after it');
    b.spent(133, 133.001);
    assert.ok(b.allows(133.001), 'an evaluation of a microsecond is always allowed');
    b.spent(200, 300);
    assert.ok(!b.allows(310));
    b.restart();
    assert.ok(b.allows(310), 'a run that starts may evaluate its first epoch exactly');
  });
});

describe('J while the worker trains', () => {
  it('at max, epochs between exact evaluations carry the running estimate, marked, without accuracies', () => {
    const spec = xorSpec(300);
    const { history, frames, last } = trainToEnd(spec, 'max');
    assert.deepEqual(
      history.epoch,
      Array.from({ length: 301 }, (_, e) => e),
    );
    const estimated = history.estimated.filter((e) => e).length;
    assert.ok(estimated > 150, `most epochs at full speed are estimates: ${estimated} of 300`);
    assert.ok(estimated < 295, `some are exact: ${300 - estimated} of 300`);
    assert.equal(history.estimated[0], false, 'epoch 0 (the initial Θ) is exact');
    assert.equal(history.estimated[300], false, 'the last epoch is exact');
    history.estimated.forEach((e, k) => {
      assert.equal(history.accuracy[k] === null, e, `epoch ${k}: accuracy only where J is exact`);
    });
    // Full batch, λ = 0: the estimate of epoch e is the batch cost at the Θ the epoch started from, J after e − 1.
    const reference = new Trainer(spec, loadDataset(spec, dataFilesFromBytes({})));
    const exactJ = [reference.evaluate().J];
    for (let e = 1; e <= 300; e++) exactJ.push(reference.runEpoch().J);
    history.J.forEach((J, e) => {
      const expected = history.estimated[e] ? exactJ[e - 1] : exactJ[e];
      assert.ok(Math.abs(J - expected) < 1e-12, `epoch ${e}: ${J} vs ${expected}`);
    });
    const running = frames.filter((f) => f.state === 'running' && f.estimated);
    for (const f of running) assert.ok(f.evaluatedEpoch < f.epoch, 'an estimate says which epoch was exact');
    assert.equal(last.estimated, false, 'the finished run shows the exact J');
    assert.equal(last.evaluatedEpoch, 300);
    assert.ok(Math.abs(last.J - exactJ[300]) < 1e-12);
  });

  it('at max, an evaluation that takes microseconds (a logic gate’s) is done every epoch', () => {
    const { history, frames } = trainToEnd(xorSpec(100), 'max', 0.001);
    assert.equal(history.epoch.length, 101);
    assert.ok(history.estimated.every((e) => !e));
    assert.ok(frames.every((f) => !f.estimated));
  });

  it('paused on an estimated epoch, J and its point on the curve become exact', () => {
    const spec = xorSpec(3000);
    const t = start(spec, 'max', 0.05);
    assert.ok(
      t.clock.runUntil(() => t.frames.at(-1)?.estimated === true && (t.frames.at(-1)?.epoch ?? 0) > 50),
    );
    const estimated = t.frames[t.frames.length - 1];
    t.run.handle({ type: 'pause' });
    // The paused frame goes out once the host has taken the one in flight.
    assert.ok(t.clock.runUntil(() => t.frames.at(-1)?.state === 'paused'));
    const paused = t.frames[t.frames.length - 1];
    assert.equal(paused.state, 'paused');
    assert.equal(paused.estimated, false);
    assert.equal(paused.evaluatedEpoch, paused.epoch);
    assert.ok(paused.accuracy !== null, 'the accuracies of the paused Θ');
    const reference = new Trainer(spec, loadDataset(spec, dataFilesFromBytes({})));
    for (let e = 1; e <= paused.epoch; e++) reference.runEpoch();
    assert.ok(Math.abs(paused.J - reference.evaluate().J) < 1e-12, `${paused.J}`);
    assert.ok(paused.epoch >= estimated.epoch);
    const h = t.history();
    const last = h.epoch.length - 1;
    assert.equal(h.epoch[last], paused.epoch);
    assert.equal(h.estimated[last], false, 'the curve’s newest point is exact now');
    assert.equal(h.J[last], paused.J);
    assert.deepEqual(
      h.epoch,
      Array.from({ length: paused.epoch + 1 }, (_, e) => e),
      'every epoch once',
    );
  });

  it('at a pace with time to spare, every epoch is exact', () => {
    const { history, frames } = trainToEnd(xorSpec(100), '1x');
    assert.equal(history.epoch.length, 101);
    const estimated = history.estimated.flatMap((e, k) => (e ? [k] : []));
    assert.deepEqual(estimated, [], `estimated epochs: ${estimated.join(', ')}`);
    assert.ok(frames.every((f) => !f.estimated));
  });
});
