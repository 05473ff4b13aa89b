/**
 * ActivationStats' per-batch records → the compact per-layer series a recording keeps for the why
 * view's charts (plot_layer_stats and color_dim). Pure: plain arrays in, plain arrays out.
 */
import { HIST_BINS, HIST_MAX, HIST_MIN, type LayerStats } from "../learner/activation-stats.ts";
import type { LayerHistogram, LayerSeries } from "../registry/types.ts";
import { downsample } from "../registry/stats.ts";

/** Points kept per layer series, and histogram columns kept per layer: enough for a phone-sized chart. */
export const LAYER_SERIES_POINTS = 50;
export const LAYER_HIST_COLUMNS = 60;

/** 4 significant digits: the charts cannot show more, and it keeps recordings small. */
const round4 = (v: number): number => (Number.isFinite(v) ? Number(v.toPrecision(4)) : v);

/** Layers in the order of the first record (the model's order). */
const layerNames = (records: ReadonlyArray<Record<string, LayerStats>>): string[] => Object.keys(records[0] ?? {});

/** mean / std / near-zero share per layer over the recorded training batches, bucket-averaged to ≤ `points`. */
export function layerSeriesOf(records: ReadonlyArray<Record<string, LayerStats>>, steps: readonly number[], points = LAYER_SERIES_POINTS): LayerSeries[] {
  if (records.length !== steps.length) throw new RangeError(`layerSeriesOf: ${records.length} records but ${steps.length} steps`);
  return layerNames(records).map((layer) => {
    const pick = (f: (s: LayerStats) => number) => downsample(records.map((r) => f(r[layer]!)), points).map(round4);
    return {
      layer,
      steps: downsample(steps, points).map(Math.round),
      mean: pick((s) => s.mean),
      std: pick((s) => s.std),
      nearZero: pick((s) => s.nearZero),
    };
  });
}

/** The histograms per layer (one column per batch), bucket-averaged to ≤ `columns` columns; counts rounded to integers. */
export function layerHistOf(records: ReadonlyArray<Record<string, LayerStats>>, steps: readonly number[], columns = LAYER_HIST_COLUMNS): LayerHistogram[] {
  if (records.length !== steps.length) throw new RangeError(`layerHistOf: ${records.length} records but ${steps.length} steps`);
  if (records.length === 0 || !Object.values(records[0]!)[0]?.hist) return [];
  const cols = Math.min(columns, records.length);
  return layerNames(records).map((layer) => {
    // Each bin's counts over the batches, bucket-averaged like every other series, then turned back into columns.
    const byBin = Array.from({ length: HIST_BINS }, (_, b) => downsample(records.map((r) => r[layer]!.hist![b]!), cols));
    const counts = Array.from({ length: cols }, (_, c) => byBin.map((series) => Math.round(series[c]!)));
    return { layer, steps: downsample(steps, cols).map(Math.round), bins: HIST_BINS, min: HIST_MIN, max: HIST_MAX, counts };
  });
}
