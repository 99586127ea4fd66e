// The user's path with the JavaScript and the WebAssembly kernels, interleaved: `nn-viz train` (dist/cli.js, the
// Trainer with its per-epoch J and accuracy) and the training worker (headless, frameRate 1, at the max pace), the
// kernels chosen by NN_VIZ_KERNELS ('js', or 'auto', the default: WebAssembly where it is faster).
import { NETWORKS } from './training.mjs';
import { cliTrain, networkFiles } from './cli.mjs';
import { streamedThroughput } from './stream.mjs';
import { specOf, loadData } from './training.mjs';
import { summary } from './stats.mjs';

const MODES = ['js', 'auto'];

/**
 * Epochs of one `nn-viz train` run per network: a few seconds each on an idle machine. Of 784-64-10's 30 epochs
 * nn-viz train prints (and evaluates exactly) 16, as in a user's run of any length.
 */
const CLI_EPOCHS = { '2-8-8-1': 300, '784-64-10': 30 };

export async function userPath(E, workerFile, C, log) {
  const files = networkFiles();
  const out = {};
  for (const name of Object.keys(NETWORKS)) {
    log(`user path ${name} (nn-viz train and the worker, JS vs WASM kernels)…`);
    const m = loadData(E, name).m;
    const cli = { js: [], auto: [] },
      worker = { js: [], auto: [] },
      workerCpu = { js: [], auto: [] };
    const J = {};
    for (let r = 0; r < C.streamPairs; r++) {
      for (const mode of MODES) {
        const c = await cliTrain(files[name], m, CLI_EPOCHS[name], mode);
        cli[mode].push(c.samplesPerSecond);
        J[mode] = c.J;
        const previous = process.env.NN_VIZ_KERNELS;
        process.env.NN_VIZ_KERNELS = mode; // a worker_threads Worker starts with a copy of process.env
        try {
          const w = await streamedThroughput(workerFile, specOf(name), {
            frameRate: 1,
            seconds: C.streamSeconds,
            warmup: 1.5,
          });
          worker[mode].push(w.samplesPerSecond);
          workerCpu[mode].push(w.samplesPerCpuSecond);
        } finally {
          if (previous === undefined) delete process.env.NN_VIZ_KERNELS;
          else process.env.NN_VIZ_KERNELS = previous;
        }
      }
    }
    if (J.js !== J.auto) throw new Error(`${name}: nn-viz train gives J = ${J.js} (JS) but ${J.auto} (WASM)`);
    out[name] = {
      cliEpochs: CLI_EPOCHS[name],
      cli: { js: summary(cli.js), wasm: summary(cli.auto) },
      worker: { js: summary(worker.js), wasm: summary(worker.auto) },
      workerPerCpuSecond: { js: summary(workerCpu.js), wasm: summary(workerCpu.auto) },
      sameJ: J.js,
    };
  }
  return out;
}
