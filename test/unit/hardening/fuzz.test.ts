/**
 * A bounded sample of the fuzz run (`npm run fuzz` runs 10,000 cases through the same code, test/fuzz/harness.ts):
 * every case ends with located errors, or trains a few batches (a DatasetError with a pointer counts for data
 * problems); nothing escapes; the CLI answers exit 2 with FILE:LINE:COL lines or exit 0 with JSON, never a stack trace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { caseArbitrary, makeCase, MUTATIONS, Rng } from '../../fuzz/generate';
import { exampleBases, makeFixture } from '../../fuzz/fixtures';
import { locationProblem, runFuzz, runText } from '../../fuzz/harness';
import { parseNetwork } from '../../../src/format';

const root = resolve(__dirname, '..', '..', '..', '..');

test('fuzz sample: 300 cases (seed 42) end in located errors or training; the CLI sample answers properly', async () => {
  const fixture = makeFixture();
  try {
    const report = await runFuzz({
      seed: 42,
      count: 300,
      bases: exampleBases(root),
      baseDir: fixture.dir,
      cliEvery: 10,
      // A hang guard, not a performance test: generous so a loaded CI machine does not fail it.
      slowMs: 30_000,
      saveDir: join(root, 'test-results'),
    });
    assert.equal(report.count, 300);
    assert.deepEqual(
      report.failed.map((f) => `#${f.index} ${f.failure} [${f.inputClass}]: ${f.detail?.slice(0, 300)}`),
      [],
    );
    assert.deepEqual(report.failures, { escaped: 0, unlocated: 0, slow: 0, cli: 0 });
    // The sample exercises both endings (not a vacuous pass).
    assert.ok(report.outcomes['located-errors'] > 50, JSON.stringify(report.outcomes));
    assert.ok(report.outcomes.trained > 10, JSON.stringify(report.outcomes));
    assert.equal(report.cli.cases, 30);
    assert.equal(report.cli.problems, 0);
    assert.ok(report.cli.exit2 > 0);
  } finally {
    fixture.dispose();
  }
});

test('cases are reproducible from (seed, index)', () => {
  const arb = caseArbitrary(exampleBases(root));
  for (const i of [0, 1, 17, 299]) assert.deepEqual(makeCase(arb, 9, i), makeCase(arb, 9, i));
  assert.notDeepEqual(makeCase(arb, 9, 1).text, makeCase(arb, 9, 2).text);
});

test('every mutation, on every example, ends in located errors or training', () => {
  const fixture = makeFixture();
  try {
    const bases = exampleBases(root).filter((b, i, all) => all.findIndex((x) => x.name === b.name) === i);
    for (const base of bases) {
      for (const [name, mutate] of Object.entries(MUTATIONS)) {
        if (name === 'enormous-string' || name === 'deep-nesting') continue; // below, once each
        if (base.name.startsWith('digits') && name !== 'truncate') continue; // MNIST loading is slow; once is enough
        for (let seed = 1; seed <= 3; seed++) {
          const m = mutate(base.text, new Rng(seed), { extra: [1, 'x'] });
          const r = runText(m.text, fixture.dir);
          assert.equal(r.failure, null, `${name} of ${base.name} (seed ${seed}): ${r.detail}`);
        }
      }
    }
  } finally {
    fixture.dispose();
  }
});

test('10^5 brackets, 7 MB and 17 MB strings, BOM, CRLF, lone surrogates: located errors', () => {
  const xor = exampleBases(root).find((b) => b.name === 'xor.nn.json')?.text ?? '';
  const cases: [string, string][] = [
    ['10^5 open brackets', '['.repeat(100_000)],
    ['10^5 balanced brackets in a field', xor.replace('"XOR"', '['.repeat(100_000) + ']'.repeat(100_000))],
    // Under the 8 MiB size limit, so the value itself is checked (and quoted to 40 characters).
    ['7 MB activation', xor.replace('"sigmoid"', JSON.stringify('s'.repeat(7_000_000)))],
    ['17 MB text', xor.replace('"XOR"', JSON.stringify('x'.repeat(17_000_000)))],
    ['BOM inside', xor.replace('{', '{\ufeff')],
    ['lone surrogate outside a string', xor.replace('{', '{\ud800')],
    ['NaN', xor.replace('"learningRate": 2', '"learningRate": NaN')],
    ['-Infinity', xor.replace('"learningRate": 2', '"learningRate": -Infinity')],
    ['1e309', xor.replace('"learningRate": 2', '"learningRate": 1e309')],
    ['error at the very end', xor.slice(0, -2)],
  ];
  for (const [name, text] of cases) {
    const r = parseNetwork(text);
    assert.ok(!r.ok, name);
    if (!r.ok) {
      for (const e of r.errors)
        assert.equal(locationProblem(e, text), null, `${name}: ${JSON.stringify(e).slice(0, 200)}`);
      for (const e of r.errors)
        assert.ok(e.message.length < 500, `${name}: message of ${e.message.length} characters`);
    }
  }
  // CRLF, a leading BOM, a 10 MB name and a lone surrogate inside a string (a name) are fine.
  assert.ok(parseNetwork(xor.replace(/\n/g, '\r\n')).ok, 'CRLF');
  assert.ok(parseNetwork('\ufeff' + xor).ok, 'leading BOM');
  assert.ok(parseNetwork(xor.replace('"XOR"', JSON.stringify('x'.repeat(7_000_000)))).ok, '7 MB name');
  assert.ok(parseNetwork(xor.replace('"XOR"', '"X\ud800OR"')).ok, 'lone surrogate in the name');
});

test('a file full of mistakes lists the first 100 and counts the rest', () => {
  const text = '{"a":[' + 'x,'.repeat(200_000) + ']}';
  const r = parseNetwork(text);
  assert.ok(!r.ok);
  if (!r.ok) {
    assert.ok(r.errors.length <= 101, `${r.errors.length} errors`);
    assert.match(r.errors[r.errors.length - 1].message, /stopped after|more problem/);
  }
  const dup = '{' + Array.from({ length: 5000 }, () => '"a":1').join(',') + '}';
  const d = parseNetwork(dup);
  assert.ok(!d.ok && d.errors.length === 101 && /4,899 more problems/.test(d.errors[100].message));
});

test('the built dist/cli.js on fuzzed files: exit 2 with FILE:LINE:COL lines, or exit 0 with JSON; no stack trace', () => {
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli))
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'ignore' });
  const fixture = makeFixture();
  try {
    const arb = caseArbitrary(exampleBases(root));
    const picked = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => makeCase(arb, 2024, i));
    // Plus bad UTF-8 bytes on disk.
    const xor = exampleBases(root).find((b) => b.name === 'xor.nn.json')?.text ?? '';
    picked.push(
      { inputClass: 'bad-utf8', ...MUTATIONS['bad-utf8'](xor, new Rng(3), null), bytes: null },
      { inputClass: 'valid', text: xor, bytes: null },
    );
    picked[picked.length - 2].bytes = MUTATIONS['bad-utf8'](xor, new Rng(3), null).bytes ?? null;
    let exit0 = 0;
    picked.forEach((c, i) => {
      const name = `spawn-${i}.nn.json`;
      writeFileSync(join(fixture.dir, name), c.bytes ?? c.text);
      const r = spawnSync(process.execPath, [cli, 'cost', name, '--json'], {
        cwd: fixture.dir,
        encoding: 'utf8',
      });
      assert.doesNotMatch(r.stderr, /^ {4}at /m, `${c.inputClass}: stack trace`);
      if (r.status === 0) {
        exit0++;
        assert.doesNotThrow(() => JSON.parse(r.stdout), c.inputClass);
      } else {
        assert.equal(r.status, 2, `${c.inputClass}: ${r.stderr}`);
        assert.match(
          r.stderr,
          new RegExp(`^spawn-${i}\\.nn\\.json:\\d+:\\d+: error: \\S`, 'm'),
          c.inputClass,
        );
      }
    });
    assert.ok(exit0 >= 1, 'the valid file computes J(Θ)');
  } finally {
    fixture.dispose();
  }
});
