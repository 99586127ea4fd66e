import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseNetwork } from '../../../src/format/parse';
import type { NetworkSpec } from '../../../src/shared/spec';
import { classifySpecChange } from '../../../src/host/specChange';
import { emptyHistory, historySlice, mergeHistory } from '../../../src/shared/history';

const XOR = {
  name: 'XOR',
  layers: [{ units: 2 }, { units: 2, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }],
  loss: 'cross-entropy',
  data: { generator: 'xor' },
  training: { learningRate: 2, lambda: 0, epochs: 100, batchSize: 'full', optimizer: 'gd', seed: 1 },
};

function spec(change: (s: typeof XOR & Record<string, unknown>) => void = () => undefined): NetworkSpec {
  const s = structuredClone(XOR) as typeof XOR & Record<string, unknown>;
  change(s);
  const r = parseNetwork(JSON.stringify(s));
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return r.spec;
}

describe('classifySpecChange: what a session does when its document changes', () => {
  it('nothing when only the name, the description or the formatting changed', () => {
    assert.deepEqual(
      classifySpecChange(
        spec(),
        spec((s) => (s.name = 'other')),
        null,
      ),
      { kind: 'none' },
    );
    assert.deepEqual(
      classifySpecChange(
        spec(),
        spec((s) => (s.description = 'x')),
        null,
      ),
      { kind: 'none' },
    );
  });

  it('α, λ, B and the optimizer apply live', () => {
    const after = spec((s) => {
      s.training.learningRate = 0.1;
      s.training.lambda = 1;
      (s.training as Record<string, unknown>).batchSize = 2;
    });
    assert.deepEqual(classifySpecChange(spec(), after, null), {
      kind: 'hyper',
      hyper: { learningRate: 0.1, lambda: 1, batchSize: 2 },
    });
    const adam = spec((s) => (s.training.optimizer = 'adam'));
    assert.deepEqual(classifySpecChange(spec(), adam, null), { kind: 'hyper', hyper: { optimizer: 'adam' } });
  });

  it('an optimizer parameter under the same name reloads', () => {
    const before = spec(
      (s) => ((s.training as Record<string, unknown>).optimizer = { name: 'adam', beta1: 0.9 }),
    );
    const after = spec(
      (s) => ((s.training as Record<string, unknown>).optimizer = { name: 'adam', beta1: 0.5 }),
    );
    assert.deepEqual(classifySpecChange(before, after, null), { kind: 'reload' });
  });

  it('layers, data, loss, seed and epochs reload', () => {
    assert.deepEqual(
      classifySpecChange(
        spec(),
        spec((s) => (s.layers[1].units = 3)),
        null,
      ),
      { kind: 'reload' },
    );
    assert.deepEqual(
      classifySpecChange(
        spec(),
        spec((s) => (s.data = { generator: 'and' })),
        null,
      ),
      { kind: 'reload' },
    );
    assert.deepEqual(
      classifySpecChange(
        spec(),
        spec((s) => (s.loss = 'mse')),
        null,
      ),
      { kind: 'reload' },
    );
    assert.deepEqual(
      classifySpecChange(
        spec(),
        spec((s) => (s.training.seed = 2)),
        null,
      ),
      { kind: 'reload' },
    );
  });

  it('weights: the session’s own save is recognised; weights typed by the user reload', () => {
    const w = [
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [[7, 8, 9]],
    ];
    const saved = spec((s) => (s.weights = w));
    assert.deepEqual(classifySpecChange(spec(), saved, w), { kind: 'ownSave' });
    assert.deepEqual(classifySpecChange(spec(), saved, null), { kind: 'reload' });
    const typed = spec((s) => (s.weights = [w[0], [[7, 8, 10]]]));
    assert.deepEqual(classifySpecChange(spec(), typed, w), { kind: 'reload' });
  });
});

describe('history slices and merges', () => {
  const points = (from: number, n: number) => {
    const h = emptyHistory();
    for (let i = 0; i < n; i++) {
      h.epoch.push(from + i + 1);
      h.J.push(1 / (from + i + 1));
      h.validationJ.push(null);
      h.accuracy.push(0.5);
      h.validationAccuracy.push(null);
    }
    return h;
  };

  it('appends points that start at the end', () => {
    const h = mergeHistory(emptyHistory(), 0, points(0, 3));
    mergeHistory(h, 3, points(3, 2));
    assert.deepEqual(h.epoch, [1, 2, 3, 4, 5]);
    assert.equal(h.J.length, 5);
  });

  it('replaces from an earlier start (after a reset the worker starts again from 0)', () => {
    const h = mergeHistory(emptyHistory(), 0, points(0, 5));
    mergeHistory(h, 0, points(10, 2));
    assert.deepEqual(h.epoch, [11, 12]);
    assert.deepEqual(h.accuracy, [0.5, 0.5]);
  });

  it('slices from an index, as each view is sent what it has not seen', () => {
    const h = mergeHistory(emptyHistory(), 0, points(0, 5));
    assert.deepEqual(historySlice(h, 3).epoch, [4, 5]);
    assert.deepEqual(historySlice(h, 5).epoch, []);
  });
});
