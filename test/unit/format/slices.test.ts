// Schema validation stops early (issue 16): the work does not grow with the number of errors beyond the cap, and the
// errors of long arrays validated slice by slice are the ones ajv finds, at the right pointers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateStructure } from '../../../src/format/schema';
import { SLICE } from '../../../src/format/slices';
import { LIMITS } from '../../../src/format';

/** A network whose inline inputs hold `bad` strings where numbers belong (rows of two cells), the rest numbers. */
function network(rows: number, badRows: (i: number) => boolean): unknown {
  const inputs: unknown[][] = [];
  for (let i = 0; i < rows; i++) inputs.push(badRows(i) ? ['a', 'b'] : [0, 1]);
  return {
    layers: [{ units: 2 }, { units: 1, activation: 'sigmoid' }],
    data: { inputs, targets: inputs.map(() => [1]) },
  };
}

test('the work of validating does not grow with the number of errors beyond the cap', () => {
  const work = new Map<number, number>();
  for (const rows of [50, 5_000, 50_000, 500_000]) {
    const r = validateStructure(network(rows, () => true));
    work.set(rows, r.checked);
    assert.ok(r.length >= LIMITS.maxErrors, `${rows} bad rows: at least ${LIMITS.maxErrors} problems listed`);
    assert.equal(r[0].pointer, '/data/inputs/0/0');
    assert.match(r[0].message, /data\.inputs\[0\]\[0\] must be a number, found a string \("a"\)/);
    if (rows > 1000) assert.equal(r.truncated, true, `${rows} bad rows: validation stopped early`);
  }
  // A million bad cells cost what ten thousand do (the same slices are checked before the cap is reached) …
  assert.equal(work.get(500_000), work.get(5_000));
  assert.equal(work.get(50_000), work.get(5_000));
  // … a few slices' worth, while checking every cell of 500,000 rows would hand ajv 1.5 million items.
  assert.ok((work.get(500_000) ?? Infinity) <= 4 * SLICE, `work ${work.get(500_000)} items`);
});

test('a few errors spread over long arrays are all found, at their pointers, in document order', () => {
  const bad = new Set([3, 1_500, 77_777, 99_999]);
  const r = validateStructure(network(100_000, (i) => bad.has(i)));
  assert.equal(r.truncated, false);
  assert.deepEqual(
    r.map((p) => p.pointer),
    [...bad].flatMap((i) => [`/data/inputs/${i}/0`, `/data/inputs/${i}/1`]),
  );
  // Every item was checked: 100,000 input rows of 2 and 100,000 target rows of 1, and the layers.
  assert.ok(r.checked >= 500_000, `checked ${r.checked} items`);
});

test('a valid long file passes, and long rows inside long matrices are checked too', () => {
  assert.equal(validateStructure(network(20_000, () => false)).length, 0);
  const row = Array.from({ length: 3_000 }, () => 0.5);
  const weights = [Array.from({ length: 1_200 }, () => row.slice())];
  weights[0][1_100][2_500] = 'x' as unknown as number;
  const r = validateStructure({
    layers: [{ units: 2_999 }, { units: 1_200 }],
    weights,
    data: { generator: 'xor' },
  });
  assert.deepEqual(
    r.map((p) => p.pointer),
    ['/weights/0/1100/2500'],
  );
  assert.match(r[0].message, /weights\[0\]\[1100\]\[2500\] must be a number/);
});
