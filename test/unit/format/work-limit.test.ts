import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseNetwork } from '../../../src/format/parse';

/** A network of 2-1000-1000-1 on `samples` generated points with batch size `batchSize`. */
function wide(samples: number, batchSize: number | 'full'): string {
  return JSON.stringify({
    layers: [
      { units: 2 },
      { units: 1000, activation: 'relu' },
      { units: 1000, activation: 'relu' },
      { units: 1, activation: 'sigmoid' },
    ],
    loss: 'cross-entropy',
    data: { generator: 'circle', samples },
    training: { batchSize },
  });
}

describe('the work of one update is bounded before anything is allocated', () => {
  it('refuses a full batch whose update would take too long, at "batchSize", with the estimate', () => {
    const r = parseNetwork(wide(60000, 'full'));
    assert.equal(r.ok, false);
    const e = !r.ok ? r.errors.find((x) => x.pointer === '/training/batchSize') : undefined;
    assert.ok(e, 'an error at /training/batchSize');
    assert.match(e.message, /multiply-adds/);
    assert.match(e.message, /B = 60,000 samples × 1,005,001 parameters/);
    assert.match(e.message, /mini-batches/);
  });

  it('accepts the same network with mini-batches', () => {
    const r = parseNetwork(wide(60000, 64));
    assert.equal(r.ok, true, JSON.stringify(!r.ok && r.errors));
  });
});
