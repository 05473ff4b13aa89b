// Pre-registration: each definition's content is hashed and frozen before its confirmatory runs, and
// experiments:record refuses a changed definition without a version bump, a new version without a stated
// revision, and a new version that reuses seeds.
import { describe, expect, it } from "vitest";
import { canonicalJson, definitionSha256, freeze, readLedger, type Ledger } from "../../experiments/record/preregistration.ts";
import { doubleFilters } from "../../experiments/registry/ch13/double-filters.ts";
import { EXPERIMENTS } from "../../experiments/registry/index.ts";
import type { ExperimentDefinition } from "../../experiments/registry/types.ts";
import { recordingFor } from "../../experiments/recordings/all.ts";

const NOW = new Date("2026-12-01T12:00:00Z");
const LATER = new Date("2026-12-02T12:00:00Z");
const def: ExperimentDefinition = { ...doubleFilters, version: 1, seeds: [11, 12, 13], revisions: [] };

describe("canonical serialisation and hash", () => {
  it("does not depend on key order, and drops undefined keys", () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: undefined, z: "s" }] })).toBe('{"a":[{"y":2,"z":"s"}],"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
  it("is 64 hex digits and changes with any pre-registered field", () => {
    const h = definitionSha256(def);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(definitionSha256({ ...def })).toBe(h);
    expect(definitionSha256({ ...def, thresholds: { ...def.thresholds, beatsNarrowMargin: 0.4 } })).not.toBe(h);
    expect(definitionSha256({ ...def, decisionRule: def.decisionRule + " " })).not.toBe(h);
    expect(definitionSha256({ ...def, seeds: [11, 12, 14] })).not.toBe(h);
    expect(definitionSha256({ ...def, claim: "x" })).not.toBe(h);
  });
});

describe("freeze", () => {
  it("freezes a new version with its time and seeds, then accepts the same content again unchanged", () => {
    const r = freeze({}, def, NOW);
    expect(r.ok && r.isNew).toBe(true);
    if (!r.ok) return;
    expect(r.entry).toEqual({ version: 1, sha256: definitionSha256(def), frozenAt: NOW.toISOString(), seeds: [11, 12, 13] });
    const again = freeze(r.ledger, def, LATER);
    expect(again.ok && !again.isNew && again.entry.frozenAt).toBe(NOW.toISOString());
  });

  it("refuses a definition changed without a version bump", () => {
    const r = freeze({}, def, NOW);
    if (!r.ok) throw new Error(r.error);
    const changed = freeze(r.ledger, { ...def, thresholds: { ...def.thresholds, computeMatchedMargin: 1 } }, LATER);
    expect(changed.ok).toBe(false);
    if (!changed.ok) expect(changed.error).toMatch(/changed since version 1 was frozen on 2026-12-01T12:00:00.000Z .* without a version bump/);
  });

  it("refuses an older version, a new version without a revision, and a new version reusing seeds", () => {
    const ledger: Ledger = { [def.id]: [{ version: 2, sha256: "0".repeat(64), frozenAt: NOW.toISOString(), seeds: [21, 22, 23] }] };
    const older = freeze(ledger, def, LATER);
    expect(!older.ok && older.error).toMatch(/older than the frozen version 2/);
    const v3 = { ...def, version: 3, seeds: [31, 32, 33] };
    const noRevision = freeze(ledger, v3, LATER);
    expect(!noRevision.ok && noRevision.error).toMatch(/version 3 has no revision entry/);
    const withRevision = { ...v3, revisions: [{ version: 3, date: "2026-12-02", afterSeeingResults: true, change: "c", because: "b" }] };
    expect(freeze(ledger, withRevision, LATER).ok).toBe(true);
    const reused = freeze(ledger, { ...withRevision, seeds: [22, 34, 35] }, LATER);
    expect(!reused.ok && reused.error).toMatch(/seed\(s\) 22 were already used/);
    const pilotSeed = freeze(ledger, { ...withRevision, seeds: [1, 34, 35] }, LATER);
    expect(!pilotSeed.ok && pilotSeed.error).toMatch(/seed\(s\) 1 were already used by the pilot/);
  });
});

describe("the committed ledger and recordings", () => {
  const ledger = readLedger();
  const trained = EXPERIMENTS.filter((e) => e.kind === "trained");

  it("holds every trained definition as it is now: nothing changed after it was frozen", () => {
    for (const e of trained) {
      const entry = ledger[e.id]?.find((x) => x.version === e.version);
      expect(entry, `${e.id} v${e.version} frozen`).toBeDefined();
      expect(entry!.sha256, `${e.id}: changed after freezing without a version bump`).toBe(definitionSha256(e));
      expect(entry!.seeds).toEqual(e.seeds);
    }
  });

  it("stores in each trained recording the preregistration frozen before its runs", () => {
    for (const e of trained) {
      const rec = recordingFor(e.id)!;
      const entry = ledger[e.id]!.find((x) => x.version === e.version)!;
      expect(rec.preregistration).toEqual({ version: entry.version, sha256: entry.sha256, frozenAt: entry.frozenAt });
      expect(Date.parse(rec.preregistration!.frozenAt)).toBeLessThan(Date.parse(rec.recordedAt));
    }
  });

  it("judges revised rules on fresh seeds only: no version reuses a pilot seed or an earlier version's seed", () => {
    for (const e of trained) {
      const seen = new Set(e.pilotSeeds);
      for (const v of ledger[e.id]!) {
        for (const s of v.seeds) expect(seen.has(s), `${e.id} v${v.version} seed ${s}`).toBe(false);
        v.seeds.forEach((s) => seen.add(s));
      }
    }
  });
});
