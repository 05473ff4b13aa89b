// The live run vs the recording (experiments/live/compare.ts): tolerance rule, quick-mode scope, exact
// reproduction, verdict words from the vocabulary, API facts compared by their mirror, honest explanations.
// Built on fixtures (tests/unit/why-fixture.ts), so the rules under test are the comparison's, not the registry's.
import { describe, expect, it } from "vitest";
import { ABS_FLOOR, REL_FLOOR, compareWithRecording, recordedSeedSd, sameVerdict, toleranceFor, verdictWord, type LiveOutcome } from "../../experiments/live/compare.ts";
import type { Recording } from "../../experiments/recordings/index.ts";
import type { RunSummary } from "../../experiments/registry/types.ts";
import { apiFactDefinition, recordingFrom, trainedDefinition, type FixtureDefinition } from "./why-fixture.ts";

function live(def: FixtureDefinition, runs: RunSummary[], over: Partial<LiveOutcome> = {}): LiveOutcome {
  return { mode: "full", backend: "wasm", tfjsVersion: "4.22.0", runs, verdict: def.decide(runs), ...over };
}

const trained = { def: trainedDefinition, rec: recordingFrom(trainedDefinition) };
const api = { def: apiFactDefinition, rec: recordingFrom(apiFactDefinition) };

describe("toleranceFor", () => {
  it("is max(2 × seed sd, 2 % of the value, the absolute floor)", () => {
    expect(toleranceFor(0.96, 0.01)).toBeCloseTo(0.02);
    expect(toleranceFor(0.96, 0.001)).toBeCloseTo(REL_FLOOR * 0.96);
    expect(toleranceFor(0.01, null)).toBe(ABS_FLOOR);
    expect(toleranceFor(-50, null)).toBeCloseTo(1);
  });
});

describe("verdict words", () => {
  it("the vocabulary's labels inside a sentence; an API fact's run reads as its mirror", () => {
    expect(verdictWord({ verdict: "not-shown" })).toBe("not shown");
    expect(verdictWord({ verdict: "contradicted" })).toBe("contradicted");
    expect(verdictWord({ verdict: "confirmed-in-source", mirror: "mirrors" })).toBe("our learner mirrors it");
    expect(verdictWord({ verdict: "confirmed-in-source" })).toBe("confirmed in the fastai source");
  });
  it("same verdict needs the same mirror outcome", () => {
    expect(sameVerdict({ verdict: "supported" }, { verdict: "supported" })).toBe(true);
    expect(sameVerdict({ verdict: "confirmed-in-source", mirror: "mirrors" }, { verdict: "confirmed-in-source", mirror: "differs" })).toBe(false);
  });
});

describe("recordedSeedSd", () => {
  it("gives nothing where one seed cannot be decided alone (rules needing ≥ 2 seeds): the floors apply", () => {
    expect(recordedSeedSd(trained.def, trained.rec).size).toBe(0);
  });

  it("gives nothing for a one-seed recording", () => {
    expect(recordedSeedSd(api.def, api.rec).size).toBe(0);
  });

  it("is the sd over seeds of each seed's own verdict numbers", () => {
    // A rule that decides each seed alone: its number is the seed's accuracy of a (0.901, 0.902, 0.903 → sd 0.001).
    const perSeed: FixtureDefinition = { ...trained.def, decide: (runs) => ({ verdict: "supported", summary: "", checks: [], numbers: { acc: runs.find((r) => r.variantId === "a")!.final.validAcc } }) };
    expect(recordedSeedSd(perSeed, trained.rec).get("acc")).toBeCloseTo(0.001, 12);
  });
});

