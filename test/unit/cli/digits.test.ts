import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import { example, run } from './helpers';

// The full digits example (10,000 digits, 20 epochs) is measured in docs/CLI.md; this test trains the same
// network and hyperparameters on 3,000 digits for 10 epochs, which already proves ≥ 90 % validation accuracy.
test('the digits example reaches ≥ 90% validation accuracy through the CLI', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nn-digits-'));
  try {
    const text = readFileSync(example('digits.nn.json'), 'utf8');
    const smaller = applyEdits(text, modify(text, ['data', 'mnist', 'samples'], 3000, {}));
    writeFileSync(join(dir, 'digits.nn.json'), smaller);
    const r = await run(['train', 'digits.nn.json', '--epochs', '10', '--json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const epochs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { epoch: number; validationAccuracy: number });
    assert.equal(epochs.length, 10);
    const last = epochs[epochs.length - 1];
    assert.ok(last.validationAccuracy >= 0.9, `validation accuracy ${last.validationAccuracy}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
