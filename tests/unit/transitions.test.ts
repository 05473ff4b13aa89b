import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { applyAnswer, NEW_FIELDS, replay, type LogEntryForReplay, type SrsFields } from "../../lib/reviews/transitions.ts";

const D = 20_522; // 2026-03-10
const T0 = Date.UTC(2026, 2, 10, 12);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** An instant `hours` after noon of study day `day`. */
const at = (day: number, hours = 0) => new Date(T0 + (day - D) * DAY + hours * HOUR);

function fields(over: Partial<SrsFields>): SrsFields {
  return { ...NEW_FIELDS, ...over };
}

describe("applyAnswer: when the card is due next", () => {
  it("a new card graded 4 or 5 is due the next day; 0–3 keep it due today", () => {
    for (const q of [4, 5]) expect(applyAnswer(NEW_FIELDS, q, D, at(D)).dueDay).toBe(D + 1);
    for (const q of [0, 1, 2, 3]) expect(applyAnswer(NEW_FIELDS, q, D, at(D)).dueDay).toBe(D);
  });

  it("a learned card graded 4 or 5 is due today + its new interval", () => {
    const card = fields({ repetitions: 2, easiness: 2.6, interval: 6, dueDay: D, lastReviewDay: D - 6, lastReviewedAt: at(D - 6) });
    // n 2→3: I = ⌈6 × 2.6⌉ = 16 (q = 4, EF unchanged) and ⌈6 × 2.7⌉ = 17 (q = 5)
    expect(applyAnswer(card, 4, D, at(D))).toMatchObject({ repetitions: 3, interval: 16, dueDay: D + 16, extraReview: false });
    expect(applyAnswer(card, 5, D, at(D))).toMatchObject({ repetitions: 3, interval: 17, dueDay: D + 17, extraReview: false });
    // Reviewed late (3 days overdue): counted from the day of the review, not the due day.
    expect(applyAnswer(card, 4, D + 3, at(D + 3)).dueDay).toBe(D + 3 + 16);
  });

  it("a 3 schedules the interval but keeps the card due today for the extra review", () => {
    const card = fields({ repetitions: 2, easiness: 2.6, interval: 6, dueDay: D, lastReviewDay: D - 6, lastReviewedAt: at(D - 6) });
    const after = applyAnswer(card, 3, D, at(D));
    expect(after).toMatchObject({ repetitions: 3, interval: 15, extraReview: true, dueDay: D });
    expect(after.easiness).toBeCloseTo(2.46, 12);
  });

  it("a failure makes the card due today with interval 0", () => {
    const card = fields({ repetitions: 4, easiness: 2.2, interval: 30, dueDay: D, lastReviewDay: D - 30, lastReviewedAt: at(D - 30) });
    expect(applyAnswer(card, 1, D, at(D))).toMatchObject({ repetitions: 0, easiness: 2.2, interval: 0, dueDay: D });
  });

  it("the extra review that scores 4+ makes the card due its interval after that day; below 4 it stays due today", () => {
    const hard = fields({ repetitions: 3, easiness: 2.46, interval: 15, extraReview: true, dueDay: D, lastReviewDay: D, lastReviewedAt: at(D) });
    expect(applyAnswer(hard, 2, D, at(D, 1))).toMatchObject({ repetitions: 3, interval: 15, extraReview: true, dueDay: D });
    expect(applyAnswer(hard, 4, D, at(D, 1))).toMatchObject({ repetitions: 3, interval: 15, extraReview: false, dueDay: D + 15 });
  });

  it("records when and on which study day the answer was given, and never mutates its input", () => {
    const before = fields({ repetitions: 1, easiness: 2.6, interval: 1, dueDay: D, lastReviewDay: D - 1, lastReviewedAt: at(D - 1) });
    const copy = structuredClone(before);
    const when = at(D, 3);
    const after = applyAnswer(before, 5, D, when);
    expect(after.lastReviewedAt).toEqual(when);
    expect(after.lastReviewDay).toBe(D);
    expect(before).toEqual(copy);
    expect(applyAnswer(NEW_FIELDS, 5, D, when)).not.toBe(NEW_FIELDS);
    expect(NEW_FIELDS).toEqual({ repetitions: 0, easiness: 2.5, interval: 0, extraReview: false, dueDay: 0, lapses: 0, lastReviewedAt: null, lastReviewDay: null });
  });

  it("rejects a grade outside 0–5", () => {
    expect(() => applyAnswer(NEW_FIELDS, 6, D, at(D))).toThrow(RangeError);
    expect(() => applyAnswer(NEW_FIELDS, 2.5, D, at(D))).toThrow(RangeError);
  });
});

