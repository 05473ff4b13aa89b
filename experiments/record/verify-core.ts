/**
 * Reproducibility check of the recordings: re-runs recorded runs (same full-mode settings, backend and
 * seed) and compares: every run (`--all`), one cheap run per trained experiment (`npm test`), or one
 * 10-step run (`--quick`).
 *
 * Tolerance (documented; same backend + seed should be bit-identical, see the runner's seeding note):
 * - steps, validAcc, collapsed, metric names: equal;
 * - final.validLoss, final.trainLoss and every metric: |Δ| ≤ 1e-6 (ABS_TOL);
 * - trainLossCurve (as stored: ≤ 100 bucket means, 6 significant digits): identical point for point.
 * A recording made with another backend or tfjs version is reported as a mismatch too (not comparable).
 */
import { readFileSync } from "node:fs";
import type { LearnerData } from "../learner/learner.ts";
import { estimateVariantSeconds } from "../registry/budget.ts";
import { EXPERIMENTS, experimentById } from "../registry/index.ts";
import type { ExperimentDefinition, RunSummary } from "../registry/types.ts";
import { parseRecording, type Recording } from "../recordings/index.ts";
import { runVariant } from "../runner/run-variant.ts";
import { recordedRun, recordingPath, tfjsVersion } from "./common.ts";

export const ABS_TOL = 1e-6;

export interface VerifyCheck {
  experimentId: string;
  variantId: string;
  seed: number;
}

/** `--quick`: the fastest single check (card 4's 10-step live-callbacks run). */
export const QUICK_CHECKS: readonly VerifyCheck[] = [{ experimentId: "ch13-callback-access", variantId: "live-callbacks", seed: 1 }];

/**
 * What `npm test` re-runs: for every trained experiment, its cheapest variant (by the budget estimate) on its
 * first confirmatory seed; experiments sharing a runGroup share the run.
 */
export function testChecks(experiments: readonly ExperimentDefinition[] = EXPERIMENTS): VerifyCheck[] {
  return experiments
    .filter((e) => e.kind === "trained")
    .map((e) => {
      const cheapest = [...e.variants].sort((a, b) => estimateVariantSeconds(a) - estimateVariantSeconds(b))[0]!;
      return { experimentId: e.id, variantId: cheapest.id, seed: e.seeds[0]! };
    });
}

/** `--all`: every recorded run of every recording. */
export function allChecks(recordings: readonly Recording[]): VerifyCheck[] {
  return recordings.flatMap((r) => r.runs.map((run) => ({ experimentId: r.id, variantId: run.variantId, seed: run.seed })));
}

export interface VerifyResult {
  check: VerifyCheck;
  ok: boolean;
  /** Human-readable differences (empty when ok). */
  problems: string[];
  wallMs: number;
  maxAbsDiff: number;
}

const same = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/** Differences between a recorded run and a fresh one (already in recording form). */
export function compareRuns(recorded: RunSummary, fresh: RunSummary, tol: number = ABS_TOL): { problems: string[]; maxAbsDiff: number } {
  const problems: string[] = [];
  let maxAbsDiff = 0;
  const close = (name: string, a: number, b: number): void => {
    if (same(a, b)) return;
    const d = Math.abs(a - b);
    if (Number.isFinite(d)) maxAbsDiff = Math.max(maxAbsDiff, d);
    if (!(d <= tol)) problems.push(`${name}: recorded ${a}, re-run ${b} (|Δ| = ${d} > ${tol})`);
  };
  if (recorded.steps !== fresh.steps) problems.push(`steps: recorded ${recorded.steps}, re-run ${fresh.steps}`);
  close("final.validLoss", recorded.final.validLoss, fresh.final.validLoss);
  close("final.trainLoss", recorded.final.trainLoss, fresh.final.trainLoss);
  if (!same(recorded.final.validAcc, fresh.final.validAcc))
    problems.push(`final.validAcc: recorded ${recorded.final.validAcc}, re-run ${fresh.final.validAcc}`);
  if ((recorded.collapsed ?? false) !== (fresh.collapsed ?? false))
    problems.push(`collapsed: recorded ${recorded.collapsed}, re-run ${fresh.collapsed}`);
  const keys = new Set([...Object.keys(recorded.metrics), ...Object.keys(fresh.metrics)]);
  for (const k of [...keys].sort()) {
    const a = recorded.metrics[k];
    const b = fresh.metrics[k];
    if (a === undefined || b === undefined) problems.push(`metrics.${k}: ${a === undefined ? "missing in the recording" : "missing in the re-run"}`);
    else close(`metrics.${k}`, a, b);
  }
  const ca = recorded.trainLossCurve;
  const cb = fresh.trainLossCurve;
  if (ca.length !== cb.length) problems.push(`trainLossCurve: ${ca.length} recorded points, ${cb.length} re-run points`);
  else {
    const firstDiff = ca.findIndex((v, i) => !same(v, cb[i]!));
    if (firstDiff >= 0) {
      const n = ca.filter((v, i) => !same(v, cb[i]!)).length;
      problems.push(`trainLossCurve: ${n}/${ca.length} points differ (first at ${firstDiff}: recorded ${ca[firstDiff]}, re-run ${cb[firstDiff]})`);
    }
  }
  // Layer series are rounded to 4 significant digits by the runner itself, so the same backend and seed give the same JSON.
  for (const k of ["layerStats", "layerHist"] as const)
    if (JSON.stringify(recorded[k] ?? null) !== JSON.stringify(fresh[k] ?? null)) problems.push(`${k}: the re-run's per-layer series differ from the recording's`);
  return { problems, maxAbsDiff };
}

