/**
 * Recorded full-mode experiment results (one JSON file per registry experiment, written by
 * `npm run experiments:record`), plus pure helpers the app uses to read them: the ids, the
 * `Recording` type and a dependency-free runtime check `parseRecording`.
 *
 * Pure: no tfjs, no I/O. Verdicts in recordings are computed by the definition's decide() from the
 * recorded runs (tests/unit/experiments-recordings.test.ts recomputes them).
 */
import type { LayerHistogram, LayerSeries, RunSummary, Verdict } from "../registry/types.ts";
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

class RecordingError extends Error {
  override name = "RecordingError";
}

type Obj = Record<string, unknown>;

function fail(path: string, msg: string): never {
  throw new RecordingError(`parseRecording: ${path}: ${msg}`);
}
function obj(v: unknown, path: string): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(path, `expected an object, got ${describe(v)}`);
  return v as Obj;
}
function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, `expected an array, got ${describe(v)}`);
  return v;
}
function str(v: unknown, path: string): string {
  if (typeof v !== "string") fail(path, `expected a string, got ${describe(v)}`);
  return v;
}
function num(v: unknown, path: string): number {
  if (typeof v !== "number") fail(path, `expected a number, got ${describe(v)}`);
  return v;
}
/** A number, or null (JSON's spelling of NaN / ±Infinity, e.g. a diverged run's loss) read back as NaN. */
function numOrNaN(v: unknown, path: string): number {
  return v === null ? Number.NaN : num(v, path);
}
function bool(v: unknown, path: string): boolean {
  if (typeof v !== "boolean") fail(path, `expected a boolean, got ${describe(v)}`);
  return v;
}
function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v;
}
function numRecord(v: unknown, path: string): Record<string, number> {
  const o = obj(v, path);
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(o)) out[k] = numOrNaN(x, `${path}.${k}`);
  return out;
}

function parseRun(v: unknown, path: string): RunSummary {
  const o = obj(v, path);
  const f = obj(o.final, `${path}.final`);
  const run: RunSummary = {
    variantId: str(o.variantId, `${path}.variantId`),
    seed: num(o.seed, `${path}.seed`),
    steps: num(o.steps, `${path}.steps`),
    final: {
      validLoss: numOrNaN(f.validLoss, `${path}.final.validLoss`),
      validAcc: numOrNaN(f.validAcc, `${path}.final.validAcc`),
      trainLoss: numOrNaN(f.trainLoss, `${path}.final.trainLoss`),
    },
    trainLossCurve: arr(o.trainLossCurve, `${path}.trainLossCurve`).map((x, i) => numOrNaN(x, `${path}.trainLossCurve[${i}]`)),
    metrics: numRecord(o.metrics, `${path}.metrics`),
  };
  if (run.trainLossCurve.length > RECORDING_CURVE_POINTS)
    fail(`${path}.trainLossCurve`, `${run.trainLossCurve.length} points (at most ${RECORDING_CURVE_POINTS})`);
  if (o.majorityShare !== undefined) run.majorityShare = numOrNaN(o.majorityShare, `${path}.majorityShare`);
  if (o.collapsed !== undefined) run.collapsed = bool(o.collapsed, `${path}.collapsed`);
  if (o.layerStats !== undefined) run.layerStats = arr(o.layerStats, `${path}.layerStats`).map((x, i) => parseLayerSeries(x, `${path}.layerStats[${i}]`));
  if (o.layerHist !== undefined) run.layerHist = arr(o.layerHist, `${path}.layerHist`).map((x, i) => parseLayerHist(x, `${path}.layerHist[${i}]`));
  return run;
}

const nums = (v: unknown, path: string): number[] => arr(v, path).map((x, i) => numOrNaN(x, `${path}[${i}]`));

function parseLayerSeries(v: unknown, path: string): LayerSeries {
  const o = obj(v, path);
  const s: LayerSeries = {
    layer: str(o.layer, `${path}.layer`),
    steps: nums(o.steps, `${path}.steps`),
    mean: nums(o.mean, `${path}.mean`),
    std: nums(o.std, `${path}.std`),
    nearZero: nums(o.nearZero, `${path}.nearZero`),
  };
  for (const k of ["mean", "std", "nearZero"] as const)
    if (s[k].length !== s.steps.length) fail(`${path}.${k}`, `${s[k].length} points but ${s.steps.length} steps`);
  return s;
}

