import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initWasmBackend } from "../../experiments/backend/wasm-node.ts";
import { loadMnistNode } from "../../experiments/data/load-node.ts";
import { stratifiedSplit } from "../../experiments/data/mnist.ts";
import { learnerDataFromMnist, type LearnerData } from "../../experiments/learner/learner.ts";
import { experimentById } from "../../experiments/registry/index.ts";
import type { ExperimentDefinition, RunSummary } from "../../experiments/registry/types.ts";
import { runExperiment } from "../../experiments/runner/run-experiment.ts";
import { MAX_CURVE_POINTS, fitScheduleOptions, resolveBudget, runVariant } from "../../experiments/runner/run-variant.ts";
import { downsample } from "../../experiments/registry/stats.ts";
import { scheduleAt } from "../../experiments/learner/schedule.ts";

let data: LearnerData;

beforeAll(async () => {
  await initWasmBackend();
  const mnist = await loadMnistNode();
  const split = stratifiedSplit(mnist.labels);
  // Full 8k train indices (runs take their own subsets); 500 validation digits keep evaluation cheap.
  data = learnerDataFromMnist(mnist, { train: split.train, valid: split.valid.subarray(0, 500) });
}, 30_000);

const exp = (id: string): ExperimentDefinition => {
  const d = experimentById(id);
  if (!d) throw new Error(`no experiment ${id}`);
  return d;
};
const variantOf = (def: ExperimentDefinition, id: string) => {
  const v = def.variants.find((x) => x.id === id);
  if (!v) throw new Error(`no variant ${id}`);
  return v;
};

function expectWellFormed(r: RunSummary, variantId: string, seed: number, steps: number): void {
  expect(r.variantId).toBe(variantId);
  expect(r.seed).toBe(seed);
  expect(r.steps).toBe(steps);
  for (const v of Object.values(r.final)) expect(Number.isFinite(v)).toBe(true);
  expect(r.final.validAcc).toBeGreaterThanOrEqual(0);
  expect(r.final.validAcc).toBeLessThanOrEqual(1);
  expect(r.trainLossCurve.length).toBe(steps);
  for (const v of r.trainLossCurve) expect(Number.isFinite(v)).toBe(true);
  for (const [k, v] of Object.entries(r.metrics)) expect(Number.isFinite(v), k).toBe(true);
  expect(typeof r.collapsed).toBe("boolean");
}

describe("runner pieces", () => {
  it("maps registry schedules onto the learner's one-cycle pieces", () => {
    const at = (s: Parameters<typeof fitScheduleOptions>[0], step: number) => {
      const o = fitScheduleOptions(s);
      return o.oneCycle ? scheduleAt(step, 100, 0.06, o.oneCycleOpts) : { lr: 0.06, mom: 0.9 };
    };
    expect(fitScheduleOptions("constant").oneCycle).toBe(false);
    expect(at({ warmup: false, anneal: false }, 0).lr).toBeCloseTo(0.06, 12);
    expect(at({ warmup: false, anneal: false }, 99).lr).toBeCloseTo(0.06, 12);
    expect(at({ warmup: true, anneal: false }, 0).lr).toBeCloseTo(0.06 / 25, 12);
    expect(at({ warmup: true, anneal: false }, 99).lr).toBeCloseTo(0.06, 12);
    expect(at({ warmup: false, anneal: true }, 10).lr).toBeCloseTo(0.06, 12);
    expect(at({ warmup: false, anneal: true }, 99).lr).toBeLessThan(0.001);
    expect(at({ warmup: true, anneal: true }, 50).mom).toBe(0.9);
    expect(at("one-cycle", 0).mom).toBeCloseTo(0.95, 12);
  });

  it("downsamples long curves to ≤ 200 bucket means and resolves budgets", () => {
    expect(MAX_CURVE_POINTS).toBe(200);
    const c = downsample(Array.from({ length: 1000 }, (_, i) => i), MAX_CURVE_POINTS);
    expect(c.length).toBe(200);
    expect(c[0]).toBe(2);
    expect(downsample([1, 2, 3], MAX_CURVE_POINTS)).toEqual([1, 2, 3]);
    const def = exp("ch13-batch-size");
    expect(resolveBudget(def, variantOf(def, "bs512"), 8000, { mode: "full" })).toEqual({ trainImages: 8000, maxSteps: 15 });
    expect(resolveBudget(def, variantOf(def, "bs64"), 8000, { mode: "quick" })).toEqual({ trainImages: 2048, maxSteps: 32 });
    expect(resolveBudget(def, variantOf(def, "grad-noise"), 8000, { mode: "full", maxSteps: 5 }).maxSteps).toBe(5);
  });
});

