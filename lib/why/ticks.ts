// Round axis ticks: recharts splits a domain into equal parts (0, 0.65, 1.3, …); these read better.

/** The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ v. */
export function roundStep(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v * (1 - 1e-12)) return m * p;
  return 10 * p;
}

/** Multiples of a round step inside [lo, hi], about `target` of them (at least 2 when lo < hi). */
export function axisTicks(lo: number, hi: number, target = 5): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [lo];
  const step = roundStep((hi - lo) / Math.max(1, target - 1));
  const out: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}
