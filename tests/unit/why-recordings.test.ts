// The why view model on the committed recordings: charts, checks with intervals and units, history,
// API-fact excerpts.
import { describe, expect, it } from "vitest";
import { recordingFor } from "../../experiments/recordings/all.ts";
import { historyFor } from "../../experiments/recordings/history.ts";
import { RECORDING_IDS } from "../../experiments/recordings/index.ts";
import { SOURCE_EXCERPTS } from "../../experiments/sources/excerpts.ts";
import { buildWhyView } from "../../lib/why/view.ts";

const viewOf = (id: string) => {
  const rec = recordingFor(id)!;
  return { rec, v: buildWhyView(rec, { history: historyFor(id), excerpts: SOURCE_EXCERPTS[id] ?? [] }) };
};

describe("buildWhyView on the committed recordings", () => {
  it.each(RECORDING_IDS)("%s: verdict, a curve per variant, a schedule per distinct setting, numbers as text", (id) => {
    const { rec, v } = viewOf(id);
    expect(v.verdict).toBe(rec.verdict.verdict);
    expect(v.checks.map((c) => c.description)).toEqual(rec.verdict.checks.map((c) => c.description));
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
    const { v } = viewOf("ch13-batch-size");
    expect(v.gradNoise).not.toBeNull();
    expect(v.gradNoise!.slope).toBeGreaterThan(-1.3);
    expect(v.gradNoise!.slope).toBeLessThan(-0.7);
    expect(v.gradNoise!.caption).toContain("bs 16");
  });

  it("card 8 gets steps to 95 % per LR; card 1 gets accuracy vs MACs", () => {
    const v8 = viewOf("ch13-one-cycle-high-lr").v;
    expect(v8.stepsTo95!.rows.map((r) => r.lr)).toEqual([0.001, 0.003, 0.01, 0.03, 0.06]);
    const v1 = viewOf("ch13-double-filters").v;
    // doubling, constant 8, constant 16 (the compute-matched control), constant 32.
    expect(v1.accVsMacs!.rows.map((r) => r.macs)).toEqual([248864, 79664, 238816, 795584]);
    expect(v1.accVsMacs!.caption).toContain("795,584 MACs");
  });

  it.each(RECORDING_IDS)("%s: every estimate has a unit in words (never a bare %%) and a trained verdict has its design", (id) => {
    const { rec, v } = viewOf(id);
    for (const c of v.checks) if (c.estimate) expect(c.estimate.unit, c.description).toMatch(/^(?!%$)\S/);
    if (rec.config.kind === "trained") {
      expect(v.preregistration?.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(v.history.at(-1)!.kind).toBe("current");
    }
    expect(v.limits.length).toBeGreaterThan(20);
    expect(JSON.stringify(v.sources)).not.toContain("shared reference");
  });

  it("cards 5 and 8 show a rule revised after seeing the results", () => {
    for (const id of ["ch13-near-zero-activations", "ch13-one-cycle-high-lr"]) {
      const texts = viewOf(id).v.history.map((h) => h.text).join(" ");
      expect(texts, id).toContain("after seeing the results");
    }
  });

  it("cards 3 and 4 are confirmed in the fastai source, with excerpts", () => {
    for (const id of ["ch13-activation-stats", "ch13-callback-access"]) {
      const { v } = viewOf(id);
      expect(v.verdict, id).toBe("confirmed-in-source");
      expect(v.apiFact!.headline).toMatch(/^Confirmed in the fastai source \(.+@[0-9a-f]{7}, lines? \d+/);
      expect(v.apiFact!.excerpts.length).toBeGreaterThan(0);
    }
  });
});
