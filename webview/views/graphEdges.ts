/**
 * Which edges the graph draws: every Θ_ji of a small Θ; for a wide one the top-k |Θ_ji| into each unit, kept stable
 * (a drawn edge gives way only to a clearly larger one); for an image input one aggregated edge per hidden unit.
 */
import type { Topology } from './graphScene';

/** Most edges drawn for one Θ^(l) before thinning to the top-k per unit. */
export const EDGE_LIMIT = 160;
/** Bias edges drawn from the bias unit of an image input (the largest |Θ_j0^(1)|). */
const IMAGE_BIAS_EDGES = 16;
/** A drawn edge of a thinned Θ is replaced only by one at least this many times larger in |Θ_ji|. */
const STICKY = 1.25;

export function isThinned(t: Topology): boolean {
  return (
    !!t.imageShape || t.sizes.some((s, l) => l < t.sizes.length - 1 && t.sizes[l + 1] * (s + 1) > EDGE_LIMIT)
  );
}

/**
 * Indices of the `k` largest |v[at(q)]| for q = 0..n-1, where an index already drawn (`kept`) counts STICKY times
 * its size: a drawn edge gives way only to one clearly larger, so weights drifting around the k-th place do not
 * swap edges in and out every second.
 */
function topK(n: number, k: number, at: (q: number) => number, kept: (q: number) => boolean): number[] {
  const score = Array.from({ length: n }, (_, q) => Math.abs(at(q)) * (kept(q) ? STICKY : 1) || 0);
  const idx = Array.from({ length: n }, (_, q) => q);
  idx.sort((a, b) => score[b] - score[a]);
  return idx.slice(0, k);
}

/**
 * The edges to draw, as keys `t:row:col` (col −1 = the aggregated edge from an image input): every Θ_ji of a small
 * Θ; for one with more than EDGE_LIMIT entries the k = EDGE_LIMIT / s_{l+1} largest |Θ_ji| into each unit j; for an
 * image input one aggregated edge per hidden unit plus the largest bias weights. Without weights yet (theta null)
 * the first columns stand in. Edges in `current` (drawn now) stay unless another is STICKY times larger.
 */
export function selectEdges(
  t: Topology,
  theta: ArrayLike<number>[] | null,
  current: ReadonlySet<string> = new Set(),
): Set<string> {
  const want = new Set<string>();
  for (let t0 = 0; t0 < t.sizes.length - 1; t0++) {
    const rows = t.sizes[t0 + 1];
    const cols = t.sizes[t0] + 1;
    const th = theta?.[t0];
    if (t0 === 0 && t.imageShape) {
      for (let r = 0; r < rows; r++) want.add(`0:${r}:-1`);
      const bias = th
        ? topK(
            rows,
            IMAGE_BIAS_EDGES,
            (r) => th[r * cols],
            (r) => current.has(`0:${r}:0`),
          )
        : Array.from({ length: Math.min(rows, IMAGE_BIAS_EDGES) }, (_, r) => r);
      for (const r of bias) want.add(`0:${r}:0`);
      continue;
    }
    const k = rows * cols <= EDGE_LIMIT ? cols : Math.max(2, Math.floor(EDGE_LIMIT / rows));
    for (let r = 0; r < rows; r++) {
      const chosen =
        th && k < cols
          ? topK(
              cols,
              k,
              (c) => th[r * cols + c],
              (c) => current.has(`${t0}:${r}:${c}`),
            )
          : Array.from({ length: Math.min(k, cols) }, (_, c) => c);
      for (const c of chosen) want.add(`${t0}:${r}:${c}`);
    }
  }
  return want;
}
