/**
 * Recorded full-mode experiment results (one JSON file per registry experiment, written by
 * `npm run experiments:record`), plus pure helpers the app uses to read them: the ids, the
 * `Recording` type and its runtime check `parseRecording` (zod).
 *
 * Pure: no tfjs, no I/O. Verdicts in recordings are computed by the definition's decide() from the
 * recorded runs (tests/unit/experiments-recordings.test.ts recomputes them).
 */
import type { LayerHistogram, LayerSeries, RunSummary, Verdict } from "../registry/types.ts";
import { z } from "zod";
import { downsample } from "../registry/stats.ts";

export const RECORDING_SCHEMA = 1;

/** Ids of the nine recorded experiments (= registry ids = cards' experimentIds), in card order. */
export const RECORDING_IDS = [
  "ch13-double-filters",
  "ch13-first-kernel-size",
  "ch13-activation-stats",
  "ch13-callback-access",
  "ch13-near-zero-activations",
  "ch13-batch-size",
  "ch13-lr-warmup",
  "ch13-one-cycle-high-lr",
  "ch13-lr-annealing",
] as const;

export type RecordingId = (typeof RECORDING_IDS)[number];

/** Most curve points kept per run in a recording (bucket means of the runner's curve). */
export const RECORDING_CURVE_POINTS = 100;

/** The definition's settings, as data (the decide() function is not recorded). */
export interface RecordingConfig {
  kind: "trained" | "api-fact";
  variants: unknown[];
  seeds: number[];
  measures: string[];
  decisionRule: string;
  runGroup?: string;
  sources: string[];
}

export interface Recording {
  schema: 1;
  id: string;
  claim: string;
  cardExternalId: string;
  mode: "full";
  config: RecordingConfig;
  runs: RunSummary[];
  verdict: Verdict;
  backend: "wasm";
  tfjsVersion: string;
  nodeVersion: string;
  wallMs: number;
  recordedAt: string;
  /** Set when the verdict was recomputed from these runs after the decision rule changed (`experiments:record --rejudge`). */
  rejudgedAt?: string;
}

/** Bucket means down to at most `max` points (a shorter curve is returned as a copy). */
export function downsampleCurve(xs: readonly number[], max: number = RECORDING_CURVE_POINTS): number[] {
  return downsample(xs, max);
}

/** Curve values are stored with 6 significant digits (losses are float32 anyway). */
export function roundCurveValue(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}

/** The curve as a recording stores it: downsampled to ≤ 100 points, 6 significant digits. */
export function recordingCurve(xs: readonly number[]): number[] {
  return downsampleCurve(xs).map(roundCurveValue);
}

// ---- runtime check -------------------------------------------------------------------------

/** JSON stores NaN / ±Infinity (e.g. a diverged run's loss) as null: read it back as NaN (a worker message keeps NaN as is). */
const numOrNaN = z.union([z.number(), z.nan(), z.null().transform(() => Number.NaN)], { error: (iss) => `expected a number (or null for NaN), got ${iss.input === null ? "null" : typeof iss.input}` });
const nums = z.array(numOrNaN);

const layerSeriesSchema = z
  .object({ layer: z.string(), steps: nums, mean: nums, std: nums, nearZero: nums })
  .refine((s) => [s.mean, s.std, s.nearZero].every((a) => a.length === s.steps.length), "mean, std and nearZero need one point per step");

const layerHistSchema = z
  .object({ layer: z.string(), steps: nums, bins: z.number().int().positive(), min: z.number(), max: z.number(), counts: z.array(nums) })
  .refine((h) => h.counts.length === h.steps.length, "one histogram column per step")
  .refine((h) => h.counts.every((c) => c.length === h.bins), "every column needs `bins` counts");

/** A run as the runner returns it (live runs keep up to 200 curve points); recordings cap the curve below. */
export const runSchema = z.object({
  variantId: z.string(),
  seed: z.number(),
  steps: z.number(),
  final: z.object({ validLoss: numOrNaN, validAcc: numOrNaN, trainLoss: numOrNaN }),
  trainLossCurve: nums,
  metrics: z.record(z.string(), numOrNaN),
  majorityShare: numOrNaN.optional(),
  collapsed: z.boolean().optional(),
  layerStats: z.array(layerSeriesSchema).optional(),
  layerHist: z.array(layerHistSchema).optional(),
}) satisfies z.ZodType<RunSummary, unknown>;

export const verdictSchema = z.object({
  verdict: z.enum(["supported", "not-supported", "inconclusive"]),
  summary: z.string(),
  numbers: z.record(z.string(), numOrNaN),
  checks: z.array(z.object({ description: z.string(), passed: z.boolean(), value: z.string() })),
}) satisfies z.ZodType<Verdict, unknown>;

export const recordingSchema = z.object({
  schema: z.literal(RECORDING_SCHEMA),
  id: z.string(),
  claim: z.string(),
  cardExternalId: z.string(),
  mode: z.literal("full"),
  config: z.object({
    kind: z.enum(["trained", "api-fact"]),
    variants: z.array(z.record(z.string(), z.unknown())),
    seeds: z.array(z.number()),
    measures: z.array(z.string()),
    decisionRule: z.string(),
    runGroup: z.string().optional(),
    sources: z.array(z.string()),
  }),
  runs: z.array(runSchema.extend({ trainLossCurve: nums.max(RECORDING_CURVE_POINTS, `at most ${RECORDING_CURVE_POINTS} curve points`) })),
  verdict: verdictSchema,
  backend: z.literal("wasm"),
  tfjsVersion: z.string(),
  nodeVersion: z.string(),
  wallMs: z.number(),
  recordedAt: z.iso.datetime(),
  rejudgedAt: z.iso.datetime().optional(),
}) satisfies z.ZodType<Recording, unknown>;

/** "recording.runs[0].final.validLoss" for an issue's path. */
const pathOf = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((s, k) => (typeof k === "number" ? `${s}[${k}]` : `${s}.${String(k)}`), "recording");

/** Validates a parsed recording JSON value; throws an Error naming the first bad field. */
export function parseRecording(json: unknown): Recording {
  const r = recordingSchema.safeParse(json);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new Error(`parseRecording: ${pathOf(issue.path)}: ${issue.message}`);
}