describe("compareWithRecording, full mode", () => {
  it("the recorded runs themselves on wasm: reproduced exactly, identical curves, nothing to explain", () => {
    const c = compareWithRecording(trained.def, trained.rec, live(trained.def, trained.rec.runs));
    expect(c.status).toBe("reproduced");
    expect(c.headline).toMatch(/^Reproduced exactly/);
    expect(c.curves).toEqual({ runsCompared: trained.rec.runs.length, maxAbsDiff: 0 });
    expect(c.numbers.length).toBe(Object.keys(trained.rec.verdict.numbers).length);
    expect(c.numbers.every((n) => n.within)).toBe(true);
    expect(c.explanations).toEqual([]);
    expect([c.recordedWords, c.liveWords]).toEqual(["supported", "supported"]);
  });

  it("small drift on another backend: reproduced (not exactly), and it says why numbers move", () => {
    const drifted = trained.rec.runs.map((r) => ({
      ...r,
      final: { ...r.final, validAcc: r.final.validAcc + 0.001 },
      trainLossCurve: r.trainLossCurve.map((v, i) => (i > 2 ? v + 0.01 : v)),
    }));
    const c = compareWithRecording(trained.def, trained.rec, live(trained.def, drifted, { backend: "cpu" }));
    expect(c.status).toBe("reproduced");
    expect(c.headline).toBe("Reproduced: same verdict (“supported”), every compared number within tolerance.");
    expect(c.curves!.maxAbsDiff).toBeCloseTo(0.01, 5);
    expect(c.explanations.join(" ")).toContain("this run used cpu, the recording wasm");
  });

  it("a number outside its tolerance: differs, counted in the headline; same backend blames a change since recording", () => {
    // a's accuracy −0.03 on every seed: accA moves by 0.03 (tolerance max(2 % of 0.902, 0.005) = 0.018), the verdict flips.
    const off = trained.rec.runs.map((r) => (r.variantId === "a" ? { ...r, final: { ...r.final, validAcc: r.final.validAcc - 0.03 } } : r));
    const c = compareWithRecording(trained.def, trained.rec, live(trained.def, off));
    expect(c.status).toBe("differs");
    expect(c.numbers.filter((n) => !n.within).map((n) => n.key)).toEqual(["accA"]);
    expect(c.headline).toBe("Different verdict: your run reads “contradicted”, the recording “supported”.");
    expect(c.explanations.join(" ")).toMatch(/Same backend \(wasm\), seeds and data order normally reproduce a recording exactly/);
  });

  it("same verdict with a number off: counted in the headline", () => {
    const off = trained.rec.runs.map((r) => ({ ...r, final: { ...r.final, validAcc: r.final.validAcc - 0.03 } }));
    const c = compareWithRecording(trained.def, trained.rec, live(trained.def, off));
    expect(c.verdictMatches).toBe(true);
    expect(c.headline).toBe("Same verdict (“supported”), but 2 of 3 numbers fall outside the tolerance.");
  });

  it("an API fact whose mirror differs is a difference even with the same verdict key", () => {
    const broken = api.rec.runs.map((r) => ({ ...r, metrics: { ...r.metrics, attr_recorder: 0 } }));
    const c = compareWithRecording(api.def, api.rec, live(api.def, broken));
    expect(c.verdictMatches).toBe(false);
    expect(c.status).toBe("differs");
    expect(c.headline).toBe("Different verdict: your run reads “our learner differs”, the recording “our learner mirrors it”.");
  });

  it("NaN matches only NaN", () => {
    const withNaN: Recording = { ...api.rec, verdict: { ...api.rec.verdict, numbers: { ...api.rec.verdict.numbers, extra: Number.NaN } } };
    const l = live(api.def, api.rec.runs);
    const c1 = compareWithRecording(api.def, withNaN, { ...l, verdict: { ...l.verdict, numbers: { ...l.verdict.numbers, extra: Number.NaN } } });
    expect(c1.numbers.find((n) => n.key === "extra")!.within).toBe(true);
    const c2 = compareWithRecording(api.def, withNaN, { ...l, verdict: { ...l.verdict, numbers: { ...l.verdict.numbers, extra: 1 } } });
    expect(c2.numbers.find((n) => n.key === "extra")!.within).toBe(false);
  });
});

describe("compareWithRecording, quick mode", () => {
  it("trained: trained numbers are not comparable; a one-seed run this rule cannot decide says so", () => {
    const quickRuns = trained.rec.runs.filter((r) => r.seed === 101).map((r) => ({ ...r, steps: 5 }));
    const c = compareWithRecording(trained.def, trained.rec, live(trained.def, quickRuns, { mode: "quick" }));
    expect(c.liveVerdict).toBe("inconclusive");
    expect(c.status).toBe("provisional-differs");
    expect(c.headline).toBe("A quick run cannot decide this claim (the recording reads “supported”); run it in full mode to compare.");
    expect(c.curves).toBeNull();
    expect(c.numbers).toEqual([]);
    expect(c.notCompared.find((n) => n.key === "accA")!.why).toBe("depends on training length (quick mode)");
    // Architecture numbers would be compared, but this rule reports none from one seed.
    expect(c.notCompared.find((n) => n.key === "macsA")!.why).toBe("not in the live verdict");
    expect(c.scope[0]).toBe(
      "Quick mode trains 1 seed instead of 3 and stops every run after at most 5 steps (the recording: up to 125), with the learning-rate schedule laid out over those steps.",
    );
    expect(c.scope[2]).toBe("Compared: the verdict's direction only.");
  });

  it("architecture numbers a quick verdict does report are compared", () => {
    const c = compareWithRecording(trained.def, trained.rec, live(trained.def, trained.rec.runs, { mode: "quick" }));
    expect(c.numbers.map((n) => n.key)).toEqual(["macsA"]);
    expect(c.numbers.every((n) => n.within)).toBe(true);
    expect(c.scope[2]).toBe("Compared: the verdict's direction, and macsA, which do not depend on how long the model trained.");
  });

  it("API fact: the flags are compared, batch counts are not; agreement is provisional and needs no excuse", () => {
    const c = compareWithRecording(api.def, api.rec, live(api.def, api.rec.runs.map((r) => ({ ...r, steps: 5 })), { mode: "quick" }));
    expect(c.status).toBe("provisional-agrees");
    expect(c.headline).toBe("Provisional agreement: your quick run also reads “our learner mirrors it”.");
    expect(c.numbers.map((n) => n.key)).toEqual(["attr_recorder"]);
    expect(c.notCompared.map((n) => n.key)).toEqual(["train_batches_recorded"]);
    expect(c.scope[0]).toBe("Quick mode stops every run after at most 5 steps (the recording: up to 10), with the learning-rate schedule laid out over those steps.");
    expect(c.explanations).toEqual([]);
  });

  it("a quick run that disagrees says so and suggests the full run", () => {
    const broken = api.rec.runs.map((r) => ({ ...r, metrics: { ...r.metrics, attr_recorder: 0 } }));
    const c = compareWithRecording(api.def, api.rec, live(api.def, broken, { mode: "quick", backend: "webgl", tfjsVersion: "4.23.0" }));
    expect(c.status).toBe("provisional-differs");
    expect(c.headline).toBe("Your quick run reads “our learner differs”, the recording “our learner mirrors it”. Quick runs are short; run it in full mode to check.");
    const why = c.explanations.join(" ");
    expect(why).toContain("Fewer steps and one seed");
    expect(why).toContain("this run used webgl");
    expect(why).toContain("Different tfjs version: 4.23.0 here, 4.22.0 in the recording.");
  });
});
