/**
 * Which kernels compute the three products of backpropagation: the JavaScript ones (src/engine/kernels.ts, the
 * reference) or the WebAssembly SIMD ones (kernels.wat), which give the same numbers bit for bit. network.ts calls
 * the three functions below; they pick per call.
 *
 * - 'auto' (the default): WebAssembly for products of at least WASM_MIN_MACS multiply-adds (and forward products of
 *   at least WASM_FORWARD_MIN_ROWS samples), JavaScript below that and wherever WebAssembly SIMD is unavailable.
 * - 'wasm': WebAssembly for every product (where it is available; JavaScript otherwise).
 * - 'js': JavaScript only (the Node worker and the CLI set it from NN_VIZ_KERNELS=js).
 */
import * as js from '../kernels';
import { loadWasmKernels, type Kernels, type WasmLoad } from './kernels';

export type KernelMode = 'auto' | 'js' | 'wasm';
export const KERNEL_MODES: readonly KernelMode[] = ['auto', 'js', 'wasm'];

/**
 * Smallest product (m·n·s multiply-adds) sent to WebAssembly in 'auto' mode: below it the copies in and out of the
 * module's memory and the call cost about what SIMD saves. And the forward product packs Θᵀ first (one pass over
 * Θ), which pays only from WASM_FORWARD_MIN_ROWS samples on. Measured with `node bench/kernels.mjs` (JS and WASM
 * interleaved; Node 20.20, V8 11.3, 2-core Xeon with AVX-512, machine shared and loaded — BENCHMARKS.md): 8 × 8 × 8
 * (512) is level (0.9–1.05×), 32 × 8 × 8 (2,048) 1.9–2.5×, 64 × 784 × 64 3.8–4.9×; forward at 1 × 784 × 64 is 0.76×,
 * at 4 × 784 × 64 1.03×, at 16 × 784 × 64 2.4×.
 */
export const WASM_MIN_MACS = 512;
export const WASM_FORWARD_MIN_ROWS = 8;

let mode: KernelMode = 'auto';
let loaded: WasmLoad | null = null;
let loader: () => WasmLoad = () => loadWasmKernels();

/** Chooses the kernels for every later product (see the modes above). */
export function setKernelMode(next: KernelMode): void {
  if (!KERNEL_MODES.includes(next)) {
    throw new RangeError(`kernels: expected one of ${KERNEL_MODES.join(', ')}, got "${String(next)}"`);
  }
  mode = next;
}

/** The mode named by the NN_VIZ_KERNELS environment variable (unset or empty: 'auto'); a RangeError otherwise. */
export function kernelModeFromEnv(value: string | undefined): KernelMode {
  if (value === undefined || value === '') return 'auto';
  const mode = KERNEL_MODES.find((k) => k === value);
  if (!mode) throw new RangeError(`NN_VIZ_KERNELS must be one of ${KERNEL_MODES.join(', ')}, got "${value}"`);
  return mode;
}

/** The mode, whether the WebAssembly kernels are available, and why not. */
export function kernelInfo(): { mode: KernelMode; wasm: boolean; reason: string | null } {
  const w = wasm();
  return { mode, wasm: w.kernels !== null, reason: w.reason };
}

/**
 * Replaces how the WebAssembly kernels are loaded (the default compiles kernels.wat with the global WebAssembly)
 * and forgets the loaded ones; for tests of the fallback, e.g. `() => loadWasmKernels(null)`.
 */
export function setWasmLoader(next: () => WasmLoad = () => loadWasmKernels()): void {
  loader = next;
  loaded = null;
}

function wasm(): WasmLoad {
  if (!loaded) loaded = loader();
  return loaded;
}

function pick(macs: number, forwardRows = Infinity): Kernels {
  if (mode === 'js') return js;
  const w = wasm().kernels;
  if (!w) return js;
  if (mode === 'auto' && (macs < WASM_MIN_MACS || forwardRows < WASM_FORWARD_MIN_ROWS)) return js;
  return w;
}

/** Z = [1 A] Θᵀ (see kernels.ts affineForward). */
export function affineForward(
  A: Float64Array,
  T: Float64Array,
  Z: Float64Array,
  m: number,
  n: number,
  s: number,
): void {
  pick(m * n * s, m).affineForward(A, T, Z, m, n, s);
}

/** Δ = δᵀ [1 A] (see kernels.ts accumulateDelta). */
export function accumulateDelta(
  d: Float64Array,
  A: Float64Array,
  D: Float64Array,
  m: number,
  n: number,
  s: number,
): void {
  pick(m * n * s).accumulateDelta(d, A, D, m, n, s);
}

/** δ = δ^(l+1) Θ without the bias column (see kernels.ts backpropDelta). */
export function backpropDelta(
  dNext: Float64Array,
  T: Float64Array,
  dPrev: Float64Array,
  m: number,
  n: number,
  s: number,
): void {
  pick(m * n * s).backpropDelta(dNext, T, dPrev, m, n, s);
}
