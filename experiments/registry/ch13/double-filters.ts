// Card 1 (book #23): doubling the filters after each stride-2 conv keeps compute per layer about
// constant, so capacity does not drop too fast. Compare the book's 8-16-32-64 with constant widths.
import { BOOK_SOURCE, FACTS_SOURCE, FULL_SEEDS, QUICK_SEEDS, SIMPLE_CNN, collapsedOf, fmt, fromChecks, inconclusive, missingVariants, pct, runsFor, safeDecide } from "../helpers.ts";
import { macsPerLayer, totalMacs } from "../model-cost.ts";
import { mean, pooledSd } from "../stats.ts";
import type { ExperimentDefinition, RunSummary, TrainOptions, VariantSpec, Verdict, VerdictCheck } from "../types.ts";

// BN + 1cycle so that every width trains (the no-BN constant-LR collapse is another card's subject).
const TRAIN: TrainOptions = { lr: 0.01, schedule: "one-cycle", bs: 64, epochs: 1 };

export const DOUBLE_FILTERS_VARIANTS: VariantSpec[] = [
  { id: "doubling", label: "A: 8-16-32-64 (doubling)", model: { ...SIMPLE_CNN, batchNorm: true }, train: TRAIN },
  { id: "const8", label: "B: constant 8", model: { ...SIMPLE_CNN, batchNorm: true, channels: [8, 8, 8, 8] }, train: TRAIN },
  { id: "const32", label: "C: constant 32", model: { ...SIMPLE_CNN, batchNorm: true, channels: [32, 32, 32, 32] }, train: TRAIN },
];

const [A, B, C] = DOUBLE_FILTERS_VARIANTS as [VariantSpec, VariantSpec, VariantSpec];
const SD_MULTIPLE = 2;
const MATCH_POINTS = 0.005; // A within 0.5 accuracy points of C
const COST_RATIO = 2; // C must cost ≥ 2× A's MACs

function decide(runs: RunSummary[]): Verdict {
  const missing = missingVariants(runs, [A.id, B.id, C.id], 2);
  if (missing) return missing;
  const collapsed = runs.filter((r) => [A.id, B.id, C.id].includes(r.variantId) && collapsedOf(r));
  if (collapsed.length > 0)
    return inconclusive(
      `Training collapsed (${collapsed.map((r) => `${r.variantId}/seed ${r.seed}`).join(", ")}): a failed run says nothing about width.`,
    );
  const acc = (id: string) => runsFor(runs, id).map((r) => r.final.validAcc);
  const [a, b, c] = [acc(A.id), acc(B.id), acc(C.id)];
  const macs = { A: totalMacs(A.model), B: totalMacs(B.model), C: totalMacs(C.model) };
  const perLayerA = macsPerLayer(A.model);
  const sdAB = pooledSd(a, b);
  const gapAB = mean(a) - mean(b);
  const gapCA = mean(c) - mean(a);
  const numbers = {
    accA: mean(a), accB: mean(b), accC: mean(c), pooledSdAB: sdAB, gapAB, gapCA,
    macsA: macs.A, macsB: macs.B, macsC: macs.C, seeds: a.length,
    ...Object.fromEntries(perLayerA.map((m, i) => [`macsA_conv${i + 1}`, m])),
  };
  if (!Number.isFinite(sdAB)) return inconclusive("Cannot estimate the spread between seeds.", [], numbers);
  const bound = Math.max(SD_MULTIPLE * sdAB, 1e-9);
  const checks: VerdictCheck[] = [
    {
      description: `Doubling beats constant 8 by more than ${SD_MULTIPLE} pooled sd in validation accuracy`,
      passed: gapAB > bound,
      value: `gap ${pct(gapAB, 2)} vs ${SD_MULTIPLE}·sd = ${pct(SD_MULTIPLE * sdAB, 2)}`,
    },
    {
      description: `Doubling is within ${MATCH_POINTS * 100} points of constant 32, or better`,
      passed: gapCA <= MATCH_POINTS,
      value: `constant 32 − doubling = ${pct(gapCA, 2)}`,
    },
    {
      description: `Constant 32 costs at least ${COST_RATIO}× doubling's multiplications per image`,
      passed: macs.C >= COST_RATIO * macs.A,
      value: `${fmt(macs.C / macs.A, 3)}× (${macs.C.toLocaleString("en-US")} vs ${macs.A.toLocaleString("en-US")} MACs)`,
    },
  ];
  const verdict = fromChecks(checks);
  const summary =
    verdict === "supported"
      ? `Doubling (${pct(mean(a), 2)}) clearly beats constant 8 (${pct(mean(b), 2)}) and matches constant 32 (${pct(mean(c), 2)}) at ${fmt(macs.A / macs.C, 2)}× its compute.`
      : `Not shown over ${a.length} seeds: doubling ${pct(mean(a), 2)}, constant 8 ${pct(mean(b), 2)}, constant 32 ${pct(mean(c), 2)} ` +
        `(at ${fmt(macs.C / macs.A, 2)}× doubling's compute). Failed: ` +
        checks.filter((c2) => !c2.passed).map((c2) => `${c2.description.charAt(0).toLowerCase()}${c2.description.slice(1)} (${c2.value})`).join("; ") + ".";
  return { verdict, summary, numbers, checks };
}

export const doubleFilters: ExperimentDefinition = {
  id: "ch13-double-filters",
  cardExternalId: "ch13-q1",
  claim: "Doubling the filters after each stride-2 conv keeps per-layer compute about constant, so the network keeps its capacity without paying for a wide network everywhere.",
  kind: "trained",
  variants: DOUBLE_FILTERS_VARIANTS,
  seeds: FULL_SEEDS,
  quick: { seeds: QUICK_SEEDS, maxSteps: 40 },
  measures: ["validation accuracy after 1 epoch", "MACs per image and per layer (computed from the architecture)", "wall time per layer (reported, not judged)"],
  decisionRule:
    "Supported if the doubling net A beats constant-8 B by more than 2 pooled standard deviations in validation accuracy, " +
    "and A is within 0.5 points of constant-32 C (or better) while C needs at least 2× A's multiplications. Otherwise not supported; " +
    "fewer than 2 seeds per variant, or any collapsed run, is inconclusive.",
  decide: safeDecide(decide),
  sources: [`${BOOK_SOURCE}, “Creating the CNN”, “Understanding Convolution Arithmetic”; questionnaire #23`, FACTS_SOURCE],
};
