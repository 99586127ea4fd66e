/** The lecture's networks and independently published reference numbers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Random,
  Trainer,
  costAndGradient,
  createNetwork,
  forward,
  predict,
  sigmoid,
  sigmoidGradient,
} from '../../../src/engine';
import { close, entry as get, makeDataset, makeSpec } from './helpers';

const NO_INIT = { name: 'zeros', sigma: 1, epsilon: 0 } as const;
const layer = (units: number, activation: 'sigmoid' | 'linear' = 'sigmoid') => ({
  units,
  activation,
  dropout: 0,
});

test('slide: AND h = g(−30 + 20x1 + 20x2) gives the table of the slide', () => {
  const net = createNetwork([layer(2, 'linear'), layer(1)], [[[-30, 20, 20]]], NO_INIT, new Random(0));
  const rows: [number[], number][] = [
    [[0, 0], 9.3576229688392989e-14],
    [[1, 0], 4.5397868702434395e-5],
    [[0, 1], 4.5397868702434395e-5],
    [[1, 1], 0.9999546021312976],
  ];
  for (const [x, h] of rows)
    assert.ok(close(predict(net, x)[0], h, 1e-15) && Math.abs(predict(net, x)[0] - h) <= 1e-15 * h, `${x}`);
  assert.equal(sigmoid(-30), 9.357622968839299e-14);
});

test('slide: NOT h = g(10 − 20x1)', () => {
  const net = createNetwork([layer(1, 'linear'), layer(1)], [[[10, -20]]], NO_INIT, new Random(0));
  assert.ok(Math.abs(predict(net, [0])[0] - 0.9999546021312976) < 1e-15);
  assert.ok(Math.abs(predict(net, [1])[0] - 4.5397868702434395e-5) < 1e-18);
});

test('slide: XNOR with Θ^(1) = [[−30,20,20],[10,−20,−20]], Θ^(2) = [[−10,20,20]] and its a1, a2 table', () => {
  const net = createNetwork(
    [layer(2, 'linear'), layer(2), layer(1)],
    [
      [
        [-30, 20, 20],
        [10, -20, -20],
      ],
      [[-10, 20, 20]],
    ],
    NO_INIT,
    new Random(0),
  );
  const table = [
    // x1, x2, a1, a2, h
    [0, 0, 0, 1, 1],
    [1, 0, 0, 0, 0],
    [0, 1, 0, 0, 0],
    [1, 1, 1, 0, 1],
  ];
  for (const [x1, x2, a1, a2, h] of table) {
    const f = forward(net, Float64Array.from([x1, x2]), 1);
    assert.equal(Math.round(f.a[1][0]), a1);
    assert.equal(Math.round(f.a[1][1]), a2);
    assert.equal(Math.round(f.a[2][0]), h);
    assert.ok(Math.abs(f.a[2][0] - h) < 1e-4, `h(${x1}, ${x2}) = ${f.a[2][0]}`);
  }
});

// Matt Mazur, "A Step by Step Backpropagation Example" (2015),
// https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/ — 2-2-2 sigmoid net, E = Σ ½(t − o)².
test('Mazur (2015): total error, ∂E/∂w5, ∂E/∂w1 and the weights after one step with α = 0.5', () => {
  const spec = makeSpec({
    sizes: [2, 2, 2],
    loss: 'mse',
    learningRate: 0.5,
    weights: [
      [
        [0.35, 0.15, 0.2],
        [0.35, 0.25, 0.3],
      ],
      [
        [0.6, 0.4, 0.45],
        [0.6, 0.5, 0.55],
      ],
    ],
  });
  const data = makeDataset([[0.05, 0.1]], [[0.01, 0.99]]);
  const trainer = new Trainer(spec, data);
  const r = costAndGradient(trainer.network, data.X, data.Y, 1, 'mse', 0);
  assert.ok(Math.abs(r.J - 0.298371109) < 5e-10, `E = ${r.J}`);
  assert.ok(Math.abs(get(r.D[1], 0, 1) - 0.082167041) < 5e-10, `∂E/∂w5 = ${get(r.D[1], 0, 1)}`);
  assert.ok(Math.abs(get(r.D[0], 0, 1) - 0.000438568) < 5e-10, `∂E/∂w1 = ${get(r.D[0], 0, 1)}`);
  trainer.runBatch();
  const [t1, t2] = trainer.theta;
  // he does not update the biases: compare only the non-bias weights.
  const expected: [number, number, number, number][] = [
    [1, 0, 1, 0.35891648], // w5
    [1, 0, 2, 0.408666186], // w6
    [1, 1, 1, 0.51130127], // w7
    [1, 1, 2, 0.561370121], // w8
    [0, 0, 1, 0.149780716], // w1
    [0, 0, 2, 0.19956143], // w2
    [0, 1, 1, 0.24975114], // w3
    [0, 1, 2, 0.29950229], // w4
  ];
  for (const [l, j, i, w] of expected) {
    const v = get([t1, t2][l], j, i);
    assert.ok(Math.abs(v - w) < 5e-9, `Θ^(${l + 1})_${j + 1}${i} = ${v}, expected ${w}`);
  }
});

/** Ng's debugInitializeWeights: reshape(sin(1:numel(W)), fan_out, 1 + fan_in) / 10 — MATLAB reshape is column-major. */
function debugInitializeWeights(fanOut: number, fanIn: number): number[][] {
  const W: number[][] = [];
  for (let r = 0; r < fanOut; r++) {
    W.push([]);
    for (let c = 0; c <= fanIn; c++) W[r].push(Math.sin(1 + r + c * fanOut) / 10);
  }
  return W;
}

