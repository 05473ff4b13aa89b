// LR and momentum over training for each distinct schedule among a recording's variants, computed from
// the recorded config with the learner's own pure schedule functions: deterministic, so recomputing
// them is exactly what the runs used.
import { scheduleAt, type OneCycleOptions } from "@/experiments/learner/schedule.ts";
import type { RunSummary, Schedule, VariantSpec } from "@/experiments/registry/types.ts";

/** Adam β1 in constant mode and in the warmup/anneal arms (registry types.ts `Schedule`). */
export const FIXED_MOMENTUM = 0.9;
/** Training split size (experiments/data: stratified 8,000 / 2,000). */
export const TRAIN_IMAGES = 8000;

/**
 * The one-cycle options a schedule trains with; null for constant. Mirrors `fitScheduleOptions` in
 * experiments/runner/run-variant.ts (which imports tfjs, so it cannot be imported into the page);
 * tests/unit/why-schedules.test.ts checks that the two agree.
 */
export function oneCycleOptionsFor(schedule: Schedule): OneCycleOptions | null {
  if (schedule === "constant") return null;
  if (schedule === "one-cycle") return {};
  return { div: schedule.warmup ? 25 : 1, divFinal: schedule.anneal ? 1e5 : 1, pctStart: 0.25, moms: [FIXED_MOMENTUM, FIXED_MOMENTUM, FIXED_MOMENTUM] };
}

/** lr and momentum at 0-based `step` of `totalSteps`, as the learner's ParamScheduler sets them. */
export function scheduleValue(schedule: Schedule, lr: number, step: number, totalSteps: number): { lr: number; mom: number } {
  const opts = oneCycleOptionsFor(schedule);
  return opts ? scheduleAt(step, totalSteps, lr, opts) : { lr, mom: FIXED_MOMENTUM };
}

/** Steps the schedule is laid out over when no run says: min(epochs · ⌊images / bs⌋, maxSteps). */
export function plannedSteps(v: VariantSpec): number {
  const perEpoch = Math.floor(Math.min(TRAIN_IMAGES, v.train.trainSubset ?? TRAIN_IMAGES) / v.train.bs);
  return Math.min(perEpoch * v.train.epochs, v.train.maxSteps ?? Number.POSITIVE_INFINITY);
}

export function describeSchedule(schedule: Schedule, lr: number): string {
  if (schedule === "constant") return `constant LR ${lr}`;
  if (schedule === "one-cycle") return `1cycle, max LR ${lr}`;
  if (schedule.warmup && schedule.anneal) return `warmup + annealing, peak LR ${lr}`;
  if (schedule.warmup) return `warmup only, peak LR ${lr}`;
  if (schedule.anneal) return `annealing only, LR ${lr}`;
  return `flat LR ${lr}`;
}

export interface SchedulePoint {
  step: number;
  lr: number;
  mom: number;
}

export interface DistinctSchedule {
  /** "constant LR 0.06 · 125 steps" */
  label: string;
  variantIds: string[];
  totalSteps: number;
  peakLr: number;
  points: SchedulePoint[];
}

/** Up to `max` evenly spread steps of 0..total−1, always including the first and last. */
export function sampleSteps(total: number, max = 100): number[] {
  if (total <= 0) return [];
  if (total <= max) return Array.from({ length: total }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.round((i * (total - 1)) / (max - 1)));
}

/**
 * One entry per distinct (schedule, lr, steps) among the variants, in variant order. The steps are the
 * recorded run's (the schedule spans the steps actually taken); a variant without runs uses plannedSteps.
 */
export function distinctSchedules(variants: readonly VariantSpec[], runs: readonly RunSummary[], maxPoints = 100): DistinctSchedule[] {
  const byKey = new Map<string, DistinctSchedule>();
  for (const v of variants) {
    const total = runs.find((r) => r.variantId === v.id)?.steps ?? plannedSteps(v);
    const key = JSON.stringify([v.train.schedule, v.train.lr, total]);
    const known = byKey.get(key);
    if (known) {
      known.variantIds.push(v.id);
      continue;
    }
    byKey.set(key, {
      label: `${describeSchedule(v.train.schedule, v.train.lr)} · ${total} steps`,
      variantIds: [v.id],
      totalSteps: total,
      peakLr: v.train.lr,
      points: sampleSteps(total, maxPoints).map((step) => ({ step, ...scheduleValue(v.train.schedule, v.train.lr, step, total) })),
    });
  }
  return [...byKey.values()];
}
