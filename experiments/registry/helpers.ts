// Shared pieces for decide() functions (pure).
import { type Interval } from "../statistics/intervals.ts";
import { combine, judge, type Outcome, type Test } from "../statistics/judge.ts";
import { lineRange } from "../sources/excerpts.ts";
import { isCollapsed } from "./stats.ts";
import type { CheckEstimate, ExperimentDefinition, RunSummary, Verdict, VerdictCheck } from "./types.ts";

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

// ---- checks with intervals ------------------------------------------------------------------

/** "1.23" with sensible precision for an estimate or a bound. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return fmt(x);
  const a = Math.abs(x);
  return fmt(x, a >= 100 ? 4 : a >= 1 ? 3 : 2);
}

/** "+1.2 percentage points (95 % CI 0.45 to 2.0; paired t, 8 seeds)". */
export function describeEstimate(e: CheckEstimate, nLabel = e.nLabel ?? "seeds"): string {
  // A difference reads with its sign; a share or a slope does not.
  const isDifference = e.test === undefined || (e.test.kind !== "equivalence" && e.test.null === 0);
  const sign = isDifference && e.estimate > 0 ? "+" : "";
  const ci = Number.isFinite(e.lo) ? ` (95 % CI ${num(e.lo)} to ${num(e.hi)}; ${e.method}, ${e.n} ${nLabel})` : ` (no interval: ${e.n} ${nLabel})`;
  return `${sign}${num(e.estimate)} ${e.unit}${ci}`;
}

/** A check judged by a pre-set test on an interval. */
export function judgedCheck(description: string, iv: Interval, unit: string, test: Test, opts: { nLabel?: string; extra?: string } = {}): VerdictCheck {
  const estimate: CheckEstimate = { ...iv, unit, test, ...(opts.nLabel ? { nLabel: opts.nLabel } : {}) };
  const outcome = judge(iv, test);
  return { description, role: "judged", outcome, value: describeEstimate(estimate, opts.nLabel) + (opts.extra ? `; ${opts.extra}` : ""), estimate };
}

/** Reported beside the verdict with its interval, never counted in it. */
export function observation(description: string, iv: Interval, unit: string, opts: { nLabel?: string; extra?: string } = {}): VerdictCheck {
  const estimate: CheckEstimate = { ...iv, unit, ...(opts.nLabel ? { nLabel: opts.nLabel } : {}) };
  return { description, role: "observation", outcome: "not-shown", value: describeEstimate(estimate, opts.nLabel) + (opts.extra ? `; ${opts.extra}` : ""), estimate };
}

/** A computed fact (arithmetic from the architecture, an exactly-zero gradient): holds or not. */
export function factCheck(description: string, holds: boolean, value: string): VerdictCheck {
  return { description, role: "fact", outcome: holds ? "supported" : "contradicted", value };
}

/** A judged part that could not be estimated (the reason is its value). */
export function unestimated(description: string, reason: string): VerdictCheck {
  return { description, role: "judged", outcome: "inconclusive", value: reason };
}

/** The verdict of a claim from its judged checks and facts (observations never count). */
export function outcomeOf(checks: readonly VerdictCheck[]): Outcome {
  return combine(checks.filter((c) => c.role !== "observation").map((c) => c.outcome));
}

const lower = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * The learner-facing summary: what was tested, then what held, what was not shown and what was
 * contradicted, each with its numbers. Built from the checks, so it can never disagree with them.
 */
export function summaryOf(tested: string, checks: readonly VerdictCheck[]): string {
  const judged = checks.filter((c) => c.role !== "observation");
  const part = (o: Outcome, head: string): string => {
    const cs = judged.filter((c) => c.outcome === o);
    return cs.length ? ` ${head}: ${cs.map((c) => `${lower(c.description)} (${c.value})`).join("; ")}.` : "";
  };
  const obs = checks.filter((c) => c.role === "observation");
  const seen = obs.length ? ` Also measured, not judged: ${obs.map((c) => `${lower(c.description)} (${c.value})`).join("; ")}.` : "";
  return `${tested}${part("supported", "Held")}${part("contradicted", "Went against the claim")}${part("not-shown", "Not shown (the interval is still too wide to decide)")}${part("inconclusive", "Could not be judged")}${seen}`;
}

