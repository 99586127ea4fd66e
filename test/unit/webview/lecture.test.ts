/**
 * The views' pure parts: the number rule (notation.ts), the truth table as the slides print it (truthTableModel.ts)
 * and the activations panel's sentences (activationNotes.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmt, sig, tex } from '../../../webview/notation';
import { slideOrder, truthTableModel } from '../../../webview/views/truthTableModel';
import { activationNote, saturationSlows } from '../../../webview/views/activationNotes';
import { classOf, stepEquations } from '../../../webview/views/stepEquations';

const g = (z: number): number => 1 / (1 + Math.exp(-z));

test("the slides' numbers: g(−30) = 9.3576e−14, g(−10) = 4.5398e−5, g(10) = 0.99995 (5 significant digits)", () => {
  assert.equal(sig(g(-30)), '9.3576e−14');
  assert.equal(sig(g(-10)), '4.5398e−5');
  assert.equal(sig(g(10)), '0.99995');
  assert.equal(sig(-30), '−30');
  assert.equal(sig(0.25), '0.25', 'exact values without padding zeros');
  assert.equal(sig(4.548e-5 + 1e-12), '4.5480e−5', 'inexact values keep their 5 digits');
});

test('a number never contradicts its neighbour: 0.9999912 is not "1" beside g′ = 8.8e−6', () => {
  const a = 1 - 8.8e-6;
  assert.equal(sig(a, 4), '1 − 8.8e−6');
  assert.equal(fmt(a), '1 − 8.8e−6');
  assert.equal(fmt(a, 4), '1 − 8.8e−6');
  assert.equal(tex(a), '1 - 8.8\\times 10^{-6}');
  assert.equal(sig(a * (1 - a), 3), '8.80e−6');
  assert.equal(fmt(-1 + 2e-7), '−1 + 2e−7');
  assert.equal(fmt(1e-9), '1e−9', 'a non-zero is never 0');
  assert.equal(fmt(0.999, 2), '1', 'the compact form of cells and ticks rounds plainly');
  for (const v of [0.5, 1, 0, -2, 3.25, 1e6]) assert.equal(Number(sig(v).replace('−', '-')), v);
});

test("truth table: AND with z and g(z), rows in the slides' order 00, 10, 01, 11", () => {
  const inputs = [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ];
  assert.deepEqual(slideOrder(inputs), [0, 2, 1, 3]);
  const theta = [-30, 20, 20];
  const m = truthTableModel({
    inputs,
    targets: [[0], [0], [0], [1]],
    sizes: [2, 1],
    activations: inputs.map((x) => [x, [g(-30 + 20 * x[0] + 20 * x[1])]]),
    theta1: theta,
    classNames: null,
  });
  assert.deepEqual(
    m.columns.map((c) => c.label),
    ['x₁', 'x₂', 'z', 'h_Θ(x)', 'y'],
  );
  assert.deepEqual(
    m.rows.map((r) => r.cells.map((c) => c.text)),
    [
      ['0', '0', '−30', '9.3576e−14', '0'],
      ['1', '0', '−10', '4.5398e−5', '0'],
      ['0', '1', '−10', '4.5398e−5', '0'],
      ['1', '1', '10', '0.99995', '1'],
    ],
  );
  assert.deepEqual(
    m.rows.map((r) => r.sample),
    [0, 2, 1, 3],
  );
  assert.equal(m.rows[3].cells[3].value, g(10));
});

test("truth table: XNOR's columns x₁ x₂ a₁ a₂ h_Θ(x) (and y); before a frame, dashes", () => {
  const inputs = [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ];
  const a = inputs.map((x) => {
    const a1 = g(-30 + 20 * x[0] + 20 * x[1]);
    const a2 = g(10 - 20 * x[0] - 20 * x[1]);
    return [x, [a1, a2], [g(-10 + 20 * a1 + 20 * a2)]];
  });
  const spec = { inputs, targets: [[1], [0], [0], [1]], sizes: [2, 2, 1], theta1: null, classNames: null };
  const m = truthTableModel({ ...spec, activations: a });
  assert.deepEqual(
    m.columns.map((c) => c.label),
    ['x₁', 'x₂', 'a₁⁽²⁾', 'a₂⁽²⁾', 'h_Θ(x)', 'y'],
  );
  assert.deepEqual(
    m.rows.map((r) => r.cells.map((c) => c.text).slice(2, 4)),
    [
      ['9.3576e−14', '0.99995'],
      ['4.5398e−5', '4.5398e−5'],
      ['4.5398e−5', '4.5398e−5'],
      ['0.99995', '9.3576e−14'],
    ],
  );
  assert.deepEqual(
    m.rows.map((r) => Math.round(r.cells[4].value ?? NaN)),
    [1, 0, 0, 1],
  );
  const empty = truthTableModel({ ...spec, activations: null });
  assert.deepEqual(
    empty.rows[0].cells.map((c) => c.text),
    ['0', '0', '—', '—', '—', '1'],
  );
});

test('truth table: several outputs are named by their class', () => {
  const m = truthTableModel({
    inputs: [
      [0, 1],
      [1, 0],
    ],
    targets: [
      [1, 0],
      [0, 1],
    ],
    sizes: [2, 2],
    activations: null,
    theta1: [0, 1, 1, 0, -1, -1],
    classNames: ['car', 'truck'],
  });
  assert.deepEqual(
    m.columns.map((c) => c.label),
    ['x₁', 'x₂', 'z₁', 'z₂', 'h_Θ(x)₁ car', 'h_Θ(x)₂ truck', 'y₁ car', 'y₂ truck'],
  );
  // z = Θ^(1) [1, x]: row (1, 0) first in the slides' order.
  assert.deepEqual(
    m.rows[0].cells.slice(2, 4).map((c) => c.value),
    [1, -1],
  );
});

test("the activations panel's sentences agree with δ^(L) for the loss in use", () => {
  const note = (name: string, layer: number, loss: string) =>
    activationNote({ name, layer, L: 3, loss, saturated: 1, units: 2 });
  assert.match(note('sigmoid', 2, 'cross-entropy'), /learn slowly/, 'hidden layers: g′ scales δ');
  assert.doesNotMatch(note('sigmoid', 3, 'cross-entropy'), /learn slowly/);
  assert.match(note('sigmoid', 3, 'cross-entropy'), /δ⁽³⁾ = a⁽³⁾ − y/);
  assert.match(note('sigmoid', 3, 'mse'), /learn slowly/);
  assert.doesNotMatch(note('softmax', 3, 'cross-entropy'), /learn slowly/);
  assert.match(note('softmax', 3, 'mse'), /learning slows/);
  assert.equal(saturationSlows('sigmoid', 3, 3, 'cross-entropy'), false);
  assert.equal(saturationSlows('tanh', 3, 3, 'cross-entropy'), true);
  assert.equal(saturationSlows('linear', 2, 3, 'mse'), false);
});

test('the stepper names y by its class (data.classes, 0–9 for digits)', () => {
  const cars = ['pedestrian', 'car', 'motorcycle', 'truck'];
  assert.equal(classOf([0, 1, 0, 0], cars), 'car');
  assert.equal(classOf([0, 0, 0, 0], cars), null);
  assert.equal(classOf([1], ['no', 'yes']), 'yes');
  assert.equal(classOf([0, 1], null), null);
  const digits = Array.from({ length: 10 }, (_, d) => String(d));
  assert.equal(classOf([0, 0, 0, 0, 0, 0, 0, 1, 0, 0], digits), '7');
  const eq = stepEquations(
    [
      {
        kind: 'outputDelta',
        sample: 4,
        layer: 3,
        a: [0.1, 0.7, 0.1, 0.1],
        y: [0, 1, 0, 0],
        gPrime: null,
        delta: [0.1, -0.3, 0.1, 0.1],
        rule: 'a-y',
      },
    ],
    0,
    {
      sizes: [2, 6, 4],
      activations: ['linear', 'sigmoid', 'sigmoid'],
      frameTheta: () => null,
      classNames: cars,
    },
  );
  assert.match(eq.notes[0], /y is “car”: y₂ = 1/);
  assert.match(eq.numeric[0], /\\underbrace\{.*\}_\{\\text\{car\}\}/);
});
