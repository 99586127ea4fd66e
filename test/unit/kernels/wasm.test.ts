/**
 * The WebAssembly SIMD kernels (src/engine/wasm) against the JavaScript ones (src/engine/kernels.ts), the reference.
 *
 * The bound is EXACT equality, bit for bit (Object.is on every element): both compute every output as one sum in the
 * same order with the products rounded before they are added (kernels.wat explains why), so any difference is a bug.
 */
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as js from '../../../src/engine/kernels';
import { loadWasmKernels, type Kernels, type WasmGlobal } from '../../../src/engine/wasm/kernels';
import {
  WASM_FORWARD_MIN_ROWS,
  WASM_MIN_MACS,
  accumulateDelta,
  affineForward,
  backpropDelta,
  kernelInfo,
  kernelModeFromEnv,
  setKernelMode,
  setWasmLoader,
} from '../../../src/engine/wasm/select';
import { Random, Trainer, gradientCheck } from '../../../src/engine';
import { makeDataset, makeSpec } from '../engine/helpers';

const root = join(__dirname, '..', '..', '..', '..');

afterEach(() => {
  setKernelMode('auto');
  setWasmLoader();
});

function wasmKernels(): Kernels {
  const w = loadWasmKernels();
  assert.equal(w.reason, null, 'Node 20 runs WebAssembly SIMD');
  assert.ok(w.kernels);
  return w.kernels;
}

/** Random numbers of mixed signs and magnitudes (1e-3 … 1e3), so rounding differs from term to term. */
function randomArray(rng: Random, size: number): Float64Array {
  return Float64Array.from({ length: size }, () => rng.normal() * 10 ** (rng.int(7) - 3));
}

function assertSameBits(actual: Float64Array, expected: Float64Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      assert.fail(`${what}: element ${i} is ${actual[i]}, the JavaScript kernel gives ${expected[i]}`);
    }
  }
}

/** The three products of both kernels on one m × n → s shape; inputs longer than needed, as workspaces pass them. */
function compareShape(w: Kernels, rng: Random, m: number, n: number, s: number): void {
  const c = n + 1;
  const A = randomArray(rng, m * n + 3),
    T = randomArray(rng, s * c),
    d = randomArray(rng, m * s);
  const shape = `${m} × ${n} → ${s}`;
  const run = (k: Kernels, size: number, f: (k: Kernels, out: Float64Array) => void): Float64Array => {
    const out = new Float64Array(size).fill(NaN);
    f(k, out);
    return out;
  };
  const products: [string, number, (k: Kernels, out: Float64Array) => void][] = [
    ['z = [1 A] Θᵀ', m * s, (k, out) => k.affineForward(A, T, out, m, n, s)],
    ['Δ = δᵀ [1 A]', s * c, (k, out) => k.accumulateDelta(d, A, out, m, n, s)],
    ['δ Θ (no bias column)', m * n, (k, out) => k.backpropDelta(d, T, out, m, n, s)],
  ];
  for (const [name, size, f] of products) {
    assertSameBits(run(w, size, f), run(js, size, f), `${name}, ${shape}`);
  }
}

test('WASM kernels equal the JavaScript kernels bit for bit on random shapes (1 … 13 each way)', () => {
  const w = wasmKernels();
  const rng = new Random(15);
  for (let t = 0; t < 400; t++) compareShape(w, rng, 1 + rng.int(13), 1 + rng.int(13), 1 + rng.int(13));
});

test('WASM kernels: edge shapes — 1 × 1, odd counts (f64x2 tails), 4 × 4 blocks and their remainders', () => {
  const w = wasmKernels();
  const rng = new Random(16);
  for (const [m, n, s] of [
    [1, 1, 1],
    [1, 1, 2],
    [2, 1, 1],
    [1, 2, 1],
    [4, 4, 4],
    [5, 5, 5],
    [3, 7, 9],
    [7, 3, 1],
    [8, 1, 8],
    [9, 2, 5],
    [33, 8, 1],
  ]) {
    compareShape(w, rng, m, n, s);
  }
});

test('WASM kernels: the 784-64-10 shapes at batch 64 (memory grown), then a small one again (memory reused)', () => {
  const w = wasmKernels();
  const rng = new Random(17);
  compareShape(w, rng, 64, 784, 64);
  compareShape(w, rng, 64, 64, 10);
  compareShape(w, rng, 3, 5, 7);
});