// Andrew Ng, Machine Learning (Coursera), programming exercise 4, checkNNGradients: input 3, hidden 5, 3 labels,
// m = 5, sigmoid, cross-entropy. The gradients (unrolled column-major, Θ^(1) then Θ^(2)) are the numbers the
// exercise prints for checkNNGradients (λ = 0) and checkNNGradients(3).
const NG_GRAD_LAMBDA0_FIRST10 = [
  -9.2783e-3, 8.8991e-3, -8.3601e-3, 7.6281e-3, -6.748e-3, -3.0498e-6, 1.4287e-5, -2.5938e-5, 3.6988e-5,
  -4.6876e-5,
];
const NG_GRAD_LAMBDA3 = [
  -9.2783e-3, 8.8991e-3, -8.3601e-3, 7.6281e-3, -6.748e-3, -1.6768e-2, 3.9433e-2, 5.9336e-2, 2.4764e-2,
  -3.2688e-2, -6.0174e-2, -3.1961e-2, 2.4923e-2, 5.9772e-2, 3.8641e-2, -1.737e-2, -5.7566e-2, -4.5196e-2,
  9.1459e-3, 5.461e-2, 3.1454e-1, 1.1106e-1, 9.7401e-2, 1.1868e-1, 3.8193e-5, 3.3693e-2, 2.0399e-1, 1.1715e-1,
  7.548e-2, 1.257e-1, -4.0759e-3, 1.6968e-2, 1.7634e-1, 1.1313e-1, 8.6163e-2, 1.3229e-1, -4.5296e-3,
  1.5005e-3,
];

function ngDebugGradient(lambda: number): { J: number; unrolled: number[] } {
  const X = debugInitializeWeights(5, 2); // 5 × 3
  const y = [1, 2, 3, 4, 5].map((i) => 1 + (i % 3));
  const Y = y.map((c) => [1, 2, 3].map((k) => (k === c ? 1 : 0)));
  const net = createNetwork(
    [layer(3, 'linear'), layer(5), layer(3)],
    [debugInitializeWeights(5, 3), debugInitializeWeights(3, 5)],
    NO_INIT,
    new Random(0),
  );
  const r = costAndGradient(
    net,
    Float64Array.from(X.flat()),
    Float64Array.from(Y.flat()),
    5,
    'cross-entropy',
    lambda,
  );
  const unrolled: number[] = [];
  for (const D of r.D)
    for (let c = 0; c < D.cols; c++) for (let i = 0; i < D.rows; i++) unrolled.push(get(D, i, c));
  return { J: r.J, unrolled };
}

function sameTo4Digits(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= 0.5e-4 * Math.abs(expected) + 1e-12;
}

test('Ng ex4 checkNNGradients debug network: D matches the printed gradients (λ = 0 and λ = 3)', () => {
  const g0 = ngDebugGradient(0);
  NG_GRAD_LAMBDA0_FIRST10.forEach((e, i) =>
    assert.ok(sameTo4Digits(g0.unrolled[i], e), `λ=0 entry ${i}: ${g0.unrolled[i]} vs ${e}`),
  );
  const g3 = ngDebugGradient(3);
  assert.equal(g3.unrolled.length, 38);
  NG_GRAD_LAMBDA3.forEach((e, i) =>
    assert.ok(sameTo4Digits(g3.unrolled[i], e), `λ=3 entry ${i}: ${g3.unrolled[i]} vs ${e}`),
  );
  // the λ term adds λ/(2m) Σ Θ² (no bias columns) to J
  let s = 0;
  for (const W of [debugInitializeWeights(5, 3), debugInitializeWeights(3, 5)])
    for (const row of W) for (let c = 1; c < row.length; c++) s += row[c] ** 2;
  assert.ok(Math.abs(g3.J - g0.J - (3 / 10) * s) < 1e-14);
});

test('Ng ex4: sigmoidGradient([−1 −0.5 0 0.5 1]) = 0.196612 0.235004 0.250000 0.235004 0.196612', () => {
  const expected = [0.196612, 0.235004, 0.25, 0.235004, 0.196612];
  [-1, -0.5, 0, 0.5, 1].forEach((z, i) =>
    assert.ok(Math.abs(sigmoidGradient(z) - expected[i]) < 5e-7, `${z}`),
  );
});
