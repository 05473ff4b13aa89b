// Training-loss curves per variant: mean across seeds with a min–max band, on the step axis.
import type { RunSummary } from "@/experiments/registry/types.ts";
import { quantile, spreadOf } from "./stats.ts";

export interface CurvePoint {
  step: number;
  /** Mean over the seeds with a finite value at this point; null when none has one (diverged). */
  mean: number | null;
  /** [min, max] over the same seeds; null with fewer than two. */
  band: [number, number] | null;
}

export interface VariantCurve {
  variantId: string;
  seeds: number;
  points: CurvePoint[];
}

/**
 * The training step at the middle of each of `points` bucket means over `steps` steps (the recording's
 * curves are bucket means, registry/stats.ts `downsample`); with points == steps it is 0, 1, 2, ….
 */
export function curveSteps(points: number, steps: number): number[] {
  if (points <= 0) return [];
  if (steps <= points) return Array.from({ length: points }, (_, i) => i);
  return Array.from({ length: points }, (_, b) => {
    const s = Math.floor((b * steps) / points);
    const e = Math.floor(((b + 1) * steps) / points);
    return (s + e - 1) / 2;
  });
}

/** Runs grouped by variant, in the order the variants are listed (then any unlisted ones). */
export function runsByVariant(runs: readonly RunSummary[], order: readonly string[] = []): Map<string, RunSummary[]> {
  const out = new Map<string, RunSummary[]>();
  for (const id of order) out.set(id, []);
  for (const r of runs) {
    if (!out.has(r.variantId)) out.set(r.variantId, []);
    out.get(r.variantId)!.push(r);
  }
  for (const [id, rs] of out) if (rs.length === 0) out.delete(id);
  return out;
}

/** Mean and min–max band across seeds at each curve point of one variant's runs. */
export function variantCurve(variantId: string, runs: readonly RunSummary[]): VariantCurve {
  const len = Math.max(0, ...runs.map((r) => r.trainLossCurve.length));
  const ref = runs.find((r) => r.trainLossCurve.length === len);
  const steps = ref ? curveSteps(len, ref.steps) : [];
  const points = steps.map((step, i): CurvePoint => {
    const s = spreadOf(runs.map((r) => r.trainLossCurve[i] ?? Number.NaN));
    return { step, mean: s ? s.mean : null, band: s && s.n >= 2 ? [s.min, s.max] : null };
  });
  return { variantId, seeds: runs.length, points };
}

export interface LossAxis {
  /** Upper end of the y axis: high enough for the start of training, low enough that one spike does not flatten the rest. */
  yMax: number;
  /** Highest value in any band or mean; above yMax it is cut off (the caption says so). */
  peak: number;
}

/** y axis for the loss chart: 1.15 × the 95th percentile of all plotted values, at least the highest first-point mean. */
export function lossAxis(curves: readonly VariantCurve[]): LossAxis {
  const values: number[] = [];
  let firstMax = 0;
  for (const c of curves) {
    const first = c.points[0]?.mean;
    if (first !== null && first !== undefined && first > firstMax) firstMax = first;
    for (const p of c.points) {
      if (p.band) values.push(p.band[1]);
      else if (p.mean !== null) values.push(p.mean);
    }
  }
  const peak = values.length ? Math.max(...values) : 0;
  const q = quantile(values, 0.95);
  const raw = Math.min(peak, Math.max(Number.isFinite(q) ? q * 1.15 : 0, firstMax));
  return { yMax: niceCeil(raw > 0 ? raw : 1), peak };
}

/** Rounds up to 1, 2, 2.5 or 5 × a power of ten, so axis ends read cleanly. */
export function niceCeil(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v - 1e-12 * p) return m * p;
  return 10 * p;
}
