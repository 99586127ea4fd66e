/** The answer key (src/engine/answers.ts) against the engine's own stepper records, the slide's loop run literally. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Random,
  Stepper,
  Trainer,
  answerQuestion,
  checkQuestion,
  questionLabel,
  type AnswerValue,
  type Question,
  type StepRecord,
} from '../../../src/engine';
import type { Dataset, NetworkSpec } from '../../../src/shared/spec';
import { makeDataset, makeSpec } from './helpers';

const TOL = 1e-12;

function closeTo(actual: AnswerValue, expected: number[] | number[][] | number, what: string): void {
  const a = [actual].flat(2) as number[];
  const e = [expected].flat(2);
  assert.equal(a.length, e.length, `${what}: ${a.length} numbers, expected ${e.length}`);
  a.forEach((v, k) =>
    assert.ok(Math.abs(v - e[k]) <= TOL * Math.max(1, Math.abs(e[k])), `${what}[${k}]: ${v} ≠ ${e[k]}`),
  );
}

function randomData(m: number, n: number, K: number, seed: number): Dataset {
  const rng = new Random(seed);
  const inputs = Array.from({ length: m }, () => Array.from({ length: n }, () => rng.normal()));
  const targets = inputs.map(() => {
    const c = rng.int(K);
    return Array.from({ length: K }, (_, k) => (k === c ? 1 : 0));
  });
  return makeDataset(inputs, targets);
}

type Rec<K extends StepRecord['kind']> = Extract<StepRecord, { kind: K }>;

/**
 * Answers every a, z, δ of every sample and layer, every D and J at the initial Θ, then steps one full batch with the
 * Stepper and compares the answers with its records.
 */
function checkAgainstStepper(spec: NetworkSpec, data: Dataset): void {
  const trainer = new Trainer(spec, data);
  const net = trainer.network;
  const L = net.sizes.length;
  const { loss } = spec;
  const lambda = spec.training.lambda;
  const ask = (q: Partial<Question> & Pick<Question, 'quantity'>) =>
    answerQuestion(net, data, loss, lambda, { layer: null, sample: null, unit: null, ...q }).value;
  const answers = new Map<string, AnswerValue>();
  for (let i = 1; i <= data.m; i++)
    for (let l = 1; l <= L; l++) {
      answers.set(`a ${l} ${i}`, ask({ quantity: 'a', layer: l, sample: i }));
      if (l >= 2) answers.set(`z ${l} ${i}`, ask({ quantity: 'z', layer: l, sample: i }));
      if (l >= 2) answers.set(`delta ${l} ${i}`, ask({ quantity: 'delta', layer: l, sample: i }));
    }
  for (let l = 1; l < L; l++) answers.set(`D ${l}`, ask({ quantity: 'D', layer: l }));
  const J = ask({ quantity: 'J' }) as number;

  const records = new Stepper(trainer).stepBatch().records;
  let checked = 0;
  const expect = (key: string, value: number[] | number[][]) => {
    closeTo(answers.get(key) as AnswerValue, value, key);
    checked++;
  };
  let dataTerm = 0;
  for (const r of records) {
    if (r.kind === 'input') expect(`a 1 ${r.sample + 1}`, r.x);
    if (r.kind === 'forward') {
      const fr = r as Rec<'forward'>;
      expect(`z ${fr.layer} ${fr.sample + 1}`, fr.z);
      expect(`a ${fr.layer} ${fr.sample + 1}`, fr.layer < L ? fr.a.slice(1) : fr.a);
    }
    if (r.kind === 'outputDelta') {
      expect(`delta ${r.layer} ${r.sample + 1}`, r.delta);
      // cross-entropy of a softmax output: −Σ_k y_k log a_k
      dataTerm -= r.y.reduce((s, y, k) => s + y * Math.log(r.a[k]), 0);
    }
    if (r.kind === 'hiddenDelta') expect(`delta ${r.layer} ${r.sample + 1}`, r.delta);
    if (r.kind === 'gradient') expect(`D ${r.thetaLayer}`, r.D);
  }
  assert.equal(checked, data.m * (3 * L - 2) + (L - 1), 'every a, z, δ and D was compared');
  // J(Θ) = (1/m) Σ cost + λ/(2m) Σ Θ² off the bias column, from the records' a^(L), y and Θ.
  const grads = records.filter((r): r is Rec<'gradient'> => r.kind === 'gradient');
  const squares = grads.reduce(
    (s, g) => s + g.theta.reduce((t, row) => t + row.slice(1).reduce((u, v) => u + v * v, 0), 0),
    0,
  );
  const expectedJ = dataTerm / data.m + (lambda / (2 * data.m)) * squares;
  assert.ok(Math.abs(J - expectedJ) <= 1e-12 * Math.abs(expectedJ), `J = ${J}, expected ${expectedJ}`);
}

