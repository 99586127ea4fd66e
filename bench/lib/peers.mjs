// More peers for the training benchmark (bench/run.mjs `training`): PyTorch (Debian's python3-torch, float64 and
// float32, one thread) and tfjs on its WebAssembly backend (@tensorflow/tfjs-backend-wasm, XNNPACK with SIMD), and
// our engine with the JavaScript and the WebAssembly kernels side by side. A missing peer is skipped with the reason.
// Every lib: { run(seconds) → Promise<{ wall, cpu }> samples/s, check() → J, dispose() }.
import * as esbuild from 'esbuild';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { root } from './bundle.mjs';
import { NETWORKS, makeOurs, makeOursTrainer, makeOursUserPath, makeTfjs } from './training.mjs';

const cache = join(root, 'node_modules', '.cache', 'nn-viz-bench');
export const PYTHON = '/usr/bin/python3';

/** Our bare steps and the Trainer with the kernels of `mode` ('js' or 'auto'), set before every run. */
export function makeOursWith(E, name, ds, mode, trainer = false) {
  const lib = trainer ? makeOursTrainer(E, name, ds) : makeOurs(E, name, ds);
  const withMode = (f) => {
    E.setKernelMode(mode);
    try {
      return f();
    } finally {
      E.setKernelMode('auto');
    }
  };
  return { run: (s) => withMode(() => lib.run(s)), check: () => withMode(() => lib.check()), dispose() {} };
}

/**
 * PyTorch in a long-lived python3 process (bench/peers/torch_bench.py) fed the same X and Y; returns
 * { torch64, torch32, version } or { skipped: reason }.
 */
export async function startTorch(datasets) {
  if (!existsSync(PYTHON)) return { skipped: `${PYTHON} not found (apt-get install python3-torch)` };
  const child = spawn(PYTHON, [join(root, 'bench', 'peers', 'torch_bench.py')], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (l) => waiting.shift()?.resolve(JSON.parse(l)));
  child.on('exit', (code) => {
    for (const w of waiting.splice(0))
      w.reject(new Error(`python3 exited (${code}): ${stderr.trim().slice(-300)}`));
  });
  const ask = (cmd) =>
    new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      child.stdin.write(JSON.stringify(cmd) + '\n');
    });
  try {
    let version = null;
    mkdirSync(cache, { recursive: true });
    for (const [name, ds] of Object.entries(datasets)) {
      const x = join(cache, `${name}.X.f64`),
        y = join(cache, `${name}.Y.f64`);
      writeFileSync(x, ds.X.subarray(0, ds.m * ds.n));
      writeFileSync(y, ds.Y.subarray(0, ds.m * ds.K));
      const net = NETWORKS[name];
      const r = await ask({
        load: name,
        sizes: net.sizes,
        batch: net.batch,
        lr: net.learningRate,
        x,
        y,
        m: ds.m,
      });
      if (r.error) throw new Error(r.error);
      version = `${r.torch}, ${r.threads} thread`;
    }
    const lib = (name, dtype) => ({
      run: async (seconds) => {
        const r = await ask({ run: name, dtype, seconds });
        if (r.error) throw new Error(`PyTorch ${dtype}: ${r.error}`);
        return r;
      },
      check: async () => (await ask({ check: name, dtype })).J,
      dispose() {},
    });
    return {
      version,
      torch64: (name) => lib(name, 'float64'),
      torch32: (name) => lib(name, 'float32'),
      stop: () => child.stdin.end(),
    };
  } catch (e) {
    child.kill();
    const why = /No module named/.test(String(e.message) + stderr)
      ? 'python3-torch is not installed'
      : e.message;
    return { skipped: `PyTorch: ${why}` };
  }
}

/**
 * @tensorflow/tfjs-core with every gradient and @tensorflow/tfjs-backend-wasm (its .wasm files ship in the npm
 * package), bundled from their ES module builds into its own file, so it does not share a tfjs instance (and its
 * backend registry) with the CPU peer. Returns { tf } or { skipped: reason }.
 */
