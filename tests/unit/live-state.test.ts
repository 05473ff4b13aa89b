// The live panel's state machine (app/ui/why/live/use-live-run.ts `reduce`): worker events in, UI state out.
import { describe, expect, it } from "vitest";
import { IDLE, reduce, type LiveAction, type LiveState } from "../../app/ui/why/live/use-live-run.ts";
import { compareWithRecording } from "../../experiments/live/compare.ts";
import type { WorkerEvent } from "../../experiments/live/protocol.ts";
import { apiFactDefinition, recordingFrom } from "./why-fixture.ts";

const ev = (event: WorkerEvent, at = 0): LiveAction => ({ type: "event", event, at });
const run = (actions: LiveAction[], from: LiveState = IDLE) => actions.reduce(reduce, from);
const PLAN = [{ variantId: "live-callbacks", label: "L", seed: 1, steps: 2, stepCost: 0.05, evalCost: 1 }];

describe("live panel state", () => {
  it("start → setup → backend → plan → steps → done", () => {
    const def = apiFactDefinition;
    const rec = recordingFrom(def);
    const verdict = def.decide(rec.runs);
    const comparison = compareWithRecording(def, rec, { mode: "quick", backend: "wasm", tfjsVersion: "4.22.0", runs: rec.runs, verdict });
    let s = run([{ type: "start", mode: "quick" }]);
    expect(s).toMatchObject({ status: "running", mode: "quick", setupDetail: "Starting…" });
    s = run([ev({ type: "setup", stage: "loading-data", detail: "Downloading…" })], s);
    expect(s.setupDetail).toBe("Downloading…");
    s = run([ev({ type: "backend", backend: "wasm", reason: "no WebGL: wasm 900 img/s", renderer: null, speeds: [], reused: false, save: null })], s);
    expect(s.backend).toEqual({ backend: "wasm", reason: "no WebGL: wasm 900 img/s", reused: false, speeds: [] });
    s = run([ev({ type: "plan", runs: PLAN, t: 10 }), ev({ type: "run-start", runIndex: 0, t: 11 })], s);
    expect(s.setupDetail).toBeNull();
    expect(s.progress?.phase).toBe("warming-up");
    s = run([ev({ type: "step", runIndex: 0, step: 1, totalSteps: 2, loss: 2.3, t: 500 }), ev({ type: "step", runIndex: 0, step: 2, totalSteps: 2, loss: 2.2, t: 560 }, 42)], s);
    expect(s.losses).toEqual([[2.3, 2.2]]);
    expect(s.clock).toEqual({ t: 560, at: 42 });
    expect(s.progress?.phase).toBe("measuring");
    s = run([ev({ type: "run-done", runIndex: 0, run: rec.runs[0]!, t: 900 })], s);
    expect(s.runs.length).toBe(1);
    s = run([ev({ type: "done", runs: rec.runs, verdict, comparison, wallMs: 890, tensorsLeft: 0, tfjsVersion: "4.22.0", t: 901 })], s);
    expect(s.status).toBe("done");
    expect(s.progress?.phase).toBe("finished");
    expect(s.result?.comparison?.status).toBe(comparison.status);
  });

  it("cancel: cancelling, then idle with a notice and nothing of the old run", () => {
    let s = run([{ type: "start", mode: "full" }, ev({ type: "plan", runs: PLAN, t: 0 })]);
    s = reduce(s, { type: "cancel-requested" });
    expect(s.status).toBe("cancelling");
    s = reduce(s, { type: "cancelled", notice: "Run cancelled." });
    expect(s).toEqual({ ...IDLE, mode: "full", notice: "Run cancelled." });
  });

  it("events after the run ended are ignored (a stale worker's last words)", () => {
    const idle = run([ev({ type: "setup", stage: "detecting", detail: "x" })]);
    expect(idle).toBe(IDLE);
    const failed = run([{ type: "start", mode: "quick" }, { type: "failed", message: "boom" }]);
    expect(failed).toMatchObject({ status: "error", error: "boom" });
    expect(run([ev({ type: "plan", runs: PLAN, t: 0 })], failed)).toBe(failed);
  });

  it("a new start clears the previous result", () => {
    const s = run([{ type: "start", mode: "quick" }, { type: "failed", message: "boom" }, { type: "start", mode: "full" }]);
    expect(s).toMatchObject({ status: "running", mode: "full", error: null, result: null, runs: [] });
  });
});
