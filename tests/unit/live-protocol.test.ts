// Messages between the live panel and its worker (experiments/live/protocol.ts): well-formed ones
// pass unchanged, malformed ones are refused rather than half-read.
import { describe, expect, it } from "vitest";
import { compareWithRecording } from "../../experiments/live/compare.ts";
import { parseWorkerEvent, parseWorkerRequest, type WorkerEvent } from "../../experiments/live/protocol.ts";
import { apiFactDefinition as def, recordingFrom } from "./why-fixture.ts";

const rec = recordingFrom(def);
const verdict = def.decide(rec.runs);
const comparison = compareWithRecording(def, rec, { mode: "full", backend: "wasm", tfjsVersion: "4.22.0", runs: rec.runs, verdict });

const GOOD: WorkerEvent[] = [
  { type: "setup", stage: "loading-data", detail: "Downloading…" },
  { type: "backend", backend: "wasm", reason: "no WebGL: wasm 900 img/s vs cpu 50 img/s", renderer: null, speeds: [{ backend: "wasm", imagesPerSecond: 900 }], reused: false, save: null },
  { type: "probe-budget", backend: "webgl", budgetMs: 10_000, why: "WebGL is software (SwiftShader)", speeds: [], renderer: "Google SwiftShader", tfjsVersion: "4.22.0" },
  { type: "plan", runs: [{ variantId: "a", label: "A", seed: 1, steps: 5, stepCost: 0.05, evalCost: 1 }], t: 1 },
  { type: "run-start", runIndex: 0, t: 2 },
  { type: "step", runIndex: 0, step: 1, totalSteps: 5, loss: Number.NaN, t: 3 },
  { type: "run-done", runIndex: 0, run: rec.runs[0]!, t: 4 },
  { type: "done", runs: rec.runs, verdict, comparison, wallMs: 1000, tensorsLeft: 0, tfjsVersion: "4.22.0", t: 5 },
  { type: "done", runs: rec.runs, verdict, comparison: null, wallMs: 1000, tensorsLeft: 0, tfjsVersion: "4.22.0", t: 5 },
  { type: "cancelled", tensorsLeft: 0 },
  { type: "error", stage: "training", message: "boom" },
];

describe("parseWorkerEvent", () => {
  it.each(GOOD.map((e) => [e.type, e] as const))("accepts a well-formed %s event", (_t, e) => {
    expect(parseWorkerEvent(structuredClone(e))).toEqual(e);
  });

  it.each([
    ["not an object", 42],
    ["no type", { stage: "x" }],
    ["unknown type", { type: "explode" }],
    ["setup with an unknown stage", { type: "setup", stage: "dancing", detail: "" }],
    ["backend with an unknown backend", { ...GOOD[1]!, backend: "webgpu" }],
    ["plan with no runs", { type: "plan", runs: [], t: 0 }],
    ["step with a fractional step", { type: "step", runIndex: 0, step: 1.5, totalSteps: 5, loss: 1, t: 0 }],
    ["step with a string loss", { type: "step", runIndex: 0, step: 1, totalSteps: 5, loss: "1", t: 0 }],
    ["run-done with a broken run", { type: "run-done", runIndex: 0, run: { variantId: "a" }, t: 0 }],
    ["done with a broken verdict", { ...GOOD[7]!, verdict: { verdict: "maybe" } }],
    ["done with a broken comparison", { ...GOOD[7]!, comparison: { status: "fine" } }],
    ["done with a comparison without its verdict words", { ...GOOD[7]!, comparison: { ...comparison, liveWords: undefined } }],
    ["done with a verdict key of the old vocabulary", { ...GOOD[7]!, verdict: { ...verdict, verdict: "not-supported" } }],
    ["cancelled without a count", { type: "cancelled" }],
    ["error without a message", { type: "error", stage: "x" }],
  ])("refuses %s", (_what, data) => {
    expect(parseWorkerEvent(data)).toBeNull();
  });
});

describe("parseWorkerRequest", () => {
  const start = { type: "start", experimentId: rec.id, mode: "quick", origin: "http://localhost:3000", recording: rec, saved: null, savedJustNow: false };
  it("accepts start and cancel", () => {
    expect(parseWorkerRequest(structuredClone(start))).toEqual(start);
    expect(parseWorkerRequest({ type: "cancel" })).toEqual({ type: "cancel" });
  });
  it("accepts an author's experiment with its design and no recording yet", () => {
    const custom = { ...start, experimentId: "custom-abc12345", recording: null, custom: { design: { claim: "x" }, version: 2 } };
    expect(parseWorkerRequest(structuredClone(custom))).toEqual(custom);
  });
  it.each([
    ["an unknown mode", { ...start, mode: "turbo" }],
    ["a missing recording", { ...start, recording: undefined }],
    ["a malformed saved choice", { ...start, saved: { backend: "wasm" } }],
    ["no savedJustNow flag", { ...start, savedJustNow: undefined }],
    ["an author's experiment without a version", { ...start, custom: { design: {} } }],
    ["an author's experiment whose design is not an object", { ...start, custom: { design: "x", version: 1 } }],
    ["an unknown type", { type: "pause" }],
    ["null", null],
  ])("refuses %s", (_what, data) => {
    expect(parseWorkerRequest(data)).toBeNull();
  });
});
