/**
 * The three products of forward and backpropagation over a batch stored one sample per row, register-blocked
 * for speed. Each kernel computes a small block of outputs at once (several samples × several units) so every
 * number loaded from memory is used several times and several independent sums are in flight; the loops run over
 * contiguous rows of Float64Arrays with plain indices, which V8 compiles to tight code.
 *
 * Determinism: every output element is still ONE sum taken in the same order as the textbook loop (the bias
 * first, then k = 0, 1, …, n−1 for z; the samples i = 0, 1, …, m−1 for Δ), so the results are bit-for-bit those
 * of the unblocked loops, on every run and for every batch size. Blocking only changes which sums advance
 * together, never the order of the additions inside one sum. (The former loops skipped δ = 0 terms; adding 0·a is
 * exact for finite a, so that changes nothing either — only a non-finite activation, i.e. a run that has already
 * diverged, could now give NaN where a zero δ used to mask it.)
 * test/unit/engine/backprop.test.ts asserts this exactly: D, J, z, a and δ equal those of backpropSample (backprop.ts),
 * the one-sample reference written as on the slides, to the last bit.
 *
 * Notation (0-based, one sample per row): A is m × n (a^(l) without the bias unit), Θ is s × (n + 1) with the
 * bias column first, Z and δ^(l+1) are m × s.
 */

/**
 * Z = [1 A] Θᵀ, i.e. z^(l+1)_ij = Θ_j0 + Σ_k Θ_j(k+1) a^(l)_ik (the slide's z^(l+1) = Θ^(l) a^(l), one sample
 * per row). Blocks of 4 samples × 2 units: 8 running sums, 6 loads per 8 multiply-adds.
 */
export function affineForward(
  A: Float64Array,
  T: Float64Array,
  Z: Float64Array,
  m: number,
  n: number,
  s: number,
): void {
  const c = n + 1;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = i * n,
      a1 = a0 + n,
      a2 = a1 + n,
      a3 = a2 + n;
    let j = 0;
    for (; j + 2 <= s; j += 2) {
      const t0 = j * c,
        t1 = t0 + c;
      const b0 = T[t0],
        b1 = T[t1];
      let s00 = b0,
        s01 = b1,
        s10 = b0,
        s11 = b1,
        s20 = b0,
        s21 = b1,
        s30 = b0,
        s31 = b1;
      for (let k = 0; k < n; k++) {
        const w0 = T[t0 + 1 + k],
          w1 = T[t1 + 1 + k];
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
      Z[i * s + j] = s00;
      Z[i * s + j + 1] = s01;
      Z[(i + 1) * s + j] = s10;
      Z[(i + 1) * s + j + 1] = s11;
      Z[(i + 2) * s + j] = s20;
      Z[(i + 2) * s + j + 1] = s21;
      Z[(i + 3) * s + j] = s30;
      Z[(i + 3) * s + j + 1] = s31;
    }
    for (; j < s; j++) {
      for (let r = 0; r < 4; r++) Z[(i + r) * s + j] = dotBias(A, (i + r) * n, T, j * c, n);
    }
  }
  for (; i < m; i++) {
    for (let j = 0; j < s; j++) Z[i * s + j] = dotBias(A, i * n, T, j * c, n);
  }
}

/** Θ_t0 + Σ_k A[a + k] Θ[t + 1 + k], k ascending. */
function dotBias(A: Float64Array, a: number, T: Float64Array, t: number, n: number): number {
  let sum = T[t];
  for (let k = 0; k < n; k++) sum += A[a + k] * T[t + 1 + k];
  return sum;
}

/**
 * Δ = δᵀ [1 A], i.e. Δ_j0 = Σ_i δ_ij and Δ_j(k+1) = Σ_i δ_ij a_ik, summed over the samples in order — the slide's
 * Δ^(l) := Δ^(l) + δ^(l+1) (a^(l))ᵀ accumulated sample by sample. Blocks of 2 units × 4 inputs: 8 running sums,
 * 6 loads per 8 multiply-adds, D written once.
 */
