import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNetwork, setWeights } from '../../../src/format';

const W = [
  [
    [-30, 20, 20],
    [10, -20, -20],
  ],
  [[-10, 20, 20]],
];

test('setWeights inserts "weights" after "layers" and keeps everything else as written', () => {
  const text = [
    '{',
    '    "name": "XNOR",',
    '    "layers": [ {"units": 2}, {"units": 2}, {"units": 1} ],',
    '    "data":   { "generator": "xnor" },',
    '    "training": {"seed": 1}',
    '}',
    '',
  ].join('\n');
  const out = setWeights(text, W);
  const r = parseNetwork(out);
  assert.ok(r.ok, JSON.stringify(r));
  if (r.ok) assert.deepEqual(r.spec.weights, W);
  // The other lines are untouched, in their order and spacing.
  for (const line of text.split('\n')) assert.ok(out.includes(line.replace(/,$/, '')), line);
  assert.ok(
    out.indexOf('"weights"') > out.indexOf('"layers"') && out.indexOf('"weights"') < out.indexOf('"data"'),
  );
  assert.match(
    out,
    /\n {4}"weights": \[\n {8}\[\[-30, 20, 20\], \[10, -20, -20\]\],\n {8}\[\[-10, 20, 20\]\]\n {4}\],\n/,
  );
});

test('setWeights replaces existing weights in place, keeping CRLF line ends', () => {
  const text =
    '{\r\n  "layers": [{"units": 2}, {"units": 1}],\r\n  "weights": [[[0, 0, 0]]],\r\n  "data": {"generator": "and"}\r\n}\r\n';
  const out = setWeights(text, [[[-30, 20, 20]]]);
  assert.equal(
    out,
    '{\r\n  "layers": [{"units": 2}, {"units": 1}],\r\n  "weights": [\r\n    [[-30, 20, 20]]\r\n  ],\r\n  "data": {"generator": "and"}\r\n}\r\n',
  );
});

test('setWeights writes long matrices one row per line, with full precision', () => {
  const row = Array.from({ length: 30 }, (_, i) => i / 3);
  const text = '{\n\t"layers": [{"units": 29}, {"units": 2}],\n\t"data": {"generator": "xor"}\n}';
  const out = setWeights(text, [[row, row]]);
  assert.match(out, /\n\t"weights": \[\n\t\t\[\n\t\t\t\[0, 0\.3333333333333333, /);
  const parsed = JSON.parse(out) as { weights: number[][][] };
  assert.deepEqual(parsed.weights, [[row, row]]);
});

test('setWeights refuses non-finite weights and non-objects', () => {
  assert.throws(() => setWeights('{"layers": []}', [[[NaN]]]), /finite/);
  assert.throws(() => setWeights('[1, 2]', [[[1]]]), /not a valid JSON object/);
});
