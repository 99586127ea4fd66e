// The user's path: `nn-viz train FILE --epochs N` (dist/cli.js, as a user runs it: exact J and accuracy for the
// epochs it prints) on the benchmark networks written as .nn.json files, the kernels chosen by NN_VIZ_KERNELS.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NETWORKS } from './training.mjs';
import { root } from './bundle.mjs';

const run = promisify(execFile);

/** The .nn.json text of a benchmark network (same layers, data, α, batch, gd, seed as specOf()). */
export function networkFile(name) {
  const net = NETWORKS[name];
  const d = net.data;
  const data =
    d.kind === 'mnist'
      ? { mnist: { samples: d.samples, size: d.size } }
      : { generator: d.generator, samples: d.samples, noise: d.noise, classes: d.classes, seed: d.seed };
  return JSON.stringify({
    name: `benchmark ${name}`,
    layers: net.sizes.map((units, l) => (l === 0 ? { units } : { units, activation: 'sigmoid' })),
    loss: 'cross-entropy',
    data,
    training: {
      learningRate: net.learningRate,
      lambda: 0,
      epochs: 1000,
      batchSize: net.batch,
      optimizer: 'gd',
      init: 'xavier',
      seed: 1,
      validationSplit: 0,
    },
  });
}

/** Writes the network files into node_modules/.cache/nn-viz-bench/ and returns their paths by name. */
export function networkFiles() {
  const dir = join(root, 'node_modules', '.cache', 'nn-viz-bench');
  mkdirSync(dir, { recursive: true });
  return Object.fromEntries(
    Object.keys(NETWORKS).map((name) => {
      const file = join(dir, `${name}.nn.json`);
      writeFileSync(file, networkFile(name));
      return [name, file];
    }),
  );
}

/**
 * Samples/s of `nn-viz train` over `epochs` epochs, as a user runs it (plain output, about 20 progress lines: the
 * epochs it prints get exact J and accuracies, the others skip that pass). Each progress line carries the cumulative
 * rate r_e after epoch e, so the run's time then was t_e = e·m / r_e; the rate is taken from the first printed epoch
 * (warm-up excluded) to the last. `kernels` is NN_VIZ_KERNELS ('auto', 'js' or 'wasm').
 */
export async function cliTrain(file, m, epochs, kernels) {
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build');
  const { stdout } = await run(process.execPath, [cli, 'train', file, '--epochs', String(epochs)], {
    env: { ...process.env, NN_VIZ_KERNELS: kernels },
    maxBuffer: 1 << 24,
  });
  const points = [...stdout.matchAll(/^epoch (\d+)\/\d+ .* (\d+) samples\/s$/gm)].map((x) => ({
    e: Number(x[1]),
    t: (Number(x[1]) * m) / Number(x[2]),
  }));
  const J = Number(/^trained \d+ epochs: J = (\S+?)(,|$)/m.exec(stdout)?.[1]);
  if (points.length < 2 || !Number.isFinite(J))
    throw new Error(`nn-viz train printed no progress:\n${stdout}`);
  const [first, last] = [points[0], points[points.length - 1]];
  return { samplesPerSecond: ((last.e - first.e) * m) / (last.t - first.t), J };
}