export async function loadTfjsWasm() {
  const dist = join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
  if (!existsSync(join(dist, 'tfjs-backend-wasm-simd.wasm'))) {
    return { skipped: '@tensorflow/tfjs-backend-wasm is not installed (npm ci)' };
  }
  try {
    mkdirSync(cache, { recursive: true });
    const outfile = join(cache, 'tfjs-wasm.cjs');
    await esbuild.build({
      stdin: {
        contents: [
          "export * from '@tensorflow/tfjs-core';",
          "import '@tensorflow/tfjs-core/dist/register_all_gradients';",
          "export { setWasmPaths, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';",
        ].join('\n'),
        resolveDir: root,
        loader: 'js',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile,
      logLevel: 'error',
      mainFields: ['module', 'main'],
    });
    const tf = createRequire(import.meta.url)(outfile);
    tf.setWasmPaths(dist + '/');
    tf.setThreadsCount?.(1);
    return { tf, version: tf.version_core };
  } catch (e) {
    return { skipped: `tfjs-wasm does not load: ${e.message}` };
  }
}

/** The tfjs peer on the 'wasm' backend (same network and loop as the CPU one in training.mjs). */
export async function makeTfjsWasm(tf, name, ds) {
  return makeTfjs(tf, name, ds, 'wasm');
}

/** The peers that need starting once per bench: PyTorch's process and the tfjs-wasm bundle (or why not). */
export async function startPeers(datasets) {
  const torch = await startTorch(datasets);
  const tfWasm = await loadTfjsWasm();
  return { torch, tfWasm };
}

/**
 * The libs this file adds to one network's interleaved training run: ours with the JavaScript kernels (bare steps
 * and Trainer; `ours` and `oursTrainer` run with the default, 'auto'), PyTorch float64 and float32, tfjs-wasm.
 */
export async function peerLibs(E, name, ds, peers) {
  const libs = {
    oursJs: makeOursWith(E, name, ds, 'js'),
    oursTrainerJs: makeOursWith(E, name, ds, 'js', true),
    oursUserPath: makeOursUserPath(E, name, ds),
  };
  if (!peers.torch.skipped) {
    libs.torch64 = peers.torch.torch64(name);
    libs.torch32 = peers.torch.torch32(name);
  }
  if (!peers.tfWasm.skipped) libs.tfjsWasm = await makeTfjsWasm(peers.tfWasm.tf, name, ds);
  return libs;
}

/** Skipped peers with their reason, and the ratios of the user's path to each peer (one interleaved run). */
export function peerResults(res, peers) {
  if (peers.torch.skipped) res.torch64 = res.torch32 = { skipped: peers.torch.skipped };
  if (peers.tfWasm.skipped) res.tfjsWasm = { skipped: peers.tfWasm.skipped };
  const med = (k, field = 'samplesPerSecond') => res[k]?.[field]?.median ?? null;
  const ratio = (a, b, field) => (med(a, field) && med(b, field) ? med(a, field) / med(b, field) : null);
  Object.assign(res.ratio, {
    trainerVsTorch64: ratio('oursTrainer', 'torch64'),
    trainerVsTorch64PerCpuSecond: ratio('oursTrainer', 'torch64', 'samplesPerCpuSecond'),
    trainerVsTorch32: ratio('oursTrainer', 'torch32'),
    trainerVsTfjsWasm: ratio('oursTrainer', 'tfjsWasm'),
    trainerVsTfjsWasmPerCpuSecond: ratio('oursTrainer', 'tfjsWasm', 'samplesPerCpuSecond'),
    trainerVsBrainjs: ratio('oursTrainer', 'brainjs'),
    trainerVsBrainjsPerCpuSecond: ratio('oursTrainer', 'brainjs', 'samplesPerCpuSecond'),
    wasmVsJsSteps: ratio('ours', 'oursJs'),
    wasmVsJsStepsPerCpuSecond: ratio('ours', 'oursJs', 'samplesPerCpuSecond'),
    wasmVsJsTrainer: ratio('oursTrainer', 'oursTrainerJs'),
    wasmVsJsTrainerPerCpuSecond: ratio('oursTrainer', 'oursTrainerJs', 'samplesPerCpuSecond'),
    trainerVsSteps: ratio('oursTrainer', 'ours'),
    trainerVsStepsPerCpuSecond: ratio('oursTrainer', 'ours', 'samplesPerCpuSecond'),
    userPathVsSteps: ratio('oursUserPath', 'ours'),
    userPathVsStepsPerCpuSecond: ratio('oursUserPath', 'ours', 'samplesPerCpuSecond'),
    userPathVsTorch64: ratio('oursUserPath', 'torch64'),
    userPathVsTorch64PerCpuSecond: ratio('oursUserPath', 'torch64', 'samplesPerCpuSecond'),
    userPathVsTfjsWasm: ratio('oursUserPath', 'tfjsWasm'),
    userPathVsTfjsWasmPerCpuSecond: ratio('oursUserPath', 'tfjsWasm', 'samplesPerCpuSecond'),
  });
}

/** The `uptime` line (load averages over 1, 5 and 15 minutes), recorded with the results. */
export function uptime() {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch (e) {
    return `uptime failed: ${e.message}`;
  }
}
