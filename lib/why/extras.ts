// Experiment-specific measurements (RunSummary.metrics) shaped for their own charts: gradient error vs
// batch size, steps to 95 % per max LR, accuracy vs compute, near-zero share per layer, loss jitter.
import type { RunSummary, VariantSpec } from "@/experiments/registry/types.ts";
import { runsByVariant } from "./curves.ts";
import type { SeedValue } from "./finals.ts";
import { logLogSlope, spreadOf, type Spread } from "./stats.ts";

const bySeed = (a: { seed: number }, b: { seed: number }) => a.seed - b.seed;

export interface MetricByVariant {
  variantId: string;
  values: SeedValue[];
  spread: Spread | null;
}

/** One metric per seed for each variant whose runs report it. */
export function metricByVariant(runs: readonly RunSummary[], key: string, order: readonly string[] = []): MetricByVariant[] {
  const out: MetricByVariant[] = [];
  for (const [variantId, rs] of runsByVariant(runs, order)) {
    const values = rs.filter((r) => key in r.metrics).map((r) => ({ seed: r.seed, value: r.metrics[key]! })).sort(bySeed);
    if (values.length) out.push({ variantId, values, spread: spreadOf(values.map((v) => v.value)) });
  }
  return out;
}

export interface GradNoisePoint {
  bs: number;
  values: SeedValue[];
  spread: Spread;
}

/** Card 6: ‖g_b − g‖² / ‖g‖² per batch size (metrics gradErrorByBs_<bs>), with the log–log slope of the means. */
export function gradNoise(runs: readonly RunSummary[]): { points: GradNoisePoint[]; slope: number } | null {
  const byBs = new Map<number, SeedValue[]>();
  for (const r of runs)
    for (const [k, v] of Object.entries(r.metrics)) {
      const m = /^gradErrorByBs_(\d+)$/.exec(k);
      if (!m) continue;
      const bs = Number(m[1]);
      if (!byBs.has(bs)) byBs.set(bs, []);
      byBs.get(bs)!.push({ seed: r.seed, value: v });
    }
  const points = [...byBs]
    .sort(([a], [b]) => a - b)
    .flatMap(([bs, values]) => {
      const spread = spreadOf(values.map((v) => v.value));
      return spread ? [{ bs, values: values.sort(bySeed), spread }] : [];
    });
  if (points.length < 2) return null;
  return { points, slope: logLogSlope(points.map((p) => ({ x: p.bs, y: p.spread.mean }))) };
}

export interface StepsToTarget {
  variantId: string;
  lr: number;
  /** steps per seed; null = never reached (the recording's −1). */
  values: Array<{ seed: number; steps: number | null }>;
  reached: number;
  /** Median over all seeds, counting "never" as slower than any number; null when that median is "never". */
  median: number | null;
}

/** Card 8: optimizer steps to 95 % validation accuracy per max LR (metrics.stepsTo95, −1 = never). */
export function stepsToTarget(variants: readonly VariantSpec[], runs: readonly RunSummary[]): StepsToTarget[] {
  const out: StepsToTarget[] = [];
  for (const v of variants) {
    const values = runs
      .filter((r) => r.variantId === v.id && "stepsTo95" in r.metrics)
      .map((r) => ({ seed: r.seed, steps: r.metrics.stepsTo95! >= 0 ? r.metrics.stepsTo95! : null }))
      .sort(bySeed);
    if (!values.length) continue;
    const sorted = values.map((x) => x.steps ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
    const mid = sorted.length / 2;
    const med = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    out.push({ variantId: v.id, lr: v.train.lr, values, reached: values.filter((x) => x.steps !== null).length, median: Number.isFinite(med) ? med : null });
  }
  return out.sort((a, b) => a.lr - b.lr);
}

export interface AccVsMacs {
  variantId: string;
  macs: number;
  values: SeedValue[];
  spread: Spread | null;
}

/** Card 1: final validation accuracy against multiply–accumulates per image (metrics.macs). */
export function accVsMacs(runs: readonly RunSummary[], order: readonly string[] = []): AccVsMacs[] {
  const out: AccVsMacs[] = [];
  for (const [variantId, rs] of runsByVariant(runs, order)) {
    const macs = rs.find((r) => Number.isFinite(r.metrics.macs))?.metrics.macs;
    if (macs === undefined) continue;
    const values = rs.map((r) => ({ seed: r.seed, value: r.final.validAcc })).sort(bySeed);
    out.push({ variantId, macs, values, spread: spreadOf(values.map((v) => v.value)) });
  }
  return out;
}

export interface NearZeroByLayer {
  layers: string[];
  /** rows[i] = { layer, <variantId>: mean share over seeds | null } */
  rows: Array<Record<string, string | number | null>>;
  variantIds: string[];
}

/** Card 5: each variant's near-zero share per layer at the end of training (metrics nearZeroByLayer_<layer>), mean over seeds. */
export function nearZeroByLayer(runs: readonly RunSummary[], order: readonly string[] = []): NearZeroByLayer | null {
  const layers: string[] = [];
  for (const r of runs)
    for (const k of Object.keys(r.metrics)) {
      const m = /^nearZeroByLayer_(.+)$/.exec(k);
      if (m && !layers.includes(m[1]!)) layers.push(m[1]!);
    }
  if (!layers.length) return null;
  const groups = [...runsByVariant(runs, order)];
  const rows = layers.map((layer) => {
    const row: Record<string, string | number | null> = { layer };
    for (const [id, rs] of groups) row[id] = spreadOf(rs.map((r) => r.metrics[`nearZeroByLayer_${layer}`] ?? Number.NaN))?.mean ?? null;
    return row;
  });
  return { layers, rows, variantIds: groups.map(([id]) => id) };
}
