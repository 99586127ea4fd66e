/**
 * "Explain this number" (webview/explain): each explanation's substituted equation carries the network's own numbers,
 * computed here independently from Θ and a (the slide's XOR network with λ and a last update), and its links and
 * stepper step point at the inputs and the record that computes it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StepRecord } from '../../../src/protocol';
import { tex } from '../../../webview/notation';
import type { ExplainContext, ExplainFrame } from '../../../webview/explain/context';
import { explain } from '../../../webview/explain/model';
import { findStep } from '../../../webview/explain/records';
import { selectionKey, selectionLabel, selectionProblem } from '../../../webview/explain/selection';
import { texFactor } from '../../../webview/explain/terms';

const g = (z: number): number => 1 / (1 + Math.exp(-z));
/** The slide's XOR: a1 = AND, a2 = NOR, output = NOR(a1, a2); Θ rows, bias column first. */
const TH1 = [
  [-30, 20, 20],
  [10, -20, -20],
];
const TH2 = [[10, -20, -20]];
const X = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
];
const Y = [[0], [1], [1], [0]];

function forward(x: number[]): { z: number[][]; a: number[][] } {
  const z2 = TH1.map((r) => r[0] + r[1] * x[0] + r[2] * x[1]);
  const a2 = z2.map(g);
  const z3 = TH2.map((r) => r[0] + r[1] * a2[0] + r[2] * a2[1]);
  return { z: [z2, z3], a: [x, a2, z3.map(g)] };
}

const D1 = [0.01, -0.02, 0.03, 0.04, 0.05, -0.06];
const D2 = [0.07, -0.08, 0.09];
const ALPHA = 0.5;

function context(over: Partial<ExplainContext> = {}, inspected = 2): ExplainContext {
  const fw = forward(X[inspected]);
  const a3 = fw.a[2][0];
  const frame: ExplainFrame = {
    epoch: 7,
    J: 0,
    theta: [TH1.flat(), TH2.flat()],
    D: [D1, D2],
    update: [D1.map((d) => -ALPHA * d), D2.map((d) => -ALPHA * d)],
    inspected: {
      index: inspected,
      x: X[inspected],
      y: Y[inspected],
      z: fw.z,
      a: fw.a,
      delta: [[0, 0], [a3 - Y[inspected][0]]],
    },
    table: { a: X.map((x) => forward(x).a) },
  };
  return {
    sizes: [2, 2, 1],
    activations: ['sigmoid', 'sigmoid', 'sigmoid'],
    loss: 'cross-entropy',
    lambda: 0.1,
    alpha: ALPHA,
    optimizer: 'gd',
    batchSize: 0,
    m: 4,
    targets: Y,
    isValidation: [false, false, false, false],
    frame,
    records: [],
    ...over,
  };
}

test('a₂⁽²⁾ = g(z₂⁽²⁾): the typeset sum is Θ⁽¹⁾ row 2 · [1; x] with this sample’s numbers, and its value', () => {
  const ctx = context();
  const ex = explain({ q: 'a', layer: 2, unit: 2 }, ctx);
  const z = 10 - 20 * 0 - 20 * 1; // x = (0, 1), sample i = 3
  assert.equal(ex.value, g(z));
  assert.match(ex.general[0], /^a\^\{\(2\)\}_\{2\} = g\(z\^\{\(2\)\}_\{2\}\)/);
  assert.ok(ex.general[0].includes('\\Theta^{(1)}_{20}\\,x_{0}'), ex.general[0]);
  assert.equal(ex.numeric[0], 'a^{(2)}_{2} = g\\big(10 \\cdot 1 + (-20) \\cdot 0 + (-20) \\cdot 1\\big)');
  assert.ok(ex.numeric[1].endsWith(`= g(${tex(z)}) = ${tex(g(z))}`), ex.numeric[1]);
  assert.match(ex.notes[0], /^For sample i = 3 \(x = \(0, 1\)\), the inspected sample/);
  assert.deepEqual(ex.step, { kind: 'forward', layer: 2, sample: 2, label: 'the forward pass to layer 2' });
  const keys = ex.links.map((l) => selectionKey(l.selection));
  assert.deepEqual(keys.slice(0, 4), ['z:2:2', 'theta:1:2:0', 'theta:1:2:1', 'theta:1:2:2']);
  assert.ok(keys.includes('a:1:1') && keys.includes('a:1:2'));
});

test('z of the output sums Θ⁽²⁾ · [1; a⁽²⁾] and equals the frame’s z', () => {
  const ctx = context();
  const fw = forward(X[2]);
  const ex = explain({ q: 'z', layer: 3, unit: 1 }, ctx);
  assert.equal(ex.value, fw.z[1][0]);
  const sum = 10 - 20 * fw.a[1][0] - 20 * fw.a[1][1];
  assert.ok(ex.numeric[1].includes(tex(sum)), ex.numeric[1]);
  assert.equal(ex.notes.filter((n) => n.includes('other weights')).length, 0);
});

