/**
 * The nine committed recordings, bundled as data (static JSON imports work the same in Node, vitest and
 * Next's server bundles) and checked with parseRecording on first use. Server-side only: the why view
 * passes shaped data to the browser, never the whole set.
 */
import doubleFilters from "./ch13-double-filters.json" with { type: "json" };
import firstKernelSize from "./ch13-first-kernel-size.json" with { type: "json" };
import activationStats from "./ch13-activation-stats.json" with { type: "json" };
import callbackAccess from "./ch13-callback-access.json" with { type: "json" };
import nearZeroActivations from "./ch13-near-zero-activations.json" with { type: "json" };
import batchSize from "./ch13-batch-size.json" with { type: "json" };
import lrWarmup from "./ch13-lr-warmup.json" with { type: "json" };
import oneCycleHighLr from "./ch13-one-cycle-high-lr.json" with { type: "json" };
import lrAnnealing from "./ch13-lr-annealing.json" with { type: "json" };
import { RECORDING_IDS, parseRecording, type Recording, type RecordingId } from "./index.ts";

const RAW: Record<RecordingId, unknown> = {
  "ch13-double-filters": doubleFilters,
  "ch13-first-kernel-size": firstKernelSize,
  "ch13-activation-stats": activationStats,
  "ch13-callback-access": callbackAccess,
  "ch13-near-zero-activations": nearZeroActivations,
  "ch13-batch-size": batchSize,
  "ch13-lr-warmup": lrWarmup,
  "ch13-one-cycle-high-lr": oneCycleHighLr,
  "ch13-lr-annealing": lrAnnealing,
};

const parsed = new Map<RecordingId, Recording>();

const isRecordingId = (id: string): id is RecordingId => (RECORDING_IDS as readonly string[]).includes(id);

/** The recording of an experiment id (= a card's experimentId), or undefined when there is none. */
export function recordingFor(id: string): Recording | undefined {
  if (!isRecordingId(id)) return undefined;
  let rec = parsed.get(id);
  if (!rec) {
    rec = parseRecording(RAW[id]);
    parsed.set(id, rec);
  }
  return rec;
}