test('the bias column: z starts from Θ_j0, Δ_j0 is the sum of δ over the samples', () => {
  const w = wasmKernels();
  // Θ = [[b, 0, …]]: z is the bias alone; δ = 1 everywhere: Δ_j0 = m.
  const m = 5,
    n = 3,
    s = 3;
  const T = new Float64Array(s * (n + 1));
  for (let j = 0; j < s; j++) T[j * (n + 1)] = j + 0.5;
  const A = Float64Array.from({ length: m * n }, (_, i) => i);
  const Z = new Float64Array(m * s);
  w.affineForward(A, T, Z, m, n, s);
  assert.deepEqual(Array.from(Z.subarray(0, s)), [0.5, 1.5, 2.5]);
  const D = new Float64Array(s * (n + 1));
  w.accumulateDelta(new Float64Array(m * s).fill(1), A, D, m, n, s);
  for (let j = 0; j < s; j++) assert.equal(D[j * (n + 1)], m);
  assert.deepEqual(Array.from(D.subarray(1, n + 1)), [30, 35, 40]); // Σ_i a_ik over the 5 samples
});

function trainSmall(mode: 'js' | 'wasm'): Trainer {
  setKernelMode(mode);
  const rng = new Random(3);
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < 40; i++) {
    const x = Array.from({ length: 9 }, () => rng.normal());
    const c = rng.int(3);
    inputs.push(x);
    targets.push([0, 1, 2].map((k) => (k === c ? 1 : 0)));
  }
  const spec = makeSpec({
    sizes: [9, 7, 5, 3],
    hidden: 'tanh',
    output: 'softmax',
    batchSize: 10,
    lambda: 0.1,
  });
  const trainer = new Trainer(spec, makeDataset(inputs, targets));
  for (let e = 0; e < 5; e++) trainer.runEpoch();
  return trainer;
}

test('a network trained with the WASM kernels: Θ bit-for-bit that of the JavaScript kernels; gradient check < 1e-7', () => {
  const viaJs = trainSmall('js').theta.map((t) => t.data);
  const trainer = trainSmall('wasm');
  assert.equal(kernelInfo().wasm, true);
  trainer.theta.forEach((t, l) => assertSameBits(t.data, viaJs[l], `Θ^(${l + 1}) after 5 epochs`));
  const n = 9,
    K = 3,
    m = 12;
  const rng = new Random(4);
  const X = randomArray(rng, m * n).map((v) => Math.max(-3, Math.min(3, v)));
  const Y = new Float64Array(m * K);
  for (let i = 0; i < m; i++) Y[i * K + rng.int(K)] = 1;
  const r = gradientCheck(trainer.network, X, Y, m, 'cross-entropy', 0.1);
  for (const d of r.relativeDifference) assert.ok(d < 1e-7, `relative difference ${d} ≥ 1e-7`);
  assert.equal(r.passed, true);
});

/** Kernels that count their calls, around the real WASM ones. */
function countingWasm(): { calls: string[] } {
  const w = wasmKernels();
  const calls: string[] = [];
  setWasmLoader(() => ({
    reason: null,
    kernels: {
      affineForward: (...a) => (calls.push(`forward ${a[3]}×${a[4]}×${a[5]}`), w.affineForward(...a)),
      accumulateDelta: (...a) => (calls.push(`delta ${a[3]}×${a[4]}×${a[5]}`), w.accumulateDelta(...a)),
      backpropDelta: (...a) => (calls.push(`backprop ${a[3]}×${a[4]}×${a[5]}`), w.backpropDelta(...a)),
    },
  }));
  return { calls };
}

test("'auto' sends products of at least WASM_MIN_MACS to WebAssembly, smaller ones and few-row forwards to JavaScript", () => {
  const { calls } = countingWasm();
  const rng = new Random(5);
  const run = (m: number, n: number, s: number): void => {
    const A = randomArray(rng, m * n),
      T = randomArray(rng, s * (n + 1)),
      d = randomArray(rng, m * s);
    affineForward(A, T, new Float64Array(m * s), m, n, s);
    accumulateDelta(d, A, new Float64Array(s * (n + 1)), m, n, s);
    backpropDelta(d, T, new Float64Array(m * n), m, n, s);
  };
  run(32, 8, 8); // 2,048 ≥ WASM_MIN_MACS
  run(4, 4, 4); // 64: JavaScript
  run(1, 784, 64); // forward of one sample: JavaScript; Δ and δ: WebAssembly
  assert.ok(32 * 8 * 8 >= WASM_MIN_MACS && 4 * 4 * 4 < WASM_MIN_MACS && WASM_FORWARD_MIN_ROWS > 1);
  assert.deepEqual(calls, [
    'forward 32×8×8',
    'delta 32×8×8',
    'backprop 32×8×8',
    'delta 1×784×64',
    'backprop 1×784×64',
  ]);
  calls.length = 0;
  setKernelMode('js');
  run(32, 8, 8);
  assert.deepEqual(calls, [], "'js' never calls WebAssembly");
  setKernelMode('wasm');
  run(2, 2, 2);
  assert.equal(calls.length, 3, "'wasm' sends every product to WebAssembly");
});