test('D off the bias column: Δ/m + (λ/m)Θ at the weights before the update, with the slide’s λΘ called out', () => {
  const ctx = context();
  const ex = explain({ q: 'D', layer: 1, row: 2, col: 1 }, ctx);
  const D = D1[4];
  const before = -20 - -ALPHA * D;
  assert.equal(ex.value, D);
  assert.ok(ex.general[0].includes('\\dfrac{\\lambda}{m} \\Theta^{(1)}_{21}'));
  assert.ok(ex.numeric[0].includes(`\\dfrac{0.1}{4} \\cdot (${tex(before)})`), ex.numeric[0]);
  assert.ok(ex.numeric[0].endsWith(`= ${tex(D)}`));
  assert.ok(ex.notes.some((n) => n.includes('The slide prints “+ λΘ”')));
  assert.ok(ex.notes.some((n) => n.startsWith('D depends on the whole batch')));
  assert.ok(
    ex.notes.some((n) => n.includes('cannot show Δ’s sum term by term')),
    'says what it lacks',
  );
  assert.deepEqual(ex.step, {
    kind: 'gradient',
    layer: 1,
    sample: null,
    label: 'the gradient D⁽¹⁾ after the loop',
  });
  // The bias column has no λ term.
  const bias = explain({ q: 'D', layer: 1, row: 2, col: 0 }, ctx);
  assert.ok(!bias.general[0].includes('\\lambda'));
  assert.ok(!bias.notes.some((n) => n.includes('λΘ')));
});

test('the update Θ := Θ − αD with the numbers; a Θ cell shows its last update and its term in z', () => {
  const ctx = context();
  const up = explain({ q: 'update', layer: 2, row: 1, col: 2 }, ctx);
  assert.equal(up.value, -ALPHA * D2[2]);
  assert.equal(
    up.numeric[0],
    `\\Delta\\Theta^{(2)}_{12} = -0.5 \\cdot ${tex(D2[2])} = ${tex(-ALPHA * D2[2])}`,
  );
  const th = explain({ q: 'theta', layer: 2, row: 1, col: 2 }, ctx);
  assert.equal(th.value, -20);
  assert.ok(th.numeric[0].startsWith(`\\Theta^{(2)}_{12} := ${tex(-20 + ALPHA * D2[2])} - 0.5 \\cdot`));
  const a22 = forward(X[2]).a[1][1];
  assert.equal(
    th.numeric[1],
    `\\Theta^{(2)}_{12}\\, a^{(2)}_{2} = (-20) \\cdot ${texFactor(a22)} = ${tex(-20 * a22)}`,
  );
  assert.deepEqual(
    th.links.map((l) => `${l.role} ${selectionLabel(l.selection)}`),
    ['input D₁₂⁽²⁾', 'input ΔΘ₁₂⁽²⁾', 'used-in z₁⁽³⁾', 'used-in a₂⁽²⁾'],
  );
  const adam = explain({ q: 'update', layer: 2, row: 1, col: 2 }, context({ optimizer: 'adam' }));
  assert.ok(adam.notes.some((n) => n.includes('adam optimizer') && n.includes('does not have')));
});

test('J: the four samples’ cross-entropy terms and λ/(2m) ΣΘ² off the bias column', () => {
  const ctx = context();
  const costs = X.map((x, t) => {
    const h = forward(x).a[2][0];
    const y = Y[t][0];
    return -(y * Math.log(h) + (1 - y) * Math.log(1 - h));
  });
  const sumSq = [20, 20, -20, -20, -20, -20].reduce((s, v) => s + v * v, 0);
  const reg = (0.1 / 8) * sumSq;
  const J = costs.reduce((s, c) => s + c, 0) / 4 + reg;
  const ex = explain({ q: 'J' }, { ...ctx, frame: { ...ctx.frame!, J } });
  assert.equal(ex.value, J);
  assert.ok(ex.general[0].includes('\\log (h_\\Theta(x^{(t)}))_k'));
  assert.equal(
    ex.numeric[0],
    `\\dfrac{\\lambda}{2m} \\sum \\Theta^2 = \\dfrac{0.1}{2 \\cdot 4} \\cdot ${tex(sumSq)} = ${tex(reg)}`,
  );
  for (const c of costs) assert.ok(ex.numeric[1].includes(tex(c)), `${tex(c)} in ${ex.numeric[1]}`);
  assert.ok(ex.numeric[2].endsWith(`= ${tex(J)}`), ex.numeric[2]);
  assert.ok(ex.notes[0].startsWith('J depends on every training sample (m = 4)'));
  assert.ok(!ex.notes.some((n) => n.includes('differs')), 'the sum agrees with the frame’s J');
  assert.equal(ex.step, null);
  // The squared error has its own formula.
  const mse = explain({ q: 'J' }, context({ loss: 'mse' }));
  assert.ok(mse.general[0].startsWith('J(\\Theta) = \\dfrac{1}{2m}'));
});

