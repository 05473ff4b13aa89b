// Why view data shaping: curves across seeds, final spreads, small statistics (hand-computed values).
import { describe, expect, it } from "vitest";
import type { RunSummary } from "../../experiments/registry/types.ts";
import { curveSteps, lossAxis, niceCeil, runsByVariant, variantCurve } from "../../lib/why/curves.ts";
import { paddedDomain, variantFinals } from "../../lib/why/finals.ts";
import { axisTicks, roundStep } from "../../lib/why/ticks.ts";
import { duration, fmt, int, pct } from "../../lib/why/format.ts";
import { logLogSlope, quantile, spreadOf } from "../../lib/why/stats.ts";

function run(variantId: string, seed: number, curve: number[], extra: Partial<RunSummary> = {}): RunSummary {
  return { variantId, seed, steps: curve.length, final: { validLoss: 0.5, validAcc: 0.9, trainLoss: 0.4 }, trainLossCurve: curve, metrics: {}, ...extra };
}

describe("stats", () => {
  it("spreadOf leaves out non-finite values and counts them", () => {
    expect(spreadOf([1, 2, Number.NaN, 6])).toEqual({ mean: 3, min: 1, max: 6, n: 3, dropped: 1 });
    expect(spreadOf([Number.NaN])).toBeNull();
    expect(spreadOf([])).toBeNull();
  });
  it("quantile interpolates between order statistics", () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.95)).toBeCloseTo(4.8, 12);
    expect(quantile([], 0.5)).toBeNaN();
  });
  it("logLogSlope of y = 100/x is −1, of y = x² is 2", () => {
    expect(logLogSlope([16, 64, 256].map((x) => ({ x, y: 100 / x })))).toBeCloseTo(-1, 12);
    expect(logLogSlope([1, 10, 100].map((x) => ({ x, y: x * x })))).toBeCloseTo(2, 12);
    expect(logLogSlope([{ x: 1, y: 1 }])).toBeNaN();
  });
});

describe("curves", () => {
  it("curveSteps gives bucket midpoints of the recording's downsampling", () => {
    expect(curveSteps(3, 3)).toEqual([0, 1, 2]);
    // 5 steps in 2 buckets: [0,1] and [2,3,4] → midpoints 0.5 and 3.
    expect(curveSteps(2, 5)).toEqual([0.5, 3]);
    // 125 steps in 100 buckets: the first bucket holds step 0 only, the last steps 123–124.
    const xs = curveSteps(100, 125);
    expect(xs[0]).toBe(0);
    expect(xs[99]).toBe(123.5);
  });

  it("variantCurve: mean and min–max across seeds at each point; a NaN seed is left out", () => {
    const c = variantCurve("a", [run("a", 1, [3, 2, 1]), run("a", 2, [1, 2, Number.NaN]), run("a", 3, [2, 5, 2])]);
    expect(c.seeds).toBe(3);
    expect(c.points).toEqual([
      { step: 0, mean: 2, band: [1, 3] },
      { step: 1, mean: 3, band: [2, 5] },
      { step: 2, mean: 1.5, band: [1, 2] },
    ]);
  });

  it("variantCurve: one seed gives no band; all seeds NaN gives a gap", () => {
    const c = variantCurve("a", [run("a", 1, [2, Number.NaN])]);
    expect(c.points).toEqual([
      { step: 0, mean: 2, band: null },
      { step: 1, mean: null, band: null },
    ]);
  });

  it("runsByVariant keeps the listed order and drops variants without runs", () => {
    const g = runsByVariant([run("b", 1, [1]), run("a", 1, [1]), run("c", 1, [1]), run("a", 2, [1])], ["a", "b", "x"]);
    expect([...g.keys()]).toEqual(["a", "b", "c"]);
    expect(g.get("a")!.map((r) => r.seed)).toEqual([1, 2]);
  });

  it("lossAxis cuts a lone spike but keeps the first loss in view", () => {
    // 40 points at 1, one spike of 50: the 95th percentile is 1 → 1.15, but the first point (2.3) must
    // show, so the axis ends at niceCeil(2.3) = 2.5 and the spike is cut.
    const c = variantCurve("a", [run("a", 1, [2.3, 50, ...Array(40).fill(1)])]);
    const axis = lossAxis([c]);
    expect(axis.peak).toBe(50);
    expect(axis.yMax).toBe(2.5);
  });

  it("niceCeil rounds up to a readable axis end", () => {
    expect(niceCeil(2.3)).toBe(2.5);
    expect(niceCeil(0.031)).toBeCloseTo(0.04, 12);
    expect(niceCeil(3)).toBe(3);
    expect(niceCeil(0)).toBe(1);
  });
});

