/**
 * Earlier recordings, kept in history/<id>.v<N>.json when a definition's version changed, and read back as
 * the why view's history. Kept as written except one source line: a facts file outside the repository is
 * cited as docs/fastbook-ch13.md, where those facts now live. Server-side only (static JSON imports), like all.ts.
 */
import { z } from "zod";
import { LEGACY_VERDICT_LABEL, VERDICT_LABEL } from "../registry/vocabulary.ts";
import doubleFilters1 from "./history/ch13-double-filters.v1.json" with { type: "json" };
import firstKernel1 from "./history/ch13-first-kernel-size.v1.json" with { type: "json" };
import activationStats1 from "./history/ch13-activation-stats.v1.json" with { type: "json" };
import callbackAccess1 from "./history/ch13-callback-access.v1.json" with { type: "json" };
import nearZero1 from "./history/ch13-near-zero-activations.v1.json" with { type: "json" };
import nearZero2 from "./history/ch13-near-zero-activations.v2.json" with { type: "json" };
import batchSize1 from "./history/ch13-batch-size.v1.json" with { type: "json" };
import batchSize2 from "./history/ch13-batch-size.v2.json" with { type: "json" };
import lrWarmup1 from "./history/ch13-lr-warmup.v1.json" with { type: "json" };
import oneCycle1 from "./history/ch13-one-cycle-high-lr.v1.json" with { type: "json" };
import oneCycle2 from "./history/ch13-one-cycle-high-lr.v2.json" with { type: "json" };
import lrAnnealing1 from "./history/ch13-lr-annealing.v1.json" with { type: "json" };

/** One earlier verdict, as it was recorded and shown. */
export interface HistoryEntry {
  version: number;
  recordedAt: string;
  /** Set when that verdict was recomputed from the runs of the version before (a rule revised after seeing them). */
  rejudgedAt?: string;
  /** The verdict key as recorded then (older recordings used "not-supported"). */
  verdict: string;
  verdictLabel: string;
  summary: string;
  decisionRule: string;
  seeds: number[];
  runCount: number;
}

// Only what the history shows is checked; the files stay as they were written.
const oldRecording = z.object({
  recordedAt: z.string(),
  rejudgedAt: z.string().optional(),
  config: z.object({ seeds: z.array(z.number()), decisionRule: z.string() }),
  runs: z.array(z.unknown()),
  verdict: z.object({ verdict: z.string(), summary: z.string() }),
});

const RAW: Record<string, unknown[]> = {
  "ch13-double-filters": [doubleFilters1],
  "ch13-first-kernel-size": [firstKernel1],
  "ch13-activation-stats": [activationStats1],
  "ch13-callback-access": [callbackAccess1],
  "ch13-near-zero-activations": [nearZero1, nearZero2],
  "ch13-batch-size": [batchSize1, batchSize2],
  "ch13-lr-warmup": [lrWarmup1],
  "ch13-one-cycle-high-lr": [oneCycle1, oneCycle2],
  "ch13-lr-annealing": [lrAnnealing1],
};

const label = (v: string): string => LEGACY_VERDICT_LABEL[v] ?? (VERDICT_LABEL as Record<string, string>)[v] ?? v;

/** Earlier versions of an experiment's recording, oldest first (version = position + 1). */
export function historyFor(id: string): HistoryEntry[] {
  return (RAW[id] ?? []).map((raw, i) => {
    const r = oldRecording.parse(raw);
    return {
      version: i + 1,
      recordedAt: r.recordedAt,
      ...(r.rejudgedAt ? { rejudgedAt: r.rejudgedAt } : {}),
      verdict: r.verdict.verdict,
      verdictLabel: label(r.verdict.verdict),
      summary: r.verdict.summary,
      decisionRule: r.config.decisionRule,
      seeds: r.config.seeds,
      runCount: r.runs.length,
    };
  });
}
