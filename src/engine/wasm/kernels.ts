/**
 * The WebAssembly SIMD kernels (kernels.wat, f64x2) behind the same three signatures as src/engine/kernels.ts, and
 * bit-for-bit equal to them (same sums in the same order; see kernels.wat).
 *
 * The operands live in Float64Arrays on the JavaScript heap, so each call copies them into the module's own memory,
 * runs one export and copies the result out; the copies are O(m·n + s·n) against the product's O(m·n·s), which is
 * why small products stay in JavaScript (see select.ts).
 *
 * Pure: WebAssembly is a global of Node, browsers and Web Workers alike; no import from Node or the DOM. The module
 * (about 1.3 kB) is compiled synchronously, which workers and Node allow at any size.
 */
import { KERNELS_WASM_BASE64 } from './bytes';

/** The part of the WebAssembly global used here (the engine's TypeScript lib has no DOM typings). */
export interface WasmGlobal {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface Exports {
  memory: WasmMemory;
  forward(a: number, t: number, z: number, p: number, m: number, n: number, s: number): void;
  delta(d: number, a: number, dd: number, m: number, n: number, s: number): void;
  backprop(dn: number, t: number, dp: number, m: number, n: number, s: number): void;
}

/** The three products, with the JavaScript kernels' signatures (A, Θ, out, m, n, s). */
export interface Kernels {
  affineForward(A: Float64Array, T: Float64Array, Z: Float64Array, m: number, n: number, s: number): void;
  accumulateDelta(d: Float64Array, A: Float64Array, D: Float64Array, m: number, n: number, s: number): void;
  backpropDelta(
    dNext: Float64Array,
    T: Float64Array,
    dPrev: Float64Array,
    m: number,
    n: number,
    s: number,
  ): void;
}

export type WasmLoad = { kernels: Kernels; reason: null } | { kernels: null; reason: string };

/** The first bytes of memory are the zero row the kernels start Δ and δ from; operands go after them. */
const RESERVED = 64;
const PAGE = 65536;

/** The module's bytes, decoded from base64 (atob is a global of Node ≥ 16, browsers and workers). */
export function kernelBytes(): Uint8Array {
  const text = atob(KERNELS_WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Compiles and instantiates the kernels with `wasm` (the global WebAssembly by default). Never throws: without
 * WebAssembly, without SIMD (validate() refuses the module) or when compiling is forbidden (a Content Security
 * Policy without 'wasm-unsafe-eval'), it returns the reason and the caller keeps the JavaScript kernels.
 */
export function loadWasmKernels(wasm: WasmGlobal | null = globalWasm()): WasmLoad {
  if (!wasm) return { kernels: null, reason: 'WebAssembly is not available here' };
  try {
    const bytes = kernelBytes();
    if (!wasm.validate(bytes))
      return { kernels: null, reason: 'WebAssembly SIMD (f64x2) is not supported here' };
    const instance = new wasm.Instance(new wasm.Module(bytes), {});
    return { kernels: wrap(instance.exports as unknown as Exports), reason: null };
  } catch (e) {
    return { kernels: null, reason: `WebAssembly kernels failed to load: ${(e as Error).message}` };
  }
}

function globalWasm(): WasmGlobal | null {
  return (globalThis as { WebAssembly?: WasmGlobal }).WebAssembly ?? null;
}

/** The exports behind the Kernels signatures: operands copied in after RESERVED, 16-byte aligned. */
function wrap(x: Exports): Kernels {
  let heap = new Float64Array(x.memory.buffer);
  /** Byte offsets of `sizes` consecutive Float64 arrays; grows the memory (and renews `heap`) when needed. */
  const layout = (...sizes: number[]): number[] => {
    const offsets: number[] = [];
    let at = RESERVED;
    for (const size of sizes) {
      offsets.push(at);
      at += Math.ceil((size * 8) / 16) * 16;
    }
    const have = x.memory.buffer.byteLength;
    if (at > have) x.memory.grow(Math.ceil((at - have) / PAGE));
    if (heap.buffer !== x.memory.buffer) heap = new Float64Array(x.memory.buffer);
    return offsets;
  };
  const put = (src: Float64Array, at: number, size: number): void => heap.set(src.subarray(0, size), at / 8);
  const take = (dst: Float64Array, at: number, size: number): void =>
    dst.set(heap.subarray(at / 8, at / 8 + size));
  return {
    affineForward(A, T, Z, m, n, s) {
      const c = n + 1;
      const [a, t, z, p] = layout(m * n, s * c, m * s, c * s);
      put(A, a, m * n);
      put(T, t, s * c);
      x.forward(a, t, z, p, m, n, s);
      take(Z, z, m * s);
    },
    accumulateDelta(d, A, D, m, n, s) {
      const [dd, a, out] = layout(m * s, m * n, s * (n + 1));
      put(d, dd, m * s);
      put(A, a, m * n);
      x.delta(dd, a, out, m, n, s);
      take(D, out, s * (n + 1));
    },
    backpropDelta(dNext, T, dPrev, m, n, s) {
      const [dn, t, dp] = layout(m * s, s * (n + 1), m * n);
      put(dNext, dn, m * s);
      put(T, t, s * (n + 1));
      x.backprop(dn, t, dp, m, n, s);
      take(dPrev, dp, m * n);
    },
  };
}
