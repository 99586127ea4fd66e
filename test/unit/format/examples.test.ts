import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadDataset, parseNetwork } from '../../../src/format';
import { nodeDataFiles } from '../../../src/format/nodeFiles';

const root = resolve(__dirname, '..', '..', '..', '..');
const examples = join(root, 'examples');
const files = readdirSync(examples).filter((f) => f.endsWith('.nn.json'));

test('the lecture examples are all there', () => {
  for (const name of [
    'and',
    'not',
    'xnor',
    'xor',
    'four-class',
    'four-class-softmax',
    'digits',
    'dropout',
    'early-stopping',
    'circle',
    'spiral',
  ]) {
    assert.ok(files.includes(`${name}.nn.json`), name);
  }
});

for (const file of files) {
  test(`${file} parses without errors or warnings and has a description`, () => {
    const r = parseNetwork(readFileSync(join(examples, file), 'utf8'));
    assert.ok(r.ok, JSON.stringify(r));
    if (!r.ok) return;
    assert.deepEqual(r.warnings, []);
    assert.ok(r.spec.description.length > 80, 'a description a student can follow');
    if (r.spec.data.kind !== 'mnist') {
      const d = loadDataset(r.spec, nodeDataFiles(examples));
      assert.equal(d.n, r.spec.layers[0].units);
      assert.equal(d.K, r.spec.layers[r.spec.layers.length - 1].units);
    }
  });
}

test("the slides' weights are in and, not and xnor", () => {
  const weights = (f: string) => {
    const r = parseNetwork(readFileSync(join(examples, f), 'utf8'));
    return r.ok ? r.spec.weights : null;
  };
  assert.deepEqual(weights('and.nn.json'), [[[-30, 20, 20]]]);
  assert.deepEqual(weights('not.nn.json'), [[[10, -20]]]);
  assert.deepEqual(weights('xnor.nn.json'), [
    [
      [-30, 20, 20],
      [10, -20, -20],
    ],
    [[-10, 20, 20]],
  ]);
});

test("the slides' multiclass network: four sigmoid outputs (one vs. all), and digits likewise; the softmax twin", () => {
  const spec = (f: string) => {
    const r = parseNetwork(readFileSync(join(examples, f), 'utf8'));
    assert.ok(r.ok, f);
    return r.ok ? r.spec : null;
  };
  const out = (f: string) => spec(f)?.layers.at(-1);
  assert.deepEqual(out('four-class.nn.json'), { units: 4, activation: 'sigmoid', dropout: 0 });
  assert.equal(spec('four-class.nn.json')?.loss, 'cross-entropy');
  assert.deepEqual(out('digits.nn.json'), { units: 10, activation: 'sigmoid', dropout: 0 });
  assert.deepEqual(out('four-class-softmax.nn.json'), { units: 4, activation: 'softmax', dropout: 0 });
  assert.match(spec('four-class-softmax.nn.json')?.description ?? '', /add up to 1/);
  // The logic examples list their rows in the slides' order: 00, 10, 01, 11.
  for (const f of ['and.nn.json', 'xnor.nn.json']) {
    const d = spec(f)?.data;
    assert.ok(d && d.kind === 'inline');
    if (d?.kind === 'inline')
      assert.deepEqual(
        d.inputs,
        [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
        ],
        f,
      );
  }
  // Dropout and early stopping, each with a validation split to watch.
  assert.ok(spec('dropout.nn.json')?.layers.some((l) => l.dropout > 0));
  assert.ok(spec('early-stopping.nn.json')?.training.earlyStopping);
  assert.ok((spec('early-stopping.nn.json')?.training.validationSplit ?? 0) > 0);
});
