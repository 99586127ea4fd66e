import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { keepInHistory } from '../../../src/worker/run';

describe('the epochs the cost curves keep', () => {
  it('every epoch up to 1,000, then at most 900 a decade', () => {
    const kept = (from: number, to: number) => {
      let n = 0;
      for (let e = from; e <= to; e++) if (keepInHistory(e)) n++;
      return n;
    };
    assert.equal(kept(1, 1000), 1000);
    assert.equal(kept(1001, 10_000), 900);
    assert.equal(kept(10_001, 100_000), 900);
    assert.equal(kept(1, 1_000_000), 3700, 'a million epochs stay a curve of 3,700 points');
    assert.ok(keepInHistory(2000) && !keepInHistory(2001) && keepInHistory(20_000) && !keepInHistory(20_010));
  });
});
