/**
 * Runs every variant × seed of a registry experiment (quick mode: the quick seeds and step cap)
 * and applies the definition's decide() to the runs.
 */
import type { LearnerData } from "../learner/learner.ts";
import type { ExperimentDefinition, RunSummary, Verdict } from "../registry/types.ts";
import { abortError, runVariant, type RunMode, type RunProgress } from "./run-variant.ts";

export interface ExperimentProgress extends RunProgress {
  /** 0-based index of the current run and the number of runs. */
  runIndex: number;
  runCount: number;
}

export interface RunExperimentOptions {
  mode: RunMode;
  signal?: AbortSignal;
  onProgress?: (p: ExperimentProgress) => void;
  /** Extra step cap for every run (tests, previews). */
  maxSteps?: number;
  /** Override of every run's training subset (tests, previews). */
  trainSubset?: number;
  /** Called as each run starts (no `run`) and after it ends (with its summary); the live panel times runs with it. */
  onRun?: (e: { runIndex: number; runCount: number; variantId: string; seed: number; run?: RunSummary }) => void;
}

export interface ExperimentResult {
  runs: RunSummary[];
  verdict: Verdict;
  wallMs: number;
}

/** Seeds of the experiment in this mode. */
export function seedsFor(def: ExperimentDefinition, mode: RunMode): number[] {
  return mode === "quick" ? def.quick.seeds : def.seeds;
}

export async function runExperiment(def: ExperimentDefinition, data: LearnerData, opts: RunExperimentOptions): Promise<ExperimentResult> {
  const t0 = performance.now();
  const seeds = seedsFor(def, opts.mode);
  const jobs = seeds.flatMap((seed) => def.variants.map((variant) => ({ seed, variant })));
  const runs: RunSummary[] = [];
  for (const [runIndex, { seed, variant }] of jobs.entries()) {
    if (opts.signal?.aborted) throw abortError(opts.signal);
    const at = { runIndex, runCount: jobs.length, variantId: variant.id, seed };
    opts.onRun?.(at);
    runs.push(
      await runVariant(def, variant, seed, data, {
        mode: opts.mode,
        signal: opts.signal,
        maxSteps: opts.maxSteps,
        trainSubset: opts.trainSubset,
        onProgress: opts.onProgress && ((p) => opts.onProgress!({ ...p, runIndex, runCount: jobs.length })),
      }),
    );
    opts.onRun?.({ ...at, run: runs[runs.length - 1] });
  }
  const verdict = def.decide(runs);
  return { runs, verdict, wallMs: performance.now() - t0 };
}
