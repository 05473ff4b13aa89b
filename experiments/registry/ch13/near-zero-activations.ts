// Card 5 (book #28): near-zero activations are wasted computation; zeros spread toward later layers;
// networks full of them train poorly. A ReLU channel that is zero on every input gets zero gradient.
import { BOOK_SOURCE, FACTS_SOURCE, FULL_SEEDS, QUICK_SEEDS, SIMPLE_CNN, SIMPLE_CNN_BN, fmt, inconclusive, metric, missingVariants, runsFor, safeDecide } from "../helpers.ts";
import { mean, spearman } from "../stats.ts";
import type { ExperimentDefinition, MeasurementOptions, RunSummary, VariantSpec, Verdict, VerdictCheck } from "../types.ts";

const MEASURE: Pick<VariantSpec, "measurements" | "measurementOptions"> = {
  measurements: ["activation-stats", "dead-channels"],
  measurementOptions: { activationStats: { every: 5, withHist: false } } satisfies MeasurementOptions,
};

export const NEAR_ZERO_VARIANTS: VariantSpec[] = [
  { id: "nobn-const", label: "no BN, constant LR 0.06 (the book's baseline)", model: SIMPLE_CNN, train: { lr: 0.06, schedule: "constant", bs: 64, epochs: 1 }, ...MEASURE },
  { id: "nobn-1cycle", label: "no BN, 1cycle 0.06", model: SIMPLE_CNN, train: { lr: 0.06, schedule: "one-cycle", bs: 64, epochs: 1 }, ...MEASURE },
  { id: "bn-1cycle", label: "BN, 1cycle 0.06", model: SIMPLE_CNN_BN, train: { lr: 0.06, schedule: "one-cycle", bs: 64, epochs: 1 }, ...MEASURE },
];

/** The four ReLU'd convs; conv5 (logits, no activation) is left out. */
export const RELU_LAYERS = ["conv1", "conv2", "conv3", "conv4"] as const;
const GROWTH_RHO = 0.8; // with 4 layers: at most one adjacent pair out of order
const LOSS_RHO = 0.5;

const layerShares = (r: RunSummary): number[] | undefined => {
  const v = RELU_LAYERS.map((l) => metric(r, `nearZeroByLayer_${l}`));
  return v.every((x) => x !== undefined) ? (v as number[]) : undefined;
};

function decide(runs: RunSummary[]): Verdict {
  const ids = NEAR_ZERO_VARIANTS.map((v) => v.id);
  const missing = missingVariants(runs, ids, 1);
  if (missing) return missing;
  const all = ids.flatMap((id) => runsFor(runs, id));
  const noStats = all.filter((r) => !layerShares(r));
  if (noStats.length > 0)
    return inconclusive(`Near-zero shares per layer (nearZeroByLayer_conv1..conv4) missing for ${noStats.map((r) => `${r.variantId}/seed ${r.seed}`).join(", ")}.`);

  const numbers: Record<string, number> = {};
  const checks: VerdictCheck[] = [];

  // (b) growth toward the last layers in the constant-LR run (mean over seeds per layer)
  const constRuns = runsFor(runs, "nobn-const");
  const perLayer = RELU_LAYERS.map((_, i) => mean(constRuns.map((r) => layerShares(r)![i]!)));
  perLayer.forEach((v, i) => (numbers[`const_nearZero_${RELU_LAYERS[i]}`] = v));
  const growth = spearman([1, 2, 3, 4], perLayer);
  numbers.growthRho = growth;
  checks.push({
    description: `Constant-LR run: near-zero share grows toward the last layers (Spearman ρ(layer, share) ≥ ${GROWTH_RHO})`,
    passed: Number.isFinite(growth) && growth >= GROWTH_RHO,
    value: `ρ = ${fmt(growth, 3)}; shares ${perLayer.map((v) => fmt(v, 3)).join(" → ")}`,
  });

  // (c) more near-zero ⇒ worse validation loss, across all runs
  const shares = all.map((r) => mean(layerShares(r)!));
  const losses = all.map((r) => r.final.validLoss);
  const lossRho = spearman(shares, losses);
  numbers.lossRho = lossRho;
  numbers.runs = all.length;
  checks.push({
    description: `Across runs, rank correlation of final near-zero share with validation loss > ${LOSS_RHO}`,
    passed: Number.isFinite(lossRho) && lossRho > LOSS_RHO,
    value: `ρ = ${fmt(lossRho, 3)} over ${all.length} runs`,
  });

  // (a) dead channels get exactly zero gradient
  const withDead = all.filter((r) => (metric(r, "deadChannels") ?? 0) > 0 && metric(r, "deadChannelGrad") !== undefined);
  numbers.runsWithDeadChannels = withDead.length;
  const deadEvaluable = withDead.length > 0;
  if (deadEvaluable) {
    const maxGrad = Math.max(...withDead.map((r) => Math.abs(metric(r, "deadChannelGrad")!)));
    numbers.deadChannelGradMax = maxGrad;
    checks.push({
      description: "Channels whose ReLU output is zero on every input get exactly zero gradient",
      passed: maxGrad === 0,
      value: `max |grad| = ${fmt(maxGrad)} over ${withDead.length} run(s) with dead channels`,
    });
  }

  const failed = checks.filter((c) => !c.passed);
  if (failed.length > 0)
    return {
      verdict: "not-supported",
      summary: `Not shown by these runs: ${failed.map((c) => `${c.description} (${c.value})`).join("; ")}.`,
      numbers,
      checks,
    };
  if (!deadEvaluable)
    return inconclusive("Near-zero shares behave as the book says, but no run produced an all-zero ReLU channel, so the zero-gradient part cannot be checked.", checks, numbers);
  return {
    verdict: "supported",
    summary: `Near-zero activations pile up toward the last layers at constant LR (ρ = ${fmt(growth, 2)}), go with worse validation loss (ρ = ${fmt(lossRho, 2)}), and dead ReLU channels get exactly zero gradient.`,
    numbers,
    checks,
  };
}

export const nearZeroActivations: ExperimentDefinition = {
  id: "ch13-near-zero-activations",
  cardExternalId: "ch13-q5",
  claim: "Near-zero activations are wasted computation that spreads to later layers and goes with poor training; an all-zero ReLU channel gets no gradient.",
  kind: "trained",
  variants: NEAR_ZERO_VARIANTS,
  seeds: FULL_SEEDS,
  quick: { seeds: QUICK_SEEDS, maxSteps: 40 },
  measures: [
    "near-zero share (≤ 0.05, pre-ReLU) per layer over time; final share over the last 20% of recorded batches",
    "gradient of all-zero ReLU channels",
    "validation loss",
  ],
  decisionRule:
    "Supported if (a) channels that are zero on every input get exactly zero gradient, (b) in the no-BN constant-LR run the near-zero share rises " +
    "toward the last ReLU layers (Spearman ρ ≥ 0.8 over conv1..conv4, seed means), and (c) across all runs the final near-zero share and the validation loss " +
    "have rank correlation > 0.5. Any failed check: not supported. No dead channel observed, or missing stats: inconclusive.",
  decide: safeDecide(decide),
  sources: [`${BOOK_SOURCE}, “A Simple Baseline”, “1cycle Training”, “Batch Normalization”; questionnaire #28`, "fastai/fastai fastai/callback/hook.py (ActivationStats)", FACTS_SOURCE],
};
