// ActivationStats over training (RunSummary.layerStats) shaped for fastai's plot_layer_stats view:
// one row per recorded point, one column per layer, for each of mean / std / near-zero share.
import type { LayerSeries } from "@/experiments/registry/types.ts";

export type LayerStat = "mean" | "std" | "nearZero";
export const LAYER_STATS: readonly LayerStat[] = ["mean", "std", "nearZero"];

export interface LayerStatsTable {
  layers: string[];
  /** rows[stat][i] = { step, <layer>: value | null } */
  rows: Record<LayerStat, Array<Record<string, number | null>>>;
  /** First and last finite value per layer and stat, for the text beside the chart. */
  endpoints: Array<{ layer: string } & Record<LayerStat, { first: number | null; last: number | null }>>;
}

const finiteOrNull = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

function firstLast(xs: readonly number[]): { first: number | null; last: number | null } {
  const f = xs.find(Number.isFinite);
  const l = [...xs].reverse().find(Number.isFinite);
  return { first: f ?? null, last: l ?? null };
}

/** Null when there is no series. Layers keep their recorded (model) order; steps come from the first layer. */
export function layerStatsTable(series: readonly LayerSeries[] | undefined): LayerStatsTable | null {
  if (!series || series.length === 0) return null;
  const layers = series.map((s) => s.layer);
  const steps = series[0]!.steps;
  const rows = Object.fromEntries(
    LAYER_STATS.map((stat) => [
      stat,
      steps.map((step, i) => {
        const row: Record<string, number | null> = { step };
        for (const s of series) row[s.layer] = finiteOrNull(s[stat][i]);
        return row;
      }),
    ]),
  ) as LayerStatsTable["rows"];
  const endpoints = series.map((s) => ({ layer: s.layer, mean: firstLast(s.mean), std: firstLast(s.std), nearZero: firstLast(s.nearZero) }));
  return { layers, rows, endpoints };
}
