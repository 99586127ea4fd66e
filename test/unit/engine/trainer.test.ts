/** Training: XOR, determinism, batches, optimizers, dropout, symmetry, early stopping, divergence, scale. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OptimizerName } from '../../../src/shared/spec';
import {
  OPTIMIZERS,
  Random,
  Trainer,
  cost,
  costAndGradient,
  createOptimizer,
  defaultOptimizerSpec,
  forward,
  predict,
  zeros,
} from '../../../src/engine';
import { XOR_INPUTS, XOR_TARGETS, makeDataset, makeSpec } from './helpers';

function thetaBytes(t: Trainer): Buffer {
  return Buffer.concat(t.theta.map((m) => Buffer.from(m.data.buffer.slice(0))));
}

function xorTrainer(seed = 7): Trainer {
  const spec = makeSpec({ sizes: [2, 2, 1], learningRate: 2, seed, epochs: 5000 });
  return new Trainer(spec, makeDataset(XOR_INPUTS, XOR_TARGETS));
}

test('a 2-2-1 network learns XOR from a seeded random init', () => {
  const t = xorTrainer();
  let r = t.runEpoch();
  const J1 = r.J;
  while (!r.stopped) r = t.runEpoch();
  assert.equal(r.stopped, 'done');
  assert.equal(r.accuracy, 1);
  XOR_INPUTS.forEach((x, i) => {
    const h = predict(t.network, x)[0];
    assert.ok(XOR_TARGETS[i][0] === 1 ? h > 0.5 : h < 0.5, `h(${x}) = ${h}`);
  });
  assert.ok(r.J < J1);
});

test('training is bit-for-bit deterministic (weights and per-epoch results), and reset() returns to the initial Θ', () => {
  const spec = makeSpec({
    sizes: [2, 5, 4, 1],
    hidden: 'tanh',
    learningRate: 0.05,
    batchSize: 3,
    optimizer: 'adam',
    dropout: [0, 0.2, 0.1, 0],
    validationSplit: 0.25,
    seed: 42,
    epochs: 30,
  });
  const rng = new Random(3);
  const inputs = Array.from({ length: 20 }, () => [rng.normal(), rng.normal()]);
  const data = makeDataset(
    inputs,
    inputs.map(([a, b]) => [a * b > 0 ? 1 : 0]),
  );
  const run = (t: Trainer) => {
    const results = Array.from({ length: 30 }, () => t.runEpoch());
    return { bytes: thetaBytes(t), results: JSON.stringify(results) };
  };
  const a = new Trainer(spec, data);
  const initial = thetaBytes(a);
  const ra = run(a);
  const rb = run(new Trainer(spec, data));
  assert.ok(ra.bytes.equals(rb.bytes));
  assert.equal(ra.results, rb.results);
  assert.ok(!ra.bytes.equals(initial));
  a.reset();
  assert.ok(thetaBytes(a).equals(initial));
  assert.equal(a.epoch, 0);
  assert.equal(a.iteration, 0);
  const again = run(a);
  assert.ok(again.bytes.equals(ra.bytes));
  assert.equal(again.results, ra.results, 'epochs count from 1 again, with the same results');
  // a different seed trains differently
  assert.ok(
    !run(new Trainer({ ...spec, training: { ...spec.training, seed: 43 } }, data)).bytes.equals(ra.bytes),
  );
});

test('batches 0, 1, 3 on m = 10 cover every sample once per epoch; another seed gives another order', () => {
  const inputs = Array.from({ length: 10 }, (_, i) => [i / 10]);
  const data = makeDataset(
    inputs,
    inputs.map(([x]) => [x]),
  );
  const orders = (batchSize: number, seed: number) => {
    const t = new Trainer(makeSpec({ sizes: [1, 2, 1], loss: 'mse', batchSize, seed }), data);
    const epochs: number[][] = [];
    for (let e = 0; e < 3; e++) {
      const seen: number[] = [];
      let sizes = 0;
      for (;;) {
        const r = t.runBatch();
        seen.push(...t.lastBatchIndices);
        sizes++;
        assert.ok(t.lastBatchIndices.length <= (batchSize === 0 ? 10 : batchSize));
        if (r) break;
      }
      assert.equal(sizes, batchSize === 0 ? 1 : Math.ceil(10 / batchSize));
      assert.deepEqual(
        [...seen].sort((x, y) => x - y),
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      );
      epochs.push(seen);
    }
    assert.equal(t.epoch, 3);
    return epochs;
  };
  const full = orders(0, 1);
  assert.deepEqual(full[0], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const sgd = orders(1, 1);
  assert.notDeepEqual(sgd[0], sgd[1], 'reshuffled every epoch');
  const mini = orders(3, 1);
  assert.notDeepEqual(mini[0], orders(3, 2)[0], 'the seed chooses the order');
});

test('validation split: seeded, disjoint, the given fraction; J, validation J and accuracies reported', () => {
  const rng = new Random(11);
  const inputs = Array.from({ length: 40 }, () => [rng.normal(), rng.normal()]);
  const data = makeDataset(
    inputs,
    inputs.map(([a]) => (a > 0 ? [1, 0] : [0, 1])),
    ['pos', 'neg'],
  );
  const spec = makeSpec({ sizes: [2, 3, 2], output: 'softmax', validationSplit: 0.25, lambda: 0.1 });
  const t = new Trainer(spec, data);
  assert.equal(t.validationM, 10);
  assert.equal(t.trainM, 30);
  const all = new Set([...t.trainIndices, ...t.validationIndices]);
  assert.equal(all.size, 40);
  const r = t.runEpoch();
  assert.ok(r.validationJ !== null && Number.isFinite(r.validationJ));
  assert.ok(r.accuracy !== null && r.accuracy >= 0 && r.accuracy <= 1);
  assert.ok(r.validationAccuracy !== null);
  // J is the λ-regularized cost on the training part at the current Θ
  const X = new Float64Array(t.trainM * 2),
    Y = new Float64Array(t.trainM * 2);
  t.trainIndices.forEach((p, i) => {
    X.set(data.X.subarray(p * 2, p * 2 + 2), i * 2);
    Y.set(data.Y.subarray(p * 2, p * 2 + 2), i * 2);
  });
  assert.equal(r.J, cost(t.network, X, Y, t.trainM, 'cross-entropy', 0.1));
  const other = new Trainer({ ...spec, training: { ...spec.training, seed: 99 } }, data);
  assert.notDeepEqual([...other.validationIndices], [...t.validationIndices]);
});

test('regression (non 0/1 targets) reports no accuracy', () => {
  const data = makeDataset([[0], [1], [2]], [[0.5], [1.5], [2.5]]);
  const t = new Trainer(
    makeSpec({ sizes: [1, 2, 1], output: 'linear', loss: 'mse', learningRate: 0.01 }),
    data,
  );
  assert.equal(t.runEpoch().accuracy, null);
});

test('every optimizer reduces J on a small problem', () => {
  const data = makeDataset(XOR_INPUTS, XOR_TARGETS);
  const rates: Record<OptimizerName, number> = {
    gd: 1,
    momentum: 0.5,
    adagrad: 0.3,
    adadelta: 1,
    rmsprop: 0.02,
    adam: 0.02,
  };
  for (const optimizer of OPTIMIZERS) {
    const t = new Trainer(
      makeSpec({ sizes: [2, 4, 1], optimizer, learningRate: rates[optimizer], seed: 5, epochs: 1000 }),
      data,
    );
    const J0 = t.evaluate().J;
    let r = t.runEpoch();
    for (let e = 0; e < 200; e++) r = t.runEpoch();
    assert.ok(r.J < J0, `${optimizer}: J went from ${J0} to ${r.J}`);
  }
});

test("Adam's first step moves every parameter by ≈ α (bias correction)", () => {
  const opt = createOptimizer(defaultOptimizerSpec('adam'));
  const theta = [zeros(2, 3)];
  const D = [zeros(2, 3)];
  D[0].data.set([0.5, -2, 1e-3, 30, -0.01, 7]);
  opt.step(theta, D, 0.01);
  theta[0].data.forEach((v, i) =>
    assert.ok(Math.abs(Math.abs(v) - 0.01) < 1e-7 && Math.sign(v) === -Math.sign(D[0].data[i])),
  );
  // reset forgets the moments: the same first step again
  opt.reset();
  const again = [zeros(2, 3)];
  opt.step(again, D, 0.01);
  assert.deepEqual([...again[0].data], [...theta[0].data]);
});

test('every optimizer writes Θ_after − Θ_before, bit for bit, in the pass that updates Θ, and the same Θ', () => {
  for (const name of OPTIMIZERS) {
    const withChange = createOptimizer(defaultOptimizerSpec(name));
    const plain = createOptimizer(defaultOptimizerSpec(name));
    const a = [zeros(2, 3)],
      b = [zeros(2, 3)],
      change = [zeros(2, 3)],
      D = [zeros(2, 3)];
    a[0].data.set([0.1, -0.2, 0.3, 1e-9, -7, 2]);
    b[0].data.set(a[0].data);
    for (let t = 1; t <= 3; t++) {
      D[0].data.set([0.5 / t, -2, 1e-3, 30, -0.01 * t, 7]);
      const before = a[0].data.slice();
      withChange.step(a, D, 0.05, change);
      plain.step(b, D, 0.05);
      assert.deepEqual([...a[0].data], [...b[0].data], `${name}: the same Θ with or without the change`);
      change[0].data.forEach((u, q) =>
        assert.equal(u, a[0].data[q] - before[q], `${name}, step ${t}, entry ${q}`),
      );
    }
  }
});

test('momentum, adagrad, rmsprop, adadelta follow their rules on a first step', () => {
  const g = 0.5;
  const step = (name: OptimizerName, alpha: number) => {
    const opt = createOptimizer(defaultOptimizerSpec(name));
    const theta = [zeros(1, 1)];
    const D = [zeros(1, 1)];
    D[0].data[0] = g;
    opt.step(theta, D, alpha);
    return theta[0].data[0];
  };
  assert.equal(step('gd', 0.1), -0.05);
  assert.equal(step('momentum', 0.1), -0.05);
  assert.ok(Math.abs(step('adagrad', 0.1) + 0.1) < 1e-7); // g/√(g²) = 1
  assert.ok(Math.abs(step('rmsprop', 0.1) + 0.1 / Math.sqrt(0.1)) < 1e-7);
  // adadelta: −√(0 + ε)/√((1 − ρ)g² + ε) · g, scaled by α
  const ad = -(Math.sqrt(1e-6) / Math.sqrt(0.05 * g * g + 1e-6)) * g;
  assert.ok(Math.abs(step('adadelta', 1) - ad) < 1e-15);
  assert.ok(Math.abs(step('adadelta', 2) - 2 * ad) < 1e-15);
});

test('setHyper changes α, λ, B and the optimizer live (a new optimizer starts fresh)', () => {
  const t = xorTrainer();
  t.runEpoch();
  t.setHyper({ learningRate: 0.5, lambda: 0.2, batchSize: 1, optimizer: 'adam' });
  assert.deepEqual(t.hyper, { learningRate: 0.5, lambda: 0.2, batchSize: 1, optimizer: 'adam' });
  t.runBatch();
  assert.equal(t.lastBatchIndices.length, 1);
  // Adam's fresh first step: |ΔΘ| ≈ α for every parameter with a non-zero gradient
  t.lastUpdate!.forEach((u, l) =>
    u.data.forEach((v, q) => {
      if (t.lastD![l].data[q] !== 0) assert.ok(Math.abs(Math.abs(v) - 0.5) < 1e-4, `${v}`);
    }),
  );
  assert.throws(() => t.setHyper({ learningRate: -1 }), /learning rate/);
  assert.throws(() => t.setHyper({ batchSize: 1.5 }), /batch size/);
});

test('last D and last update: ΔΘ = −α D for gd', () => {
  const t = xorTrainer();
  assert.equal(t.lastD, null);
  const before = t.theta.map((m) => new Float64Array(m.data));
  t.runBatch();
  t.theta.forEach((m, l) =>
    m.data.forEach((v, q) => {
      assert.equal(t.lastUpdate![l].data[q], v - before[l][q]);
      assert.ok(Math.abs(t.lastUpdate![l].data[q] + 2 * t.lastD![l].data[q]) < 1e-15);
    }),
  );
  assert.equal(t.iteration, 1);
});

test('dropout: masks drop about p of the units, evaluation is deterministic and unscaled', () => {
  const rng = new Random(1);
  const inputs = Array.from({ length: 200 }, () => [rng.normal(), rng.normal()]);
  const data = makeDataset(
    inputs,
    inputs.map(([a]) => [a > 0 ? 1 : 0]),
  );
  const spec = makeSpec({ sizes: [2, 50, 1], dropout: [0, 0.3, 0], batchSize: 0, seed: 2 });
  const t = new Trainer(spec, data);
  t.runBatch();
  const masks = t.dropoutMasks!;
  assert.equal(masks[0], null);
  const mask = masks[1]!;
  assert.equal(mask.length, 200 * 50);
  const rate = mask.reduce((s, v) => s + v, 0) / mask.length;
  assert.ok(Math.abs(rate - 0.3) < 0.02, `dropped ${rate}`);
  assert.equal(t.lastDropped!.length, 1);
  assert.equal(t.lastDropped![0].length, 50);
  // evaluation: no dropout, no scaling — the same as a plain forward pass, twice
  const e1 = t.evaluate(),
    e2 = t.evaluate();
  assert.equal(e1.J, e2.J);
  const f = forward(t.network, data.X, data.m);
  const plain = f.a[1].every((v, q) => v === 1 / (1 + Math.exp(-f.z[0][q])));
  assert.ok(plain);
  assert.equal(e1.J, cost(t.network, data.X, data.Y, data.m, 'cross-entropy', 0));
  // training mode: the dropped units are 0, the kept ones scaled by 1/(1 − p)
  const tr = forward(t.network, data.X, data.m, { dropout: new Random(4) });
  const m1 = tr.workspace.masks[1]!;
  const z = tr.z[0];
  tr.a[1].forEach((v, q) => assert.equal(v, m1[q] ? 0 : (1 / (1 + Math.exp(-z[q]))) * (1 / (1 - 0.3))));
});

test('zero-initialised hidden units stay identical to the last bit (the symmetry problem)', () => {
  const data = makeDataset(XOR_INPUTS, XOR_TARGETS);
  const t = new Trainer(
    makeSpec({ sizes: [2, 3, 1], init: { name: 'zeros', sigma: 1, epsilon: 0 }, learningRate: 1 }),
    data,
  );
  for (let e = 0; e < 200; e++) t.runEpoch();
  const [t1, t2] = t.theta;
  for (let j = 1; j < 3; j++) for (let i = 0; i < 3; i++) assert.equal(t1.data[j * 3 + i], t1.data[i]);
  assert.equal(t2.data[1], t2.data[2]);
  assert.equal(t2.data[2], t2.data[3]);
});

test('finite logs: J stays finite when h is exactly 0 or 1', () => {
  const sat = (output: 'sigmoid' | 'softmax' | 'relu') => {
    const K = output === 'softmax' ? 2 : 1;
    const weights = [[[0, 1000]], Array.from({ length: K }, (_, j) => (j === 0 ? [-800, 1.6] : [800, -1.6]))];
    const spec = makeSpec({ sizes: [1, 1, K], hidden: 'relu', output, weights });
    const data = makeDataset(
      [[1], [-1]],
      K === 1
        ? [[0], [1]]
        : [
            [0, 1],
            [1, 0],
          ],
    );
    const t = new Trainer(spec, data);
    const f = forward(t.network, data.X, 2);
    return { h: f.a[2], J: costAndGradient(t.network, data.X, data.Y, 2, 'cross-entropy', 0) };
  };
  for (const output of ['sigmoid', 'softmax', 'relu'] as const) {
    const { h, J } = sat(output);
    assert.ok(
      h.some((v) => v === 0 || v === 1),
      `${output}: h = ${h}`,
    );
    assert.ok(Number.isFinite(J.J), `${output}: J = ${J.J}`);
    J.D.forEach((d) => d.data.forEach((v) => assert.ok(Number.isFinite(v))));
  }
  // sigmoid with z = ±800 is exact: −log(1 − σ(800)) = −log σ(−800) = 800
  assert.ok(Math.abs(sat('sigmoid').J.J - 800) < 1e-9);
});

test('early stopping on the validation cost records the best epoch and restores its Θ', () => {
  const rng = new Random(8);
  const inputs = Array.from({ length: 30 }, () => [rng.normal()]);
  const data = makeDataset(
    inputs,
    inputs.map(() => [rng.next() < 0.5 ? 1 : 0]), // noise: validation cost soon stops improving
  );
  const spec = makeSpec({
    sizes: [1, 8, 1],
    learningRate: 3,
    validationSplit: 0.3,
    epochs: 5000,
    earlyStopping: { patience: 5, minDelta: 0, restoreBest: true },
  });
  const t = new Trainer(spec, data);
  let r = t.runEpoch();
  const snapshots = new Map<number, Buffer>();
  const vj: number[] = [r.validationJ!];
  snapshots.set(r.epoch, thetaBytes(t));
  while (!r.stopped) {
    r = t.runEpoch();
    vj.push(r.validationJ!);
    if (!r.stopped) snapshots.set(r.epoch, thetaBytes(t));
  }
  assert.equal(r.stopped, 'early-stopping');
  const best = t.bestEpoch!;
  assert.equal(r.epoch - best, 5);
  assert.equal(Math.min(...vj), vj[best - 1]);
  assert.ok(thetaBytes(t).equals(snapshots.get(best)!));
});

test('divergence: a huge α makes J non-finite and stops with "diverged"', () => {
  const data = makeDataset([[1], [2], [3]], [[1e3], [2e3], [3e3]]);
  const t = new Trainer(
    makeSpec({ sizes: [1, 3, 1], hidden: 'linear', output: 'linear', loss: 'mse', learningRate: 10 }),
    data,
  );
  let r = t.runEpoch();
  for (let e = 0; e < 200 && !r.stopped; e++) r = t.runEpoch();
  assert.equal(r.stopped, 'diverged');
  assert.ok(!Number.isFinite(r.J));
});

test('inspect(i) gives the z, a, δ of one sample equal to a batch of one', () => {
  const t = new Trainer(
    makeSpec({ sizes: [2, 3, 2, 1], hidden: 'tanh', seed: 9 }),
    makeDataset(XOR_INPUTS, XOR_TARGETS),
  );
  const s = t.inspect(2);
  assert.deepEqual([...s.x], [1, 0]);
  assert.deepEqual([...s.y], [1]);
  assert.equal(s.a.length, 4);
  assert.equal(s.z.length, 3);
  assert.equal(s.delta.length, 3);
  const r = costAndGradient(
    t.network,
    Float64Array.from([1, 0]),
    Float64Array.from([1]),
    1,
    'cross-entropy',
    0,
  );
  for (let j = 0; j < 3; j++) {
    assert.deepEqual([...s.z[j]], [...r.workspace.z[j]]);
    assert.deepEqual([...s.delta[j]], [...r.workspace.delta[j]]);
  }
  assert.throws(() => t.inspect(4), /0\.\.3/);
});

test('bad input is rejected with a message saying where', () => {
  const data = makeDataset(XOR_INPUTS, XOR_TARGETS);
  assert.throws(
    () => new Trainer(makeSpec({ sizes: [3, 2, 1] }), data),
    /n = 2 inputs but layer 1 has s_1 = 3/,
  );
  assert.throws(() => new Trainer(makeSpec({ sizes: [2, 2, 2] }), data), /K = 1 outputs but layer 3/);
  assert.throws(
    () => new Trainer(makeSpec({ sizes: [2, 2, 1], activations: ['linear', 'softmax', 'sigmoid'] }), data),
    /layer 2: softmax/,
  );
  assert.throws(
    () => new Trainer(makeSpec({ sizes: [2, 2, 1], weights: [[[0, 1, 2]], [[0, 1, 2]]] }), data),
    /Θ\^\(1\) must be 2 × 3/,
  );
  assert.throws(
    () => new Trainer(makeSpec({ sizes: [2, 2, 1], dropout: [0, 0, 0.5] }), data),
    /layer 3: dropout is only allowed on hidden layers/,
  );
});

test('a 784-64-10 network on 2,000 random samples runs an epoch with batch 64', () => {
  const rng = new Random(1);
  const m = 2000;
  const X = new Float64Array(m * 784).map(() => rng.next());
  const Y = new Float64Array(m * 10);
  for (let i = 0; i < m; i++) Y[i * 10 + rng.int(10)] = 1;
  const data = { m, n: 784, K: 10, X, Y, classNames: null, imageShape: [28, 28] as [number, number] };
  const spec = makeSpec({
    sizes: [784, 64, 10],
    hidden: 'relu',
    output: 'softmax',
    batchSize: 64,
    optimizer: 'adam',
    learningRate: 0.001,
    dropout: [0, 0.2, 0],
    validationSplit: 0.1,
    init: { name: 'he', sigma: 1, epsilon: 0 },
  });
  const t = new Trainer(spec, data);
  const r = t.runEpoch();
  assert.equal(r.epoch, 1);
  assert.ok(Number.isFinite(r.J) && r.validationJ !== null && Number.isFinite(r.validationJ));
  assert.equal(t.iteration, Math.ceil(1800 / 64));
});

test('runEpoch({ exact: false }) trains the same Θ bit for bit; its J is a labelled running estimate, exact epochs stay exact', () => {
  const spec = makeSpec({
    sizes: [2, 4, 1],
    learningRate: 0.5,
    batchSize: 3,
    lambda: 0.1,
    seed: 5,
    epochs: 40,
  });
  const rng = new Random(9);
  const inputs = Array.from({ length: 30 }, () => [rng.normal(), rng.normal()]);
  const data = makeDataset(
    inputs,
    inputs.map(([a, b]) => [a * b > 0 ? 1 : 0]),
  );
  const exact = new Trainer(spec, data);
  const lean = new Trainer(spec, data);
  for (let e = 1; e <= 40; e++) {
    const a = exact.runEpoch();
    const b = lean.runEpoch({ exact: e % 10 === 0 });
    assert.ok(thetaBytes(exact).equals(thetaBytes(lean)), `the same Θ after epoch ${e}`);
    if (e % 10 === 0) {
      assert.deepEqual(b, a, `epoch ${e} asked for exact: the same result`);
      continue;
    }
    assert.equal(b.estimated, true);
    assert.equal(b.accuracy, null);
    // The mean of the epoch's batch costs (each at its own Θ) + the λ term: near J at the epoch's end, not equal.
    assert.ok(Number.isFinite(b.J) && Math.abs(b.J - a.J) < 0.5 * a.J, `epoch ${e}: ${b.J} vs ${a.J}`);
    assert.equal(a.estimated, undefined);
  }
});

test('runEpoch({ exact: false }) is exact anyway when early stopping needs the cost of every epoch', () => {
  const spec = makeSpec({
    sizes: [2, 3, 1],
    learningRate: 1,
    batchSize: 2,
    validationSplit: 0.25,
    seed: 3,
    epochs: 20,
    earlyStopping: { patience: 5, minDelta: 0, restoreBest: true },
  });
  const t = new Trainer(spec, makeDataset([...XOR_INPUTS, ...XOR_INPUTS], [...XOR_TARGETS, ...XOR_TARGETS]));
  const r = t.runEpoch({ exact: false });
  assert.equal(r.estimated, undefined);
  assert.equal(r.accuracy === null, false);
});
