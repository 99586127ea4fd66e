/**
 * Parity of `nn-viz export --format pytorch` with the engine, checked with the real PyTorch (Debian's python3-torch,
 * float64): J and D at the file's weights (--cost-json) against `nn-viz cost --json`, and the trained Θ (--save)
 * against `nn-viz train --out`, to 1e-8, for every output activation × loss, λ > 0, every optimizer, full batch,
 * mini-batches and stochastic, dropout, early stopping with a validation split, and a data set too large to inline.
 * All scripts run in ONE Python process (importing torch takes seconds).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../cli/helpers';
import { maxDiff, runPython } from './python';

type Json = Record<string, unknown>;

/** Deterministic inputs in [−1, 1] and targets of the given kind. */
function data(m: number, n: number, K: number, kind: 'onehot' | 'unit'): Json {
  const inputs = Array.from({ length: m }, (_, i) =>
    Array.from({ length: n }, (_, j) => Math.sin(1.7 * i + 0.9 * j + 0.3)),
  );
  const targets = inputs.map((x, i) =>
    kind === 'onehot'
      ? Array.from({ length: K }, (_, k) => (k === i % K ? 1 : 0))
      : Array.from({ length: K }, (_, k) => 0.5 + 0.45 * Math.cos(x[0] * (k + 1) + i)),
  );
  return { inputs, targets };
}

interface Case {
  name: string;
  doc: Json;
}

function net(
  name: string,
  hidden: string,
  output: string,
  loss: string,
  training: Json,
  extra: Json = {},
): Case {
  const K = output === 'softmax' ? 3 : 2;
  return {
    name,
    doc: {
      name,
      layers: [{ units: 3 }, { units: 4, activation: hidden }, { units: K, activation: output }],
      loss,
      data: data(13, 3, K, output === 'softmax' ? 'onehot' : 'unit'),
      training: { learningRate: 0.1, epochs: 25, init: { name: 'normal', sigma: 0.5 }, seed: 7, ...training },
      ...extra,
    },
  };
}

const HIDDEN = ['sigmoid', 'tanh', 'relu', 'linear'];
const cases: Case[] = [];
// Every output g with every loss the format allows (cross-entropy needs sigmoid or softmax outputs), each hidden g.
['sigmoid', 'tanh', 'relu', 'linear', 'softmax'].forEach((output, i) =>
  ['cross-entropy', 'mse']
    .filter((loss) => loss === 'mse' || output === 'sigmoid' || output === 'softmax')
    .forEach((loss, j) =>
      cases.push(net(`${output}-${loss}`, HIDDEN[(i + j) % 4], output, loss, { lambda: j === 0 ? 0.1 : 0 })),
    ),
);
['gd', 'momentum', 'adagrad', 'adadelta', 'rmsprop', 'adam'].forEach((optimizer, i) =>
  ['full', 5].forEach((batchSize) =>
    cases.push(
      net(`${optimizer}-B${batchSize}`, HIDDEN[i % 4], i % 2 ? 'softmax' : 'sigmoid', 'cross-entropy', {
        optimizer,
        batchSize,
        lambda: 0.05,
        learningRate: optimizer === 'adadelta' ? 1 : 0.05,
      }),
    ),
  ),
);
cases.push(net('stochastic', 'tanh', 'sigmoid', 'mse', { batchSize: 1, epochs: 10 }));
cases.push(
  net('dropout-early-stopping', 'relu', 'softmax', 'cross-entropy', {
    optimizer: 'adam',
    batchSize: 4,
    epochs: 60,
    learningRate: 0.05,
    validationSplit: 0.3,
    earlyStopping: { patience: 3, minDelta: 0, restoreBest: true },
  }),
);
(cases[cases.length - 1].doc.layers as Json[])[1].dropout = 0.3;
cases.push(
  net(
    'file-weights',
    'sigmoid',
    'sigmoid',
    'cross-entropy',
    { lambda: 1 },
    {
      weights: [
        [
          [0.1, -0.2, 0.3, 0.4],
          [0.5, 0.6, -0.7, 0.8],
          [-0.9, 1, 1.1, -1.2],
          [0.2, 0.1, 0, -0.1],
        ],
        [
          [0.3, -0.5, 0.2, 0.1, 0.4],
          [-0.3, 0.5, -0.2, 0.6, 0.1],
        ],
      ],
    },
  ),
);
cases.push({
  name: 'large-data-file',
  doc: {
    name: 'circle',
    layers: [{ units: 2 }, { units: 5, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }],
    data: { generator: 'circle', samples: 2000 },
    training: { learningRate: 0.1, epochs: 3, batchSize: 64, optimizer: 'rmsprop', seed: 3 },
  },
});

