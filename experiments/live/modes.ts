/**
 * What quick and full mode of an experiment amount to, for the panel's mode choice (pure; the
 * panel imports it lazily, so the registry is not in the page's first JavaScript).
 */
import { estimateSeconds } from "../registry/budget.ts";
import { designSchema } from "../custom/design.ts";
import { definitionOf } from "../custom/definition.ts";
import { experimentById } from "../registry/index.ts";
import type { ExperimentDefinition } from "../registry/types.ts";
import type { CustomRun } from "./protocol.ts";
import type { LiveMode } from "./plan.ts";

export interface ModeSummary {
  mode: LiveMode;
  runs: number;
  seeds: number;
  /** Step cap of every run (quick mode), null in full mode. */
  maxSteps: number | null;
  /** Training images of every run in quick mode when capped, else null. */
  trainSubset: number | null;
  /** Seconds on the registry's reference (2 cores, wasm, ~1,000 img/s). */
  estimatedSeconds: number;
}

/** A registry experiment's modes, or an author's (its design and version given). */
export function modeSummaries(experimentId: string, custom?: CustomRun | null): Record<LiveMode, ModeSummary> | null {
  if (custom) {
    const design = designSchema.safeParse(custom.design);
    return design.success ? modeSummariesOf(definitionOf(design.data, { id: experimentId, version: custom.version, revisions: [] })) : null;
  }
  const def = experimentById(experimentId);
  return def ? modeSummariesOf(def) : null;
}

export function modeSummariesOf(def: ExperimentDefinition): Record<LiveMode, ModeSummary> {
  return {
    quick: {
      mode: "quick",
      runs: def.quick.seeds.length * def.variants.length,
      seeds: def.quick.seeds.length,
      maxSteps: def.quick.maxSteps,
      trainSubset: def.quick.trainSubset ?? null,
      estimatedSeconds: estimateSeconds(def, true),
    },
    full: {
      mode: "full",
      runs: def.seeds.length * def.variants.length,
      seeds: def.seeds.length,
      maxSteps: null,
      trainSubset: null,
      estimatedSeconds: estimateSeconds(def, false),
    },
  };
}
