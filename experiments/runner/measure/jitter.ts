/** jitter: how much the training loss still moves at the end of a run. */
import { sampleSd } from "../../registry/stats.ts";
import { lastShare } from "./last-share.ts";

/** jitterLast20pct: sample sd of the last LAST_SHARE of the per-step losses (none with fewer than two steps). */
export function jitterMetrics(losses: readonly number[]): Record<string, number> {
  return losses.length >= 2 ? { jitterLast20pct: sampleSd(lastShare(losses, 2)) } : {};
}