test('a, z, δ, D and J equal the stepper records: 3-4-3-2, tanh, softmax, λ = 0.7', () => {
  const spec = makeSpec({ sizes: [3, 4, 3, 2], hidden: 'tanh', output: 'softmax', lambda: 0.7, seed: 5 });
  checkAgainstStepper(spec, randomData(5, 3, 2, 11));
});

test('a, z, δ, D and J equal the stepper records: 2-3-5-3, ReLU and sigmoid hidden layers, softmax, λ = 0', () => {
  const spec = makeSpec({
    sizes: [2, 3, 5, 3],
    activations: ['linear', 'relu', 'sigmoid', 'softmax'],
    seed: 2,
  });
  checkAgainstStepper(spec, randomData(7, 2, 3, 4));
});

test('--unit picks one entry: a_j, and for D a row j or the entry D_ji', () => {
  const spec = makeSpec({ sizes: [2, 3, 1], lambda: 0.3, seed: 9 });
  const data = randomData(4, 2, 1, 3);
  const net = new Trainer(spec, data).network;
  const ask = (q: Question) => answerQuestion(net, data, spec.loss, 0.3, q).value;
  const a = ask({ quantity: 'a', layer: 2, sample: 3, unit: null }) as number[];
  assert.equal(a.length, 3);
  assert.equal(ask({ quantity: 'a', layer: 2, sample: 3, unit: 2 }), a[1]);
  const D = ask({ quantity: 'D', layer: 1, sample: null, unit: null }) as number[][];
  assert.deepEqual([D.length, D[0].length], [3, 3], 'D^(1) is shaped like Θ^(1): s_2 × (s_1 + 1)');
  assert.deepEqual(ask({ quantity: 'D', layer: 1, sample: null, unit: 3 }), D[2]);
  assert.equal(ask({ quantity: 'D', layer: 1, sample: null, unit: [2, 0] }), D[1][0]);
});

test('the worked answer of D carries Δ, Θ, m and λ that give D = Δ/m + (λ/m)Θ off the bias column', () => {
  const spec = makeSpec({ sizes: [2, 2, 1], lambda: 2, seed: 4 });
  const data = randomData(3, 2, 1, 8);
  const net = new Trainer(spec, data).network;
  const r = answerQuestion(net, data, spec.loss, 2, { quantity: 'D', layer: 1, sample: null, unit: null });
  assert.equal(r.worked.kind, 'D');
  if (r.worked.kind !== 'D') return;
  const { Delta, theta, m, lambda } = r.worked;
  const rebuilt = Delta.map((row, j) =>
    row.map((v, i) => v / m + (i === 0 ? 0 : (lambda / m) * theta[j][i])),
  );
  closeTo(r.value, rebuilt, 'D from its worked parts');
});

test('bad questions say what is allowed', () => {
  const sizes = [2, 2, 1];
  const msg = (q: Question, m: number | null = 4) => checkQuestion(q, sizes, m)?.message ?? '';
  const q = (
    quantity: Question['quantity'],
    layer: number | null,
    sample: number | null,
    unit: Question['unit'] = null,
  ): Question => ({
    quantity,
    layer,
    sample,
    unit,
  });
  assert.match(msg(q('delta', 1, 1)), /layers l = 2 … 3 \(layer 1 is the input x: it has no z or δ\)/);
  assert.match(msg(q('a', 4, 1)), /layer 4 is out of range: a\^\(l\) exists for layers l = 1 … 3/);
  assert.match(msg(q('a', 2, 5)), /sample 5 is out of range: samples are i = 1 … 4 \(m = 4\)/);
  assert.equal(msg(q('a', 2, 5), null), '', 'm unknown (a CSV not read yet): only i ≥ 1 is checked');
  assert.match(msg(q('D', 3, null)), /D\^\(l\) has the shape of Θ\^\(l\), so l is 1 … 2/);
  assert.match(msg(q('D', 1, 2)), /whole data set: it takes no sample/);
  assert.match(msg(q('J', 1, null)), /J\(Θ\) is one number: it takes no layer/);
  assert.match(msg(q('z', 2, null)), /z is per sample: give a sample i = 1 … 4/);
  assert.match(msg(q('a', 2, 1, 3)), /unit 3 is out of range: layer 2 has s_2 = 2 units: j = 1 … 2/);
  assert.match(msg(q('D', 1, null, [1, 3])), /column 3 is out of range: D\^\(1\) is 2 × 3/);
  assert.equal(msg(q('D', 1, null, [2, 0])), '');
  assert.equal(questionLabel(q('a', 2, 3, 1)), 'a_1^(2) of sample 3');
});
