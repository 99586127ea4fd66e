/**
 * ONNX both ways, with the real frameworks: models exported by nn-viz run in ONNX Runtime for Node and give the
 * engine's h_Θ(x) to 1e-9; models written by torch.onnx.export (PyTorch 1.13, in this test, one Python process) are
 * imported and `nn-viz predict` gives PyTorch's outputs; bad files exit 2, name the problem and write nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { Random, createNetwork, predict } from '../../../src/engine';
import { parseNetwork } from '../../../src/format';
import { run } from '../cli/helpers';
import { maxDiff, runPython } from './python';

const X = [
  [0.3, -1.2, 0.5],
  [1.5, 0.2, -0.7],
  [-0.4, 0.9, 2.1],
  [0, 0, 0],
];

test('exported ONNX models equal the engine’s h_Θ(x) in ONNX Runtime, for every g', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nn-viz-onnx-'));
  try {
    const nets: [string, string, string][] = [
      ['sigmoid', 'relu', 'sigmoid'],
      ['tanh', 'linear', 'softmax'],
      ['relu', 'sigmoid', 'tanh'],
      ['linear', 'tanh', 'linear'],
      ['sigmoid', 'sigmoid', 'relu'],
    ];
    for (const [g2, g3, g4] of nets) {
      const K = g4 === 'softmax' ? 3 : 2;
      const doc = {
        name: `${g2}-${g3}-${g4}`,
        layers: [
          { units: 3 },
          { units: 5, activation: g2 },
          { units: 4, activation: g3 },
          { units: K, activation: g4 },
        ],
        loss: 'mse',
        data: { inputs: X, targets: X.map(() => Array<number>(K).fill(0.5)) },
        training: { init: 'he', seed: 11 },
      };
      const file = join(dir, `${doc.name}.nn.json`);
      writeFileSync(file, JSON.stringify(doc));
      const out = join(dir, `${doc.name}.onnx`);
      const r = await run(['export', file, '--format', 'onnx', '--out', out]);
      assert.equal(r.code, 0, r.stderr);
      const session = await InferenceSession.create(out);
      assert.deepEqual([...session.inputNames, ...session.outputNames], ['x', 'h']);
      const x = new Tensor('float64', Float64Array.from(X.flat()), [X.length, 3]);
      const h = (await session.run({ x })).h;
      assert.equal(h.type, 'float64');
      assert.deepEqual(h.dims, [X.length, K]);
      const parsed = parseNetwork(readFileSync(file, 'utf8'));
      assert.ok(parsed.ok);
      const t = parsed.spec.training;
      const engine = createNetwork(parsed.spec.layers, null, t.init, Random.derive(t.seed, 'init'));
      const got = Array.from(h.data as Float64Array);
      const want = X.flatMap((row) => Array.from(predict(engine, row)));
      assert.ok(maxDiff(got, want) < 1e-9, `${doc.name}: ${maxDiff(got, want)}`);
      // And back: importing the exported model gives the same Θ.
      const back = join(dir, `${doc.name}.back.nn.json`);
      assert.equal((await run(['import', out, '--out', back])).code, 0);
      const theta = engine.theta.map((T) =>
        Array.from({ length: T.rows }, (_, j) => Array.from(T.data.subarray(j * T.cols, (j + 1) * T.cols))),
      );
      assert.deepEqual((JSON.parse(readFileSync(back, 'utf8')) as { weights: number[][][] }).weights, theta);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Writes models with torch.onnx.export and PyTorch's own outputs for X. */
const TORCH_EXPORT = String.raw`
import json, sys, torch
from torch import nn
job = json.load(sys.stdin)
torch.manual_seed(0)
x = torch.tensor(job["x"], dtype=torch.float64)

class MatMulAdd(nn.Module):
    """x @ W + b written out: torch.onnx.export writes MatMul + Add instead of Gemm."""
    def __init__(self):
        super().__init__()
        self.W1, self.b1 = nn.Parameter(torch.randn(3, 4)), nn.Parameter(torch.randn(4))
        self.W2, self.b2 = nn.Parameter(torch.randn(4, 2)), nn.Parameter(torch.randn(2))
    def forward(self, x):
        return torch.sigmoid(torch.relu(x @ self.W1 + self.b1) @ self.W2 + self.b2)

class Conv(nn.Module):
    """A convolution before a Linear layer: not a fully connected network."""
    def __init__(self):
        super().__init__()
        self.conv, self.linear = nn.Conv1d(1, 2, 2), nn.Linear(4, 1)
    def forward(self, x):
        return self.linear(self.conv(x[:, None, :]).flatten(1))

models = {
    "float32-softmax": nn.Sequential(nn.Linear(3, 5), nn.Sigmoid(), nn.Linear(5, 4), nn.Tanh(), nn.Linear(4, 3), nn.Softmax(dim=1)),
    "float64-relu": nn.Sequential(nn.Linear(3, 6), nn.ReLU(), nn.Linear(6, 2)).double(),
    "matmul-add": MatMulAdd(),
    "conv": Conv(),
}
out = {}
for name, model in models.items():
    model.eval()
    dtype = next(model.parameters()).dtype
    xi = x.to(dtype)
    torch.onnx.export(model, xi, job["dir"] + "/" + name + ".onnx", input_names=["x"], output_names=["h"],
                      dynamic_axes={"x": {0: "m"}, "h": {0: "m"}}, opset_version=13)
    with torch.no_grad():
        out[name] = model(xi).double().tolist()
print(json.dumps(out))
`;

