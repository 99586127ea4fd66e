// The user's path: `nn-viz train FILE --epochs N --json` (dist/cli.js, the Trainer with its per-epoch J and accuracy)
// on the benchmark networks written as .nn.json files, the kernels chosen by NN_VIZ_KERNELS.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NETWORKS } from './training.mjs';
import { root } from './bundle.mjs';
import { median } from './stats.mjs';

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
 * Samples/s of `nn-viz train` over `epochs` epochs: from the CLI's own --json lines (cumulative samples/s after each
 * epoch, i.e. the time of every epoch), the median of the per-epoch rates after the first (warm-up) epoch.
 * `kernels` is NN_VIZ_KERNELS ('auto', 'js' or 'wasm').
 */
export async function cliTrain(file, m, epochs, kernels) {
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build');
  const { stdout } = await run(process.execPath, [cli, 'train', file, '--epochs', String(epochs), '--json'], {
    env: { ...process.env, NN_VIZ_KERNELS: kernels },
    maxBuffer: 1 << 24,
  });
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  // Cumulative rate r_e after epoch e: the run's time t_e = e·m / r_e; epoch e took t_e − t_{e−1}.
  const t = lines.map((l) => (l.epoch * m) / l.samplesPerSecond);
  const perEpoch = t.slice(1).map((te, i) => m / (te - t[i]));
  return {
    samplesPerSecond: median(perEpoch.length ? perEpoch : [lines[0].samplesPerSecond]),
    J: lines.at(-1).J,
  };
}
