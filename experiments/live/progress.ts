/**
 * Progress and ETA of a live run (pure; times in milliseconds from any fixed origin).
 *
 * Work is measured in "planned seconds": each run's cost per training step and for its
 * after-training measurements, from the registry's cost model (registry/budget.ts, ~1,000
 * img/s on 2 wasm cores, scaled by each model's MACs). Real speed differs by device and
 * backend, so the model calibrates one factor (real ms per planned second) from what it has
 * seen, and the ETA is that factor times the planned seconds left.
 *
 * The first step of every run is left out of the calibration: it builds the model and, on
 * WebGL, compiles shaders (seconds on the first run, ~10x a step), which would otherwise
 * inflate every later estimate.
 */

export interface PlannedRun {
  variantId: string;
  label: string;
  seed: number;
  steps: number;
  /** Planned seconds per training step. */
  stepCost: number;
  /** Planned seconds for the evaluation and measurements after training. */
  evalCost: number;
}

export type ProgressPhase = "starting" | "warming-up" | "training" | "measuring" | "finished";

export interface ProgressState {
  plan: PlannedRun[];
  /** Current run (−1 before the first starts). */
  runIndex: number;
  /** Steps done per run. */
  stepsDone: number[];
  /** Runs whose measurements ended (the next run started, or the whole thing finished). */
  runsFinished: number;
  runStartedAt: number | null;
  lastStepAt: number | null;
  /** Time of the latest event (the ETA counts down from it). */
  lastEventAt: number | null;
  /** Calibration pool: real ms spent on work whose planned seconds are `plannedSec`. */
  actualMs: number;
  plannedSec: number;
  /** Steps timed into the pool (first steps of runs excluded). */
  steadySteps: number;
  /** How long each run's first step took (model build + shader compiles). */
  warmupMs: number[];
  phase: ProgressPhase;
}

/** Steady steps needed before an ETA is shown. */
export const MIN_STEADY_STEPS = 3;

export function initialProgress(plan: PlannedRun[]): ProgressState {
  return {
    plan: plan.map((r) => ({ ...r })),
    runIndex: -1,
    stepsDone: plan.map(() => 0),
    runsFinished: 0,
    runStartedAt: null,
    lastStepAt: null,
    lastEventAt: null,
    actualMs: 0,
    plannedSec: 0,
    steadySteps: 0,
    warmupMs: [],
    phase: "starting",
  };
}

/** Closes the current run: the time from its last step (its measurements) goes into the calibration. */
function finishRun(s: ProgressState, t: number): ProgressState {
  if (s.runIndex < 0 || s.runsFinished > s.runIndex) return s;
  const run = s.plan[s.runIndex]!;
  const measured = s.lastStepAt !== null ? { actualMs: s.actualMs + (t - s.lastStepAt), plannedSec: s.plannedSec + run.evalCost } : {};
  return { ...s, ...measured, runsFinished: s.runIndex + 1, stepsDone: s.stepsDone.map((d, i) => (i === s.runIndex ? run.steps : d)) };
}

export function onRunStart(state: ProgressState, runIndex: number, t: number): ProgressState {
  const s = finishRun(state, t);
  return { ...s, runIndex, runStartedAt: t, lastStepAt: null, lastEventAt: t, phase: "warming-up" };
}

export function onRunDone(state: ProgressState, runIndex: number, t: number): ProgressState {
  if (runIndex !== state.runIndex) return state;
  return { ...finishRun(state, t), lastEventAt: t };
}

/** A training step finished: `step` steps of `totalSteps` are done in run `runIndex`. */
export function onStep(state: ProgressState, runIndex: number, step: number, totalSteps: number, t: number): ProgressState {
  let s = state;
  // A step of a run whose start was not seen: treat the time since the last event as its warm-up.
  if (runIndex !== s.runIndex) s = onRunStart(s, runIndex, s.lastEventAt ?? t);
  const plan = s.plan.map((r, i) => (i === runIndex && r.steps !== totalSteps ? { ...r, steps: totalSteps } : r));
  const stepsDone = s.stepsDone.map((d, i) => (i === runIndex ? step : d));
  const run = plan[runIndex]!;
  const prevSteps = s.stepsDone[runIndex] ?? 0;
  let { actualMs, plannedSec, steadySteps, warmupMs } = s;
  if (s.lastStepAt === null) {
    // First step of the run: warm-up, not calibration.
    warmupMs = [...warmupMs, t - (s.runStartedAt ?? t)];
  } else if (step > prevSteps) {
    actualMs += t - s.lastStepAt;
    plannedSec += run.stepCost * (step - prevSteps);
    steadySteps += step - prevSteps;
  }
  return {
    ...s,
    plan,
    stepsDone,
    actualMs,
    plannedSec,
    steadySteps,
    warmupMs,
    lastStepAt: t,
    lastEventAt: t,
    phase: step >= totalSteps ? "measuring" : "training",
  };
}

export function onFinished(state: ProgressState, t: number): ProgressState {
  const s = finishRun(state, t);
  return { ...s, runsFinished: s.plan.length, stepsDone: s.plan.map((r) => r.steps), lastEventAt: t, phase: "finished" };
}

function runCost(r: PlannedRun): number {
  return r.steps * r.stepCost + r.evalCost;
}

/** Planned seconds done: finished runs whole, the current run's steps. */
function doneCost(s: ProgressState): number {
  let done = 0;
  s.plan.forEach((r, i) => {
    if (i < s.runsFinished) done += runCost(r);
    else done += Math.min(s.stepsDone[i] ?? 0, r.steps) * r.stepCost;
  });
  return done;
}

export interface ProgressEstimate {
  /** 0..1 of the planned work. */
  fraction: number;
  /** Milliseconds left, or null while too little has been timed. */
  etaMs: number | null;
  /** Real seconds per planned second (1 = as fast as the 2-core wasm reference); null until calibrated. */
  speedFactor: number | null;
}

export function estimate(s: ProgressState, now: number): ProgressEstimate {
  const total = s.plan.reduce((a, r) => a + runCost(r), 0);
  if (s.phase === "finished") return { fraction: 1, etaMs: 0, speedFactor: s.plannedSec > 0 ? s.actualMs / s.plannedSec / 1000 : null };
  const done = doneCost(s);
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  if (s.steadySteps < MIN_STEADY_STEPS || s.plannedSec <= 0) return { fraction, etaMs: null, speedFactor: null };
  const k = s.actualMs / s.plannedSec;
  const sinceLast = s.lastEventAt === null ? 0 : Math.max(0, now - s.lastEventAt);
  return { fraction, etaMs: Math.max(0, k * (total - done) - sinceLast), speedFactor: k / 1000 };
}

/** "about 1 min 20 s left" style text. */
export function formatEta(etaMs: number | null): string {
  if (etaMs === null) return "estimating time left…";
  const s = Math.round(etaMs / 1000);
  if (s < 1) return "almost done";
  if (s < 60) return `about ${s} s left`;
  const m = Math.floor(s / 60);
  const r = s % 60;
  return r === 0 ? `about ${m} min left` : `about ${m} min ${r} s left`;
}
