/**
 * backpropSample is the lecture's algorithm for one sample, and the reference for the blocked batch kernels:
 * costAndGradient's D is (1/m) Σ_i Δ terms + (λ/m) Θ off the bias column, bit for bit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Random,
  backpropSample,
  costAndGradient,
  createNetwork,
  regularization,
  sampleCost,
  sigmoid,
  type Network,
} from '../../../src/engine';
import type { ActivationName, LossName } from '../../../src/shared/spec';
import { makeSpec } from './helpers';

test('one sample by the slides: z = Θ [1; a], a = g(z), δ^(L) = a − y, δ^(2) = Θᵀδ .* a(1 − a), Δ term = δ [1 a]ᵀ', () => {
  const theta1 = [
    [0.1, 0.2, -0.3],
    [-0.4, 0.5, 0.6],
  ];
  const theta2 = [[0.7, -0.8, 0.9]];
  const spec = makeSpec({ sizes: [2, 2, 1], weights: [theta1, theta2] });
  const net = createNetwork(spec.layers, spec.weights, spec.training.init, new Random(1));
  const x = [1, 2],
    y = [1];
  const r = backpropSample(net, x, y, 'cross-entropy');
  const z2 = theta1.map((row) => row[0] * 1 + row[1] * x[0] + row[2] * x[1]);
  const a2 = z2.map(sigmoid);
  const z3 = theta2[0][0] * 1 + theta2[0][1] * a2[0] + theta2[0][2] * a2[1];
  const a3 = sigmoid(z3);
  const close = (u: ArrayLike<number>, v: number[]) =>
    v.forEach((e, k) => assert.ok(Math.abs(u[k] - e) < 1e-15, `${u[k]} vs ${e}`));
  assert.deepEqual([...r.a[0]], x);
  close(r.z[0], z2);
  close(r.a[1], a2);
  close(r.z[1], [z3]);
  close(r.a[2], [a3]);
  assert.equal(r.rule, 'a-y');
  close(r.delta[1], [a3 - y[0]]);
  const d2 = a2.map((a, k) => theta2[0][k + 1] * (a3 - y[0]) * a * (1 - a));
  close(r.delta[0], d2);
  close(r.backprop[0], [theta2[0][1] * (a3 - y[0]), theta2[0][2] * (a3 - y[0])]);
  assert.deepEqual(
    r.Delta.map((m) => [m.rows, m.cols]),
    [
      [2, 3],
      [1, 3],
    ],
  );
  close(
    r.Delta[0].data,
    d2.flatMap((d) => [d, d * x[0], d * x[1]]),
  );
  close(r.Delta[1].data, [a3 - y[0], (a3 - y[0]) * a2[0], (a3 - y[0]) * a2[1]]);
  assert.throws(() => backpropSample(net, [1], y, 'cross-entropy'), /x has 1 and y 1 numbers.*s_1 = 2/);
});

/** The reference D: (1/m) Σ_i Δ terms of backpropSample + (λ/m) Θ off the bias column; and the mean cost + λ term. */
function reference(
  net: Network,
  X: Float64Array,
  Y: Float64Array,
  m: number,
  loss: LossName,
  lambda: number,
  dropout?: Random,
) {
  const n = net.sizes[0],
    L = net.sizes.length,
    K = net.sizes[L - 1];
  const Delta = net.theta.map((t) => new Float64Array(t.data.length));
  const samples = [];
  let J = 0;
  for (let i = 0; i < m; i++) {
    const y = Y.subarray(i * K, (i + 1) * K);
    const r = backpropSample(net, X.subarray(i * n, (i + 1) * n), y, loss, { dropout });
    r.Delta.forEach((t, l) => t.data.forEach((v, q) => (Delta[l][q] += v)));
    J += sampleCost(loss, net.activations[L - 1], r.z[L - 2], r.a[L - 1], y, 0, K);
    samples.push(r);
  }
  const D = net.theta.map((t, l) =>
    Array.from(t.data, (v, q) => (q % t.cols === 0 ? Delta[l][q] / m : Delta[l][q] / m + (lambda / m) * v)),
  );
  return { D, J: J / m + regularization(net.theta, lambda, m), samples };
}

