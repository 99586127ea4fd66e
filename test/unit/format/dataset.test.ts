import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetError, LIMITS, loadDataset, parseNetwork, type NetworkSpec } from '../../../src/format';
import { areaWeights, downsample } from '../../../src/format/mnist';
import { nodeDataFiles } from '../../../src/format/nodeFiles';

function spec(text: string): NetworkSpec {
  const r = parseNetwork(text);
  assert.ok(r.ok, JSON.stringify(r));
  return (r as { spec: NetworkSpec }).spec;
}

function dataError(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof DatasetError, String(e));
    return e;
  }
  assert.fail('expected a DatasetError');
}

const net = (data: string, s1 = 2, sL = 1, act = 'sigmoid') =>
  `{"layers":[{"units":${s1}},{"units":3},{"units":${sL},"activation":"${act}"}],"data":${data}}`;

test('inline data becomes row-major X and Y', () => {
  const d = loadDataset(spec(net('{"inputs":[[0,1],[2,3]],"targets":[[1],[0]]}')), nodeDataFiles('.'));
  assert.deepEqual([d.m, d.n, d.K], [2, 2, 1]);
  assert.deepEqual(Array.from(d.X), [0, 1, 2, 3]);
  assert.deepEqual(Array.from(d.Y), [1, 0]);
  assert.equal(d.classNames, null);
});

test('labels are one-hot encoded with the class names', () => {
  const text = net(
    '{"inputs":[[0,0],[1,1],[2,2]],"labels":[0,3,1],"classes":["pedestrian","car","motorcycle","truck"]}',
    2,
    4,
    'softmax',
  );
  const d = loadDataset(spec(text), nodeDataFiles('.'));
  assert.equal(d.K, 4);
  assert.deepEqual(Array.from(d.Y), [1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0]);
  assert.deepEqual(d.classNames, ['pedestrian', 'car', 'motorcycle', 'truck']);
  const two = loadDataset(
    spec(net('{"inputs":[[0,0],[1,1]],"labels":[1,0],"classes":["no","yes"]}')),
    nodeDataFiles('.'),
  );
  assert.deepEqual([two.K, ...two.Y], [1, 1, 0]);
});

test('logic gate generators give their truth tables', () => {
  const tables: Record<string, number[]> = {
    and: [0, 0, 0, 1],
    or: [0, 1, 1, 1],
    xor: [0, 1, 1, 0],
    xnor: [1, 0, 0, 1],
  };
  for (const [g, y] of Object.entries(tables)) {
    const d = loadDataset(spec(net(`{"generator":"${g}"}`)), nodeDataFiles('.'));
    assert.deepEqual(Array.from(d.X), [0, 0, 0, 1, 1, 0, 1, 1], g);
    assert.deepEqual(Array.from(d.Y), y, g);
  }
  const not = loadDataset(spec(net('{"generator":"not"}', 1)), nodeDataFiles('.'));
  assert.deepEqual([...not.X, ...not.Y], [0, 1, 1, 0]);
});

test('generators are deterministic per seed and differ between seeds', () => {
  for (const [g, sL] of [
    ['circle', 1],
    ['spiral', 3],
    ['gaussian', 3],
    ['xor', 1],
  ] as const) {
    const extra = g === 'spiral' || g === 'gaussian' ? ',"classes":3' : '';
    const text = (seed: number) =>
      net(
        `{"generator":"${g}","samples":60,"noise":0.2,"seed":${seed}${extra}}`,
        2,
        sL,
        sL > 1 ? 'softmax' : 'sigmoid',
      );
    const a = loadDataset(spec(text(5)), nodeDataFiles('.'));
    const b = loadDataset(spec(text(5)), nodeDataFiles('.'));
    const c = loadDataset(spec(text(6)), nodeDataFiles('.'));
    assert.deepEqual(a.X, b.X, g);
    assert.deepEqual(a.Y, b.Y, g);
    assert.notDeepEqual(a.X, c.X, g);
    assert.equal(a.m, 60);
    assert.ok(a.X.every(Number.isFinite));
    if (sL > 1) {
      // one-hot, classes interleaved: sample i has class i mod 3
      for (let i = 0; i < a.m; i++) assert.equal(a.Y[i * 3 + (i % 3)], 1);
    }
  }
});

test('the circle generator puts class 1 inside and class 0 in the ring (no noise)', () => {
  const d = loadDataset(spec(net('{"generator":"circle","samples":100,"noise":0}')), nodeDataFiles('.'));
  for (let i = 0; i < d.m; i++) {
    const r = Math.hypot(d.X[2 * i], d.X[2 * i + 1]);
    if (d.Y[i] === 1) assert.ok(r < 0.5);
    else assert.ok(r >= 0.7 && r < 1);
  }
});

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'nn-format-'));
}

