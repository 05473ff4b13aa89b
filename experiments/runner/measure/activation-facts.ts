/** activation-stats: card 3's API facts and the per-layer near-zero shares, read off the live ActivationStats callback. */
import { HIST_MAX, HIST_MIN, NEAR_ZERO_THRESHOLD } from "../../learner/activation-stats.ts";
import type { ActivationStats } from "../../learner/learner.ts";
import { lastShare } from "./last-share.ts";

/**
 * has_mean / has_std / has_near_zero (and the histogram's bins and range) from the first record,
 * which layers were hooked, the batches recorded in and after fit, and nearZeroByLayer_<layer>:
 * the mean near-zero share over the last LAST_SHARE of the recorded batches.
 */
export function activationStatsMetrics(stats: ActivationStats, hooked: readonly string[], recordedAfterFit: number): Record<string, number> {
  const m: Record<string, number> = {};
  const recs = stats.stats;
  const first = recs[0];
  const firstLayer = first ? Object.values(first)[0] : undefined;
  m.has_mean = firstLayer && typeof firstLayer.mean === "number" ? 1 : 0;
  m.has_std = firstLayer && typeof firstLayer.std === "number" ? 1 : 0;
  m.has_near_zero = firstLayer && typeof firstLayer.nearZero === "number" ? 1 : 0;
  if (stats.withHist && firstLayer?.hist) {
    m.hist_bins = firstLayer.hist.length;
    m.hist_min = HIST_MIN;
    m.hist_max = HIST_MAX;
  }
  m.near_zero_threshold = NEAR_ZERO_THRESHOLD;
  const layerNames = first ? Object.keys(first) : [];
  m.hooked_relu = layerNames.some((n) => /relu/i.test(n)) ? 1 : 0;
  m.hooked_layers = layerNames.length;
  // Batches recorded by the end of fit (training) and added while the learner evaluated the validation set.
  m.train_batches_recorded = recordedAfterFit;
  m.valid_batches_recorded = recs.length - recordedAfterFit;
  const tail = lastShare(recs);
  for (const name of hooked) {
    const vals = tail.map((r) => r[name]?.nearZero).filter((v): v is number => typeof v === "number");
    if (vals.length > 0) m[`nearZeroByLayer_${name}`] = vals.reduce((a, b) => a + b, 0) / vals.length;
  }
  return m;
}