describe("applyAnswer: lapses", () => {
  const learned = fields({ repetitions: 3, easiness: 2.5, interval: 15, dueDay: D, lapses: 2, lastReviewDay: D - 15, lastReviewedAt: at(D - 15) });

  it("counts a lapse when a learned card is failed (0, 1 or 2)", () => {
    for (const q of [0, 1, 2]) expect(applyAnswer(learned, q, D, at(D)).lapses).toBe(3);
  });

  it("does not count passing grades", () => {
    for (const q of [3, 4, 5]) expect(applyAnswer(learned, q, D, at(D)).lapses).toBe(2);
  });

  it("does not count failing a new card, or failing again a card that is already back at the start", () => {
    expect(applyAnswer(NEW_FIELDS, 0, D, at(D)).lapses).toBe(0);
    const failed = applyAnswer(learned, 1, D, at(D));
    expect(applyAnswer(failed, 0, D, at(D, 1)).lapses).toBe(3);
    expect(applyAnswer(applyAnswer(failed, 0, D, at(D, 1)), 2, D + 1, at(D + 1)).lapses).toBe(3);
  });

  it("does not count a failed extra review (it changes nothing)", () => {
    const hard = applyAnswer(learned, 3, D, at(D));
    expect(hard.extraReview).toBe(true);
    for (const q of [0, 1, 2]) expect(applyAnswer(hard, q, D, at(D, 1)).lapses).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------
// replay

/** One answer of a generated history: grade, then how many days and hours later. */
const stepArb = fc.record({ grade: fc.integer({ min: 0, max: 5 }), days: fc.integer({ min: 0, max: 40 }), minutes: fc.integer({ min: 1, max: 600 }) });

function historyOf(steps: { grade: number; days: number; minutes: number }[]): LogEntryForReplay[] {
  let day = D;
  let ms = T0;
  return steps.map((s, i) => {
    day += s.days;
    ms = Math.max(ms + s.minutes * 60_000, T0 + (day - D) * DAY);
    return { id: `a${i}`, seq: i + 1, kind: "ANSWER", undoesId: null, grade: s.grade, answeredAt: new Date(ms), reviewDay: day };
  });
}

function stepByStep(entries: LogEntryForReplay[]): SrsFields {
  let s = NEW_FIELDS;
  for (const e of entries) s = applyAnswer(s, e.grade!, e.reviewDay, e.answeredAt);
  return s;
}

const undoOf = (e: LogEntryForReplay, minutesLater = 1): LogEntryForReplay => ({
  id: `undo-${e.id}`,
  seq: 10_000 + e.seq,
  kind: "UNDO",
  undoesId: e.id,
  grade: null,
  answeredAt: new Date(e.answeredAt.getTime() + minutesLater * 60_000),
  reviewDay: e.reviewDay,
});

describe("replay", () => {
  it("of no entries is a new card", () => {
    expect(replay([])).toEqual(NEW_FIELDS);
  });

  it("equals applying each answer in turn, in log order (seq) whatever order the rows come in", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 25 }), fc.nat(), (steps, k) => {
        const entries = historyOf(steps);
        const expected = stepByStep(entries);
        expect(replay(entries)).toEqual(expected);
        // Rows read from a database come in no particular order.
        const cut = entries.length ? k % entries.length : 0;
        expect(replay([...entries.slice(cut), ...entries.slice(0, cut)])).toEqual(expected);
        expect(replay([...entries].reverse())).toEqual(expected);
      }),
    );
  });

  it("follows the log's order, not the answer times (two app servers' clocks may disagree)", () => {
    const entries = historyOf([
      { grade: 5, days: 0, minutes: 1 },
      { grade: 1, days: 0, minutes: 1 },
      { grade: 4, days: 0, minutes: 1 },
    ]);
    // The second answer was recorded by a server whose clock runs an hour behind.
    const skewed = entries.map((e, i) => (i === 1 ? { ...e, answeredAt: new Date(e.answeredAt.getTime() - 3_600_000) } : e));
    expect(replay(skewed)).toEqual(stepByStep(skewed));
    expect(replay(skewed)).toMatchObject({ repetitions: 1, lapses: 1, lastReviewedAt: skewed[2].answeredAt });
  });

  it("skips undone answers, as if they had never been given", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(stepArb, fc.boolean()), { minLength: 1, maxLength: 25 }), (pairs) => {
        const entries = historyOf(pairs.map(([s]) => s));
        const undone = entries.filter((_, i) => pairs[i][1]);
        const kept = entries.filter((_, i) => !pairs[i][1]);
        const log = [...entries, ...undone.map((e) => undoOf(e))];
        expect(replay(log)).toEqual(stepByStep(kept));
      }),
    );
  });

  it("undoing the last answer gives back exactly the state before it", () => {
    const entries = historyOf([
      { grade: 5, days: 0, minutes: 1 },
      { grade: 4, days: 1, minutes: 1 },
      { grade: 1, days: 6, minutes: 1 },
    ]);
    const beforeLast = replay(entries.slice(0, 2));
    expect(replay([...entries, undoOf(entries[2])])).toEqual(beforeLast);
    expect(beforeLast).toMatchObject({ repetitions: 2, interval: 6, dueDay: D + 7, lapses: 0, lastReviewDay: D + 1, lastReviewedAt: entries[1].answeredAt });
    // Undoing every answer: a new card again.
    expect(replay([...entries, ...entries.map((e) => undoOf(e, 10))])).toEqual(NEW_FIELDS);
  });

  it("an undo entry pointing at nothing in this card's log changes nothing", () => {
    const entries = historyOf([{ grade: 5, days: 0, minutes: 1 }]);
    const stray: LogEntryForReplay = { id: "u", seq: 99, kind: "UNDO", undoesId: "someone-else", grade: null, answeredAt: at(D, 2), reviewDay: D };
    expect(replay([...entries, stray])).toEqual(replay(entries));
  });
});

