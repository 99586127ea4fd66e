// The machine's limit for this kind of code: GFLOP/s of a tight Float64 matrix multiply written in plain
// JavaScript (no SIMD, no WebAssembly), C = A·Bᵀ with 4 × 2 register blocks over contiguous rows — the best
// scalar kernel we know how to write in JS. 2·M·N·K floating-point operations per product.
import { performance } from 'node:perf_hooks';

/** C (M × N) = A (M × K) · Bt (N × K)ᵀ. */
function kernel(A, Bt, C, M, N, K) {
  for (let i = 0; i + 4 <= M; i += 4) {
    const a0 = i * K,
      a1 = a0 + K,
      a2 = a1 + K,
      a3 = a2 + K;
    for (let j = 0; j + 2 <= N; j += 2) {
      const b0 = j * K,
        b1 = b0 + K;
      let s00 = 0,
        s01 = 0,
        s10 = 0,
        s11 = 0,
        s20 = 0,
        s21 = 0,
        s30 = 0,
        s31 = 0;
      for (let k = 0; k < K; k++) {
        const w0 = Bt[b0 + k],
          w1 = Bt[b1 + k];
        const x0 = A[a0 + k],
          x1 = A[a1 + k],
          x2 = A[a2 + k],
          x3 = A[a3 + k];
        s00 += x0 * w0;
        s01 += x0 * w1;
        s10 += x1 * w0;
        s11 += x1 * w1;
        s20 += x2 * w0;
        s21 += x2 * w1;
        s30 += x3 * w0;
        s31 += x3 * w1;
      }
      C[i * N + j] = s00;
      C[i * N + j + 1] = s01;
      C[(i + 1) * N + j] = s10;
      C[(i + 1) * N + j + 1] = s11;
      C[(i + 2) * N + j] = s20;
      C[(i + 2) * N + j + 1] = s21;
      C[(i + 3) * N + j] = s30;
      C[(i + 3) * N + j + 1] = s31;
    }
  }
}

/** The classic i-k-j loop (row of C += a_ik · row k of B), for comparison. */
function kernelIKJ(A, B, C, M, N, K) {
  C.fill(0);
  for (let i = 0; i < M; i++) {
    const ci = i * N;
    for (let k = 0; k < K; k++) {
      const v = A[i * K + k],
        bk = k * N;
      for (let j = 0; j < N; j++) C[ci + j] += v * B[bk + j];
    }
  }
}

/**
 * One measurement: GFLOP/s of the best of the two kernels on 128 × 784 · (784 × 64) — the shapes of the
 * 784-64-10 forward pass with two batches of 64 — repeated for about `seconds`.
 */
export function measurePeak(seconds = 0.5) {
  const M = 128,
    N = 64,
    K = 784;
  const A = new Float64Array(M * K).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
  const B = new Float64Array(K * N).map((_, i) => ((i * 104729) % 1000) / 1000 - 0.5);
  const C = new Float64Array(M * N);
  let best = 0;
  for (const [f, b] of [
    [kernel, B],
    [kernelIKJ, B],
  ]) {
    let reps = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < seconds * 500) {
      f(A, b, C, M, N, K);
      reps++;
      t = performance.now();
    }
    const gflops = (2 * M * N * K * reps) / ((t - t0) / 1000) / 1e9;
    if (!Number.isFinite(C[0])) throw new Error('peak kernel produced a non-finite number');
    best = Math.max(best, gflops);
  }
  return best;
}
