import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { NEW_CARD, sm2, type Sm2State } from "../../lib/srs/sm2.ts";
import { dueInDays, intervalLabel, previewGrades } from "../../lib/srs/preview.ts";

describe("intervalLabel", () => {
  it("says today, then exact days up to 60", () => {
    expect(intervalLabel(0)).toBe("today");
    expect(intervalLabel(1)).toBe("1 day");
    expect(intervalLabel(6)).toBe("6 days");
    expect(intervalLabel(45)).toBe("45 days");
    expect(intervalLabel(60)).toBe("60 days");
  });

  it("then months of 30.44 days and years of 365.25, to one decimal", () => {
    expect(intervalLabel(61)).toBe("2 mo"); // 61 / 30.44 = 2.004
    expect(intervalLabel(100)).toBe("3.3 mo"); // 3.285
    expect(intervalLabel(364)).toBe("12 mo"); // 11.958
    expect(intervalLabel(365)).toBe("1 yr"); // 0.9993
    expect(intervalLabel(548)).toBe("1.5 yr"); // 1.5003
    expect(intervalLabel(1000)).toBe("2.7 yr"); // 2.738
  });

  it("rejects negative or fractional days", () => {
    expect(() => intervalLabel(-1)).toThrow(RangeError);
    expect(() => intervalLabel(1.5)).toThrow(RangeError);
  });
});

describe("dueInDays", () => {
  it("is 0 for a card due again today, else its interval", () => {
    expect(dueInDays({ repetitions: 0, easiness: 2.5, interval: 0, extraReview: false })).toBe(0);
    expect(dueInDays({ repetitions: 3, easiness: 2.46, interval: 15, extraReview: true })).toBe(0);
    expect(dueInDays({ repetitions: 3, easiness: 2.46, interval: 15, extraReview: false })).toBe(15);
  });
});

describe("previewGrades", () => {
  it("for a new card: today for 0–3 (3 asks for a repeat today), 1 day for 4 and 5", () => {
    const previews = previewGrades(NEW_CARD);
    expect(previews.map((p) => p.quality)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(previews.map((p) => p.state)).toEqual([0, 1, 2, 3, 4, 5].map((q) => sm2(NEW_CARD, q)));
    expect(previews.map((p) => [p.dueInDays, p.label])).toEqual([
      [0, "today"],
      [0, "today"],
      [0, "today"],
      [0, "today"],
      [1, "1 day"],
      [1, "1 day"],
    ]);
  });

  it("for a card in extra review: only 4 and 5 release it, at its interval", () => {
    const extra: Sm2State = { repetitions: 3, easiness: 2.46, interval: 15, extraReview: true };
    const previews = previewGrades(extra);
    expect(previews.map((p) => p.state)).toEqual([0, 1, 2, 3, 4, 5].map((q) => sm2(extra, q)));
    expect(previews.map((p) => p.label)).toEqual(["today", "today", "today", "today", "15 days", "15 days"]);
  });

  it("for a mature card: failures today, 3 today (repeat), 4 and 5 at their new intervals", () => {
    // EF 2.5: q=4 keeps it, ⌈100 × 2.5⌉ = 250; q=5 gives 2.6, ⌈100 × 2.6⌉ = 260
    const previews = previewGrades({ repetitions: 5, easiness: 2.5, interval: 100, extraReview: false });
    expect(previews.map((p) => p.dueInDays)).toEqual([0, 0, 0, 0, 250, 260]);
    expect(previews.map((p) => p.label)).toEqual(["today", "today", "today", "today", "8.2 mo", "8.5 mo"]);
  });

  it("always agrees with sm2 and dueInDays", () => {
    const state = fc
      .record({
        repetitions: fc.integer({ min: 0, max: 30 }),
        easiness: fc.double({ min: 1.3, max: 4, noNaN: true }),
        interval: fc.integer({ min: 1, max: 3000 }),
        extraReview: fc.boolean(),
      })
      .map((s) => (s.repetitions === 0 ? { ...s, interval: 0 } : s));
    fc.assert(
      fc.property(state, (s) => {
        const previews = previewGrades(s);
        expect(previews).toHaveLength(6);
        previews.forEach((p, q) => {
          const next = sm2(s, q);
          expect(p).toEqual({ quality: q, state: next, dueInDays: dueInDays(next), label: intervalLabel(dueInDays(next)) });
        });
      }),
    );
  });

  it("rejects a malformed state like sm2 does", () => {
    expect(() => previewGrades({ ...NEW_CARD, easiness: 1 })).toThrow(RangeError);
  });
});
