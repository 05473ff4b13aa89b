// Shared pieces for decide() functions (pure).
import { isCollapsed } from "./stats.ts";
import type { RunSummary, Verdict, VerdictCheck } from "./types.ts";

export function collapsedOf(run: RunSummary): boolean {
  return run.collapsed ?? isCollapsed(run.final, run.majorityShare);
}

export function runsFor(runs: readonly RunSummary[], variantId: string): RunSummary[] {
  return runs.filter((r) => r.variantId === variantId).sort((a, b) => a.seed - b.seed);
}

/** seed → run for one variant (the last one wins if a seed repeats). */
export function bySeed(runs: readonly RunSummary[], variantId: string): Map<number, RunSummary> {
  const m = new Map<number, RunSummary>();
  for (const r of runsFor(runs, variantId)) m.set(r.seed, r);
  return m;
}

/** Seeds present in every one of the given variants, ascending. */
export function commonSeeds(runs: readonly RunSummary[], variantIds: readonly string[]): number[] {
  const sets = variantIds.map((id) => new Set(runsFor(runs, id).map((r) => r.seed)));
  if (sets.length === 0) return [];
  return [...sets[0]!].filter((s) => sets.every((set) => set.has(s))).sort((a, b) => a - b);
}

export function inconclusive(summary: string, checks: VerdictCheck[] = [], numbers: Record<string, number> = {}): Verdict {
  return { verdict: "inconclusive", summary, numbers, checks };
}

/**
 * Returns an inconclusive verdict naming every variant with fewer than `minSeeds` runs
 * (seed-matched across the variants), or null when all are there.
 */
export function missingVariants(runs: readonly RunSummary[], variantIds: readonly string[], minSeeds: number): Verdict | null {
  const problems: string[] = [];
  for (const id of variantIds) {
    const n = runsFor(runs, id).length;
    if (n < minSeeds) problems.push(`${id} (${n} run${n === 1 ? "" : "s"}, need ≥ ${minSeeds})`);
  }
  if (problems.length > 0) return inconclusive(`Not enough runs to decide: missing ${problems.join(", ")}.`);
  const seeds = commonSeeds(runs, variantIds);
  if (seeds.length < minSeeds)
    return inconclusive(`Not enough seed-matched runs: ${seeds.length} seed(s) shared by all variants, need ≥ ${minSeeds}.`);
  return null;
}

/** Metric value, or undefined when missing or not a finite number. */
export function metric(run: RunSummary | undefined, key: string): number | undefined {
  const v = run?.metrics[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/**
 * Pairwise comparison "a is better than b" on final validation loss, with collapse first:
 * a non-collapsed run beats a collapsed one; two collapsed runs give null (no information);
 * otherwise lower validation loss wins.
 */
export function betterRun(a: RunSummary, b: RunSummary): boolean | null {
  const ca = collapsedOf(a);
  const cb = collapsedOf(b);
  if (ca && cb) return null;
  if (ca !== cb) return !ca;
  return a.final.validLoss < b.final.validLoss;
}

export function fmt(x: number, digits = 4): string {
  if (Number.isNaN(x)) return "n/a";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  return Number(x.toPrecision(digits)).toString();
}

export const pct = (x: number, digits = 1): string => (Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : "n/a");

/** Wraps a rule so that it never throws: an unexpected error becomes "inconclusive". */
export function safeDecide(rule: (runs: RunSummary[]) => Verdict): (runs: RunSummary[]) => Verdict {
  return (runs) => {
    try {
      return rule(Array.isArray(runs) ? runs : []);
    } catch (e) {
      return inconclusive(`Could not evaluate the rule: ${e instanceof Error ? e.message : String(e)}.`);
    }
  };
}

/** "supported" when every check passed, else "not-supported". */
export function fromChecks(checks: VerdictCheck[]): Verdict["verdict"] {
  return checks.every((c) => c.passed) ? "supported" : "not-supported";
}

/** Shared model presets (the book's simple_cnn). */
export const SIMPLE_CNN = { batchNorm: false, channels: [8, 16, 32, 64], firstKernel: 5 as const };
export const SIMPLE_CNN_BN = { ...SIMPLE_CNN, batchNorm: true };

export const BOOK_SOURCE = "fastbook 13_convolutions.ipynb";
export const FACTS_SOURCE = "shared reference: fastbook-ch13-facts.md";
export const FULL_SEEDS = [1, 2, 3];
export const QUICK_SEEDS = [1];

/** One quantity an API-fact experiment reads off the live learner. */
export interface LiveFact {
  key: string;
  description: string;
  ok: (v: number) => boolean;
  /** How the value reads in a check, e.g. "40 (expected 40)". */
  show: (v: number) => string;
  /** Required facts missing from the run make the verdict inconclusive; others are checked when present. */
  required: boolean;
}

/** Checks the facts a live run reported; lists the required ones it did not report. */
export function checkLiveFacts(run: RunSummary, facts: readonly LiveFact[]) {
  const checks: VerdictCheck[] = [];
  const numbers: Record<string, number> = {};
  const missing: string[] = [];
  for (const f of facts) {
    const v = metric(run, f.key);
    if (v === undefined) {
      if (f.required) missing.push(f.key);
      continue;
    }
    numbers[f.key] = v;
    checks.push({ description: f.description, passed: f.ok(v), value: f.show(v) });
  }
  return { checks, numbers, missing };
}
