// Why view experiment-specific chart data and links (the view model on the committed recordings: why-recordings.test.ts).
import { describe, expect, it } from "vitest";
import type { RunSummary, VariantSpec } from "../../experiments/registry/types.ts";
import { accVsMacs, gradNoise, metricByVariant, nearZeroByLayer, stepsToTarget } from "../../lib/why/extras.ts";
import { hasWhyView, whyHref } from "../../lib/why/links.ts";

const run = (variantId: string, seed: number, metrics: Record<string, number>, validAcc = 0.9): RunSummary => ({
  variantId, seed, steps: 10, final: { validLoss: 0.3, validAcc, trainLoss: 0.2 }, trainLossCurve: [], metrics,
});
const variant = (id: string, lr: number): VariantSpec => ({ id, label: id, model: { batchNorm: true, channels: [8], firstKernel: 5 }, train: { lr, schedule: "one-cycle", bs: 64, epochs: 1 } });

describe("experiment-specific data", () => {
  it("gradNoise: per batch size across seeds, log–log slope of the means", () => {
    const g = gradNoise([run("g", 1, { gradErrorByBs_16: 8, gradErrorByBs_64: 2, macs: 1 }), run("g", 2, { gradErrorByBs_16: 12, gradErrorByBs_64: 4 }), run("x", 1, {})])!;
    expect(g.points.map((p) => [p.bs, p.spread.mean, p.spread.min, p.spread.max])).toEqual([[16, 10, 8, 12], [64, 3, 2, 4]]);
    // log10(3/10) / log10(64/16) = −0.8685…
    expect(g.slope).toBeCloseTo(Math.log10(0.3) / Math.log10(4), 12);
    expect(gradNoise([run("g", 1, { gradErrorByBs_16: 8 })])).toBeNull();
  });

  it("stepsToTarget: −1 means never; the median counts never as slowest", () => {
    const rows = stepsToTarget([variant("hi", 0.06), variant("lo", 0.001)], [
      run("hi", 2, { stepsTo95: 60 }), run("hi", 1, { stepsTo95: 70 }), run("hi", 3, { stepsTo95: -1 }),
      run("lo", 1, { stepsTo95: -1 }), run("lo", 2, { stepsTo95: -1 }), run("lo", 3, { stepsTo95: 80 }),
    ]);
    expect(rows.map((r) => r.lr)).toEqual([0.001, 0.06]);
    expect(rows[1]).toEqual({ variantId: "hi", lr: 0.06, values: [{ seed: 1, steps: 70 }, { seed: 2, steps: 60 }, { seed: 3, steps: null }], reached: 2, median: 70 });
    expect(rows[0]!.median).toBeNull();
  });

  it("accVsMacs and metricByVariant: per-seed values per variant", () => {
    const runs = [run("a", 1, { macs: 100, jitterLast20pct: 0.2 }, 0.9), run("a", 2, { macs: 100, jitterLast20pct: 0.4 }, 0.8), run("b", 1, { macs: 300 }, 0.95)];
    const macs = accVsMacs(runs);
    expect(macs.map((r) => [r.variantId, r.macs])).toEqual([["a", 100], ["b", 300]]);
    expect(macs[0]!.spread!.mean).toBeCloseTo(0.85, 12);
    expect(macs[0]!.values).toEqual([{ seed: 1, value: 0.9 }, { seed: 2, value: 0.8 }]);
    const j = metricByVariant(runs, "jitterLast20pct");
    expect(j).toHaveLength(1);
    expect(j[0]!.spread!.mean).toBeCloseTo(0.3, 12);
  });

  it("nearZeroByLayer: mean share per layer and variant, in the layers' recorded order", () => {
    const nz = nearZeroByLayer([run("a", 1, { nearZeroByLayer_conv1: 0.2, nearZeroByLayer_conv2: 0.6 }), run("a", 2, { nearZeroByLayer_conv1: 0.4, nearZeroByLayer_conv2: 0.8 }), run("b", 1, { nearZeroByLayer_conv1: 0.1 })])!;
    expect(nz.layers).toEqual(["conv1", "conv2"]);
    expect(nz.rows[0]!.a).toBeCloseTo(0.3, 12);
    expect(nz.rows[1]).toMatchObject({ layer: "conv2", b: null });
    expect(nz.rows[1]!.a).toBeCloseTo(0.7, 12);
  });
});

describe("links", () => {
  it("hasWhyView only for experiments with a committed recording", () => {
    expect(hasWhyView("ch13-batch-size")).toBe(true);
    expect(hasWhyView("ch14-nothing")).toBe(false);
    expect(hasWhyView(null)).toBe(false);
    expect(whyHref("d1", "c2", "review")).toBe("/decks/d1/cards/c2/why?from=review");
  });
});