/** Re-runs each check on `data` (the recording data: wasm backend already active) and compares with its recording. */
export async function verifyRecordings(checks: readonly VerifyCheck[], data: LearnerData): Promise<VerifyResult[]> {
  const results: VerifyResult[] = [];
  const tfjs = tfjsVersion();
  // Definitions sharing a runGroup record the same runs: train each (group, variant, seed) once.
  const fresh = new Map<string, RunSummary>();
  for (const c of checks) {
    const t0 = performance.now();
    const def = experimentById(c.experimentId);
    const seed = c.seed;
    const check = { ...c };
    const fail = (problems: string[]): void => {
      results.push({ check, ok: false, problems, wallMs: performance.now() - t0, maxAbsDiff: Number.NaN });
    };
    if (!def) {
      fail([`experiment ${c.experimentId} is not registered`]);
      continue;
    }
    const variant = def.variants.find((v) => v.id === c.variantId);
    if (!variant) {
      fail([`experiment ${c.experimentId} has no variant ${c.variantId}`]);
      continue;
    }
    let rec;
    try {
      rec = parseRecording(JSON.parse(readFileSync(recordingPath(c.experimentId), "utf8")));
    } catch (e) {
      fail([`cannot read the recording: ${e instanceof Error ? e.message : String(e)}`]);
      continue;
    }
    const recorded = rec.runs.find((r) => r.variantId === c.variantId && r.seed === seed);
    if (!recorded) {
      fail([`the recording has no run ${c.variantId} × seed ${seed}`]);
      continue;
    }
    const env: string[] = [];
    if (rec.tfjsVersion !== tfjs) env.push(`recorded with tfjs ${rec.tfjsVersion}, re-run with ${tfjs}`);
    const key = `${def.runGroup ?? def.id}/${variant.id}/${seed}`;
    if (!fresh.has(key)) fresh.set(key, recordedRun(await runVariant(def, variant, seed, data, { mode: "full" })));
    const { problems, maxAbsDiff } = compareRuns(recorded, fresh.get(key)!);
    problems.unshift(...env);
    results.push({ check, ok: problems.length === 0, problems, wallMs: performance.now() - t0, maxAbsDiff });
  }
  return results;
}

/** A plain-text report of the results. */
export function formatReport(results: readonly VerifyResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    const head = `${r.ok ? "OK  " : "FAIL"} ${r.check.experimentId} / ${r.check.variantId} × seed ${r.check.seed}`;
    const tail = `(${(r.wallMs / 1000).toFixed(1)} s, max |Δ| ${Number.isNaN(r.maxAbsDiff) ? "n/a" : r.maxAbsDiff})`;
    lines.push(`${head} ${tail}`);
    for (const p of r.problems) lines.push(`       - ${p}`);
  }
  const bad = results.filter((r) => !r.ok).length;
  lines.push(
    bad === 0
      ? `All ${results.length} re-run(s) reproduce their recordings (tolerance: |Δ| ≤ ${ABS_TOL.toExponential(0)} on losses/metrics, identical steps, accuracy and stored curve).`
      : `${bad}/${results.length} re-run(s) do NOT reproduce their recordings.`,
  );
  return lines.join("\n");
}
