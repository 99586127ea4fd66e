import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNetwork } from '../../../src/format';
import { example, run } from './helpers';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** J(Θ) of a 2-2-1 sigmoid network with cross-entropy, written out independently of the engine. */
function xnorCost(t1: number[][], t2: number[][], X: number[][], Y: number[]): number {
  let J = 0;
  X.forEach((x, i) => {
    const a2 = t1.map((r) => sigmoid(r[0] + r[1] * x[0] + r[2] * x[1]));
    const h = sigmoid(t2[0][0] + t2[0][1] * a2[0] + t2[0][2] * a2[1]);
    J += -(Y[i] * Math.log(h) + (1 - Y[i]) * Math.log(1 - h));
  });
  return J / X.length;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'nn-cli-'));
}

test('cost --json for the XNOR example: J and D with the shapes of Θ, matching finite differences', async () => {
  const r = await run(['cost', example('xnor.nn.json'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { cost: number; gradients: number[][][] };
  const t1 = [
    [-30, 20, 20],
    [10, -20, -20],
  ];
  const t2 = [[-10, 20, 20]];
  const X = [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ];
  const Y = [1, 0, 0, 1];
  assert.ok(Math.abs(out.cost - xnorCost(t1, t2, X, Y)) < 1e-12);
  assert.deepEqual(
    out.gradients.map((g) => [g.length, g[0].length]),
    [
      [2, 3],
      [1, 3],
    ],
  );
  // ∂J/∂Θ^(2)_1j by central differences (the output layer's gradient is large enough to compare).
  for (let j = 0; j < 3; j++) {
    const eps = 1e-6;
    const plus = t2.map((r) => [...r]);
    const minus = t2.map((r) => [...r]);
    plus[0][j] += eps;
    minus[0][j] -= eps;
    const numeric = (xnorCost(t1, plus, X, Y) - xnorCost(t1, minus, X, Y)) / (2 * eps);
    assert.ok(Math.abs(numeric - out.gradients[1][0][j]) < 1e-9, `D^(2)_1${j}`);
  }
  const text = await run(['cost', example('xnor.nn.json')]);
  assert.match(text.stdout, /^J\(Θ\) = 0\.0000454\d+ \(m = 4, λ = 0, cross-entropy\)/);
  assert.match(text.stdout, /D\^\(2\) = ∂J\/∂Θ\^\(2\), 1 × 3:/);
});

test('cost --lambda adds λ/(2m) ΣΘ² without the bias column', async () => {
  const base = JSON.parse((await run(['cost', example('xnor.nn.json'), '--json'])).stdout) as {
    cost: number;
  };
  const reg = JSON.parse(
    (await run(['cost', example('xnor.nn.json'), '--json', '--lambda', '1'])).stdout,
  ) as { cost: number };
  const sumSq = 20 * 20 * 2 + 20 * 20 * 2 + 20 * 20 * 2; // Θ^(1) and Θ^(2) without Θ_j0
  assert.ok(Math.abs(reg.cost - base.cost - sumSq / (2 * 4)) < 1e-9);
});

test('a file without weights uses the seeded init and says so', async () => {
  const a = await run(['cost', example('xor.nn.json'), '--json']);
  const b = await run(['cost', example('xor.nn.json'), '--json']);
  assert.equal(a.code, 0);
  assert.match(a.stderr, /has no "weights"; using the seeded init \(normal, seed 1\)/);
  assert.equal(a.stdout, b.stdout);
});

test('predict prints h_Θ(x)', async () => {
  const r = await run(['predict', example('and.nn.json'), '--input', '1,1', '--json']);
  assert.equal(r.code, 0);
  const out = JSON.parse(r.stdout) as { input: number[]; output: number[] };
  assert.deepEqual(out.input, [1, 1]);
  assert.ok(Math.abs(out.output[0] - sigmoid(10)) < 1e-15);
  const text = await run(['predict', example('and.nn.json'), '--input=0,1']);
  assert.match(text.stdout, /^h_Θ\(x\) = \[0\.0000453978687\d*\]\n$/);
  const classes = await run(['predict', example('four-class.nn.json'), '--input', '0.15,0.15', '--json']);
  assert.ok(
    ['pedestrian', 'car', 'motorcycle', 'truck'].includes(
      (JSON.parse(classes.stdout) as { class: string }).class,
    ),
  );
  const wrong = await run(['predict', example('and.nn.json'), '--input', '1']);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /--input has 1 number but layer 1 has s_1 = 2 units/);
});

test('gradcheck passes (exit 0) on the examples and fails (exit 1) at a relu kink', async () => {
  const ok = await run(['gradcheck', example('xnor.nn.json')]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /Θ\^\(1\): relative difference \S+ ok\nΘ\^\(2\): relative difference \S+ ok\n/);
  const dir = tempDir();
  try {
    // z^(2) = 0 for every sample: relu's g'(0) = 0 in backprop, but the central difference sees slope 1/2.
    const file = join(dir, 'kink.nn.json');
    writeFileSync(
      file,
      JSON.stringify({
        layers: [{ units: 1 }, { units: 1, activation: 'relu' }, { units: 1, activation: 'linear' }],
        weights: [[[0, 0]], [[0, 1]]],
        loss: 'mse',
        data: { inputs: [[1], [2]], targets: [[1], [2]] },
      }),
    );
    const bad = await run(['gradcheck', file]);
    assert.equal(bad.code, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, /Θ\^\(1\): relative difference \S+ FAIL/);
    assert.match(bad.stdout, /gradient check FAILED \(threshold 1e-7\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an invalid file prints FILE:LINE:COL: error: message (at /pointer) and exits 2', async () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'bad.nn.json');
    const text = readFileSync(example('xnor.nn.json'), 'utf8').replace('[[-10, 20, 20]]', '[[-10, 20]]');
    writeFileSync(file, text);
    const r = await run(['cost', 'bad.nn.json'], { cwd: dir });
    assert.equal(r.code, 2);
    const line = text.split('\n').findIndex((l) => l.includes('[[-10, 20]]')) + 1;
    const col = text.split('\n')[line - 1].indexOf('[[-10, 20]]') + 1;
    assert.equal(
      r.stderr,
      `bad.nn.json:${line}:${col}: error: Θ^(2) must be 1 × 3 (s_3 × (s_2 + 1)), found 1 × 2 (at /weights/1)\n`,
    );
    assert.equal(r.stdout, '');
    const missing = await run(['cost', 'nope.nn.json'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read nope\.nn\.json: no such file/);
    // A data error is located at the data field of the .nn.json.
    writeFileSync(
      file,
      '{\n  "layers": [{"units": 2}, {"units": 1}],\n  "data": {"csv": "gone.csv", "labelColumn": 0}\n}\n',
    );
    const data = await run(['cost', 'bad.nn.json'], { cwd: dir });
    assert.equal(data.code, 2);
    assert.match(
      data.stderr,
      /^bad\.nn\.json:3:19: error: file not found: "gone\.csv".* \(at \/data\/csv\)\n$/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad arguments exit 2 with usage; --help exits 0; never a stack trace', async () => {
  for (const argv of [
    [],
    ['fly'],
    ['cost'],
    ['cost', 'a', 'b'],
    ['cost', 'x.nn.json', '--epochs', '3'],
    ['train', 'x', '--epochs', '-1'],
    ['predict', 'x'],
    ['cost', 'x', '--lambda'],
  ]) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.stderr, /^nn-viz: .+\n\nUsage: nn-viz <command>/);
  }
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: nn-viz <command> FILE\.nn\.json/);
  const dir = tempDir();
  try {
    copyFileSync(example('and.nn.json'), join(dir, 'and.nn.json'));
    const r = await run(['train', 'and.nn.json', '--epochs', '1', '--out', 'no/such/dir/out.nn.json'], {
      cwd: dir,
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nn-viz: ENOENT/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('train writes OUT with the trained weights and leaves FILE alone', async () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'xor.nn.json');
    copyFileSync(example('xor.nn.json'), file);
    const before = readFileSync(file, 'utf8');
    const r = await run(['train', 'xor.nn.json', '--out', 'trained.nn.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(file, 'utf8'), before);
    const out = readFileSync(join(dir, 'trained.nn.json'), 'utf8');
    const parsed = parseNetwork(out);
    assert.ok(parsed.ok);
    if (!parsed.ok) return;
    assert.deepEqual(
      parsed.spec.weights?.map((m) => [m.length, m[0].length]),
      [
        [2, 3],
        [1, 3],
      ],
    );
    // Only "weights" was added: removing it gives back the original text.
    assert.equal(out.replace(/\n {2}"weights": \[[\s\S]*?\n {2}\],/, ''), before);
    // XOR is learned: the trained network predicts the truth table.
    for (const [x, y] of [
      ['0,0', 0],
      ['0,1', 1],
      ['1,0', 1],
      ['1,1', 0],
    ] as const) {
      const p = await run(['predict', 'trained.nn.json', '--input', x, '--json'], { cwd: dir });
      const h = (JSON.parse(p.stdout) as { output: number[] }).output[0];
      assert.equal(h >= 0.5 ? 1 : 0, y, `XOR(${x}) = ${h}`);
    }
    assert.match(r.stdout, /^epoch 1\/2000 {2}J = /);
    assert.match(r.stdout, /trained 2000 epochs: J = /);
    assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('epoch')).length, 21);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('train --json prints one JSON line per epoch; a TTY gets a progress bar on stderr', async () => {
  const r = await run(['train', example('and.nn.json'), '--epochs', '5', '--json']);
  assert.equal(r.code, 0);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { epoch: number; J: number; stopped: string | null });
  assert.deepEqual(
    lines.map((l) => l.epoch),
    [1, 2, 3, 4, 5],
  );
  assert.ok(lines.every((l) => Number.isFinite(l.J)));
  assert.equal(lines[4].stopped, 'done');
  const tty = await run(['train', example('and.nn.json'), '--epochs', '3'], { isTTY: true });
  const ESC = String.fromCharCode(27);
  assert.ok(
    tty.stderr.includes(`\r${ESC}[2K[${'#'.repeat(24)}] epoch 3/3  J = `),
    JSON.stringify(tty.stderr),
  );
});

test('training that diverges exits 1', async () => {
  const dir = tempDir();
  try {
    writeFileSync(
      join(dir, 'boom.nn.json'),
      JSON.stringify({
        layers: [{ units: 1 }, { units: 1, activation: 'linear' }],
        loss: 'mse',
        data: { inputs: [[100], [200]], targets: [[1], [2]] },
        training: { learningRate: 1000, epochs: 50 },
      }),
    );
    const r = await run(['train', 'boom.nn.json'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /training diverged/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
