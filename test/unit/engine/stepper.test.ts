/** The step-by-step mode: the slide's loop, record by record, sharing the trainer's state. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random, Stepper, Trainer, costAndGradient, stepsInSample, toRows } from '../../../src/engine';
import type { StepRecord } from '../../../src/engine';
import { makeDataset, makeSpec } from './helpers';

function data(m: number, K: number, seed = 1) {
  const rng = new Random(seed);
  const inputs = Array.from({ length: m }, () => [rng.normal(), rng.normal(), rng.normal()]);
  const targets = inputs.map(() => {
    const c = rng.int(K);
    return Array.from({ length: K }, (_, k) => (k === c ? 1 : 0));
  });
  return makeDataset(inputs, targets);
}

test('records follow the slide: Δ := 0, then per sample input, forward per layer, δ^(L), δ^(L−1..2), Δ per Θ; then D and update per Θ', () => {
  const d = data(2, 2);
  const t = new Trainer(makeSpec({ sizes: [3, 4, 3, 2], hidden: 'tanh', output: 'softmax', seed: 3 }), d);
  const s = new Stepper(t);
  const first = s.step();
  assert.equal(first.restart, true);
  assert.equal(first.records[0].kind, 'zeroDelta');
  const rest = s.stepBatch();
  const kinds = [...first.records, ...rest.records].map(
    (r) => `${r.kind}${'layer' in r ? r.layer : ''}${'thetaLayer' in r ? '/' + r.thetaLayer : ''}`,
  );
  const sample = [
    'input1',
    'forward2/1',
    'forward3/2',
    'forward4/3',
    'outputDelta4',
    'hiddenDelta3/3',
    'hiddenDelta2/2',
    'accumulate/1',
    'accumulate/2',
    'accumulate/3',
  ];
  assert.deepEqual(kinds, [
    'zeroDelta',
    ...sample,
    ...sample,
    'gradient/1',
    'gradient/2',
    'gradient/3',
    'update/1',
    'update/2',
    'update/3',
  ]);
  const out = rest.records.find((r) => r.kind === 'outputDelta') as Extract<
    StepRecord,
    { kind: 'outputDelta' }
  >;
  assert.equal(out.rule, 'a-y');
  assert.deepEqual(
    out.delta,
    out.a.map((v, k) => v - out.y[k]),
  );
  const zero = first.records[0] as Extract<StepRecord, { kind: 'zeroDelta' }>;
  assert.deepEqual(zero.shapes, [
    [4, 4],
    [3, 5],
    [2, 4],
  ]);
  assert.equal(zero.m, 2);
  const fwd = rest.records[0] as Extract<StepRecord, { kind: 'input' }>;
  assert.equal(fwd.a[0], 1);
  assert.equal(t.iteration, 1);
  assert.equal(t.epoch, 1);
  assert.ok(rest.epoch && rest.epoch.epoch === 1);
});

test("the stepper's D equals the vectorized batch D bit for bit, and its update is the trainer's", () => {
  for (const [hidden, output, loss, lambda] of [
    ['sigmoid', 'sigmoid', 'cross-entropy', 0],
    ['tanh', 'softmax', 'cross-entropy', 0.3],
    ['relu', 'linear', 'mse', 1],
    ['sigmoid', 'softmax', 'mse', 0.1],
    ['linear', 'tanh', 'cross-entropy', 0],
  ] as const) {
    const d = data(7, 3, 5);
    const spec = makeSpec({
      sizes: [3, 5, 4, 3],
      hidden,
      output,
      loss,
      lambda,
      seed: 11,
      init: { name: 'uniform', sigma: 1, epsilon: 0.3 },
    });
    const t = new Trainer(spec, d);
    const expected = costAndGradient(t.network, d.X, d.Y, d.m, loss, lambda).D.map(toRows);
    const r = new Stepper(t).stepBatch();
    const grads = r.records.filter((x) => x.kind === 'gradient') as Extract<
      StepRecord,
      { kind: 'gradient' }
    >[];
    assert.equal(grads.length, 3);
    grads.forEach((g, l) => assert.deepEqual(g.D, expected[l], `${hidden}/${output}/${loss}: D^(${l + 1})`));
    const updates = r.records.filter((x) => x.kind === 'update') as Extract<StepRecord, { kind: 'update' }>[];
    updates.forEach((u, l) => assert.deepEqual(u.after, toRows(t.theta[l])));
    updates.forEach((u, l) => assert.deepEqual(u.D, toRows(t.lastD![l])));
  }
});

test('stepping an epoch gives the same Θ and J as runEpoch, bit for bit (gd, full batch and mini-batch)', () => {
  for (const batchSize of [0, 3]) {
    const d = data(10, 2, 8);
    const spec = makeSpec({ sizes: [3, 4, 2], batchSize, lambda: 0.05, seed: 4 });
    const a = new Trainer(spec, d),
      b = new Trainer(spec, d);
    for (let e = 0; e < 3; e++) {
      const ra = a.runEpoch();
      const rb = new Stepper(b).stepEpoch();
      assert.equal(rb.epoch!.epoch, ra.epoch);
      a.theta.forEach((m, l) => assert.deepEqual([...m.data], [...b.theta[l].data]));
      assert.equal(rb.epoch!.J, ra.J);
    }
  }
});

test('stepSample stops at the end of a sample; stepping and training interleave (the loop restarts)', () => {
  const d = data(4, 1, 2);
  const t = new Trainer(makeSpec({ sizes: [3, 2, 1], batchSize: 2, seed: 6 }), d);
  const s = new Stepper(t);
  const one = s.stepSample();
  assert.equal(one.restart, true);
  assert.equal(one.records.at(-1)!.kind, 'accumulate');
  assert.equal(one.records.filter((r) => r.kind === 'input').length, 1);
  const two = s.stepSample(); // the batch's last sample: through D and the update
  assert.equal(two.records.at(-1)!.kind, 'update');
  assert.equal(t.iteration, 1);
  s.step(); // half way into the next batch
  t.runBatch(); // the trainer moves on
  const again = s.step();
  assert.equal(again.restart, true);
  assert.equal(again.records[0].kind, 'zeroDelta');
  assert.equal(t.iteration, 2);
});

test('the forward records carry dropped units when dropout is on', () => {
  const d = data(3, 1, 4);
  const t = new Trainer(makeSpec({ sizes: [3, 40, 1], dropout: [0, 0.5, 0], seed: 6 }), d);
  const r = new Stepper(t).stepSample();
  const f = r.records.find((x) => x.kind === 'forward' && x.layer === 2) as Extract<
    StepRecord,
    { kind: 'forward' }
  >;
  assert.ok(f.dropped.length > 5 && f.dropped.length < 35);
  for (const u of f.dropped) assert.equal(f.a[u], 0);
  const h = r.records.find((x) => x.kind === 'hiddenDelta') as Extract<StepRecord, { kind: 'hiddenDelta' }>;
  for (const u of f.dropped) assert.equal(h.delta[u - 1], 0);
});

test('positions: "step k of N in sample i of m" with the real N from the first step on', () => {
  for (const [sizes, m] of [
    [[3, 2, 1], 4],
    [[3, 4, 3, 2], 3],
    [[3, 2], 1],
  ] as const) {
    const d = data(m, sizes[sizes.length - 1], 3);
    const t = new Trainer(makeSpec({ sizes: [...sizes], seed: 2 }), d);
    const s = new Stepper(t);
    const records: StepRecord[] = [];
    for (
      let q = 0;
      q < 400 && !records.some((r) => r.kind === 'update' && r.thetaLayer === sizes.length - 1);
      q++
    )
      records.push(...s.step().records);
    const L = sizes.length;
    assert.ok(records.every((r) => r.pos && r.pos.m === m && r.pos.batch === 1));
    for (let i = 1; i <= m; i++) {
      const group = records.filter((r) => r.pos!.i === i);
      // N is known from the group's first step: every record of the group carries the same N, and k runs 1..N.
      assert.equal(group.length, stepsInSample(i, m, L), `sample ${i} of ${m}, L = ${L}`);
      assert.deepEqual(
        group.map((r) => r.pos!.k),
        group.map((_, q) => q + 1),
      );
      assert.ok(group.every((r) => r.pos!.n === group.length));
    }
    assert.equal(records[0].kind, 'zeroDelta');
    assert.equal(records[0].pos!.i, 1);
    assert.equal(records.at(-1)!.pos!.i, m, 'D and the update count in the last sample');
    assert.equal(stepsInSample(1, 1, L), 1 + 3 * L - 2 + 2 * (L - 1));
    // The next batch is numbered 2.
    assert.equal(s.step().records[0].pos!.batch, 2);
  }
});
