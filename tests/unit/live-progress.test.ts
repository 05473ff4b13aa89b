// Progress and ETA of a live run (experiments/live/progress.ts) and its plan (experiments/live/plan.ts).
import { describe, expect, it } from "vitest";
import { duration } from "../../lib/why/format.ts";
import { planRuns, plannedStepCost } from "../../experiments/live/plan.ts";
import {
  MIN_STEADY_STEPS,
  estimate,
  formatEta,
  initialProgress,
  onFinished,
  onRunDone,
  onRunStart,
  onStep,
  type PlannedRun,
  type ProgressState,
} from "../../experiments/live/progress.ts";
import { estimateVariantSeconds } from "../../experiments/registry/budget.ts";
import { experimentById } from "../../experiments/registry/index.ts";

const PLAN: PlannedRun[] = [
  { variantId: "a", label: "A", seed: 1, steps: 10, stepCost: 0.1, evalCost: 1 },
  { variantId: "b", label: "B", seed: 1, steps: 10, stepCost: 0.2, evalCost: 1 },
];
// total planned seconds: 10·0.1 + 1 + 10·0.2 + 1 = 5

/** Run 0: starts at t0, first step after `warmup` ms, then one step every `every` ms. */
function steps(s: ProgressState, run: number, from: number, to: number, t0: number, warmup: number, every: number): ProgressState {
  for (let k = from; k <= to; k++) s = onStep(s, run, k, 10, t0 + warmup + (k - 1) * every);
  return s;
}

describe("progress model", () => {
  it("leaves each run's first step (model build, shader compiles) out of the ETA", () => {
    let s = onRunStart(initialProgress(PLAN), 0, 0);
    expect(s.phase).toBe("warming-up");
    s = onStep(s, 0, 1, 10, 9000); // 9 s of shader compiling
    expect(s.warmupMs).toEqual([9000]);
    expect(estimate(s, 9000).etaMs).toBeNull();
    s = steps(s, 0, 2, 1 + MIN_STEADY_STEPS, 0, 9000, 50); // then 50 ms per step
    const e = estimate(s, s.lastEventAt!);
    // 50 ms per 0.1 planned s ⇒ 500 ms per planned second; 5 − 0.4 planned seconds left.
    expect(e.etaMs).toBeCloseTo(500 * (5 - 0.4), 6);
    expect(e.speedFactor).toBeCloseTo(0.5, 9);
    expect(e.fraction).toBeCloseTo(0.4 / 5, 9);
  });

  it("counts down between events and never goes below zero", () => {
    let s = onRunStart(initialProgress(PLAN), 0, 0);
    s = steps(s, 0, 1, 5, 0, 1000, 50);
    const at = s.lastEventAt!;
    const e0 = estimate(s, at).etaMs!;
    expect(estimate(s, at + 1000).etaMs).toBeCloseTo(e0 - 1000, 6);
    expect(estimate(s, at + 1e9).etaMs).toBe(0);
  });

  it("calibrates the measurements after training from the time between the last step and the run's end", () => {
    let s = onRunStart(initialProgress(PLAN), 0, 0);
    s = steps(s, 0, 1, 10, 0, 500, 50); // 9 steady steps: 450 ms for 0.9 planned s
    expect(s.phase).toBe("measuring");
    s = onRunDone(s, 0, s.lastStepAt! + 1550); // 1.55 s measuring for 1 planned s
    expect(s.runsFinished).toBe(1);
    expect(s.actualMs).toBeCloseTo(450 + 1550, 9);
    expect(s.plannedSec).toBeCloseTo(0.9 + 1, 9);
    expect(estimate(s, s.lastEventAt!).fraction).toBeCloseTo(2 / 5, 9);
    s = onRunStart(s, 1, s.lastEventAt! + 5);
    expect(s.runIndex).toBe(1);
    expect(s.phase).toBe("warming-up");
  });

  it("the fraction only grows, and finishing makes it 1 with no time left", () => {
    let s = onRunStart(initialProgress(PLAN), 0, 0);
    let last = 0;
    let t = 0;
    for (let run = 0; run < 2; run++) {
      if (run > 0) s = onRunStart(s, run, (t += 10));
      for (let k = 1; k <= 10; k++) {
        s = onStep(s, run, k, 10, (t += 40));
        const f = estimate(s, t).fraction;
        expect(f).toBeGreaterThanOrEqual(last);
        last = f;
      }
      s = onRunDone(s, run, (t += 300));
      expect(estimate(s, t).fraction).toBeGreaterThanOrEqual(last);
    }
    s = onFinished(s, t);
    expect(estimate(s, t)).toMatchObject({ fraction: 1, etaMs: 0 });
  });

  it("takes the step total the runner reports over the plan's", () => {
    let s = onRunStart(initialProgress(PLAN), 0, 0);
    s = onStep(s, 0, 1, 8, 100);
    expect(s.plan[0]!.steps).toBe(8);
  });

  it("a step from a run whose start was missed starts that run", () => {
    let s = onRunStart(initialProgress(PLAN), 0, 0);
    s = steps(s, 0, 1, 10, 0, 100, 10);
    s = onStep(s, 1, 1, 10, 1000);
    expect(s.runIndex).toBe(1);
    expect(s.runsFinished).toBe(1);
    expect(s.warmupMs.length).toBe(2);
  });
});

describe("formatting", () => {
  it("formatEta", () => {
    expect(formatEta(null)).toBe("estimating time left…");
    expect(formatEta(400)).toBe("almost done");
    expect(formatEta(12_400)).toBe("about 12 s left");
    expect(formatEta(120_000)).toBe("about 2 min left");
    expect(formatEta(125_000)).toBe("about 2 min 5 s left");
  });
  it("durations read the same in the live panel as in the why view (lib/why/format duration)", () => {
    expect(duration(1400)).toBe("1.4 s");
    expect(duration(42_400)).toBe("42.4 s");
    expect(duration(125_000)).toBe("2 min 5 s");
    expect(duration(119_700)).toBe("2 min 0 s");
    expect(duration(59_960)).toBe("1 min 0 s");
  });
});

describe("planRuns", () => {
  it("lists seed-major runs with the runner's steps and the registry's cost model", () => {
    const def = experimentById("ch13-double-filters")!;
    const full = planRuns(def, "full", () => 125);
    expect(full.map((r) => `${r.seed}:${r.variantId}`)).toEqual(def.seeds.flatMap((s) => def.variants.map((v) => `${s}:${v.id}`)));
    for (const [i, r] of full.entries()) {
      const v = def.variants[i % def.variants.length]!;
      expect(r.stepCost).toBeGreaterThan(0);
      expect(r.evalCost).toBeGreaterThan(0);
      expect(r.steps * r.stepCost + r.evalCost).toBeCloseTo(estimateVariantSeconds(v, 125), 9);
    }
    const quick = planRuns(def, "quick", (v) => Math.min(40, v.train.epochs * 125));
    expect(quick.length).toBe(def.variants.length);
    expect(quick.every((r) => r.seed === def.quick.seeds[0] && r.steps === 40)).toBe(true);
  });

  it("a step costs more for a bigger model and batch", () => {
    const def = experimentById("ch13-double-filters")!;
    const [doubling, const8, const32] = ["doubling", "const8", "const32"].map((id) => plannedStepCost(def.variants.find((v) => v.id === id)!));
    expect(const32!).toBeGreaterThan(doubling!);
    expect(doubling!).toBeGreaterThanOrEqual(const8!);
  });
});
