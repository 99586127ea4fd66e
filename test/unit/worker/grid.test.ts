/**
 * The decision boundary's grid (src/worker/grid.ts): the class decisions and margins the view contours with, the
 * predictions at every sample (also beyond 256 samples), and which datasets the view receives whole.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Trainer, forward } from '../../../src/engine';
import { BoundaryGrid, decide, sendsSamples } from '../../../src/worker/grid';
import { example } from '../labs/helpers';

describe('boundary grid', () => {
  it('decide: h and |h − 0.5| for one output; arg max, its probability and p_best − p_second for several', () => {
    const one = decide(Float64Array.from([0.2, 0.5, 0.9]), 3, 1);
    assert.deepEqual([...one.output], [0.2, 0.5, 0.9]);
    assert.deepEqual(
      [...one.margin].map((v) => +v.toFixed(12)),
      [0.3, 0, 0.4],
    );
    assert.equal(one.confidence, null);
    const many = decide(Float64Array.from([0.1, 0.7, 0.2, 0.4, 0.35, 0.25]), 2, 3);
    assert.deepEqual([...many.output], [1, 0]);
    assert.deepEqual([...(many.confidence ?? [])], [0.7, 0.4]);
    assert.deepEqual(
      [...many.margin].map((v) => +v.toFixed(12)),
      [0.5, 0.05],
    );
  });

  it('every 2-input dataset is sent whole (the spiral’s 300 points); wide ones only when small', () => {
    assert.equal(sendsSamples({ m: 300, n: 2 }), true);
    assert.equal(sendsSamples({ m: 60_000, n: 2 }), true);
    assert.equal(sendsSamples({ m: 16, n: 4 }), true);
    assert.equal(sendsSamples({ m: 300, n: 3 }), false);
    assert.equal(sendsSamples({ m: 100, n: 784 }), false);
  });

  it('evaluates h on the res × res grid and at every sample, in file order', () => {
    const { spec, dataset } = example('spiral');
    const t = new Trainer(spec, dataset);
    const grid = new BoundaryGrid(t.network, dataset, 100);
    const b = grid.evaluate(t.network);
    assert.equal(b.resolution, 100);
    assert.equal(b.output.length, 100 * 100);
    assert.equal(b.margin?.length, 100 * 100);
    assert.equal(b.predicted?.length, dataset.m);
    assert.ok(dataset.m > 256, 'more samples than the old limit of the view');
    // The prediction at sample i is h_Θ(x_i) of a forward pass of that sample alone.
    for (const i of [0, 137, dataset.m - 1]) {
      const f = forward(t.network, dataset.X.slice(2 * i, 2 * i + 2), 1);
      const h = f.a[f.a.length - 1][0];
      assert.ok(Math.abs((b.predicted?.[i] ?? NaN) - h) < 1e-12, `sample ${i}`);
    }
    // Its arrays move to the view without copies.
    assert.equal(BoundaryGrid.buffers(b).length, 4 + b.hidden.flat().length - (b.confidence ? 0 : 1));
  });
});
