// The benches' one way to summarise repeated measurements (pure): the median, the range, and the
// verdict on a target. A target counts as met only when the whole range is on its side: a range
// that straddles it is a miss, so one lucky round never passes a target. Where single loads are too
// noisy for that (a page's first paint on this 2-core machine varies by ±30 % between identical loads),
// a ratio is judged from paired loads and its 95 % interval instead (pairedRatio, ratioVerdict).
import { tInterval, type Interval } from "../../experiments/statistics/intervals.ts";

export function median(values: number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function spread(values: number[]): Spread {
  const v = values.filter(Number.isFinite);
  return { median: median(v), min: v.length ? Math.min(...v) : NaN, max: v.length ? Math.max(...v) : NaN, n: v.length };
}

/** "met" only when every round is on the target's side. */
export function verdict(s: Spread, target: { atMost?: number; atLeast?: number }): "met" | "miss" | "n/a" {
  if (s.n === 0) return "n/a";
  if (target.atMost !== undefined) return s.max <= target.atMost ? "met" : "miss";
  return s.min >= target.atLeast! ? "met" : "miss";
}

/**
 * The ratio a/b from paired measurements (a[i] taken next to b[i]): the geometric mean of the pair ratios,
 * with the 95 % t interval of the mean log ratio, taken back to a ratio. Timings are skewed to the right,
 * so their logs are closer to normal, and pairing cancels a drift of the machine's speed.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): Interval {
  if (a.length !== b.length) throw new RangeError(`pairedRatio: ${a.length} vs ${b.length} values`);
  const logs = a.map((x, i) => Math.log(x / b[i]!));
  const t = tInterval(logs, "paired t of log ratios");
  return { ...t, estimate: Math.exp(t.estimate), lo: Math.exp(t.lo), hi: Math.exp(t.hi) };
}

/**
 * "met" when the whole interval is on the target's side, "miss" when the whole interval is on the other,
 * "not shown" when it straddles the target: too few or too noisy loads to tell, which is not a pass.
 */
export function ratioVerdict(i: Interval, target: { atMost: number }): "met" | "miss" | "not shown" {
  if (!Number.isFinite(i.lo) || !Number.isFinite(i.hi)) return "not shown";
  if (i.hi <= target.atMost) return "met";
  return i.lo > target.atMost ? "miss" : "not shown";
}