test('the blocked kernels of costAndGradient give the reference D, J, z, a and δ bit for bit', () => {
  const cases: [ActivationName, ActivationName, LossName, number][] = [
    ['sigmoid', 'sigmoid', 'cross-entropy', 0],
    ['tanh', 'softmax', 'cross-entropy', 0.3],
    ['relu', 'linear', 'mse', 1],
    ['sigmoid', 'softmax', 'mse', 0.1],
    ['linear', 'tanh', 'cross-entropy', 0],
    ['relu', 'sigmoid', 'mse', 0.02],
  ];
  for (const [hidden, output, loss, lambda] of cases) {
    // sizes and batch sizes that exercise the kernels' blocks (4 samples × 2 units, 2 × 4) and their remainders
    for (const [sizes, m] of [
      [[5, 7, 6, 3], 9],
      [[4, 8, 2], 4],
      [[3, 5, 1], 1],
      [[9, 3, 4], 6],
    ] as const) {
      const K = sizes[sizes.length - 1];
      const spec = makeSpec({ sizes: [...sizes], hidden, output, loss, lambda, seed: 3 });
      const net = createNetwork(
        spec.layers,
        null,
        { name: 'uniform', sigma: 1, epsilon: 0.8 },
        new Random(m),
      );
      const rng = new Random(17);
      const X = Float64Array.from({ length: m * sizes[0] }, () => rng.normal());
      const Y = new Float64Array(m * K);
      for (let i = 0; i < m; i++) Y[i * K + rng.int(K)] = 1;
      const what = `${hidden}/${output}/${loss} ${sizes.join('-')} m = ${m}`;
      const ref = reference(net, X, Y, m, loss, lambda);
      const got = costAndGradient(net, X, Y, m, loss, lambda);
      got.D.forEach((d, l) => assert.deepEqual([...d.data], ref.D[l], `${what}: D^(${l + 1})`));
      assert.equal(got.J, ref.J, `${what}: J`);
      const ws = got.workspace;
      ref.samples.forEach((r, i) => {
        r.z.forEach((z, l) =>
          assert.deepEqual([...z], [...ws.z[l].subarray(i * z.length, (i + 1) * z.length)]),
        );
        r.a.forEach((a, l) =>
          assert.deepEqual([...a], [...ws.a[l].subarray(i * a.length, (i + 1) * a.length)]),
        );
        r.delta.forEach((d, l) =>
          assert.deepEqual([...d], [...ws.delta[l].subarray(i * d.length, (i + 1) * d.length)], `${what}: δ`),
        );
      });
    }
  }
});

test('with dropout on one hidden layer and the same stream, the kernels still give the reference D bit for bit', () => {
  const sizes = [4, 12, 3];
  const spec = makeSpec({ sizes, hidden: 'relu', output: 'softmax', dropout: [0, 0.4, 0], lambda: 0.1 });
  const net = createNetwork(spec.layers, null, { name: 'he', sigma: 1, epsilon: 0 }, new Random(2));
  const m = 7;
  const rng = new Random(5);
  const X = Float64Array.from({ length: m * 4 }, () => rng.normal());
  const Y = new Float64Array(m * 3);
  for (let i = 0; i < m; i++) Y[i * 3 + rng.int(3)] = 1;
  const ref = reference(net, X, Y, m, 'cross-entropy', 0.1, new Random(9));
  const got = costAndGradient(net, X, Y, m, 'cross-entropy', 0.1, { dropout: new Random(9) });
  assert.ok(
    ref.samples.some((r) => r.dropped[1]!.some((d) => d === 1)),
    'some units were dropped',
  );
  got.D.forEach((d, l) => assert.deepEqual([...d.data], ref.D[l], `D^(${l + 1})`));
  assert.equal(got.J, ref.J);
});
