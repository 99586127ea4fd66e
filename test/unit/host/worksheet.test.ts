/** The worksheet's answers as the worker computes them (src/worker/worksheetAnswers.ts), and edits of "exercises" alone. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseNetwork, type NetworkSpec } from '../../../src/format';
import { computeWorksheet } from '../../../src/worker/worksheetAnswers';
import { classifySpecChange } from '../../../src/host/specChange';
import { run } from '../cli/helpers';
import { nodeDataFiles } from '../../../src/format/nodeFiles';

const examples = resolve(__dirname, '..', '..', '..', '..', 'examples');

function parse(text: string): NetworkSpec {
  const r = parseNetwork(text);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return r.ok ? r.spec : (null as never);
}

test('the worksheet example: every answer and its worked numbers, equal to nn-viz answer --exercises', async () => {
  const spec = parse(readFileSync(join(examples, 'worksheet.nn.json'), 'utf8'));
  const info = computeWorksheet(spec, nodeDataFiles(examples, examples), 1e-3);
  assert.equal(info.error, null);
  assert.deepEqual([info.m, info.lambda, info.tolerance, info.seededInit], [4, 0.4, 1e-3, false]);
  const key = await run(['answer', join(examples, 'worksheet.nn.json'), '--exercises', '--json']);
  const values = (JSON.parse(key.stdout) as { exercises: { value: unknown }[] }).exercises.map(
    (e) => e.value,
  );
  assert.deepEqual(
    info.items.map((it) => it.value),
    values,
  );
  assert.deepEqual(
    info.items.map((it) => it.worked?.kind),
    ['z', 'a', 'a', 'a', 'outputDelta', 'hiddenDelta', 'D', 'J'],
  );
  assert.ok(info.items.every((it) => it.problem === null));
});

test('data that cannot be loaded: no answers, and the reason on every question', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nn-sheet-'));
  try {
    const text = JSON.stringify({
      layers: [{ units: 1 }, { units: 1, activation: 'sigmoid' }],
      data: { csv: 'missing.csv', targetColumns: [1] },
      exercises: [{ quantity: 'J' }, { quantity: 'a', layer: 2, sample: 1 }],
    });
    const info = computeWorksheet(parse(text), nodeDataFiles(dir, dir), 1e-3);
    assert.match(info.error ?? '', /the data could not be loaded, so there are no answers: .*missing\.csv/);
    assert.deepEqual(
      info.items.map((it) => it.value),
      [null, null],
    );
    // A sample beyond the m of a CSV (unknown when the file was parsed) is found here, on its own question.
    writeFileSync(join(dir, 'points.csv'), 'x,y\n0,1\n1,0\n');
    const csv = JSON.stringify({
      layers: [{ units: 1 }, { units: 1, activation: 'sigmoid' }],
      weights: [[[0, 1]]],
      data: { csv: 'points.csv', targetColumns: ['y'] },
      exercises: [
        { quantity: 'a', layer: 2, sample: 2 },
        { quantity: 'a', layer: 2, sample: 3 },
      ],
    });
    const sheet = computeWorksheet(parse(csv), nodeDataFiles(dir, dir), 1e-3);
    assert.equal(sheet.error, null);
    assert.deepEqual(sheet.items[0].value, [1 / (1 + Math.exp(-1))]);
    assert.equal(sheet.items[1].value, null);
    assert.equal(
      sheet.items[1].problem,
      'exercise 2: sample 3 is out of range: samples are i = 1 … 2 (m = 2)',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('editing only "exercises" does not reload a training session', () => {
  const text = readFileSync(join(examples, 'worksheet.nn.json'), 'utf8');
  const before = parse(text);
  const after = parse(text.replace('"quantity": "J"', '"quantity": "D", "layer": 1'));
  assert.notDeepEqual(before.exercises, after.exercises);
  assert.deepEqual(classifySpecChange(before, after, null), { kind: 'none' });
});
