// Small statistics helpers: every figure of the bench is the median of several counted runs with its spread.

/** The q-quantile (0 ≤ q ≤ 1) of numbers, by the nearest-rank rule on a sorted copy. */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

export const median = (values) => {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

/** Median, min, max and the relative spread (max − min) / median of counted runs. */
export function summary(values) {
  const med = median(values);
  const min = Math.min(...values),
    max = Math.max(...values);
  return { median: med, min, max, spread: med > 0 ? (max - min) / med : NaN, runs: values.length };
}

/** Least-squares slope of y against x (per unit of x). */
export function slope(xs, ys) {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n,
    my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0,
    den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den > 0 ? num / den : 0;
}

/**
 * Runs `fn` (which returns one measurement) `warmup` times uncounted, then `runs` times counted.
 * Returns the summary of the counted values.
 */
export async function repeat(fn, { warmup, runs }) {
  for (let i = 0; i < warmup; i++) await fn();
  const values = [];
  for (let i = 0; i < runs; i++) values.push(await fn());
  return { ...summary(values), values };
}
