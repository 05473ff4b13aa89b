import { readFileSync, statSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { CHAPTER13_CARDS } from "../../lib/decks/chapter13.ts";
import { loadRecordingData, recordingPath } from "../../experiments/record/common.ts";
import { compareRuns, formatReport, testChecks, verifyRecordings } from "../../experiments/record/verify-core.ts";
import { readPilot } from "../../experiments/record/pilot.ts";
import { seedCount } from "../../experiments/registry/plan.ts";
import { EXPERIMENTS, experimentById } from "../../experiments/registry/index.ts";
import type { RunSummary } from "../../experiments/registry/types.ts";
import { RECORDING_CURVE_POINTS, RECORDING_IDS, parseRecording, type Recording } from "../../experiments/recordings/index.ts";

const recordings = new Map<string, Recording>();

beforeAll(() => {
  for (const id of RECORDING_IDS) recordings.set(id, parseRecording(JSON.parse(readFileSync(recordingPath(id), "utf8"))));
});

describe("experiment recordings", () => {
  it("pairs 9 cards ↔ 9 experiments ↔ 9 recordings", () => {
    const cardIds = CHAPTER13_CARDS.map((c) => c.experimentId);
    expect(cardIds).toHaveLength(9);
    expect(EXPERIMENTS.map((e) => e.id)).toEqual(cardIds);
    expect([...RECORDING_IDS]).toEqual(cardIds);
    for (const card of CHAPTER13_CARDS) {
      const rec = recordings.get(card.experimentId)!;
      expect(rec.id).toBe(card.experimentId);
      expect(rec.cardExternalId).toBe(card.externalId);
      expect(rec.claim).toBe(experimentById(rec.id)!.claim);
    }
  });

  it("keeps each file under 100 KB and each curve ≤ 100 points", () => {
    for (const id of RECORDING_IDS) {
      expect(statSync(recordingPath(id)).size, id).toBeLessThan(100 * 1024);
      for (const r of recordings.get(id)!.runs) expect(r.trainLossCurve.length).toBeLessThanOrEqual(RECORDING_CURVE_POINTS);
    }
  });

  it("records every variant × seed of the definition, in full mode", () => {
    for (const id of RECORDING_IDS) {
      const def = experimentById(id)!;
      const rec = recordings.get(id)!;
      expect(rec.mode).toBe("full");
      expect(rec.config.seeds).toEqual(def.seeds);
      expect(rec.config.decisionRule).toBe(def.decisionRule);
      expect(rec.version).toBe(def.version);
      expect(rec.config.thresholds).toEqual(def.thresholds);
      expect(rec.config.limits).toBe(def.limits);
      expect(rec.config.sources).toEqual(def.sources);
      const want = def.seeds.flatMap((s) => def.variants.map((v) => `${v.id}×${s}`)).sort();
      expect(rec.runs.map((r) => `${r.variantId}×${r.seed}`).sort(), id).toEqual(want);
    }
  });

  it("stores verdicts computed by decide() from the recorded runs (never hand-written)", () => {
    for (const id of RECORDING_IDS) {
      const rec = recordings.get(id)!;
      expect(rec.verdict, id).toEqual(experimentById(id)!.decide(rec.runs));
    }
  });

  it("rejects malformed recordings with a clear error", () => {
    const good = JSON.parse(readFileSync(recordingPath(RECORDING_IDS[0]), "utf8")) as Record<string, unknown>;
    expect(() => parseRecording(null)).toThrow(/recording: .*expected object/);
    expect(() => parseRecording({ ...good, schema: 1 })).toThrow(/recording\.schema: .*expected 2/);
    const { preregistration: _p, ...unregistered } = good;
    expect(() => parseRecording(unregistered)).toThrow(/recording\.preregistration: a trained experiment's recording needs its preregistration/);
    expect(() => parseRecording({ ...good, preregistration: { ...(good.preregistration as object), sha256: "abc" } })).toThrow(/recording\.preregistration\.sha256: expected 64 lowercase hex digits/);
    expect(() => parseRecording({ ...good, preregistration: { ...(good.preregistration as object), frozenAt: "2099-01-01T00:00:00.000Z" } })).toThrow(/frozen after the recording was made/);
    const runs = structuredClone(good.runs) as Array<Record<string, unknown>>;
    runs[0]!.final = { validLoss: "x", validAcc: 1, trainLoss: 1 };
    expect(() => parseRecording({ ...good, runs })).toThrow(/recording\.runs\[0\]\.final\.validLoss: expected a number \(or null for NaN\), got string/);
    expect(() => parseRecording({ ...good, verdict: { ...(good.verdict as object), verdict: "maybe" } })).toThrow(/recording\.verdict\.verdict/);
    const layered = structuredClone(good.runs) as Array<Record<string, unknown>>;
    layered[0]!.layerStats = [{ layer: "conv1", steps: [0, 5], mean: [0.1], std: [1, 1], nearZero: [0.5, 0.5] }];
    expect(() => parseRecording({ ...good, runs: layered })).toThrow(/recording\.runs\[0\]\.layerStats\[0\]: mean, std and nearZero need one point per step/);
  });

  it("reports differences between runs", () => {
    const run: RunSummary = recordings.get(RECORDING_IDS[0])!.runs[0]!;
    expect(compareRuns(run, structuredClone(run)).problems).toEqual([]);
    const off = structuredClone(run);
    off.final.validLoss += 1e-3;
    off.trainLossCurve[0]! += 1e-3;
    const { problems } = compareRuns(run, off);
    expect(problems.join("\n")).toMatch(/final\.validLoss/);
    expect(problems.join("\n")).toMatch(/trainLossCurve: 1\//);
  });

  it("keeps the pilot apart: pilot seeds are not confirmatory seeds, and the power plan is the pilot's", () => {
    for (const id of RECORDING_IDS) {
      const def = experimentById(id)!;
      const rec = recordings.get(id)!;
      if (def.kind !== "trained") continue;
      const pilot = readPilot(id)!;
      expect(rec.pilot, id).toEqual(pilot);
      expect(rec.power, id).toEqual(def.plan(pilot.runs));
      expect(def.seeds.length, `${id}: seed count from the power plan`).toBe(seedCount(rec.power, def.maxSeeds));
      for (const r of rec.runs) expect(pilot.seeds, id).not.toContain(r.seed);
    }
  });

  it("re-runs one seed of one variant of every trained experiment and matches its recording exactly", async () => {
    const data = await loadRecordingData();
    const checks = testChecks();
    expect(new Set(checks.map((c) => c.experimentId)).size).toBe(EXPERIMENTS.filter((e) => e.kind === "trained").length);
    const results = await verifyRecordings(checks, data);
    expect(results.every((r) => r.ok), formatReport(results)).toBe(true);
  }, 180_000);
});