describe("runVariant", () => {
  const tiny = { mode: "full" as const, maxSteps: 20, trainSubset: 1000 };

  it("near-zero variant: well-formed summary with per-layer near-zero shares, dead channels and MACs", async () => {
    const def = exp("ch13-near-zero-activations");
    const r = await runVariant(def, variantOf(def, "nobn-const"), 1, data, tiny);
    expectWellFormed(r, "nobn-const", 1, 15); // 1000 images / bs 64 = 15 full batches < 20
    for (const l of ["conv1", "conv2", "conv3", "conv4"]) {
      const v = r.metrics[`nearZeroByLayer_${l}`]!;
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(r.metrics.macs).toBe(248_864);
    expect(r.metrics.deadChannels).toBeGreaterThanOrEqual(0);
    if (r.metrics.deadChannels! > 0) expect(r.metrics.deadChannelGrad).toBe(0);
  }, 20_000);

  it("is deterministic: same seed twice gives identical summaries (jitter variant)", async () => {
    const def = exp("ch13-lr-warmup");
    const v = variantOf(def, "warmup-anneal");
    const a = await runVariant(def, v, 2, data, tiny);
    const b = await runVariant(def, v, 2, data, tiny);
    expectWellFormed(a, "warmup-anneal", 2, 15);
    expect(a.metrics.jitterLast20pct).toBeGreaterThan(0);
    expect(b).toEqual(a);
  }, 20_000);

  it("steps-to-acc and sharpness metrics are reported", async () => {
    const def = exp("ch13-one-cycle-high-lr");
    const s = await runVariant(def, variantOf(def, "sweep-lr0.01"), 1, data, { mode: "full", maxSteps: 10 });
    expect(s.steps).toBe(10);
    expect(s.metrics.stepsTo95 === -1 || s.metrics.stepsTo95 === 10).toBe(true);
    const o = await runVariant(def, variantOf(def, "overfit-lr0.03"), 1, data, { mode: "full", maxSteps: 5, trainSubset: 320 });
    expect(Number.isFinite(o.metrics.sharpness)).toBe(true);
  }, 20_000);

  it("grad-noise: gradErrorByBs_<bs> for every batch size that fits the subset", async () => {
    const def = exp("ch13-batch-size");
    const r = await runVariant(def, variantOf(def, "grad-noise"), 1, data, { mode: "full", maxSteps: 3, trainSubset: 1024 });
    for (const b of [16, 64, 256, 1024]) expect(r.metrics[`gradErrorByBs_${b}`]).toBeGreaterThan(0);
    expect(r.metrics.gradErrorByBs_1024).toBeLessThan(1e-9); // the whole subset: g_b = g
    expect(r.metrics.gradErrorByBs_16!).toBeGreaterThan(r.metrics.gradErrorByBs_256!);
  }, 20_000);

  it("cancel through AbortSignal rejects and leaks no tensors", async () => {
    const def = exp("ch13-near-zero-activations");
    const base = tf.memory().numTensors;
    const ctl = new AbortController();
    let last = 0;
    const p = runVariant(def, variantOf(def, "bn-1cycle"), 1, data, {
      mode: "full",
      signal: ctl.signal,
      onProgress: (q) => {
        last = q.step;
        if (q.step === 3) ctl.abort();
      },
    });
    await expect(p).rejects.toThrow();
    expect(last).toBe(3);
    expect(tf.memory().numTensors).toBe(base);
  }, 20_000);
});

describe("runExperiment", () => {
  it("api-fact card 3 (activation stats): confirmed in the source, and a real run of our learner mirrors it", async () => {
    const res = await runExperiment(exp("ch13-activation-stats"), data, { mode: "quick" });
    expect(res.runs).toHaveLength(1);
    expect(res.runs[0]!.metrics.hist_bins).toBe(40);
    expect(res.verdict).toMatchObject({ verdict: "confirmed-in-source", mirror: "mirrors" });
  }, 20_000);

  it("api-fact card 4 (callback access): confirmed in the source, and a real run of our learner mirrors it", async () => {
    const res = await runExperiment(exp("ch13-callback-access"), data, { mode: "quick" });
    expect(res.runs[0]!.metrics).toMatchObject({ attr_recorder: 1, attr_activation_stats: 1, cbs_contains_all: 1, fit_only_cb_removed: 1 });
    expect(res.verdict).toMatchObject({ verdict: "confirmed-in-source", mirror: "mirrors" });
  }, 20_000);

  it("quick mode on a trained experiment runs every variant and returns a verdict", async () => {
    const def = exp("ch13-double-filters");
    const base = tf.memory().numTensors;
    const seen: number[] = [];
    const res = await runExperiment(def, data, { mode: "quick", maxSteps: 4, onProgress: (p) => seen.push(p.runIndex) });
    expect(res.runs.map((r) => r.variantId).sort()).toEqual(def.variants.map((v) => v.id).sort());
    expect(res.runs.every((r) => r.seed === def.quick.seeds[0] && r.steps === 4)).toBe(true);
    expect(["supported", "contradicted", "not-shown", "inconclusive"]).toContain(res.verdict.verdict);
    expect(typeof res.verdict.summary).toBe("string");
    expect(res.wallMs).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(def.variants.length);
    expect(tf.memory().numTensors).toBe(base);
  }, 20_000);
});
