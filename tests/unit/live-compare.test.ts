// The live run vs the recording (experiments/live/compare.ts): tolerance rule, quick-mode scope,
// exact reproduction, and honest explanations.
import { describe, expect, it } from "vitest";
import { ABS_FLOOR, REL_FLOOR, compareWithRecording, recordedSeedSd, toleranceFor, type LiveOutcome } from "../../experiments/live/compare.ts";
import { recordingFor } from "../../experiments/recordings/all.ts";
import type { Recording } from "../../experiments/recordings/index.ts";
import { experimentById } from "../../experiments/registry/index.ts";
import type { ExperimentDefinition, RunSummary } from "../../experiments/registry/types.ts";

function load(id: string): { def: ExperimentDefinition; rec: Recording } {
  const def = experimentById(id);
  const rec = recordingFor(id);
  if (!def || !rec) throw new Error(`missing ${id}`);
  return { def, rec };
}

function live(def: ExperimentDefinition, runs: RunSummary[], over: Partial<LiveOutcome> = {}): LiveOutcome {
  return { mode: "full", backend: "wasm", tfjsVersion: "4.22.0", runs, verdict: def.decide(runs), ...over };
}

describe("toleranceFor", () => {
  it("is max(2 × seed sd, 2 % of the value, the absolute floor)", () => {
    expect(toleranceFor(0.96, 0.01)).toBeCloseTo(0.02);
    expect(toleranceFor(0.96, 0.001)).toBeCloseTo(REL_FLOOR * 0.96);
    expect(toleranceFor(0.01, null)).toBe(ABS_FLOOR);
    expect(toleranceFor(-50, null)).toBeCloseTo(1);
  });
});

describe("recordedSeedSd", () => {
  it("is the sd over seeds of each seed's own verdict numbers", () => {
    const { def, rec } = load("ch13-near-zero-activations");
    const sd = recordedSeedSd(def, rec);
    expect(sd.size).toBeGreaterThan(0);
    for (const [key, v] of sd) {
      const perSeed = [1, 2, 3].map((seed) => def.decide(rec.runs.filter((r) => r.seed === seed)).numbers[key]!).filter(Number.isFinite);
      const m = perSeed.reduce((a, b) => a + b, 0) / perSeed.length;
      expect(v, key).toBeCloseTo(Math.sqrt(perSeed.reduce((a, b) => a + (b - m) ** 2, 0) / (perSeed.length - 1)), 12);
    }
  });

  it("gives nothing where one seed cannot be decided alone (rules needing ≥ 2 seeds): the floors apply", () => {
    const { def, rec } = load("ch13-double-filters");
    expect(recordedSeedSd(def, rec).size).toBe(0);
  });

  it("gives nothing for a one-seed recording", () => {
    const { def, rec } = load("ch13-callback-access");
    expect(recordedSeedSd(def, rec).size).toBe(0);
  });
});

describe("compareWithRecording, full mode", () => {
  it("the recorded runs themselves on wasm: reproduced exactly, identical curves, nothing to explain", () => {
    const { def, rec } = load("ch13-double-filters");
    const c = compareWithRecording(def, rec, live(def, rec.runs));
    expect(c.status).toBe("reproduced");
    expect(c.headline).toMatch(/^Reproduced exactly/);
    expect(c.curves).toEqual({ runsCompared: rec.runs.length, maxAbsDiff: 0 });
    expect(c.numbers.length).toBe(Object.keys(rec.verdict.numbers).length);
    expect(c.numbers.every((n) => n.within)).toBe(true);
    expect(c.explanations).toEqual([]);
  });

  it("small drift on another backend: reproduced (not exactly), and it says why numbers move", () => {
    const { def, rec } = load("ch13-double-filters");
    const drifted = rec.runs.map((r) => ({
      ...r,
      final: { ...r.final, validAcc: r.final.validAcc + 0.001 },
      trainLossCurve: r.trainLossCurve.map((v, i) => (i > 10 ? v + 0.01 : v)),
    }));
    const c = compareWithRecording(def, rec, live(def, drifted, { backend: "cpu" }));
    expect(c.status).toBe("reproduced");
    expect(c.headline).toMatch(/^Reproduced: same verdict/);
    expect(c.curves!.maxAbsDiff).toBeCloseTo(0.01, 5);
    expect(c.explanations.join(" ")).toContain("this run used cpu, the recording wasm");
  });

  it("a number outside its tolerance: differs, counted in the headline; same backend blames a change since recording", () => {
    const { def, rec } = load("ch13-double-filters");
    const off = rec.runs.map((r) => (r.variantId === "doubling" ? { ...r, final: { ...r.final, validAcc: r.final.validAcc - 0.03 } } : r));
    const l = live(def, off);
    const c = compareWithRecording(def, rec, l);
    expect(c.status).toBe("differs");
    const bad = c.numbers.filter((n) => !n.within);
    expect(bad.map((n) => n.key)).toContain("accA");
    if (c.verdictMatches) expect(c.headline).toContain(`${bad.length} of ${c.numbers.length} numbers`);
    expect(c.explanations.join(" ")).toMatch(/Same backend \(wasm\), seeds and data order normally reproduce a recording exactly/);
  });

  it("a different verdict is a difference even when numbers are close", () => {
    const { def, rec } = load("ch13-callback-access");
    const broken = rec.runs.map((r) => ({ ...r, metrics: { ...r.metrics, attr_recorder: 0 } }));
    const c = compareWithRecording(def, rec, live(def, broken));
    expect(c.verdictMatches).toBe(false);
    expect(c.status).toBe("differs");
    expect(c.headline).toBe("Different verdict: your run reads “not supported”, the recording “supported”.");
  });

  it("NaN matches only NaN", () => {
    const { def, rec } = load("ch13-callback-access");
    const withNaN: Recording = { ...rec, verdict: { ...rec.verdict, numbers: { ...rec.verdict.numbers, extra: Number.NaN } } };
    const l = live(def, rec.runs);
    const c1 = compareWithRecording(def, withNaN, { ...l, verdict: { ...l.verdict, numbers: { ...l.verdict.numbers, extra: Number.NaN } } });
    expect(c1.numbers.find((n) => n.key === "extra")!.within).toBe(true);
    const c2 = compareWithRecording(def, withNaN, { ...l, verdict: { ...l.verdict, numbers: { ...l.verdict.numbers, extra: 1 } } });
    expect(c2.numbers.find((n) => n.key === "extra")!.within).toBe(false);
  });
});

