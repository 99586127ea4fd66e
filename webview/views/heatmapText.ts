/** Text in and around the heatmaps: the row labels (class names for the last Θ) and values that fit their cells. */
import { fmt } from '../notation';

/**
 * Labels of the rows j of Θ^(t+1): the output units' class names for the last matrix of a classifier ("j=1 car"),
 * else "j=1", "j=2", …
 */
export function rowLabels(
  t: number,
  sizes: readonly number[],
  classNames: readonly string[] | null,
): string[] {
  const rows = sizes[t + 1] ?? 0;
  const last = t === sizes.length - 2;
  return Array.from({ length: rows }, (_, r) =>
    last && classNames?.[r] ? `${classNames[r]} j=${r + 1}` : `j=${r + 1}`,
  );
}

/**
 * The value as it fits a cell `width` px wide in the context's current font: two decimals, one, none, or null
 * (nothing fits). "−10.81" becomes "−10.8" or "−11" rather than spilling into the next cell.
 */
export function cellText(ctx: CanvasRenderingContext2D, v: number, width: number): string | null {
  const candidates = [fmt(v, 2)];
  if (Number.isFinite(v))
    candidates.push(v.toFixed(1).replace('-', '−'), Math.round(v).toString().replace('-', '−'));
  for (const c of candidates) if (ctx.measureText(c).width <= width) return c;
  return null;
}