const DRIVER = String.raw`
import contextlib, io, json, runpy, sys
results = []
for c in json.load(sys.stdin):
    out = {}
    for mode, argv in (("cost", ["--cost-json"]), ("train", ["--quiet", "--save", c["save"]])):
        sys.argv = [c["script"]] + argv
        buf = io.StringIO()
        try:
            with contextlib.redirect_stdout(buf):
                runpy.run_path(c["script"], run_name="__main__")
        except SystemExit as e:
            out[mode + "Exit"] = e.code
        out[mode] = buf.getvalue()
    results.append(out)
print(json.dumps(results))
`;

test('exported PyTorch scripts give the engine’s J, D and trained Θ (float64, one Python process)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nn-viz-pytorch-'));
  try {
    const expected: { cost: { cost: number; gradients: number[][][] }; weights: number[][][] }[] = [];
    const jobs: { script: string; save: string }[] = [];
    for (const c of cases) {
      const file = join(dir, `${c.name}.nn.json`);
      writeFileSync(file, JSON.stringify(c.doc, null, 2));
      const script = join(dir, `${c.name}.py`);
      const ex = await run(['export', file, '--format', 'pytorch', '--out', script]);
      assert.equal(ex.code, 0, `${c.name}: ${ex.stderr}`);
      const cost = await run(['cost', file, '--json']);
      assert.equal(cost.code, 0, `${c.name}: ${cost.stderr}`);
      const trained = join(dir, `${c.name}.engine.nn.json`);
      const tr = await run(['train', file, '--out', trained]);
      assert.equal(tr.code, 0, `${c.name}: ${tr.stderr}`);
      expected.push({
        cost: JSON.parse(cost.stdout) as { cost: number; gradients: number[][][] },
        weights: (JSON.parse(readFileSync(trained, 'utf8')) as { weights: number[][][] }).weights,
      });
      jobs.push({ script, save: join(dir, `${c.name}.torch.nn.json`) });
    }
    assert.ok(
      existsSync(join(dir, 'large-data-file.data.json')),
      'a large data set is written beside the script',
    );
    assert.doesNotMatch(readFileSync(join(dir, 'large-data-file.py'), 'utf8'), /X_ROWS = \[/);
    const results = runPython<{ cost: string; train: string; costExit?: number; trainExit?: number }[]>(
      DRIVER,
      jobs,
    );
    results.forEach((r, i) => {
      const name = cases[i].name;
      assert.ok(r.costExit === undefined || r.costExit === 0, `${name}: --cost-json exited ${r.costExit}`);
      const got = JSON.parse(r.cost) as { cost: number; gradients: number[][][] };
      assert.ok(
        Math.abs(got.cost - expected[i].cost.cost) < 1e-12,
        `${name}: J ${got.cost} vs ${expected[i].cost.cost}`,
      );
      const dD = maxDiff(got.gradients, expected[i].cost.gradients);
      assert.ok(dD < 1e-12, `${name}: D differs by ${dD}`);
      assert.ok(r.trainExit === undefined || r.trainExit === 0, `${name}: training exited ${r.trainExit}`);
      const saved = JSON.parse(readFileSync(jobs[i].save, 'utf8')) as {
        weights: number[][][];
        layers: unknown;
      };
      const dTheta = maxDiff(saved.weights, expected[i].weights);
      assert.ok(dTheta < 1e-8, `${name}: trained Θ differ by ${dTheta}`);
      assert.deepEqual(saved.layers, cases[i].doc.layers, `${name}: the saved file keeps the layers`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