describe("compareWithRecording, quick mode", () => {
  it("trained experiment: trained numbers are not comparable; a one-seed run this rule cannot decide says so", () => {
    const { def, rec } = load("ch13-double-filters");
    const quickRuns = rec.runs.filter((r) => r.seed === 1).map((r) => ({ ...r, steps: 40 }));
    const c = compareWithRecording(def, rec, live(def, quickRuns, { mode: "quick" }));
    expect(c.liveVerdict).toBe("inconclusive");
    expect(c.status).toBe("provisional-differs");
    expect(c.headline).toBe("A quick run cannot decide this claim (the recording reads “not supported”); run the full experiment to compare.");
    expect(c.curves).toBeNull();
    expect(c.numbers).toEqual([]);
    expect(c.notCompared.find((n) => n.key === "accA")!.why).toBe("depends on training length (quick mode)");
    // Architecture numbers would be compared, but this rule reports none from one seed.
    expect(c.notCompared.find((n) => n.key === "macsA")!.why).toBe("not in the live verdict");
    expect(c.scope[0]).toBe(
      "Quick mode trains 1 seed instead of 3 and stops every run after at most 40 steps (the recording: up to 125), with the learning-rate schedule laid out over those steps.",
    );
    expect(c.scope[2]).toBe("Compared: the verdict's direction only.");
  });

  it("architecture numbers a quick verdict does report are compared", () => {
    const { def, rec } = load("ch13-double-filters");
    const l = live(def, rec.runs, { mode: "quick" });
    const c = compareWithRecording(def, rec, l);
    expect(c.numbers.map((n) => n.key).sort()).toEqual(Object.keys(rec.verdict.numbers).filter((k) => k.startsWith("macs")).sort());
    expect(c.numbers.every((n) => n.within)).toBe(true);
    expect(c.scope[2]).toMatch(/^Compared: the verdict's direction, and macsA, /);
  });

  it("API fact: the flags are compared, batch counts are not; agreement is provisional and needs no excuse", () => {
    const { def, rec } = load("ch13-activation-stats");
    const c = compareWithRecording(def, rec, live(def, rec.runs.map((r) => ({ ...r, steps: 10 })), { mode: "quick" }));
    expect(c.status).toBe("provisional-agrees");
    expect(c.headline).toBe("Provisional agreement: your quick run also reads “supported”.");
    expect(c.numbers.map((n) => n.key)).toContain("has_mean");
    expect(c.notCompared.map((n) => n.key)).toContain("train_batches_recorded");
    expect(c.scope[0]).toMatch(/^Quick mode stops every run after at most 10 steps/);
    expect(c.explanations).toEqual([]);
  });

  it("a quick run that disagrees says so and suggests the full run", () => {
    const { def, rec } = load("ch13-callback-access");
    const broken = rec.runs.map((r) => ({ ...r, metrics: { ...r.metrics, attr_activation_stats: 0 } }));
    const c = compareWithRecording(def, rec, live(def, broken, { mode: "quick", backend: "webgl", tfjsVersion: "4.23.0" }));
    expect(c.status).toBe("provisional-differs");
    expect(c.headline).toContain("run the full experiment to check");
    const why = c.explanations.join(" ");
    expect(why).toContain("Fewer steps and one seed");
    expect(why).toContain("this run used webgl");
    expect(why).toContain("Different tfjs version: 4.23.0 here, 4.22.0 in the recording.");
  });
});