test('models written by torch.onnx.export import, and nn-viz predict gives PyTorch’s outputs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nn-viz-torch-onnx-'));
  try {
    const outputs = runPython<Record<string, number[][]>>(TORCH_EXPORT, { x: X, dir });
    const tolerance: Record<string, number> = {
      'float32-softmax': 1e-6,
      'float64-relu': 1e-12,
      'matmul-add': 1e-6,
    };
    for (const [name, tol] of Object.entries(tolerance)) {
      const out = join(dir, `${name}.nn.json`);
      const r = await run(['import', join(dir, `${name}.onnx`), '--out', out]);
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      const parsed = parseNetwork(readFileSync(out, 'utf8'));
      assert.ok(parsed.ok, `${name}: the imported file is a valid .nn.json`);
      assert.equal(parsed.spec.data.kind, 'none');
      for (let i = 0; i < X.length; i++) {
        const p = await run(['predict', out, '--input', X[i].join(','), '--json']);
        assert.equal(p.code, 0, p.stderr);
        const h = (JSON.parse(p.stdout) as { output: number[] }).output;
        assert.ok(maxDiff(h, outputs[name][i]) < tol, `${name} sample ${i}: ${maxDiff(h, outputs[name][i])}`);
      }
      // Training needs data, and says so.
      const train = await run(['train', out]);
      assert.equal(train.code, 2);
      assert.match(train.stderr, /has no "data"/);
    }
    assert.deepEqual(
      parseNetwork(readFileSync(join(dir, 'float32-softmax.nn.json'), 'utf8')).ok &&
        (
          parseNetwork(readFileSync(join(dir, 'float32-softmax.nn.json'), 'utf8')) as {
            spec: { layers: { activation: string }[] };
          }
        ).spec.layers
          .slice(1)
          .map((l) => l.activation),
      ['sigmoid', 'tanh', 'softmax'],
    );
    // A convolution cannot be mapped: exit 2 naming the node and its op, nothing written.
    const conv = join(dir, 'conv.nn.json');
    const c = await run(['import', join(dir, 'conv.onnx'), '--out', conv]);
    assert.equal(c.code, 2);
    assert.match(c.stderr, /conv\.onnx: .*node "[^"]+" \(op Conv\).* cannot be mapped/);
    assert.equal(existsSync(conv), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a truncated file and a file that is not ONNX exit 2 with a message and write nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nn-viz-onnx-bad-'));
  try {
    const file = join(dir, 'xor.nn.json');
    writeFileSync(
      file,
      JSON.stringify({
        layers: [{ units: 2 }, { units: 2, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }],
        data: { generator: 'xor' },
      }),
    );
    const model = join(dir, 'xor.onnx');
    assert.equal((await run(['export', file, '--format', 'onnx', '--out', model])).code, 0);
    const bytes = readFileSync(model);
    const bad = {
      'truncated.onnx': bytes.subarray(0, Math.floor(bytes.length / 2)),
      'text.onnx': Buffer.from('this is not a model\n'),
      'empty.onnx': Buffer.alloc(0),
    };
    for (const [name, content] of Object.entries(bad)) {
      writeFileSync(join(dir, name), content);
      const out = join(dir, `${name}.nn.json`);
      const r = await run(['import', join(dir, name), '--out', out]);
      assert.equal(r.code, 2, name);
      assert.match(r.stderr, new RegExp(`${name.replace('.', '\\.')}: not an ONNX model`));
      assert.equal(existsSync(out), false, `${name}: nothing written`);
    }
    const missing = await run(['import', join(dir, 'nope.onnx'), '--out', join(dir, 'x.nn.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*nope\.onnx: no such file/);
    const usage = await run(['export', file, '--out', join(dir, 'x')]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /export needs --format pytorch or onnx/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
