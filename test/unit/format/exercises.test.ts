/** "exercises": a worksheet in the file, normalized, and checked against the network at the exact field. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNetwork, type SpecError } from '../../../src/format';

const net = (
  exercises: string,
  data = '"inputs": [[0,0],[0,1],[1,0],[1,1]], "targets": [[1],[0],[0],[1]]',
) => `{
  "layers": [{ "units": 2 }, { "units": 2, "activation": "sigmoid" }, { "units": 1, "activation": "sigmoid" }],
  "data": { ${data} },
  "exercises": ${exercises}
}`;

function errorsOf(text: string): SpecError[] {
  const r = parseNetwork(text);
  assert.equal(r.ok, false, 'expected errors');
  return r.ok ? [] : r.errors;
}

/** 1-based line and column of `needle` in `text`. */
function where(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

test('exercises are normalized: absent fields are null, the prompt kept', () => {
  const r = parseNetwork(
    net(
      '[{"quantity": "a", "layer": 2, "sample": 1, "unit": 2, "prompt": "AND?"}, {"quantity": "J"}, {"quantity": "D", "layer": 1, "unit": [2, 0]}]',
    ),
  );
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  if (!r.ok) return;
  assert.deepEqual(r.spec.exercises, [
    { quantity: 'a', layer: 2, sample: 1, unit: 2, prompt: 'AND?' },
    { quantity: 'J', layer: null, sample: null, unit: null, prompt: null },
    { quantity: 'D', layer: 1, sample: null, unit: [2, 0], prompt: null },
  ]);
  const none = parseNetwork(net('[]'));
  assert.ok(none.ok);
  assert.deepEqual(none.ok && none.spec.exercises, []);
});

test('a layer out of range is located at its value and says what is allowed', () => {
  const text = net('[{"quantity": "J"}, {"quantity": "delta", "layer": 1, "sample": 2}]');
  const [e] = errorsOf(text);
  assert.equal(
    e.message,
    'exercise 2: layer 1 is out of range: δ^(l) exists for layers l = 2 … 3 (layer 1 is the input x: it has no z or δ)',
  );
  assert.equal(e.pointer, '/exercises/1/layer');
  assert.deepEqual({ line: e.line, column: e.column }, where(text, '1, "sample"'));
});

test('a sample beyond m, a unit beyond s_l, a missing layer: each at its place', () => {
  const text = net(
    '[{"quantity": "a", "layer": 2, "sample": 9}, {"quantity": "z", "layer": 3, "sample": 1, "unit": 2}, {"quantity": "D"}]',
  );
  const errors = errorsOf(text);
  assert.deepEqual(
    errors.map((e) => [e.pointer, e.message]),
    [
      ['/exercises/0/sample', 'exercise 1: sample 9 is out of range: samples are i = 1 … 4 (m = 4)'],
      ['/exercises/1/unit', 'exercise 2: unit 2 is out of range: layer 3 has s_3 = 1 unit: j = 1'],
      ['/exercises/2', 'exercise 3: D needs a layer: D^(l) has the shape of Θ^(l), so l is 1 … 2 (L = 3)'],
    ],
  );
});

test('the schema refuses unknown quantities and fields, and answers typed into the file', () => {
  const bad = errorsOf(net('[{"quantity": "theta", "layer": 1}]'));
  assert.equal(bad[0].pointer, '/exercises/0/quantity');
  const typed = errorsOf(net('[{"quantity": "J", "value": 0.5}]'));
  assert.equal(typed[0].pointer, '/exercises/0/value');
});

test('at most 100 exercises', () => {
  const many = JSON.stringify(Array.from({ length: 101 }, () => ({ quantity: 'J' })));
  const [e] = errorsOf(net(many));
  assert.match(e.message, /at most 100 exercises; this one has 101/);
});
