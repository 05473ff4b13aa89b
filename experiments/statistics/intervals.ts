// 95 % intervals for the designs the decision rules use (pure). Quantiles come from stdlib's
// distribution packages (exact inverse CDFs), not from hand-written approximations.
import betaQuantile from "@stdlib/stats-base-dists-beta-quantile";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

export const LEVEL = 0.95;

/** Quantile p of Student's t with df degrees of freedom. */
export const tq = (p: number, df: number): number => tQuantile(p, df);
/** Quantile p of the standard normal. */
export const zq = (p: number): number => normalQuantile(p, 0, 1);

/** A point estimate with its 95 % interval and how it was computed. */
export interface Interval {
  estimate: number;
  lo: number;
  hi: number;
  /** Observations behind it (seed pairs, runs, seeds). */
  n: number;
  /** "paired t", "one-sample t", "Clopper–Pearson", "Fisher z (Spearman)" … */
  method: string;
  /** Standard error where the method has one. */
  se?: number;
  /** Degrees of freedom where the method has them. */
  df?: number;
}

const NONE = (n: number, method: string): Interval => ({ estimate: NaN, lo: NaN, hi: NaN, n, method });

/**
 * One-sample t interval for the mean of xs (for seed-paired differences, xs = per-seed differences:
 * the paired t interval). mean ± t(0.975, n−1)·sd/√n; fewer than 2 values give NaN bounds.
 */
export function tInterval(xs: readonly number[], method = "t"): Interval {
  const n = xs.length;
  if (n < 2 || xs.some((x) => !Number.isFinite(x))) return { ...NONE(n, method), estimate: n === 1 ? xs[0]! : NaN };
  const m = xs.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1));
  const se = sd / Math.sqrt(n);
  const h = tq(1 - (1 - LEVEL) / 2, n - 1) * se;
  return { estimate: m, lo: m - h, hi: m + h, n, method, se, df: n - 1 };
}

/** Paired t interval of mean(a_i − b_i) over seed-matched pairs. */
export function pairedT(a: readonly number[], b: readonly number[]): Interval {
  if (a.length !== b.length) throw new RangeError(`pairedT: ${a.length} vs ${b.length} values`);
  return tInterval(a.map((x, i) => x - b[i]!), "paired t");
}

/** Exact (Clopper–Pearson) interval for a share of k successes in n trials. */
export function clopperPearson(k: number, n: number): Interval {
  if (!(n > 0) || k < 0 || k > n) return NONE(n, "Clopper–Pearson");
  const a = (1 - LEVEL) / 2;
  const lo = k === 0 ? 0 : betaQuantile(a, k, n - k + 1);
  const hi = k === n ? 1 : betaQuantile(1 - a, k + 1, n - k);
  return { estimate: k / n, lo, hi, n, method: "Clopper–Pearson" };
}

/**
 * Interval for a Spearman rank correlation through Fisher's z with the variance 1.06/(n − 3)
 * (Fieller, Hartley & Pearson 1957); needs n ≥ 4.
 */
export function spearmanInterval(rho: number, n: number): Interval {
  const method = "Fisher z (Spearman)";
  if (n < 4 || !Number.isFinite(rho)) return { ...NONE(n, method), estimate: rho };
  const r = Math.max(-0.999999, Math.min(0.999999, rho));
  const se = Math.sqrt(1.06 / (n - 3));
  const h = zq(1 - (1 - LEVEL) / 2) * se;
  // atanh(±1) is infinite: the bounds use ρ kept just inside ±1, and still contain ρ itself.
  return { estimate: rho, lo: Math.min(rho, Math.tanh(Math.atanh(r) - h)), hi: Math.max(rho, Math.tanh(Math.atanh(r) + h)), n, method, se };
}

/** Scales an interval (e.g. accuracy share → percentage points). */
export function scaled(iv: Interval, k: number): Interval {
  return { ...iv, estimate: iv.estimate * k, lo: iv.lo * k, hi: iv.hi * k, ...(iv.se === undefined ? {} : { se: iv.se * Math.abs(k) }) };
}