export function accumulateDelta(
  d: Float64Array,
  A: Float64Array,
  D: Float64Array,
  m: number,
  n: number,
  s: number,
): void {
  const c = n + 1;
  for (let j = 0; j < s; j++) {
    let b = 0;
    for (let i = 0; i < m; i++) b += d[i * s + j];
    D[j * c] = b;
  }
  let j = 0;
  for (; j + 2 <= s; j += 2) {
    const t0 = j * c + 1,
      t1 = t0 + c;
    let k = 0;
    for (; k + 4 <= n; k += 4) {
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0,
        s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0;
      for (let i = 0; i < m; i++) {
        const di = i * s + j,
          ai = i * n + k;
        const e0 = d[di],
          e1 = d[di + 1];
        const x0 = A[ai],
          x1 = A[ai + 1],
          x2 = A[ai + 2],
          x3 = A[ai + 3];
        s00 += e0 * x0;
        s01 += e0 * x1;
        s02 += e0 * x2;
        s03 += e0 * x3;
        s10 += e1 * x0;
        s11 += e1 * x1;
        s12 += e1 * x2;
        s13 += e1 * x3;
      }
      D[t0 + k] = s00;
      D[t0 + k + 1] = s01;
      D[t0 + k + 2] = s02;
      D[t0 + k + 3] = s03;
      D[t1 + k] = s10;
      D[t1 + k + 1] = s11;
      D[t1 + k + 2] = s12;
      D[t1 + k + 3] = s13;
    }
    for (; k < n; k++) {
      D[t0 + k] = dotColumns(d, s, j, A, n, k, m);
      D[t1 + k] = dotColumns(d, s, j + 1, A, n, k, m);
    }
  }
  for (; j < s; j++) {
    const t0 = j * c + 1;
    for (let k = 0; k < n; k++) D[t0 + k] = dotColumns(d, s, j, A, n, k, m);
  }
}

/** Σ_i d[i, j] A[i, k], i ascending (column j of d (m × s) against column k of A (m × n)). */
function dotColumns(
  d: Float64Array,
  s: number,
  j: number,
  A: Float64Array,
  n: number,
  k: number,
  m: number,
): number {
  let sum = 0;
  for (let i = 0; i < m; i++) sum += d[i * s + j] * A[i * n + k];
  return sum;
}

/**
 * δ = δ^(l+1) Θ without the bias column, i.e. δ_ik = Σ_j δ^(l+1)_ij Θ_j(k+1), j ascending — the slide's
 * (Θ^(l))ᵀ δ^(l+1) with the bias row dropped, before the .* g'(z^(l)). Blocks of 2 samples × 4 inputs.
 */
export function backpropDelta(
  dNext: Float64Array,
  T: Float64Array,
  dPrev: Float64Array,
  m: number,
  n: number,
  s: number,
): void {
  const c = n + 1;
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const d0 = i * s,
      d1 = d0 + s,
      p0 = i * n,
      p1 = p0 + n;
    let k = 0;
    for (; k + 4 <= n; k += 4) {
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0,
        s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0;
      for (let j = 0; j < s; j++) {
        const t = j * c + 1 + k;
        const w0 = T[t],
          w1 = T[t + 1],
          w2 = T[t + 2],
          w3 = T[t + 3];
        const e0 = dNext[d0 + j],
          e1 = dNext[d1 + j];
        s00 += e0 * w0;
        s01 += e0 * w1;
        s02 += e0 * w2;
        s03 += e0 * w3;
        s10 += e1 * w0;
        s11 += e1 * w1;
        s12 += e1 * w2;
        s13 += e1 * w3;
      }
      dPrev[p0 + k] = s00;
      dPrev[p0 + k + 1] = s01;
      dPrev[p0 + k + 2] = s02;
      dPrev[p0 + k + 3] = s03;
      dPrev[p1 + k] = s10;
      dPrev[p1 + k + 1] = s11;
      dPrev[p1 + k + 2] = s12;
      dPrev[p1 + k + 3] = s13;
    }
    for (; k < n; k++) {
      dPrev[p0 + k] = dotRowColumn(dNext, d0, T, c, 1 + k, s);
      dPrev[p1 + k] = dotRowColumn(dNext, d1, T, c, 1 + k, s);
    }
  }
  for (; i < m; i++) {
    for (let k = 0; k < n; k++) dPrev[i * n + k] = dotRowColumn(dNext, i * s, T, c, 1 + k, s);
  }
}

/** Σ_j dNext[d + j] T[j, col], j ascending (T has c columns). */
function dotRowColumn(
  dNext: Float64Array,
  d: number,
  T: Float64Array,
  c: number,
  col: number,
  s: number,
): number {
  let sum = 0;
  for (let j = 0; j < s; j++) sum += dNext[d + j] * T[j * c + col];
  return sum;
}
