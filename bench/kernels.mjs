// node bench/kernels.mjs [--seconds S] — the three products of backpropagation, JavaScript (src/engine/kernels.ts)
// against WebAssembly SIMD (src/engine/wasm), on every shape the benchmark networks use, interleaved run by run.
// Prints MACs/µs per kernel and the WASM ÷ JS ratio; this is how select.ts's WASM_MIN_MACS was chosen.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { root } from './lib/bundle.mjs';
import { median } from './lib/stats.mjs';

/** The JS kernels and the loaded WASM ones, bundled from src/ as the engine uses them. */
export async function loadKernels() {
  const outfile = join(root, 'node_modules', '.cache', 'nn-viz-bench', 'kernels.cjs');
  mkdirSync(join(outfile, '..'), { recursive: true });
  await esbuild.build({
    stdin: {
      contents:
        "export * as js from './src/engine/kernels';\nexport { loadWasmKernels } from './src/engine/wasm/kernels';\n",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  const require = createRequire(import.meta.url);
  const K = require(outfile);
  const w = K.loadWasmKernels();
  if (!w.kernels) throw new Error(`WASM kernels unavailable: ${w.reason}`);
  return { js: K.js, wasm: w.kernels };
}

/** MACs per microsecond of `fn` over about `ms` milliseconds. */
function rate(fn, macs, ms) {
  let reps = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let r = 0; r < 8; r++) fn();
    reps += 8;
    t = performance.now();
  }
  return (reps * macs) / ((t - t0) * 1000);
}

/** Each kernel on m × n inputs to s units, JS and WASM alternating `runs` times. */
export function compare(K, shapes, { ms = 150, runs = 5 } = {}) {
  const rows = [];
  for (const [m, n, s] of shapes) {
    const A = Float64Array.from({ length: m * n }, () => Math.random() - 0.5);
    const T = Float64Array.from({ length: s * (n + 1) }, () => Math.random() - 0.5);
    const d = Float64Array.from({ length: m * s }, () => Math.random() - 0.5);
    const Z = new Float64Array(m * s),
      D = new Float64Array(s * (n + 1)),
      P = new Float64Array(m * n);
    const ops = {
      forward: (k) => () => k.affineForward(A, T, Z, m, n, s),
      delta: (k) => () => k.accumulateDelta(d, A, D, m, n, s),
      backprop: (k) => () => k.backpropDelta(d, T, P, m, n, s),
    };
    for (const [name, op] of Object.entries(ops)) {
      const fj = op(K.js),
        fw = op(K.wasm);
      rate(fj, m * n * s, ms / 2);
      rate(fw, m * n * s, ms / 2);
      const vj = [],
        vw = [];
      for (let r = 0; r < runs; r++) {
        vj.push(rate(fj, m * n * s, ms));
        vw.push(rate(fw, m * n * s, ms));
      }
      rows.push({
        m,
        n,
        s,
        macs: m * n * s,
        kernel: name,
        js: median(vj),
        wasm: median(vw),
        ratio: median(vw) / median(vj),
      });
    }
  }
  return rows;
}

export const SHAPES = [
  // 784-64-10 at batch 64 and smaller batches
  [64, 784, 64],
  [64, 64, 10],
  [16, 784, 64],
  [4, 784, 64],
  [1, 784, 64],
  [8, 64, 10],
  [1, 64, 10],
  // 2-8-8-1 at batch 32 and smaller
  [32, 2, 8],
  [32, 8, 8],
  [32, 8, 1],
  [8, 8, 8],
  [1, 8, 8],
  // around the threshold
  [16, 16, 16],
  [16, 32, 16],
  [32, 32, 32],
];

if (process.argv[1] && process.argv[1].endsWith('kernels.mjs')) {
  const K = await loadKernels();
  const rows = compare(K, SHAPES);
  console.log('| m × n × s | MACs | kernel | JS MAC/µs | WASM MAC/µs | WASM ÷ JS |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.m} × ${r.n} × ${r.s} | ${r.macs} | ${r.kernel} | ${r.js.toFixed(0)} | ${r.wasm.toFixed(0)} | ${r.ratio.toFixed(2)} |`,
    );
}
