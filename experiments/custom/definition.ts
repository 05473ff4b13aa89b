/**
 * An author's design as a registry definition (pure), so the same runner, worker and why view serve it,
 * and its decision rule as code: one of three templates, each judged on a 95 % interval with a test
 * fixed before the runs (experiments/statistics/judge.ts).
 *
 * - beats:  paired t over seeds of A − B in the better direction; superiority over 0, and an interval
 *           inside ±margin shows "no difference that matters", which contradicts the claim;
 * - within: the same paired difference; equivalence: the interval inside ±margin;
 * - trend:  Spearman's ρ between the variants' order and the metric (better direction) over every run,
 *           Fisher z interval; superiority over 0 with ±margin as "no trend".
 *
 * Collapsed runs (predicting one class) count with the numbers they reached: the rule does not set
 * them aside, so a variant that collapses loses.
 */
import { pairedT, spearmanInterval, type Interval } from "../statistics/intervals.ts";
import type { Test } from "../statistics/judge.ts";
import { commonSeeds, fmt, inconclusive, judgedCheck, missingVariants, num, observation, runsFor, safeDecide, verdictFrom } from "../registry/helpers.ts";
import { mean, spearman } from "../registry/stats.ts";
import type { ExperimentDefinition, RuleRevision, RunSummary, Verdict } from "../registry/types.ts";
import { METRIC_INFO, SCHEDULE_LABELS, VARIANT_IDS, seedsOf, variantSpecOf, type CustomDesign, type CustomMetric, type RuleDesign } from "./design.ts";

export { CUSTOM_ID_PREFIX, isCustomExperimentId } from "./ids.ts";

/** Quick mode of an author experiment: one seed, at most this many steps per run (provisional). */
export const QUICK_MAX_STEPS = 40;

const letter = (id: string) => id.toUpperCase();
const variantName = (d: CustomDesign, id: string) => `${letter(id)} (${d.variants[VARIANT_IDS.indexOf(id as (typeof VARIANT_IDS)[number])]?.label ?? "?"})`;

/** The metric of a run in its display unit, sign-flipped so that larger is better. */
function better(run: RunSummary, m: CustomMetric): number {
  const info = METRIC_INFO[m];
  const v = run.final[m] * info.scale;
  return info.higherIsBetter ? v : -v;
}

export function testOf(rule: RuleDesign): Test {
  return rule.template === "within" ? { kind: "equivalence", lower: -rule.margin, upper: rule.margin } : { kind: "superiority", null: 0, margin: rule.margin };
}

/** The rule in plain words, as the why view and the pre-registration show it. */
export function ruleText(d: CustomDesign): string {
  const r = d.rule;
  const info = METRIC_INFO[r.metric];
  const dir = info.higherIsBetter ? "higher" : "lower";
  const n = d.seedCount;
  switch (r.template) {
    case "beats":
      return (
        `${variantName(d, r.a)} beats ${variantName(d, r.b)} on final ${info.label} (${dir} is better), seed-matched over ${n} seeds. ` +
        `The paired difference gets a 95 % paired-t interval: supported if it lies above 0, contradicted if it lies below 0 or inside ±${r.margin} ${info.unit} (no difference that matters), otherwise not shown. ` +
        "Collapsed runs count with the numbers they reached."
      );
    case "within":
      return (
        `${variantName(d, r.a)} is within ±${r.margin} ${info.unit} of ${variantName(d, r.b)} on final ${info.label}, seed-matched over ${n} seeds. ` +
        `The paired difference gets a 95 % paired-t interval: supported if it lies inside ±${r.margin}, contradicted if it lies wholly outside, otherwise not shown.`
      );
    case "trend":
      return (
        `Final ${info.label} gets better (${dir}) along the variants' order ${d.variants.map((_, i) => letter(VARIANT_IDS[i]!)).join(" → ")}: Spearman's ρ between the order and the metric over all ${n * d.variants.length} runs, ` +
        `with a 95 % Fisher-z interval: supported if it lies above 0, contradicted if below 0 or inside ±${r.margin} (no trend that matters), otherwise not shown.`
      );
  }
}