describe("finals", () => {
  it("per variant: every seed's value (sorted by seed), spread, collapsed seeds", () => {
    const rows = variantFinals(
      [
        run("a", 2, [1], { final: { validAcc: 0.8, validLoss: 0.6, trainLoss: 0 } }),
        run("a", 1, [1], { final: { validAcc: 0.9, validLoss: 0.4, trainLoss: 0 } }),
        run("b", 1, [1], { final: { validAcc: 0.1, validLoss: Number.NaN, trainLoss: 0 }, collapsed: true }),
      ],
      ["a", "b"],
    );
    expect(rows[0]!.acc.values).toEqual([{ seed: 1, value: 0.9 }, { seed: 2, value: 0.8 }]);
    expect(rows[0]!.acc.spread!.mean).toBeCloseTo(0.85, 12);
    expect(rows[0]!.loss.spread).toMatchObject({ min: 0.4, max: 0.6 });
    expect(rows[1]!.loss.spread).toBeNull();
    expect(rows[1]!.collapsedSeeds).toEqual([1]);
  });

  it("paddedDomain pads by 8 % of the range, widens to round steps and clamps", () => {
    // [0.5, 1]: pad 0.04 → [0.46, 1.04], step roundStep(0.58 / 4 = 0.145) = 0.2 → [0.4, 1.2] → clamped [0.4, 1].
    expect(paddedDomain([0.5, 1], 0, 1)).toEqual([0.4, 1]);
    // [2, 2]: pad 5 % of 2 = 0.1 → [1.9, 2.1], step roundStep(0.05) = 0.05 → [1.9, 2.1].
    expect(paddedDomain([2, 2])).toEqual([1.9, 2.1]);
    // [0.117, 0.872] (a loss spread): pad 0.0604, step roundStep(0.219) = 0.25 → [0, 1].
    expect(paddedDomain([0.117, 0.872], 0)).toEqual([0, 1]);
    expect(roundStep(0.145)).toBe(0.2);
    expect(roundStep(0.21)).toBe(0.25);
    expect(roundStep(3)).toBe(5);
  });

  it("axisTicks: round multiples inside the domain", () => {
    expect(axisTicks(0, 2.5)).toEqual([0, 1, 2]);
    expect(axisTicks(0, 2.5, 6)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(axisTicks(0.7, 1)).toEqual([0.7, 0.8, 0.9, 1]);
    expect(axisTicks(0, 124)).toEqual([0, 50, 100]);
    expect(axisTicks(0.4, 1)).toEqual([0.4, 0.6, 0.8, 1]);
    expect(axisTicks(2, 2)).toEqual([2]);
  });
});

describe("format", () => {
  it("reads the same in charts and text", () => {
    expect(fmt(0.123456)).toBe("0.123");
    expect(fmt(-1.0626857)).toBe("−1.06");
    expect(fmt(0.0000123)).toBe("1.23e−5");
    expect(fmt(Number.NaN)).toBe("—");
    expect(pct(0.94816, 2)).toBe("94.82 %");
    expect(int(795584)).toBe("795,584");
    expect(duration(41_300)).toBe("41.3 s");
    expect(duration(125_000)).toBe("2 min 5 s");
  });
});
