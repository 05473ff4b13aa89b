/**
 * The runs a live experiment will make, in runExperiment's order (seed-major, then variants),
 * with planned costs for the progress model (pure).
 */
import { estimateVariantSeconds } from "../registry/budget.ts";
import type { ExperimentDefinition, VariantSpec } from "../registry/types.ts";
import type { PlannedRun } from "./progress.ts";

export type LiveMode = "quick" | "full";

/** Planned seconds per training step of a variant: the slope of the registry's linear cost model. */
export function plannedStepCost(v: VariantSpec, trainSubset?: number): number {
  // Without measurement options the model is cost·(steps·bs + valid/3): two step counts give the slope.
  const bare: VariantSpec = { ...v, measurementOptions: undefined, train: { ...v.train, maxSteps: undefined } };
  return estimateVariantSeconds(bare, 2, trainSubset) - estimateVariantSeconds(bare, 1, trainSubset);
}

/**
 * `stepsOf` gives the steps a variant really trains in this mode (the runner's resolveBudget,
 * which the worker can call; the plan must not guess them differently).
 */
export function planRuns(def: ExperimentDefinition, mode: LiveMode, stepsOf: (v: VariantSpec) => number): PlannedRun[] {
  const quick = mode === "quick";
  const seeds = quick ? def.quick.seeds : def.seeds;
  const subset = quick ? def.quick.trainSubset : undefined;
  return seeds.flatMap((seed) =>
    def.variants.map((v) => {
      const steps = stepsOf(v);
      const stepCost = plannedStepCost(v, subset);
      const total = estimateVariantSeconds(v, steps, subset);
      return { variantId: v.id, label: v.label, seed, steps, stepCost, evalCost: Math.max(0, total - steps * stepCost) };
    }),
  );
}