describe("replay: the worked example in docs/sm2.md, every review on time", () => {
  // 5 (day D) · 4 (D+1, I was 1) · 3 (D+7, I was 6) · 2 same day · 5 same day ·
  // 1 (D+22, I was 15) · 4 same day → due D+23.
  const script: Array<[grade: number, day: number]> = [
    [5, D],
    [4, D + 1],
    [3, D + 7],
    [2, D + 7],
    [5, D + 7],
    [1, D + 22],
    [4, D + 22],
  ];
  const entries: LogEntryForReplay[] = script.map(([grade, day], i) => ({
    id: `e${i}`,
    seq: i + 1,
    kind: "ANSWER",
    undoesId: null,
    grade,
    reviewDay: day,
    answeredAt: at(day, i), // later in the day for each same-day repeat
  }));
  const expected: Array<Omit<SrsFields, "lastReviewedAt" | "lastReviewDay">> = [
    { repetitions: 1, easiness: 2.6, interval: 1, extraReview: false, dueDay: D + 1, lapses: 0 },
    { repetitions: 2, easiness: 2.6, interval: 6, extraReview: false, dueDay: D + 7, lapses: 0 },
    { repetitions: 3, easiness: 2.46, interval: 15, extraReview: true, dueDay: D + 7, lapses: 0 },
    { repetitions: 3, easiness: 2.46, interval: 15, extraReview: true, dueDay: D + 7, lapses: 0 },
    { repetitions: 3, easiness: 2.46, interval: 15, extraReview: false, dueDay: D + 22, lapses: 0 },
    { repetitions: 0, easiness: 2.46, interval: 0, extraReview: false, dueDay: D + 22, lapses: 1 },
    { repetitions: 1, easiness: 2.46, interval: 1, extraReview: false, dueDay: D + 23, lapses: 1 },
  ];

  expected.forEach((want, i) => {
    it(`after answer ${i + 1} (grade ${script[i][0]} on day D+${script[i][1] - D}): n=${want.repetitions}, EF ${want.easiness}, I=${want.interval}, due D+${want.dueDay - D}`, () => {
      const got = replay(entries.slice(0, i + 1));
      expect({ ...got, easiness: Math.round(got.easiness * 1e10) / 1e10 }).toEqual({
        ...want,
        lastReviewedAt: entries[i].answeredAt,
        lastReviewDay: script[i][1],
      });
      // Each step is on time: the answer's day is the day the previous state was due.
      if (i > 0) expect(script[i][1]).toBe(replay(entries.slice(0, i)).dueDay);
    });
  });
});