test('fallback: without WebAssembly, without SIMD or when compiling is refused, the JavaScript kernels run', () => {
  const real = (globalThis as { WebAssembly?: WasmGlobal }).WebAssembly;
  assert.ok(real);
  const noSimd: WasmGlobal = { ...real, validate: () => false } as WasmGlobal;
  const refused = {
    validate: (b: Uint8Array) => real.validate(b),
    Module: class {
      constructor() {
        throw new Error("Refused to compile: 'wasm-unsafe-eval' is not allowed");
      }
    },
    Instance: real.Instance,
  } as WasmGlobal;
  const cases: [WasmGlobal | null, RegExp][] = [
    [null, /WebAssembly is not available/],
    [noSimd, /SIMD \(f64x2\) is not supported/],
    [refused, /failed to load: Refused to compile/],
  ];
  const rng = new Random(6);
  for (const [wasm, reason] of cases) {
    setWasmLoader(() => loadWasmKernels(wasm));
    setKernelMode('wasm');
    const info = kernelInfo();
    assert.equal(info.wasm, false);
    assert.match(info.reason ?? '', reason);
    // The products still come out, from the JavaScript kernels.
    const m = 6,
      n = 5,
      s = 4;
    const A = randomArray(rng, m * n),
      T = randomArray(rng, s * (n + 1));
    const viaSelect = new Float64Array(m * s),
      viaJs = new Float64Array(m * s);
    affineForward(A, T, viaSelect, m, n, s);
    js.affineForward(A, T, viaJs, m, n, s);
    assertSameBits(viaSelect, viaJs, 'z without WebAssembly');
  }
});

test('NN_VIZ_KERNELS: auto when unset, the named mode, a clear error otherwise', () => {
  assert.equal(kernelModeFromEnv(undefined), 'auto');
  assert.equal(kernelModeFromEnv(''), 'auto');
  assert.equal(kernelModeFromEnv('js'), 'js');
  assert.equal(kernelModeFromEnv('wasm'), 'wasm');
  assert.throws(() => kernelModeFromEnv('simd'), /NN_VIZ_KERNELS must be one of auto, js, wasm, got "simd"/);
  assert.throws(() => setKernelMode('fast' as 'js'), /kernels: expected one of auto, js, wasm, got "fast"/);
});

test('src/engine/wasm/bytes.ts is the assembly of kernels.wat (scripts/build-wasm.mjs --check)', () => {
  const out = execFileSync(process.execPath, [join(root, 'scripts', 'build-wasm.mjs'), '--check'], {
    encoding: 'utf8',
  });
  assert.match(out, /bytes of WebAssembly \(up to date\)/);
});

test('nn-viz with NN_VIZ_KERNELS: js and wasm print the same J and D; a bad value exits 2 with the reason', () => {
  // The CLI as compiled next to this test (out/src/cli/main.js), run as a program so it reads its environment.
  const cli = join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');
  const xor = join(root, 'examples', 'xor.nn.json');
  const run = (kernels: string): ReturnType<typeof spawnSync> =>
    spawnSync(process.execPath, [cli, 'cost', xor, '--json'], {
      encoding: 'utf8',
      env: { ...process.env, NN_VIZ_KERNELS: kernels },
    });
  const viaJs = run('js'),
    viaWasm = run('wasm');
  assert.equal(viaJs.status, 0, String(viaJs.stderr));
  assert.equal(viaWasm.status, 0, String(viaWasm.stderr));
  assert.match(String(viaJs.stdout), /"cost":/);
  assert.equal(viaWasm.stdout, viaJs.stdout);
  const bad = run('simd');
  assert.equal(bad.status, 2);
  assert.match(String(bad.stderr), /nn-viz: NN_VIZ_KERNELS must be one of auto, js, wasm, got "simd"/);
});
