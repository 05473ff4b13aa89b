// The checks table (lib/why/checks.ts) and its interval pictures (lib/why/interval-picture.ts), by hand.
import { describe, expect, it } from "vitest";
import type { CheckEstimate } from "../../experiments/registry/types.ts";
import { NOT_JUDGED, checkRow, estimateView, methodText } from "../../lib/why/checks.ts";
import { intervalPicture } from "../../lib/why/interval-picture.ts";
import { factCheck, judgedCheck, observationCheck } from "./why-fixture.ts";

const est = (over: Partial<CheckEstimate>): CheckEstimate => ({ estimate: 2, lo: 1.9, hi: 2.1, n: 3, method: "paired t", unit: "percentage points", ...over });

describe("methodText", () => {
  it("t intervals count seeds; other methods say n", () => {
    expect(methodText({ method: "paired t", n: 8 })).toBe("paired t, 8 seeds");
    expect(methodText({ method: "paired t", n: 1 })).toBe("paired t, 1 seed");
    expect(methodText({ method: "one-sample t", n: 8 })).toBe("one-sample t, 8 seeds");
    expect(methodText({ method: "Clopper–Pearson", n: 12 })).toBe("Clopper–Pearson, n = 12");
  });
  it("an estimate that names what n counts is taken at its word", () => {
    expect(methodText({ method: "Clopper–Pearson", n: 12, nLabel: "pairs" })).toBe("Clopper–Pearson, 12 pairs");
    expect(methodText({ method: "Fisher z (Spearman)", n: 48, nLabel: "runs" })).toBe("Fisher z (Spearman), 48 runs");
  });
});

describe("estimateView", () => {
  it("estimate and bounds share decimals; unit spelled out; the test in judge.ts's words", () => {
    expect(estimateView(judgedCheck.estimate!)).toMatchObject({
      estimate: "2.00",
      interval: "[1.90, 2.10]",
      unit: "percentage points",
      method: "paired t, 3 seeds",
      test: "claimed above 0 percentage points; ±0.5 percentage points around 0 counts as no effect",
    });
  });
  it("no interval (one seed): says so, and the estimate keeps 4 significant digits", () => {
    const v = estimateView(est({ estimate: 1.23456, lo: NaN, hi: NaN, n: 1 }));
    expect(v.interval).toBe("no interval");
    expect(v.estimate).toBe("1.235");
    expect(v.picture).toBeNull();
  });
  it("an observation has no test", () => {
    expect(estimateView(observationCheck.estimate!).test).toBeNull();
    expect(estimateView(observationCheck.estimate!).interval).toBe("[−0.030, −0.010]");
  });
});

describe("checkRow", () => {
  it("judged: the outcome's label; observation: reported, not judged; fact: computed fact", () => {
    expect(checkRow(judgedCheck)).toMatchObject({ roleLabel: "judged", judged: true, outcomeLabel: "Supported" });
    expect(checkRow({ ...judgedCheck, outcome: "not-shown" }).outcomeLabel).toBe("Not shown");
    expect(checkRow(observationCheck)).toMatchObject({ roleLabel: "observation", judged: false, outcomeLabel: NOT_JUDGED });
    expect(NOT_JUDGED).toBe("Reported, not judged");
    expect(checkRow(factCheck)).toMatchObject({ roleLabel: "computed fact", judged: true, outcomeLabel: "Supported", estimate: null, value: "2000 vs 1000 MACs" });
  });
});

describe("intervalPicture", () => {
  it("superiority: interval, dot, null and the no-effect band on one scale (hand-computed)", () => {
    // Extent −0.5 … 2.1 (band −0.5…0.5, null 0, interval 1.9…2.1); x = 6 + (v + 0.5) / 2.6 · 148.
    const p = intervalPicture(judgedCheck.estimate!)!;
    expect(p).toMatchObject({ width: 160, height: 22, lo: 142.62, hi: 154, estimate: 148.31, nullX: 34.46 });
    expect(p.band).toEqual({ kind: "no-effect", from: 6, to: 62.92 });
    expect(p.label).toBe("Estimate 2.00 percentage points, 95 % interval 1.90 to 2.10; no-effect band −0.50 to 0.50 around 0.00.");
  });
  it("non-inferiority: the band runs from null − margin to the right edge", () => {
    // Extent −1 … 3 (null − margin = −1); x = 6 + (v + 1) / 4 · 148.
    const p = intervalPicture(est({ estimate: 1, lo: -0.5, hi: 3, test: { kind: "non-inferiority", null: 0, margin: 1 } }))!;
    expect(p).toMatchObject({ lo: 24.5, hi: 154, estimate: 80, nullX: 43 });
    expect(p.band).toEqual({ kind: "non-inferiority", from: 6, to: 154 });
    expect(p.label).toContain("margin: no worse than −1");
  });
  it("equivalence: the claimed range, no null line", () => {
    // Extent −1.2 … 0.8; x = 6 + (v + 1.2) / 2 · 148.
    const p = intervalPicture(est({ estimate: -1, lo: -1.2, hi: -0.8, unit: "log–log slope", test: { kind: "equivalence", lower: -1.1, upper: 0.8 } }))!;
    expect(p).toMatchObject({ lo: 6, hi: 35.6, estimate: 20.8, nullX: null });
    expect(p.band).toEqual({ kind: "equivalence", from: 13.4, to: 154 });
    expect(p.label).toBe("Estimate −1.00 log–log slope, 95 % interval −1.20 to −0.80; claimed range −1.10 to 0.80.");
  });
  it("an observation: interval and dot only; a point gets a ±10 % scale; no interval → null", () => {
    const obs = intervalPicture(observationCheck.estimate!)!;
    expect(obs).toMatchObject({ lo: 6, hi: 154, estimate: 80, nullX: null, band: null });
    const point = intervalPicture(est({ estimate: 5, lo: 5, hi: 5 }))!;
    expect([point.lo, point.hi, point.estimate]).toEqual([80, 80, 80]);
    expect(intervalPicture(est({ lo: NaN }))).toBeNull();
  });
});
