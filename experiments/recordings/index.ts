/**
 * Recorded full-mode experiment results (one JSON file per registry experiment, written by
 * `npm run experiments:record`), plus pure helpers the app uses to read them: the ids, the
 * `Recording` type and its runtime check `parseRecording` (zod).
 *
 * Pure: no tfjs, no I/O. Verdicts in recordings are computed by the definition's decide() from the
 * recorded runs (tests/unit/experiments-recordings.test.ts recomputes them).
 */
import type { LayerHistogram, LayerSeries, PowerPlan, RuleRevision, RunSummary, Source, Verdict } from "../registry/types.ts";
import { z } from "zod";

export const RECORDING_SCHEMA = 2;

// The ids live in a module of their own: the review screen's client bundle needs them, and this one
// brings zod and the statistics along.
export { RECORDING_IDS, type RecordingId } from "./ids.ts";
import type { RecordingId } from "./ids.ts";

// The curve helpers, too: the live run's comparison uses them in the why view's bundle.
export { RECORDING_CURVE_POINTS, recordingCurve, roundCurveValue } from "./curve.ts";
import { RECORDING_CURVE_POINTS } from "./curve.ts";

/** The definition's settings, as data (the decide() function is not recorded). */
export interface RecordingConfig {
  kind: "trained" | "api-fact";
  variants: unknown[];
  seeds: number[];
  pilotSeeds: number[];
  maxSeeds: number;
  measures: string[];
  decisionRule: string;
  thresholds: Record<string, number | string | boolean | number[]>;
  limits: string;
  runGroup?: string;
  sources: Source[];
  revisions: RuleRevision[];
}

/** The definition as frozen before the confirmatory runs: sha256 of its canonical serialisation. */
export interface Preregistration {
  version: number;
  /** 64 hex digits. */
  sha256: string;
  /** When the definition was frozen (before any confirmatory run). */
  frozenAt: string;
}

/** Exploratory runs that chose the seed count; never judged, kept apart from the confirmatory runs. */
export interface PilotRecord {
  seeds: number[];
  /** Where the runs come from (earlier recordings, pilot-only runs). */
  note: string;
  /** Final numbers and metrics only (curves and per-layer series are left out). */
  runs: RunSummary[];
}

export interface Recording {
  schema: 2;
  id: string;
  version: number;
  claim: string;
  cardExternalId: string;
  mode: "full";
  config: RecordingConfig;
  /** Trained experiments only. */
  preregistration?: Preregistration;
  pilot?: PilotRecord;
  power: PowerPlan[];
  runs: RunSummary[];
  verdict: Verdict;
  /** The committed recordings: wasm in Node; an author's recording: the backend their browser ran. */
  backend: "wasm" | "webgl" | "cpu";
  tfjsVersion: string;
  /** Recordings made in Node (`npm run experiments:record`). */
  nodeVersion?: string;
  /** Recordings made in an author's browser (experiments/custom): where, on what. */
  provenance?: { where: "browser"; backend: "wasm" | "webgl" | "cpu"; userAgent: string; deviceClass: "phone" | "tablet" | "desktop"; browser: string; recordedBy: string };
  wallMs: number;
  recordedAt: string;
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

const outcome = z.enum(["supported", "contradicted", "not-shown", "inconclusive"]);
const testSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("superiority"), null: z.number(), margin: z.number() }),
  z.object({ kind: z.literal("non-inferiority"), null: z.number(), margin: z.number() }),
  z.object({ kind: z.literal("equivalence"), lower: z.number(), upper: z.number() }),
]);

const estimateSchema = z.object({
  estimate: numOrNaN,
  lo: numOrNaN,
  hi: numOrNaN,
  n: z.number(),
  method: z.string(),
  se: numOrNaN.optional(),
  df: z.number().optional(),
  unit: z.string(),
  test: testSchema.optional(),
  nLabel: z.string().optional(),
});

export const verdictSchema = z.object({
  verdict: z.enum(["supported", "contradicted", "not-shown", "inconclusive", "confirmed-in-source"]),
  summary: z.string(),
  numbers: z.record(z.string(), numOrNaN),
  checks: z.array(
    z.object({
      description: z.string(),
      role: z.enum(["judged", "fact", "observation"]),
      outcome,
      value: z.string(),
      estimate: estimateSchema.optional(),
    }),
  ),
  mirror: z.enum(["mirrors", "differs", "not-reported"]).optional(),
}) satisfies z.ZodType<Verdict, unknown>;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "expected 64 lowercase hex digits");

export const recordingSchema = z
  .object({
    schema: z.literal(RECORDING_SCHEMA),
    id: z.string(),
    version: z.number().int().positive(),
    claim: z.string(),
    cardExternalId: z.string(),
    mode: z.literal("full"),
    config: z.object({
      kind: z.enum(["trained", "api-fact"]),
      variants: z.array(z.record(z.string(), z.unknown())),
      seeds: z.array(z.number()),
      pilotSeeds: z.array(z.number()),
      maxSeeds: z.number(),
      measures: z.array(z.string()),
      decisionRule: z.string(),
      thresholds: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.array(z.number())])),
      limits: z.string(),
      runGroup: z.string().optional(),
      sources: z.array(z.object({ text: z.string(), href: z.url({ protocol: /^https$/ }) })),
      revisions: z.array(
        z.object({ version: z.number().int(), date: z.iso.date(), afterSeeingResults: z.boolean(), change: z.string(), because: z.string() }),
      ),
    }),
    preregistration: z.object({ version: z.number().int().positive(), sha256: sha256Hex, frozenAt: z.iso.datetime() }).optional(),
    pilot: z.object({ seeds: z.array(z.number()), note: z.string(), runs: z.array(runSchema) }).optional(),
    power: z.array(
      z.object({ check: z.string(), pilotSpread: numOrNaN, pilotN: z.number(), unit: z.string(), test: testSchema, seedsNeeded: numOrNaN }),
    ),
    runs: z.array(runSchema.extend({ trainLossCurve: nums.max(RECORDING_CURVE_POINTS, `at most ${RECORDING_CURVE_POINTS} curve points`) })),
    verdict: verdictSchema,
    backend: z.enum(["wasm", "webgl", "cpu"]),
    tfjsVersion: z.string(),
    nodeVersion: z.string().optional(),
    provenance: z
      .object({
        where: z.literal("browser"),
        backend: z.enum(["wasm", "webgl", "cpu"]),
        userAgent: z.string(),
        deviceClass: z.enum(["phone", "tablet", "desktop"]),
        browser: z.string(),
        recordedBy: z.string(),
      })
      .optional(),
    wallMs: z.number(),
    recordedAt: z.iso.datetime(),
  })
  .refine((r) => r.config.kind !== "trained" || r.preregistration !== undefined, { message: "a trained experiment's recording needs its preregistration", path: ["preregistration"] })
  .refine((r) => r.preregistration === undefined || r.preregistration.version === r.version, { message: "preregistration.version must equal the recording's version", path: ["preregistration", "version"] })
  .refine((r) => r.preregistration === undefined || Date.parse(r.preregistration.frozenAt) <= Date.parse(r.recordedAt), { message: "frozen after the recording was made", path: ["preregistration", "frozenAt"] }) satisfies z.ZodType<Recording, unknown>;

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
