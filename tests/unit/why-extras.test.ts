// Why view experiment-specific charts, sources and the view model built from the committed recordings.
import { describe, expect, it } from "vitest";
import { recordingFor } from "../../experiments/recordings/all.ts";
import { RECORDING_IDS } from "../../experiments/recordings/index.ts";
import type { RunSummary, VariantSpec } from "../../experiments/registry/types.ts";
import { accVsMacs, gradNoise, metricByVariant, nearZeroByLayer, stepsToTarget } from "../../lib/why/extras.ts";
import { hasWhyView, whyHref } from "../../lib/why/links.ts";
import { sourceLink } from "../../lib/why/sources.ts";
import { buildWhyView } from "../../lib/why/view.ts";

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

describe("sources and links", () => {
  it("links URLs, arXiv ids and GitHub files; leaves the rest as text", () => {
    expect(sourceLink("Smith (arXiv 1803.09820)").href).toBe("https://arxiv.org/abs/1803.09820");
    expect(sourceLink("fastai/fastai fastai/callback/hook.py (ActivationStats)").href).toBe("https://github.com/fastai/fastai/blob/master/fastai/callback/hook.py");
    expect(sourceLink("see https://docs.fast.ai/callback.hook.html (docs)").href).toBe("https://docs.fast.ai/callback.hook.html");
    expect(sourceLink("shared reference: fastbook-ch13-facts.md").href).toBeNull();
    expect(sourceLink("fastbook 13_convolutions.ipynb, “A Simple Baseline”").href).toBeNull();
  });

  it("hasWhyView only for experiments with a committed recording", () => {
    expect(hasWhyView("ch13-batch-size")).toBe(true);
    expect(hasWhyView("ch14-nothing")).toBe(false);
    expect(hasWhyView(null)).toBe(false);
    expect(whyHref("d1", "c2", "review")).toBe("/decks/d1/cards/c2/why?from=review");
  });
});

describe("buildWhyView on the committed recordings", () => {
  it.each(RECORDING_IDS)("%s: verdict, a curve per variant, a schedule per distinct setting, numbers as text", (id) => {
    const rec = recordingFor(id)!;
    const v = buildWhyView(rec);
    expect(v.verdict).toBe(rec.verdict.verdict);
    expect(v.checks).toEqual(rec.verdict.checks);
    expect(v.loss.curves.length).toBe(new Set(rec.runs.map((r) => r.variantId)).size);
    for (const c of v.loss.curves) expect(c.points.some((p) => p.mean !== null)).toBe(true);
    expect(v.schedules.items.length).toBeGreaterThan(0);
    // Each schedule spans its runs' steps.
    for (const s of v.schedules.items) for (const id of s.variantIds) expect(rec.runs.find((r) => r.variantId === id)?.steps ?? s.totalSteps).toBe(s.totalSteps);
    // Every variant's mean final accuracy appears in the caption as text.
    expect(v.finals.caption.length).toBeGreaterThan(20);
    expect(JSON.stringify(v)).not.toContain("NaN");
  });

  it("card 6 (batch size) gets the gradient-noise chart with a slope near −1", () => {
    const v = buildWhyView(recordingFor("ch13-batch-size")!);
    expect(v.gradNoise).not.toBeNull();
    expect(v.gradNoise!.slope).toBeGreaterThan(-1.3);
    expect(v.gradNoise!.slope).toBeLessThan(-0.7);
    expect(v.gradNoise!.caption).toContain("bs 16");
  });

  it("card 8 gets steps to 95 % per LR; card 1 gets accuracy vs MACs", () => {
    const v8 = buildWhyView(recordingFor("ch13-one-cycle-high-lr")!);
    expect(v8.stepsTo95!.rows.map((r) => r.lr)).toEqual([0.001, 0.003, 0.01, 0.03, 0.06]);
    const v1 = buildWhyView(recordingFor("ch13-double-filters")!);
    expect(v1.accVsMacs!.rows.map((r) => r.macs)).toEqual([248864, 79664, 795584]);
    expect(v1.accVsMacs!.caption).toContain("795,584 MACs");
  });
});