/** Verdict from checks: outcome, plain-words summary, numbers. */
export function verdictFrom(tested: string, checks: VerdictCheck[], numbers: Record<string, number>): Verdict {
  return { verdict: outcomeOf(checks), summary: summaryOf(tested, checks), numbers, checks };
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

/** Shared model presets (the book's simple_cnn). */
export const SIMPLE_CNN = { batchNorm: false, channels: [8, 16, 32, 64], firstKernel: 5 as const };
export const SIMPLE_CNN_BN = { ...SIMPLE_CNN, batchNorm: true };

/** Seeds of the pilot runs (the first recordings' seeds): exploratory, never judged. */
export const PILOT_SEEDS = [1, 2, 3];
export const QUICK_SEEDS = [1];

/** n consecutive seeds from `first` (confirmatory seeds start well away from the pilot's). */
export const seedRange = (first: number, n: number): number[] => Array.from({ length: n }, (_, i) => first + i);

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
    checks.push(factCheck(f.description, f.ok(v), f.show(v)));
  }
  return { checks, numbers, missing };
}

/**
 * The verdict of an API fact: confirmed in the fastai source when excerpts are pinned (their presence in
 * the fingerprinted files is checked by the test suite), with our learner's live mirror reported apart.
 */
export function apiFactVerdict(
  excerpts: readonly { path: string; commit: string; lines: readonly [number, number] }[],
  mirror: { checks: VerdictCheck[]; numbers: Record<string, number>; missing: string[] } | undefined,
  statement: string,
): Verdict {
  const where = excerpts.map((e) => `${e.path}@${e.commit.slice(0, 7)}, ${lineRange(e.lines)}`);
  const files = [...new Set(where)].join("; ");
  const m: Verdict["mirror"] = !mirror || mirror.missing.length > 0 ? "not-reported" : mirror.checks.every((c) => c.outcome === "supported") ? "mirrors" : "differs";
  const mirrorText =
    m === "mirrors"
      ? "Our learner mirrors it: every behaviour checked in its live run matches."
      : m === "differs"
        ? `Our learner differs: ${mirror!.checks.filter((c) => c.outcome !== "supported").map((c) => `${lower(c.description)} (${c.value})`).join("; ")}.`
        : `Our learner's run did not report ${mirror?.missing.join(", ") || "its behaviour"}.`;
  if (excerpts.length === 0)
    return { verdict: "inconclusive", summary: `No fastai source excerpt is pinned for this fact. ${mirrorText}`, numbers: mirror?.numbers ?? {}, checks: mirror?.checks ?? [], mirror: m };
  return {
    verdict: "confirmed-in-source",
    summary: `Confirmed in the fastai source (${files}): ${statement} ${mirrorText}`,
    numbers: mirror?.numbers ?? {},
    checks: mirror?.checks ?? [],
    mirror: m,
  };
}

/** What the two API-fact definitions share: no seeds to plan, nothing to freeze, one rule and one limit. */
export const API_FACT_DESIGN = {
  kind: "api-fact",
  seeds: [1],
  pilotSeeds: [],
  maxSeeds: 1,
  plan: () => [],
  thresholds: {},
  decisionRule:
    "An API fact, not a trained comparison: confirmed when pinned lines of the fastai source state it (the test suite checks each excerpt against a fingerprint of the file at its commit). " +
    "Separately, our learner's live run is checked for the same behaviour: it mirrors it, differs (a check fails), or did not report it.",
  limits: "The source shows what fastai does at the pinned commit; later fastai versions may differ. Our learner's run shows our TensorFlow.js mirror of it, not fastai itself.",
} as const satisfies Partial<ExperimentDefinition>;
