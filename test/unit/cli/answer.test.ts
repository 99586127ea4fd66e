/** nn-viz answer: the fixed JSON form, lecture numbering, the Markdown key, and exit 2 with what is allowed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { example, run } from './helpers';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const XNOR = example('xnor.nn.json');
const SHEET = example('worksheet.nn.json');

test('answer --json prints {"value": …} in the lecture numbering (the slide XNOR: a^(2) of x = (0, 0))', async () => {
  const r = await run(['answer', XNOR, '--quantity', 'a', '--layer', '2', '--sample', '1', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { value: number[] };
  assert.deepEqual(Object.keys(out), ['value']);
  // a_1^(2) = g(−30) (x1 AND x2), a_2^(2) = g(10) ((NOT x1) AND (NOT x2)): the slide's table row (0, 1).
  assert.deepEqual(out.value, [sigmoid(-30), sigmoid(10)]);
  const x = await run(['answer', XNOR, '--quantity', 'a', '--layer', '1', '--sample', '3', '--json']);
  // The slides' row order 00, 10, 01, 11: sample 3 is x = (0, 1).
  assert.deepEqual(JSON.parse(x.stdout), { value: [0, 1] }, 'a^(1) of sample 3 is x^(3)');
});

test('answer: one entry with --unit, D shaped like Θ^(l), J with the file λ, and a readable line', async () => {
  const z = await run([
    'answer',
    SHEET,
    '--quantity',
    'z',
    '--layer',
    '2',
    '--sample',
    '4',
    '--unit',
    '1',
    '--json',
  ]);
  assert.deepEqual(JSON.parse(z.stdout), { value: -3 + 2 + 2 });
  const D = await run(['answer', SHEET, '--quantity', 'D', '--layer', '1', '--json']);
  const d = (JSON.parse(D.stdout) as { value: number[][] }).value;
  assert.deepEqual([d.length, d[0].length], [2, 3]);
  const cost = await run(['cost', SHEET, '--json']);
  const c = JSON.parse(cost.stdout) as { cost: number; gradients: number[][][] };
  assert.deepEqual(d, c.gradients[0], 'the same D^(1) as nn-viz cost (the file λ = 0.4)');
  const entry = await run(['answer', SHEET, '--quantity', 'D', '--layer', '2', '--unit', '1,2', '--json']);
  assert.deepEqual(JSON.parse(entry.stdout), { value: c.gradients[1][0][2] });
  const J = await run(['answer', SHEET, '--quantity', 'J', '--json']);
  assert.deepEqual(JSON.parse(J.stdout), { value: c.cost });
  const line = await run(['answer', SHEET, '--quantity', 'delta', '--layer', '3', '--sample', '2']);
  assert.match(line.stdout, /^δ\^\(3\) of sample 2 = \[0\.5\d+\]\n$/);
});

test('answer --exercises prints a Markdown answer key of every question; --json the values', async () => {
  const r = await run(['answer', SHEET, '--exercises']);
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.split('\n').filter((l) => /^\| \d+ \|/.test(l));
  assert.equal(rows.length, 8);
  assert.match(r.stdout, /^# Answer key: XNOR worksheet\n/);
  assert.match(rows[0], /^\| 1 \| x = \(1, 1\)\. What is z₁⁽²⁾.*\(z_1\^\(2\) of sample 4\) \| 1 \|$/);
  const json = await run(['answer', SHEET, '--exercises', '--json']);
  const list = (JSON.parse(json.stdout) as { exercises: { quantity: string; value: unknown }[] }).exercises;
  assert.deepEqual(
    list.map((e) => e.quantity),
    ['z', 'a', 'a', 'a', 'delta', 'delta', 'D', 'J'],
  );
  assert.equal(list[1].value, sigmoid(1));
  const none = await run(['answer', XNOR, '--exercises']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /has no "exercises"/);
});

test('bad arguments exit 2 and say what is allowed', async () => {
  const cases: [string[], RegExp][] = [
    [['--quantity', 'delta', '--layer', '1', '--sample', '1'], /layers l = 2 … 3 \(layer 1 is the input x/],
    [
      ['--quantity', 'a', '--layer', '4', '--sample', '1'],
      /layer 4 is out of range: a\^\(l\) exists for layers l = 1 … 3/,
    ],
    [
      ['--quantity', 'a', '--layer', '2', '--sample', '5'],
      /sample 5 is out of range: samples are i = 1 … 4 \(m = 4\)/,
    ],
    [['--quantity', 'D', '--layer', '3'], /D\^\(l\) has the shape of Θ\^\(l\), so l is 1 … 2 \(L = 3\)/],
    [['--quantity', 'J', '--sample', '1'], /J\(Θ\) is over the whole data set: it takes no sample/],
    [['--quantity', 'w'], /--quantity must be one of a, z, delta, D, J, got "w"/],
    [['--layer', '2'], /answer needs --quantity a\|z\|delta\|D\|J/],
    [['--quantity', 'a', '--layer', 'two', '--sample', '1'], /--layer needs a whole number ≥ 0, got "two"/],
    [['--exercises', '--quantity', 'J'], /leave out --quantity/],
  ];
  for (const [args, message] of cases) {
    const r = await run(['answer', XNOR, ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout, '');
  }
});
