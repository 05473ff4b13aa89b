// Small summaries of a list of numbers for the why view's charts and captions. Non-finite values
// (a diverged run's loss is stored as NaN) are left out and counted, never averaged in.

export interface Spread {
  mean: number;
  min: number;
  max: number;
  /** How many finite values went in. */
  n: number;
  /** How many non-finite values were left out. */
  dropped: number;
}

/** mean / min / max of the finite values; null when there is none. */
export function spreadOf(values: readonly number[]): Spread | null {
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let n = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    sum += v;
    n += 1;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) return null;
  return { mean: sum / n, min, max, n, dropped: values.length - n };
}

/** The q-quantile (0..1) of the finite values, linear between order statistics; NaN when there is none. */
export function quantile(values: readonly number[], q: number): number {
  const xs = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (xs.length === 0) return Number.NaN;
  const pos = Math.min(Math.max(q, 0), 1) * (xs.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo]! + (xs[hi]! - xs[lo]!) * (pos - lo);
}

/** Least-squares slope of log10(y) on log10(x) over the pairs with x, y > 0; NaN with fewer than 2. */
export function logLogSlope(points: readonly { x: number; y: number }[]): number {
  const ps = points.filter((p) => p.x > 0 && p.y > 0 && Number.isFinite(p.x) && Number.isFinite(p.y));
  if (ps.length < 2) return Number.NaN;
  const lx = ps.map((p) => Math.log10(p.x));
  const ly = ps.map((p) => Math.log10(p.y));
  const mx = lx.reduce((a, b) => a + b, 0) / ps.length;
  const my = ly.reduce((a, b) => a + b, 0) / ps.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < ps.length; i++) {
    sxy += (lx[i]! - mx) * (ly[i]! - my);
    sxx += (lx[i]! - mx) ** 2;
  }
  return sxx === 0 ? Number.NaN : sxy / sxx;
}
