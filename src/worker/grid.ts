import type { Dataset } from '../format/types';

/**
 * The input plane of a 2-input network around its data (a 15 % margin on each side), as res × res cell centres,
 * row 0 at x2min: the points where the decision boundary and the hidden units' maps are evaluated.
 */
export function inputGrid(
  d: Dataset,
  res: number,
): { X: Float64Array; extent: [number, number, number, number] } {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < d.m; i++) {
    x0 = Math.min(x0, d.X[2 * i]);
    x1 = Math.max(x1, d.X[2 * i]);
    y0 = Math.min(y0, d.X[2 * i + 1]);
    y1 = Math.max(y1, d.X[2 * i + 1]);
  }
  const padX = (x1 - x0 || 1) * 0.15;
  const padY = (y1 - y0 || 1) * 0.15;
  const extent: [number, number, number, number] = [x0 - padX, x1 + padX, y0 - padY, y1 + padY];
  const X = new Float64Array(res * res * 2);
  for (let r = 0; r < res; r++)
    for (let c = 0; c < res; c++) {
      const i = r * res + c;
      X[2 * i] = extent[0] + ((c + 0.5) / res) * (extent[1] - extent[0]);
      X[2 * i + 1] = extent[2] + ((r + 0.5) / res) * (extent[3] - extent[2]);
    }
  return { X, extent };
}
