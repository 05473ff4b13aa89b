// Why view schedules: computed from the recorded config with the learner's schedule functions, and
// laid out over the recorded run's steps.
import { describe, expect, it } from "vitest";
import type { RunSummary, VariantSpec } from "../../experiments/registry/types.ts";
import { fitScheduleOptions } from "../../experiments/runner/run-variant.ts";
import { describeSchedule, distinctSchedules, oneCycleOptionsFor, plannedSteps, sampleSteps, scheduleValue } from "../../lib/why/schedules.ts";
import { parseVariants } from "../../lib/why/variants.ts";

function variant(id: string, train: Partial<VariantSpec["train"]>): VariantSpec {
  return { id, label: id, model: { batchNorm: false, channels: [8, 16, 32, 64], firstKernel: 5 }, train: { lr: 0.06, schedule: "one-cycle", bs: 64, epochs: 1, ...train } };
}
const run = (variantId: string, steps: number): RunSummary => ({ variantId, seed: 1, steps, final: { validLoss: 0, validAcc: 0, trainLoss: 0 }, trainLossCurve: [], metrics: {} });

describe("schedules", () => {
  it("mirrors the runner's fitScheduleOptions for every schedule kind", () => {
    for (const s of ["constant", "one-cycle", { warmup: true, anneal: true }, { warmup: true, anneal: false }, { warmup: false, anneal: true }, { warmup: false, anneal: false }] as const) {
      const fit = fitScheduleOptions(s);
      const mine = oneCycleOptionsFor(s);
      expect(mine !== null).toBe(fit.oneCycle);
      if (mine) expect(mine).toEqual(fit.oneCycleOpts ?? {});
    }
  });

  it("1cycle: lr starts at lr/25, peaks at 25 % of steps, momentum 0.95 → 0.85 → 0.95 (hand values)", () => {
    // 100 steps, max 0.04: step 0 = 0.04/25 = 0.0016, step 25 = 0.04 (phase boundary), momentum 0.85 there.
    const start = scheduleValue("one-cycle", 0.04, 0, 100);
    expect(start.lr).toBeCloseTo(0.0016, 15);
    expect(start.mom).toBe(0.95);
    const peak = scheduleValue("one-cycle", 0.04, 25, 100);
    expect(peak.lr).toBeCloseTo(0.04, 15);
    expect(peak.mom).toBeCloseTo(0.85, 15);
    // Half-way through the warmup (pct 0.125): cosine midpoint (0.0016 + 0.04) / 2.
    expect(scheduleValue("one-cycle", 0.04, 12.5, 100).lr).toBeCloseTo(0.0208, 15);
  });

  it("constant and flat schedules keep lr and momentum 0.9", () => {
    expect(scheduleValue("constant", 0.06, 77, 125)).toEqual({ lr: 0.06, mom: 0.9 });
    const flat = scheduleValue({ warmup: false, anneal: false }, 0.06, 100, 125);
    expect(flat.lr).toBeCloseTo(0.06, 15);
    expect(flat.mom).toBeCloseTo(0.9, 15);
    // warmup only: lr/25 at step 0, then lr flat after the warmup.
    expect(scheduleValue({ warmup: true, anneal: false }, 0.06, 0, 100).lr).toBeCloseTo(0.0024, 15);
    expect(scheduleValue({ warmup: true, anneal: false }, 0.06, 90, 100).lr).toBeCloseTo(0.06, 15);
  });

  it("sampleSteps keeps first and last step", () => {
    expect(sampleSteps(3)).toEqual([0, 1, 2]);
    expect(sampleSteps(10, 4)).toEqual([0, 3, 6, 9]);
    expect(sampleSteps(0)).toEqual([]);
  });

  it("plannedSteps: epochs · ⌊images / bs⌋, capped by maxSteps", () => {
    expect(plannedSteps(variant("a", {}))).toBe(125);
    expect(plannedSteps(variant("a", { bs: 512 }))).toBe(15);
    expect(plannedSteps(variant("a", { maxSteps: 80 }))).toBe(80);
    expect(plannedSteps(variant("a", { trainSubset: 1000, epochs: 5 }))).toBe(75);
  });

  it("distinctSchedules groups identical (schedule, lr, steps) and uses the run's steps", () => {
    const vs = [variant("a", {}), variant("b", {}), variant("c", { schedule: "constant" }), variant("d", { bs: 512 })];
    const items = distinctSchedules(vs, [run("a", 125), run("b", 125), run("c", 125), run("d", 15)], 5);
    expect(items.map((s) => s.variantIds)).toEqual([["a", "b"], ["c"], ["d"]]);
    expect(items.map((s) => s.totalSteps)).toEqual([125, 125, 15]);
    expect(items[0]!.label).toBe("1cycle, max LR 0.06 · 125 steps");
    expect(items[0]!.points.map((p) => p.step)).toEqual([0, 31, 62, 93, 124]);
    expect(items[1]!.points.every((p) => p.lr === 0.06 && p.mom === 0.9)).toBe(true);
  });

  it("describes each schedule in words", () => {
    expect(describeSchedule({ warmup: true, anneal: true }, 0.06)).toBe("warmup + annealing, peak LR 0.06");
    expect(describeSchedule("constant", 0.06)).toBe("constant LR 0.06");
  });

  it("parseVariants rejects a config that is not a VariantSpec", () => {
    expect(() => parseVariants([{ id: "x", label: "x", model: {}, train: {} }])).toThrow();
    expect(parseVariants([variant("a", {})])[0]!.train.lr).toBe(0.06);
  });
});
