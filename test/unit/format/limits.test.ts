import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LIMITS, parseNetwork, parameterCount } from '../../../src/format';
import { sizeGuard } from '../../../src/format/parse';

function firstError(text: string) {
  const r = parseNetwork(text);
  assert.equal(r.ok, false);
  return r.ok ? null : r.errors[0];
}

test('texts over the size limit are refused before parsing, with one error at the start pointing to CSV data', () => {
  const text = '{"name": "' + 'x'.repeat(LIMITS.maxTextLength) + '"}';
  const r = parseNetwork(text);
  assert.equal(r.ok, false);
  const errors = r.ok ? [] : r.errors;
  assert.equal(errors.length, 1);
  assert.match(
    errors[0].message,
    /too large to check: 8,388,6\d\d characters, and a \.nn\.json is read up to 8,388,608/,
  );
  assert.match(errors[0].message, /CSV file/);
  assert.deepEqual([errors[0].line, errors[0].column, errors[0].offset], [1, 1, 0]);
  assert.equal(sizeGuard(LIMITS.maxTextLength), null, 'a text at the limit is read');
});

test('deep nesting is refused before parsing', () => {
  const text = '['.repeat(100000) + ']'.repeat(100000);
  const e = firstError(text);
  assert.match(e?.message ?? '', /nest deeper than 32 levels/);
  assert.equal(e?.column, 33);
});

test('too many parameters are refused with the estimate', () => {
  const text =
    '{"layers":[{"units":4096},{"units":4096},{"units":10,"activation":"softmax"}],"data":{"mnist":{}}}';
  const e = firstError(text);
  assert.equal(parameterCount([4096, 4096, 10]), 4096 * 4097 + 10 * 4097);
  assert.match(
    e?.message ?? '',
    /the network has 16,822,282 parameters \(Θ\^\(1\) 4096 × 4097, Θ\^\(2\) 10 × 4097\); at most 2,000,000/,
  );
  assert.equal(e?.pointer, '/layers');
});

test('too many layers, units, samples and inline numbers are refused', () => {
  const layers = Array.from({ length: 17 }, () => '{"units":1}').join(',');
  assert.match(
    firstError(`{"layers":[${layers}],"data":{"generator":"not"}}`)?.message ?? '',
    /L = 17 layers; at most 16/,
  );
  assert.match(
    firstError('{"layers":[{"units":2},{"units":5000},{"units":1}],"data":{"generator":"xor"}}')?.message ??
      '',
    /s_2 = 5,000 units; at most 4,096 per layer/,
  );
  const samples = firstError(
    '{"layers":[{"units":2},{"units":1}],"data":{"generator":"circle","samples":70000}}',
  );
  assert.match(samples?.message ?? '', /samples = 70,000; at most 60,000/);
  assert.equal(samples?.pointer, '/data/samples');
  const rows = Array.from({ length: 40000 }, () => '[0,1]').join(',');
  const targets = Array.from({ length: 40000 }, () => '[1]').join(',');
  const inline = firstError(
    `{"layers":[{"units":2},{"units":1}],"data":{"inputs":[${rows}],"targets":[${targets}]}}`,
  );
  assert.match(inline?.message ?? '', /data holds 120,000 inline numbers; at most 100,000/);
});

test('epochs above the limit are refused', () => {
  const g = firstError(
    '{"layers":[{"units":2},{"units":1}],"data":{"generator":"xor"},"training":{"epochs":2000000}}',
  );
  assert.match(g?.message ?? '', /epochs = 2,000,000; at most 1,000,000/);
  assert.equal(g?.pointer, '/training/epochs');
});
