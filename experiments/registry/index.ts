// The experiment registry: one definition per card experimentId (pure).
import { activationStats } from "./ch13/activation-stats.ts";
import { batchSize } from "./ch13/batch-size.ts";
import { callbackAccess } from "./ch13/callback-access.ts";
import { doubleFilters } from "./ch13/double-filters.ts";
import { firstKernelSize } from "./ch13/first-kernel-size.ts";
import { lrAnnealing } from "./ch13/lr-annealing.ts";
import { lrWarmup } from "./ch13/lr-warmup.ts";
import { nearZeroActivations } from "./ch13/near-zero-activations.ts";
import { oneCycleHighLr } from "./ch13/one-cycle-high-lr.ts";
import type { ExperimentDefinition } from "./types.ts";

export type * from "./types.ts";

export const EXPERIMENTS: readonly ExperimentDefinition[] = [
  doubleFilters,
  firstKernelSize,
  activationStats,
  callbackAccess,
  nearZeroActivations,
  batchSize,
  lrWarmup,
  oneCycleHighLr,
  lrAnnealing,
];

export function experimentById(id: string): ExperimentDefinition | undefined {
  return EXPERIMENTS.find((e) => e.id === id);
}

/** Mismatches between cards' experimentIds and the registry (empty = consistent). */
export function registryProblems(
  cards: readonly { externalId: string; experimentId?: string | null }[],
  experiments: readonly ExperimentDefinition[] = EXPERIMENTS,
): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const e of experiments) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
  for (const [id, n] of seen) if (n > 1) problems.push(`experiment id ${id} is registered ${n} times`);
  const byCardId = new Map(cards.map((c) => [c.externalId, c]));
  const cardExpIds = new Set<string>();
  for (const c of cards) {
    if (!c.experimentId) continue;
    cardExpIds.add(c.experimentId);
    const e = experiments.find((x) => x.id === c.experimentId);
    if (!e) problems.push(`card ${c.externalId}: experiment ${c.experimentId} is not registered`);
    else if (e.cardExternalId !== c.externalId)
      problems.push(`card ${c.externalId}: experiment ${c.experimentId} says it belongs to card ${e.cardExternalId}`);
  }
  for (const e of experiments) {
    if (!cardExpIds.has(e.id)) {
      const card = byCardId.get(e.cardExternalId);
      problems.push(
        card
          ? `experiment ${e.id}: card ${e.cardExternalId} names ${card.experimentId ?? "no experiment"} instead`
          : `experiment ${e.id}: no card ${e.cardExternalId} names it`,
      );
    }
    if (e.kind === "trained") {
      if (new Set(e.seeds).size < 3) problems.push(`experiment ${e.id}: trained experiments need ≥ 3 distinct seeds`);
      if (e.quick.seeds.length !== 1) problems.push(`experiment ${e.id}: quick mode must use exactly 1 seed`);
    }
    const vids = e.variants.map((v) => v.id);
    if (new Set(vids).size !== vids.length) problems.push(`experiment ${e.id}: duplicate variant ids`);
  }
  return problems;
}