test('δ⁽³⁾ = a − y and the stepper’s Δ, with links to the records that computed their inputs', () => {
  const ctx = context();
  const fw = forward(X[2]);
  const d = explain({ q: 'delta', layer: 3, unit: 1 }, ctx);
  assert.equal(d.numeric[0], `\\delta^{(3)}_{1} = ${tex(fw.a[2][0])} - 1 = ${tex(fw.a[2][0] - 1)}`);
  // A stepper history: input, forward, forward, δ⁽³⁾, δ⁽²⁾, Δ⁽²⁾ for sample 2 (m = 1).
  const x = [1, 0];
  const f = forward(x);
  const d3 = f.a[2][0] - 1;
  const d2 = [0, 1].map((k) => TH2[0][k + 1] * d3 * f.a[1][k] * (1 - f.a[1][k]));
  const pos = (k: number) => ({ batch: 1, i: 1, m: 1, k, n: 10 });
  const records: StepRecord[] = [
    { kind: 'input', sample: 1, layer: 1, x, a: [1, ...x], pos: pos(1) },
    {
      kind: 'forward',
      sample: 1,
      layer: 2,
      thetaLayer: 1,
      activation: 'sigmoid',
      aPrev: [1, ...x],
      z: f.z[0],
      a: [1, ...f.a[1]],
      dropped: [],
      pos: pos(2),
    },
    {
      kind: 'forward',
      sample: 1,
      layer: 3,
      thetaLayer: 2,
      activation: 'sigmoid',
      aPrev: [1, ...f.a[1]],
      z: f.z[1],
      a: f.a[2],
      dropped: [],
      pos: pos(3),
    },
    {
      kind: 'outputDelta',
      sample: 1,
      layer: 3,
      a: f.a[2],
      y: [1],
      gPrime: null,
      delta: [d3],
      rule: 'a-y',
      pos: pos(4),
    },
    {
      kind: 'hiddenDelta',
      sample: 1,
      layer: 2,
      thetaLayer: 2,
      deltaNext: [d3],
      backprop: [0, 1].map((k) => TH2[0][k + 1] * d3),
      gPrime: [0, 1].map((k) => f.a[1][k] * (1 - f.a[1][k])),
      delta: d2,
      pos: pos(5),
    },
    {
      kind: 'accumulate',
      sample: 1,
      thetaLayer: 2,
      deltaNext: [d3],
      a: [1, ...f.a[1]],
      Delta: [[d3, d3 * f.a[1][0], d3 * f.a[1][1]]],
      pos: pos(6),
    },
  ];
  const sctx = { ...ctx, records };
  const acc = explain({ q: 'Delta', layer: 2, row: 1, col: 2, step: 5 }, sctx);
  assert.equal(acc.value, d3 * f.a[1][1]);
  assert.equal(
    acc.numeric[0],
    `\\Delta^{(2)}_{12} := 0 + ${texFactor(f.a[1][1])} \\cdot ${texFactor(d3)} = ${tex(d3 * f.a[1][1])}`,
  );
  assert.match(acc.notes[0], /^For sample i = 2 \(x = \(1, 0\)\), as the stepper computed it/);
  assert.deepEqual(
    acc.links.map((l) => selectionKey(l.selection)),
    ['delta:3:1@3', 'a:2:2@1', 'D:2:1:2'],
  );
  const hid = explain({ q: 'delta', layer: 2, unit: 1, step: 4 }, sctx);
  assert.equal(hid.value, d2[0]);
  assert.ok(hid.numeric[1].endsWith(`= ${tex(d2[0])}`), hid.numeric[1]);
  assert.equal(findStep(records, hid.step!), 4);
  assert.equal(findStep(records, { kind: 'gradient', layer: 1, sample: null, label: '' }), -1);
});

test('bad selections and missing numbers say what is wrong instead of inventing numbers', () => {
  assert.equal(
    selectionProblem({ q: 'delta', layer: 1, unit: 1 }, [2, 2, 1]),
    'δ exists for layers 2 … 3, not layer 1',
  );
  assert.equal(
    selectionProblem({ q: 'theta', layer: 1, row: 1, col: 3 }, [2, 2, 1]),
    'column i is 0 … 2, not 3',
  );
  const ex = explain({ q: 'delta', layer: 1, unit: 1 }, context());
  assert.deepEqual([ex.value, ex.numeric], [null, []]);
  assert.match(ex.notes[0], /^Cannot explain δ₁⁽¹⁾: δ exists for layers 2 … 3/);
  const noFrame = explain({ q: 'a', layer: 2, unit: 1 }, context({ frame: null }));
  assert.match(noFrame.notes[0], /No sample is inspected yet/);
  const noD = explain(
    { q: 'D', layer: 1, row: 1, col: 1 },
    { ...context(), frame: { ...context().frame!, D: null, update: null } },
  );
  assert.equal(noD.value, null);
  assert.ok(noD.notes.some((n) => n.startsWith('No gradient yet')));
});
