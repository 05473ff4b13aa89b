// The benches' one way to summarise repeated measurements (pure): the median, the range, and the
// verdict on a target. A target counts as met only when the whole range is on its side: a range
// that straddles it is a miss, so one lucky round never passes a target.

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
