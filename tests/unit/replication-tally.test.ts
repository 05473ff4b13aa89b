import { describe, expect, it } from "vitest";
import { tally, type ReplicationRow } from "../../experiments/live/tally.ts";

let n = 0;
const row = (over: Partial<ReplicationRow>): ReplicationRow => ({
  id: `r${++n}`, mode: "full", backend: "wasm", tfjsVersion: "4.22.0", deviceClass: "desktop", browser: "Chrome 131 on Linux",
  verdict: "supported", numbers: { difference: 1 }, agrees: true, hidden: false, createdAt: new Date(Date.UTC(2026, 11, 1, 10, n)), ...over,
});

describe("the replication tally", () => {
  it("counts runs by mode, backend, version and device, and how many reached the recorded verdict", () => {
    const t = tally(
      [
        row({ numbers: { difference: 1.2 } }),
        row({ backend: "webgl", numbers: { difference: 0.8 }, deviceClass: "phone" }),
        row({ verdict: "not-shown", agrees: false, numbers: { difference: 0.1 }, tfjsVersion: "4.21.0" }),
        row({ mode: "quick", verdict: "inconclusive", agrees: false, numbers: { difference: 9 } }),
      ],
      { difference: 1.0, seeds: 8 },
    );
    expect(t.runs).toBe(4);
    expect(t.full).toEqual({ label: "full", runs: 3, agree: 2 });
    expect(t.quick).toEqual({ label: "quick", runs: 1, agree: 0 });
    expect(t.byBackend).toEqual([
      { label: "wasm", runs: 3, agree: 1 },
      { label: "webgl", runs: 1, agree: 1 },
    ]);
    expect(t.byTfjs.map((c) => c.label)).toEqual(["tfjs 4.22.0", "tfjs 4.21.0"]);
    expect(t.byDevice).toEqual([{ label: "desktop", runs: 3, agree: 1 }, { label: "phone", runs: 1, agree: 1 }]);
    // Quick runs' numbers are not set against the recording's; a number no run reports is left out.
    expect(t.numbers).toEqual([{ key: "difference", recorded: 1, n: 3, min: 0.1, median: 0.8, max: 1.2 }]);
    expect(t.disagreements.map((d) => d.verdict)).toEqual(["inconclusive", "not-shown"]);
  });

  it("leaves hidden runs out of every count but says how many there are", () => {
    const t = tally([row({}), row({ hidden: true, agrees: false, verdict: "contradicted" })], { difference: 1 });
    expect(t.runs).toBe(1);
    expect(t.hidden).toBe(1);
    expect(t.disagreements).toEqual([]);
    expect(tally([], {})).toMatchObject({ runs: 0, hidden: 0, numbers: [], disagreements: [] });
  });
});