function parseLayerHist(v: unknown, path: string): LayerHistogram {
  const o = obj(v, path);
  const h: LayerHistogram = {
    layer: str(o.layer, `${path}.layer`),
    steps: nums(o.steps, `${path}.steps`),
    bins: num(o.bins, `${path}.bins`),
    min: num(o.min, `${path}.min`),
    max: num(o.max, `${path}.max`),
    counts: arr(o.counts, `${path}.counts`).map((c, i) => nums(c, `${path}.counts[${i}]`)),
  };
  if (h.counts.length !== h.steps.length) fail(`${path}.counts`, `${h.counts.length} columns but ${h.steps.length} steps`);
  h.counts.forEach((c, i) => {
    if (c.length !== h.bins) fail(`${path}.counts[${i}]`, `${c.length} bins (expected ${h.bins})`);
  });
  return h;
}

function parseVerdict(v: unknown, path: string): Verdict {
  const o = obj(v, path);
  const verdict = str(o.verdict, `${path}.verdict`);
  if (verdict !== "supported" && verdict !== "not-supported" && verdict !== "inconclusive")
    fail(`${path}.verdict`, `expected "supported" | "not-supported" | "inconclusive", got ${JSON.stringify(verdict)}`);
  // numbers may legitimately hold NaN, which JSON stores as null: keep those as NaN.
  const numbersObj = obj(o.numbers, `${path}.numbers`);
  const numbers: Record<string, number> = {};
  for (const [k, x] of Object.entries(numbersObj)) numbers[k] = numOrNaN(x, `${path}.numbers.${k}`);
  return {
    verdict,
    summary: str(o.summary, `${path}.summary`),
    numbers,
    checks: arr(o.checks, `${path}.checks`).map((c, i) => {
      const co = obj(c, `${path}.checks[${i}]`);
      return {
        description: str(co.description, `${path}.checks[${i}].description`),
        passed: bool(co.passed, `${path}.checks[${i}].passed`),
        value: str(co.value, `${path}.checks[${i}].value`),
      };
    }),
  };
}

function parseConfig(v: unknown, path: string): RecordingConfig {
  const o = obj(v, path);
  const kind = str(o.kind, `${path}.kind`);
  if (kind !== "trained" && kind !== "api-fact") fail(`${path}.kind`, `expected "trained" | "api-fact", got ${JSON.stringify(kind)}`);
  const cfg: RecordingConfig = {
    kind,
    variants: arr(o.variants, `${path}.variants`).map((x, i) => obj(x, `${path}.variants[${i}]`)),
    seeds: arr(o.seeds, `${path}.seeds`).map((x, i) => num(x, `${path}.seeds[${i}]`)),
    measures: arr(o.measures, `${path}.measures`).map((x, i) => str(x, `${path}.measures[${i}]`)),
    decisionRule: str(o.decisionRule, `${path}.decisionRule`),
    sources: arr(o.sources, `${path}.sources`).map((x, i) => str(x, `${path}.sources[${i}]`)),
  };
  if (o.runGroup !== undefined) cfg.runGroup = str(o.runGroup, `${path}.runGroup`);
  return cfg;
}

/** Validates a parsed recording JSON value; throws a RecordingError naming the first bad field. */
export function parseRecording(json: unknown): Recording {
  const o = obj(json, "recording");
  if (o.schema !== RECORDING_SCHEMA) fail("recording.schema", `expected ${RECORDING_SCHEMA}, got ${JSON.stringify(o.schema)}`);
  if (o.mode !== "full") fail("recording.mode", `expected "full", got ${JSON.stringify(o.mode)}`);
  if (o.backend !== "wasm") fail("recording.backend", `expected "wasm", got ${JSON.stringify(o.backend)}`);
  const recordedAt = str(o.recordedAt, "recording.recordedAt");
  if (Number.isNaN(Date.parse(recordedAt))) fail("recording.recordedAt", `not an ISO date: ${JSON.stringify(recordedAt)}`);
  const rejudged = o.rejudgedAt === undefined ? {} : { rejudgedAt: str(o.rejudgedAt, "recording.rejudgedAt") };
  return {
    ...rejudged,
    schema: 1,
    id: str(o.id, "recording.id"),
    claim: str(o.claim, "recording.claim"),
    cardExternalId: str(o.cardExternalId, "recording.cardExternalId"),
    mode: "full",
    config: parseConfig(o.config, "recording.config"),
    runs: arr(o.runs, "recording.runs").map((r, i) => parseRun(r, `recording.runs[${i}]`)),
    verdict: parseVerdict(o.verdict, "recording.verdict"),
    backend: "wasm",
    tfjsVersion: str(o.tfjsVersion, "recording.tfjsVersion"),
    nodeVersion: str(o.nodeVersion, "recording.nodeVersion"),
    wallMs: num(o.wallMs, "recording.wallMs"),
    recordedAt,
  };
}
