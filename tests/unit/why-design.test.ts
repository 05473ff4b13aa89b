// Pre-registration, pilot and power plan of the why view (lib/why/design.ts), by hand.
import { describe, expect, it } from "vitest";
import type { PowerPlan } from "../../experiments/registry/types.ts";
import { freshness, pilotView, powerRow, preregistrationView } from "../../lib/why/design.ts";
import { FIXTURE_SHA, fixtureRecording } from "./why-fixture.ts";

const plan = (over: Partial<PowerPlan>): PowerPlan => ({ check: "A − B accuracy", pilotSpread: 0.3, pilotN: 3, unit: "percentage points", test: { kind: "superiority", null: 0, margin: 0.5 }, seedsNeeded: 5, ...over });

describe("freshness", () => {
  it("fresh when no confirmatory seed was used before; lists the reused ones once, ascending", () => {
    expect(freshness([101, 102], [1, 2, 3])).toEqual({ fresh: true, reused: [] });
    expect(freshness([3, 2, 101, 2], [1, 2, 3])).toEqual({ fresh: false, reused: [2, 3] });
  });
});

describe("preregistrationView", () => {
  it("version, hash, frozen time in UTC, and the seeds are fresh", () => {
    const p = preregistrationView(fixtureRecording(), [1, 2, 3])!;
    expect(p).toEqual({
      version: 2,
      sha256: FIXTURE_SHA,
      frozenAt: "2026-11-28 09:05 UTC",
      seeds: "101, 102, 103",
      fresh: true,
      seedsSentence: "The confirmatory seeds 101, 102, 103 are fresh: neither the pilot nor an earlier version used any of them.",
    });
  });
  it("says which seeds an earlier version already used", () => {
    const p = preregistrationView(fixtureRecording({ seeds: [3, 4, 5, 6] }), [1, 2, 3])!;
    expect(p.fresh).toBe(false);
    expect(p.seedsSentence).toBe("Not all confirmatory seeds are fresh: 3 was already used by the pilot or an earlier version.");
  });
  it("none for an API fact", () => {
    expect(preregistrationView(fixtureRecording({ kind: "api-fact" }), [])).toBeNull();
  });
});

describe("powerRow", () => {
  it("within budget: no shortfall", () => {
    expect(powerRow(plan({}), 5, 8)).toEqual({
      check: "A − B accuracy",
      pilotSpread: "0.3 percentage points (3 pilot values)",
      margin: "claimed above 0 percentage points; ±0.5 percentage points around 0 counts as no effect",
      seedsNeeded: "5",
      seedsUsed: 5,
      shortfall: null,
    });
  });
  it("beyond the budget: says the margin cannot be resolved, with both counts", () => {
    expect(powerRow(plan({ seedsNeeded: 23 }), 8, 8).shortfall).toBe("the budget still does not allow resolving this margin: would need 23 seeds, used 8.");
  });
  it("no count from the pilot: says so", () => {
    const r = powerRow(plan({ seedsNeeded: NaN, pilotSpread: NaN }), 8, 8);
    expect(r.seedsNeeded).toBe("—");
    expect(r.shortfall).toBe("the pilot could not say how many seeds this margin needs (its spread is —); used 8.");
  });
  it("a comparison the pilot never ran (a control added later): says so", () => {
    const r = powerRow(plan({ seedsNeeded: NaN, pilotSpread: NaN, pilotN: 0 }), 8, 8);
    expect(r.pilotSpread).toBe("none (no pilot runs of this comparison)");
    expect(r.shortfall).toBe("the pilot had no runs of this comparison, so it could not say how many seeds this margin needs; used 8.");
  });
});

describe("pilotView", () => {
  it("seeds, note, run count and one power row per plan; none for an API fact", () => {
    const v = pilotView(fixtureRecording({ power: [plan({ seedsNeeded: 3 }), plan({ check: "loss", seedsNeeded: 40 })] }))!;
    expect(v).toMatchObject({ seeds: "1, 2, 3", note: "The runs of version 1 (seeds 1–3).", runs: 3, maxSeeds: 8 });
    expect(v.power.map((r) => [r.check, r.seedsUsed, r.shortfall !== null])).toEqual([
      ["A − B accuracy", 3, false],
      ["loss", 3, true],
    ]);
    expect(pilotView(fixtureRecording({ kind: "api-fact" }))).toBeNull();
  });
});
