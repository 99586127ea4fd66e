/** "training.speed": the file's pace (a name or updates per second), its errors and its warning. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNetwork } from '../../../src/format';
import { PACE_NAMES } from '../../../src/shared/pace';
import { classifySpecChange } from '../../../src/host/specChange';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

function xor(training: Record<string, unknown>): string {
  return JSON.stringify(
    {
      layers: [{ units: 2 }, { units: 3, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }],
      data: { generator: 'xor' },
      training: { epochs: 3000, batchSize: 'full', ...training },
    },
    null,
    2,
  );
}

test('a named pace or updates per second is kept; absent leaves it to the setting', () => {
  for (const speed of [...PACE_NAMES, 50, 0.1, 1_000_000]) {
    const r = parseNetwork(xor({ speed }));
    assert.ok(r.ok, `${speed}: ${r.ok ? '' : r.errors[0].message}`);
    if (r.ok) assert.equal(r.spec.training.speed, speed);
  }
  const none = parseNetwork(xor({}));
  assert.ok(none.ok && none.spec.training.speed === undefined);
});

test('a pace that is not one says which are, at "speed"', () => {
  for (const speed of ['fast', 'Max', 0, -1, 2_000_000, true]) {
    const text = xor({ speed });
    const r = parseNetwork(text);
    assert.equal(r.ok, false, `${JSON.stringify(speed)} is refused`);
    if (r.ok) continue;
    const e = r.errors[0];
    assert.equal(e.pointer, '/training/speed', JSON.stringify(r.errors));
    assert.match(e.message, /speed/, e.message);
    assert.equal(text.slice(e.offset, e.offset + e.length), JSON.stringify(speed), 'the value is underlined');
  }
  const named = parseNetwork(xor({ speed: 'fast' }));
  assert.ok(!named.ok && /slow motion/.test(named.errors[0].message), 'the names are listed');
});

test('a pace that makes the file’s own run last over an hour is a warning', () => {
  const slow = parseNetwork(xor({ speed: 'slow motion', epochs: 10_000 }));
  assert.ok(slow.ok);
  if (!slow.ok) return;
  const w = slow.warnings.find((x) => x.pointer === '/training/speed');
  assert.ok(w, 'warned');
  assert.match(w.message, /slow motion · 2 updates\/s.*10,000 epochs of 1 update each take about 1 h/);
  const ok = parseNetwork(xor({ speed: 'slow motion', epochs: 3000 }));
  assert.ok(ok.ok && ok.warnings.length === 0, '25 min is fine');
});

test('the schema offers exactly the named paces', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'nn.schema.json'), 'utf8'));
  const speed = schema.properties.training.properties.speed;
  assert.deepEqual(speed.anyOf[0].enum, PACE_NAMES);
  assert.equal(speed.anyOf[0].enumDescriptions.length, PACE_NAMES.length);
});

test('a new "speed" in the file applies live: the session neither reloads nor resets', () => {
  const a = parseNetwork(xor({}));
  const b = parseNetwork(xor({ speed: 'slow' }));
  assert.ok(a.ok && b.ok);
  if (a.ok && b.ok) assert.deepEqual(classifySpecChange(a.spec, b.spec, null), { kind: 'none' });
});