test('csv with a header, target columns and a label column', () => {
  const dir = tempDir();
  try {
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'points.csv'), 'x1,x2,y\n0,0,0\n0,1,1\r\n1,0,1\n\n1,1,0\n');
    const t = loadDataset(spec(net('{"csv":"data/points.csv","targetColumns":["y"]}')), nodeDataFiles(dir));
    assert.deepEqual([t.m, t.n, t.K], [4, 2, 1]);
    assert.deepEqual(Array.from(t.X), [0, 0, 0, 1, 1, 0, 1, 1]);
    assert.deepEqual(Array.from(t.Y), [0, 1, 1, 0]);
    writeFileSync(join(dir, 'data', 'cls.csv'), 'class,a,b\ncar,1,2\ntruck,3,4\n"car",5,6\nbike,7,8\n');
    const l = loadDataset(
      spec(net('{"csv":"data/cls.csv","labelColumn":"class"}', 2, 3, 'softmax')),
      nodeDataFiles(dir),
    );
    assert.deepEqual(l.classNames, ['car', 'truck', 'bike']);
    assert.deepEqual(Array.from(l.X), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(Array.from(l.Y), [1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1]);
    writeFileSync(join(dir, 'nohead.csv'), '1,2,0\n3,4,1\n');
    const n = loadDataset(
      spec(net('{"csv":"nohead.csv","header":false,"labelColumn":2}')),
      nodeDataFiles(dir),
    );
    assert.deepEqual([...n.Y], [0, 1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad csv cell is reported with its line and column', () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, 'p.csv'), 'x1,x2,y\n0,0,0\n0,abc,1\n');
    const e = dataError(() =>
      loadDataset(spec(net('{"csv":"p.csv","targetColumns":["y"]}')), nodeDataFiles(dir)),
    );
    assert.deepEqual(e.file, { path: 'p.csv', line: 3, column: 3 });
    assert.equal(e.message, 'p.csv:3:3: the input "abc" is not a number');
    assert.equal(e.pointer, '/data/csv');
    writeFileSync(join(dir, 'q.csv'), 'x1,x2,y\n0,0,0\n0,1\n');
    const short = dataError(() =>
      loadDataset(spec(net('{"csv":"q.csv","targetColumns":["y"]}')), nodeDataFiles(dir)),
    );
    assert.match(short.message, /^q\.csv:3:1: this row has 2 cells; the header has 3/);
    writeFileSync(join(dir, 'r.csv'), 'x1,x2,y\n0,0,2\n');
    const range = dataError(() =>
      loadDataset(spec(net('{"csv":"r.csv","targetColumns":["y"]}')), nodeDataFiles(dir)),
    );
    assert.match(range.message, /^r\.csv:2:5: y = 2 is outside \[0, 1\]/);
    const col = dataError(() =>
      loadDataset(spec(net('{"csv":"r.csv","targetColumns":["z"]}')), nodeDataFiles(dir)),
    );
    assert.equal(col.pointer, '/data/targetColumns/0');
    assert.match(col.message, /no column named "z"; the columns are: x1, x2, y/);
    writeFileSync(join(dir, 's.csv'), 'x1,x2,y\n"0,0,1\n');
    const quote = dataError(() =>
      loadDataset(spec(net('{"csv":"s.csv","targetColumns":["y"]}')), nodeDataFiles(dir)),
    );
    assert.match(quote.message, /^s\.csv:2:1: a quoted cell is not closed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('DatasetError locates the data field in the .nn.json text', () => {
  const dir = tempDir();
  try {
    const text =
      '{\n  "layers": [{"units": 2}, {"units": 1}],\n  "data": {"csv": "missing.csv", "labelColumn": 0}\n}';
    const e = dataError(() => loadDataset(spec(text), nodeDataFiles(dir)));
    assert.match(e.message, /file not found: "missing.csv"/);
    const located = e.toSpecError(text);
    assert.deepEqual([located.line, located.column, located.pointer], [3, 19, '/data/csv']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('paths outside the folder are refused: "..", absolute, symlinks leaving the tree', () => {
  const root = tempDir();
  try {
    const dir = join(root, 'project');
    mkdirSync(dir);
    writeFileSync(join(root, 'secret.csv'), '1,2,0\n');
    writeFileSync(join(dir, 'ok.csv'), '1,2,0\n');
    symlinkSync(join(root, 'secret.csv'), join(dir, 'link.csv'));
    symlinkSync(join(dir, 'ok.csv'), join(dir, 'inside-link.csv'));
    // The parser already refuses ".." and absolute paths; build specs directly to test the loader's own guard.
    const base = spec(net('{"csv":"ok.csv","header":false,"labelColumn":2}'));
    const withPath = (path: string): NetworkSpec => ({
      ...base,
      data: { ...base.data, path } as NetworkSpec['data'],
    });
    assert.equal(loadDataset(withPath('inside-link.csv'), nodeDataFiles(dir)).m, 1);
    const up = dataError(() => loadDataset(withPath('../secret.csv'), nodeDataFiles(dir)));
    assert.match(up.message, /contains ".."/);
    const abs = dataError(() => loadDataset(withPath(join(root, 'secret.csv')), nodeDataFiles(dir)));
    assert.match(abs.message, /is absolute/);
    const link = dataError(() => loadDataset(withPath('link.csv'), nodeDataFiles(dir)));
    assert.match(link.message, /"link.csv" links to .*secret\.csv, outside the .nn.json's folder tree/);
    assert.equal(link.pointer, '/data/csv');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a csv with more rows than the sample limit is refused before allocation', () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, 'big.csv'), '0,1,0\n'.repeat(LIMITS.maxSamples + 1));
    const e = dataError(() =>
      loadDataset(spec(net('{"csv":"big.csv","header":false,"labelColumn":2}')), nodeDataFiles(dir)),
    );
    assert.match(e.message, /more than 60,000 samples/);
    assert.equal(e.file?.line, LIMITS.maxSamples + 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('area averaging keeps the mean of an image', () => {
  const W = areaWeights(28, 20);
  // Each output row's weights sum to 1 (it is an average).
  for (let r = 0; r < 20; r++) {
    let s = 0;
    for (let i = 0; i < 28; i++) s += W[r * 28 + i];
    assert.ok(Math.abs(s - 1) < 1e-12);
  }
  const img = Array.from({ length: 784 }, (_, i) => ((i * 37) % 101) / 100);
  const out = new Float64Array(400);
  downsample(img, 0, W, 20, out, 0);
  const mean = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0) / a.length;
  assert.ok(Math.abs(mean(out) - mean(img)) < 1e-12);
  // A constant image stays constant.
  downsample(new Array<number>(784).fill(0.5), 0, W, 20, out, 0);
  assert.ok(out.every((v) => Math.abs(v - 0.5) < 1e-12));
});

test('MNIST loads, is seeded, one-hot, and downsamples to 20×20 with the same mean', () => {
  const full = loadDataset(
    spec('{"layers":[{"units":784},{"units":10,"activation":"softmax"}],"data":{"mnist":{"samples":200}}}'),
    nodeDataFiles('.'),
  );
  assert.deepEqual([full.m, full.n, full.K], [200, 784, 10]);
  assert.deepEqual(full.imageShape, [28, 28]);
  assert.deepEqual(full.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.ok(full.X.every((v) => v >= 0 && v <= 1));
  for (let i = 0; i < full.m; i++)
    assert.equal(
      full.Y.subarray(i * 10, i * 10 + 10).reduce((a, b) => a + b, 0),
      1,
    );
  const digits = new Set(
    Array.from({ length: full.m }, (_, i) => full.Y.subarray(i * 10, i * 10 + 10).indexOf(1)),
  );
  assert.equal(digits.size, 10, 'a seeded shuffle mixes all digits');
  const small = loadDataset(
    spec(
      '{"layers":[{"units":400},{"units":10,"activation":"softmax"}],"data":{"mnist":{"samples":200,"size":20}}}',
    ),
    nodeDataFiles('.'),
  );
  assert.deepEqual([small.m, small.n], [200, 400]);
  assert.deepEqual(small.imageShape, [20, 20]);
  assert.deepEqual(small.Y, full.Y, 'the same digits in the same order');
  for (let i = 0; i < 200; i++) {
    const a = full.X.subarray(i * 784, (i + 1) * 784).reduce((x, y) => x + y, 0) / 784;
    const b = small.X.subarray(i * 400, (i + 1) * 400).reduce((x, y) => x + y, 0) / 400;
    assert.ok(Math.abs(a - b) < 1e-9, `image ${i}: mean ${a} vs ${b}`);
  }
  const missing = dataError(() =>
    loadDataset(
      spec('{"layers":[{"units":784},{"units":10,"activation":"softmax"}],"data":{"mnist":{"samples":10}}}'),
      nodeDataFiles('.', join(tmpdir(), 'no-such-mnist-dir')),
    ),
  );
  assert.match(missing.message, /MNIST digits not found/);
  assert.equal(missing.pointer, '/data/mnist');
});
