/** Backpropagation against central differences for every valid activation × loss × optimizer, with and without λ. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActivationName, LossName, OptimizerName } from '../../../src/shared/spec';
import { OPTIMIZERS, Random, Trainer, gradientCheck } from '../../../src/engine';
import { makeDataset, makeSpec } from './helpers';

const HIDDEN: ActivationName[] = ['sigmoid', 'tanh', 'relu', 'linear'];
const OUTPUT: ActivationName[] = ['sigmoid', 'tanh', 'relu', 'linear', 'softmax'];
const LOSSES: LossName[] = ['cross-entropy', 'mse'];

function problem(seed: number, K: number): ReturnType<typeof makeDataset> {
  const rng = new Random(seed);
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < 6; i++) {
    inputs.push([rng.normal(), rng.normal(), rng.normal()]);
    const c = rng.int(K);
    targets.push(Array.from({ length: K }, (_, k) => (k === c ? 1 : 0)));
  }
  return makeDataset(inputs, targets);
}

for (const loss of LOSSES) {
  for (const output of OUTPUT) {
    test(`gradient check: ${loss} with ${output} outputs, every hidden g, every optimizer, λ ∈ {0, 0.7}`, () => {
      let checks = 0;
      HIDDEN.forEach((hidden, h) => {
        OPTIMIZERS.forEach((optimizer: OptimizerName, o) => {
          for (const lambda of [0, 0.7]) {
            const seed = 1 + h * 100 + o * 10 + (lambda > 0 ? 1 : 0);
            const data = problem(seed, 3);
            const spec = makeSpec({
              sizes: [3, 4, 3, 3],
              hidden,
              output,
              loss,
              lambda,
              optimizer,
              learningRate: 0.01,
              seed,
              init: { name: 'uniform', sigma: 1, epsilon: 0.5 },
            });
            const trainer = new Trainer(spec, data);
            const last = trainer.theta[2];
            // cross-entropy on tanh/ReLU/linear outputs needs h inside (0, 1): start the outputs near 0.5.
            if (loss === 'cross-entropy' && output !== 'sigmoid' && output !== 'softmax') {
              for (let j = 0; j < last.rows; j++) {
                last.data[j * last.cols] = 0.5;
                for (let i = 1; i < last.cols; i++) last.data[j * last.cols + i] *= 0.2;
              }
            }
            trainer.runBatch(); // one step of this optimizer, then check at the new Θ
            const r = gradientCheck(trainer.network, data.X, data.Y, data.m, loss, lambda);
            r.relativeDifference.forEach((d, l) =>
              assert.ok(
                d < 1e-7,
                `${hidden}/${output}/${loss}/${optimizer}/λ=${lambda}: Θ^(${l + 1}) differs by ${d}`,
              ),
            );
            assert.ok(r.passed);
            checks++;
          }
        });
      });
      assert.equal(checks, HIDDEN.length * OPTIMIZERS.length * 2);
    });
  }
}

test('gradient check finds a wrong gradient (it is not vacuous)', () => {
  const data = problem(5, 2);
  const trainer = new Trainer(makeSpec({ sizes: [3, 4, 2], seed: 3 }), data);
  const ok = gradientCheck(trainer.network, data.X, data.Y, data.m, 'cross-entropy', 0);
  assert.ok(ok.passed);
  // checking the sigmoid net's gradient against the mse cost must fail
  const wrong = gradientCheck(trainer.network, data.X, data.Y, data.m, 'mse', 0);
  const D = ok.analytic;
  const numericMse = wrong.numeric;
  let diff = 0;
  D.forEach((d, l) => d.data.forEach((v, q) => (diff += Math.abs(v - numericMse[l].data[q]))));
  assert.ok(diff > 1e-3);
});

test('gradient check on a subset of parameters (as the UI does for big nets)', () => {
  const data = problem(9, 3);
  const trainer = new Trainer(makeSpec({ sizes: [3, 6, 3], output: 'softmax', seed: 4 }), data);
  const r = trainer.gradientCheck({ maxParametersPerLayer: 5, maxSamples: 4 });
  assert.ok(r.passed, `${r.relativeDifference}`);
  assert.equal(r.numeric[0].data.filter((v) => !Number.isNaN(v)).length, 5);
});
