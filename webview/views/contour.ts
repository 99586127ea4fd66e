/**
 * The decision boundary as a contour, by marching squares over the grid of cell centres (not a staircase of cell
 * edges): where two neighbouring cells are given different classes, the border crosses the line between them at the
 * point found by linear interpolation of the margin (|h − 0.5| for one output, p_best − p_second for several), which
 * is where h = 0.5, or where the two classes tie, for a field that is linear between the cells.
 */

/** A segment in grid coordinates: x along columns, y along rows (0 = centre of the first cell). */
export type Segment = [number, number, number, number];

/** Where between cell a (t = 0) and cell b (t = 1) the margin changes sign. */
function crossing(ma: number, mb: number): number {
  const s = ma + mb;
  return s > 0 ? ma / s : 0.5;
}

/**
 * Contour segments of a res × res field of classes (row 0 first) with margins ≥ 0 (the distance from a tie).
 * Each square of four cell centres with a change of class gives one segment (two crossings), or, for three or four
 * crossings (a saddle or a junction of classes), a segment from each crossing to the square's centre.
 */
export function contourSegments(cls: ArrayLike<number>, margin: ArrayLike<number>, res: number): Segment[] {
  const out: Segment[] = [];
  const pts: [number, number][] = [];
  for (let r = 0; r + 1 < res; r++)
    for (let c = 0; c + 1 < res; c++) {
      pts.length = 0;
      // The square's corners in order: (r, c) → (r, c+1) → (r+1, c+1) → (r+1, c) → back.
      const corners: [number, number][] = [
        [r, c],
        [r, c + 1],
        [r + 1, c + 1],
        [r + 1, c],
      ];
      for (let k = 0; k < 4; k++) {
        const [ra, ca] = corners[k];
        const [rb, cb] = corners[(k + 1) % 4];
        const a = ra * res + ca;
        const b = rb * res + cb;
        if (cls[a] === cls[b]) continue;
        const t = crossing(margin[a], margin[b]);
        pts.push([ca + (cb - ca) * t, ra + (rb - ra) * t]);
      }
      if (pts.length === 2) out.push([pts[0][0], pts[0][1], pts[1][0], pts[1][1]]);
      else if (pts.length > 2) {
        const cx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
        const cy = pts.reduce((s, p) => s + p[1], 0) / pts.length;
        for (const p of pts) out.push([p[0], p[1], cx, cy]);
      }
    }
  return out;
}

/** About `count` round tick values (1, 2 or 5 × 10^k apart) inside [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) return [];
  const raw = (max - min) / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(+v.toFixed(10));
  return out;
}