function decideWith(d: CustomDesign): (runs: RunSummary[]) => Verdict {
  const r = d.rule;
  const info = METRIC_INFO[r.metric];
  const ids = VARIANT_IDS.slice(0, d.variants.length);
  const test = testOf(r);
  return (runs) => {
    if (r.template === "trend") {
      const missing = missingVariants(runs, ids, 2);
      if (missing) return missing;
      const seeds = commonSeeds(runs, ids);
      const order: number[] = [];
      const values: number[] = [];
      for (const s of seeds)
        ids.forEach((id, i) => {
          const run = runsFor(runs, id).find((x) => x.seed === s)!;
          order.push(i);
          values.push(better(run, r.metric));
        });
      if (values.some((v) => !Number.isFinite(v))) return inconclusive(`A run reported a non-finite ${info.label}.`);
      const iv: Interval = spearmanInterval(spearman(order, values), values.length);
      const numbers: Record<string, number> = { rho: iv.estimate, runs: values.length };
      ids.forEach((id) => (numbers[`mean_${id}`] = mean(runsFor(runs, id).map((x) => x.final[r.metric]))));
      const check = judgedCheck(`${info.label[0]!.toUpperCase()}${info.label.slice(1)} gets better along ${ids.map(letter).join(" → ")}: Spearman's ρ`, iv, "Spearman's ρ", test, {
        nLabel: "runs",
        extra: `means ${ids.map((id) => `${letter(id)} ${fmt(numbers[`mean_${id}`]!)}`).join(", ")}`,
      });
      return verdictFrom(`Tested on ${seeds.length} seeds × ${ids.length} variants.`, [check], numbers);
    }
    const pair = [r.a, r.b];
    const missing = missingVariants(runs, pair, 2);
    if (missing) return missing;
    const seeds = commonSeeds(runs, pair);
    const at = (id: string) => seeds.map((s) => runsFor(runs, id).find((x) => x.seed === s)!);
    const a = at(r.a).map((x) => better(x, r.metric));
    const b = at(r.b).map((x) => better(x, r.metric));
    if ([...a, ...b].some((v) => !Number.isFinite(v))) return inconclusive(`A run reported a non-finite ${info.label}.`);
    const iv = pairedT(a, b);
    const raw = (id: string) => mean(at(id).map((x) => x.final[r.metric] * info.scale));
    const numbers: Record<string, number> = { difference: iv.estimate, seeds: seeds.length, mean_a: raw(r.a), mean_b: raw(r.b) };
    const described = `${r.template === "beats" ? `${letter(r.a)} beats ${letter(r.b)}` : `${letter(r.a)} within ±${r.margin} of ${letter(r.b)}`} on ${info.label}: paired difference, ${info.higherIsBetter ? "A − B" : "B − A"} (larger = ${letter(r.a)} better)`;
    const checks = [
      judgedCheck(described, iv, info.unit, test, { extra: `mean ${letter(r.a)} ${num(numbers.mean_a!)}, ${letter(r.b)} ${num(numbers.mean_b!)}` }),
    ];
    const collapsed = runs.filter((x) => x.collapsed).length;
    if (collapsed > 0) checks.push(observation("Runs that collapsed to one class (counted as they are)", { estimate: collapsed, lo: NaN, hi: NaN, n: runs.length, method: "count" }, "runs", { nLabel: "runs" }));
    return verdictFrom(`Tested on ${seeds.length} seed-matched pairs.`, checks, numbers);
  };
}

export interface CustomMeta {
  id: string;
  version: number;
  revisions: RuleRevision[];
}

/** The definition the runner trains and the server judges with; `decide` never throws. */
export function definitionOf(d: CustomDesign, meta: CustomMeta): ExperimentDefinition {
  const ids = VARIANT_IDS.slice(0, d.variants.length);
  const info = METRIC_INFO[d.rule.metric];
  return {
    id: meta.id,
    version: meta.version,
    cardExternalId: "",
    claim: d.claim,
    kind: "trained",
    variants: d.variants.map((v, i) => variantSpecOf(v, ids[i]!)),
    seeds: seedsOf(d),
    pilotSeeds: [],
    maxSeeds: d.seedCount,
    plan: () => [],
    thresholds: { template: d.rule.template, metric: d.rule.metric, margin: d.rule.margin, ...(d.rule.template === "trend" ? {} : { a: d.rule.a, b: d.rule.b }) },
    quick: { seeds: [d.firstSeed], maxSteps: QUICK_MAX_STEPS },
    measures: [`final ${info.label} on 2,000 held-out digits`, "training-loss curve", "collapse to one class"],
    decisionRule: ruleText(d),
    limits:
      "Written by the deck's author from Proofdeck's model family: the book's simple_cnn on 8,000 MNIST digits, " +
      d.variants.map((v, i) => `${letter(ids[i]!)}: ${v.channels.join("-")} channels, ${v.firstKernel}×${v.firstKernel} first kernel${v.batchNorm ? ", batch norm" : ""}, lr ${v.lr}, ${SCHEDULE_LABELS[v.schedule]}, batch ${v.bs}, ${v.steps} steps`).join("; ") +
      `. ${d.seedCount} seeds chosen by the author (no pilot or power calculation), so a "not shown" may only mean too few seeds.`,
    revisions: meta.revisions,
    decide: safeDecide(decideWith(d)),
    sources: [],
  };
}
