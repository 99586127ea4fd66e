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
  for (const name of ['and', 'not', 'xnor', 'xor', 'four-class', 'digits', 'circle', 'spiral']) {
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
