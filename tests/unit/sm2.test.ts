import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_INTERVAL, MIN_EASINESS, NEW_CARD, sm2, type Sm2State } from "../../lib/srs/sm2.ts";

const state = (repetitions: number, easiness: number, interval: number, extraReview = false): Sm2State => ({
  repetitions,
  easiness,
  interval,
  extraReview,
});

/** Grades applied in order from `start`, returning every state after each grade. */
function run(start: Sm2State, grades: number[]): Sm2State[] {
  const out: Sm2State[] = [];
  let s = start;
  for (const q of grades) out.push((s = sm2(s, q)));
  return out;
}

/** Exact fields, easiness to 10 decimals (it is an unrounded float). */
function expectState(actual: Sm2State, expected: Sm2State): void {
  expect({ ...actual, easiness: 0 }).toEqual({ ...expected, easiness: 0 });
  expect(actual.easiness).toBeCloseTo(expected.easiness, 10);
}

describe("NEW_CARD", () => {
  it("is n=0, EF 2.5, I=0, no extra review, and frozen", () => {
    expect(NEW_CARD).toEqual({ repetitions: 0, easiness: 2.5, interval: 0, extraReview: false });
    expect(Object.isFrozen(NEW_CARD)).toBe(true);
  });
});

describe("sm2: the reference's worked example, step by step", () => {
  // Each step's arithmetic, from the rules (not the prose):
  const steps: Array<[number, Sm2State, string]> = [
    // n 0→1, EF 2.5 + 0.1 = 2.6, I(1) = 1
    [5, state(1, 2.6, 1), "5"],
    // n 1→2, EF 2.6 + 0 = 2.6, I(2) = 6
    [4, state(2, 2.6, 6), "4"],
    // n 2→3, EF 2.6 − 0.14 = 2.46 first, then I(3) = ⌈6 × 2.46⌉ = ⌈14.76⌉ = 15; q = 3 → repeat today
    [3, state(3, 2.46, 15, true), "3"],
    // same day, in extra review, q = 2 < 4: nothing changes, still repeat today
    [2, state(3, 2.46, 15, true), "2 (same day)"],
    // same day, q = 5 ≥ 4: extra review cleared, n/EF/I kept → due in 15 days
    [5, state(3, 2.46, 15, false), "5 (same day)"],
    // q = 1 < 3: n = 0, EF kept at 2.46, I = 0 (due again today)
    [1, state(0, 2.46, 0, false), "1"],
    // ordinary review: n 0→1, EF 2.46 + 0 = 2.46, I(1) = 1 → due tomorrow
    [4, state(1, 2.46, 1, false), "4 (same day)"],
  ];
  let s: Sm2State = NEW_CARD;
  for (const [q, expected, name] of steps) {
    const before = s;
    const after = sm2(before, q);
    s = after;
    it(`grade ${name} → n=${expected.repetitions}, EF ${expected.easiness}, I=${expected.interval}${expected.extraReview ? ", extra review" : ""}`, () => {
      expectState(after, expected);
    });
  }
});

describe("sm2: easiness", () => {
  it("changes by +0.1, 0, −0.14 for grades 5, 4, 3 (0.1 − (5−q)(0.08 + (5−q)·0.02))", () => {
    const from = state(4, 2.0, 20);
    expect(sm2(from, 5).easiness - 2.0).toBeCloseTo(0.1, 12); // 0.1 − 0
    expect(sm2(from, 4).easiness).toBe(2.0); // 0.1 − 1 × (0.08 + 0.02) = 0, exactly
    expect(sm2(from, 3).easiness - 2.0).toBeCloseTo(-0.14, 12); // 0.1 − 2 × (0.08 + 0.04)
  });

  it("does not change on a failure", () => {
    for (const q of [0, 1, 2]) expect(sm2(state(4, 2.0, 20), q).easiness).toBe(2.0);
  });

  it("is floored at 1.3 under many 3s, each followed by the clearing 4", () => {
    // EF: 2.5 → 2.36 → 2.22 → 2.08 → 1.94 → 1.80 → 1.66 → 1.52 → 1.38 → max(1.3, 1.24) = 1.3 → 1.3
    // I:  1, 6, ⌈6×2.08=12.48⌉=13, ⌈13×1.94=25.22⌉=26, ⌈26×1.8=46.8⌉=47, ⌈47×1.66=78.02⌉=79,
    //     ⌈79×1.52=120.08⌉=121, ⌈121×1.38=166.98⌉=167, ⌈167×1.3=217.1⌉=218, ⌈218×1.3=283.4⌉=284
    const efs = [2.36, 2.22, 2.08, 1.94, 1.8, 1.66, 1.52, 1.38, 1.3, 1.3];
    const intervals = [1, 6, 13, 26, 47, 79, 121, 167, 218, 284];
    let s: Sm2State = NEW_CARD;
    efs.forEach((ef, i) => {
      s = sm2(s, 3);
      expectState(s, state(i + 1, ef, intervals[i], true));
      s = sm2(s, 4);
      expectState(s, state(i + 1, ef, intervals[i], false));
    });
    expect(s.easiness).toBe(MIN_EASINESS); // the floor is exact, not 1.2999…
  });

  it("stays at the floor on a 3 from the floor", () => {
    // 1.3 − 0.14 = 1.16 → 1.3; I = ⌈10 × 1.3⌉ = 13
    expect(sm2(state(3, 1.3, 10), 3)).toEqual(state(4, 1.3, 13, true));
  });

  it("is not rounded", () => {
    // 2.5 + 0.1 + 0.1 + 0.1 in floating point is 2.8000000000000003; SM-2 here keeps it as is.
    const s = run(NEW_CARD, [5, 5, 5]).at(-1)!;
    expect(s.easiness).toBe(2.5 + 0.1 + 0.1 + 0.1);
    const s2 = sm2(state(3, 2.123456789, 10), 4);
    expect(s2.easiness).toBe(2.123456789);
  });
});

describe("sm2: intervals", () => {
  it("a long run of 5s: EF +0.1 each time, I = ⌈I × new EF⌉", () => {
    // EF 2.6, 2.7, 2.8, 2.9, 3.0, 3.1, 3.2, 3.3, 3.4, 3.5
    // I  1, 6, ⌈6×2.8=16.8⌉=17, ⌈17×2.9=49.3⌉=50, 50×3.0=150 (exact: not 151),
    //    150×3.1=465, 465×3.2=1488, ⌈1488×3.3=4910.4⌉=4911, ⌈4911×3.4=16697.4⌉=16698, then 16698×3.5=58443
    //    which the 36,500-day cap stops
    const states = run(NEW_CARD, Array(10).fill(5));
    expect(states.map((s) => s.interval)).toEqual([1, 6, 17, 50, 150, 465, 1488, 4911, 16698, MAX_INTERVAL]);
    expect(states.map((s) => s.repetitions)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    states.forEach((s, i) => expect(s.easiness).toBeCloseTo(2.6 + 0.1 * i, 10));
    expect(states.every((s) => !s.extraReview)).toBe(true);
  });

  it("does not add a day when a whole product comes out a hair above the integer", () => {
    // The 5th 5 above: EF is 3.0000000000000004 in floating point and 50 × EF = 150.00000000000003;
    // a bare Math.ceil would give 151.
    const fourth = run(NEW_CARD, [5, 5, 5, 5]).at(-1)!;
    expect(fourth.interval * (fourth.easiness + 0.1)).toBeGreaterThan(150);
    expect(sm2(fourth, 5).interval).toBe(150);
    // 10 × (2.5 + 0.1 + 0.1 + 0.1) = 28.000000000000004 → 28
    expect(sm2(state(2, 2.5 + 0.1 + 0.1, 10), 5)).toEqual(state(3, 2.5 + 0.1 + 0.1 + 0.1, 28));
  });

  it("a run of 4s keeps EF at exactly 2.5: I = 1, 6, 15, ⌈37.5⌉=38, 95, ⌈237.5⌉=238, 595", () => {
    const states = run(NEW_CARD, Array(7).fill(4));
    expect(states.map((s) => s.interval)).toEqual([1, 6, 15, 38, 95, 238, 595]);
    expect(states.every((s) => s.easiness === 2.5)).toBe(true);
  });

  it("uses the easiness after this review's change (3 then I = ⌈I × (EF − 0.14)⌉)", () => {
    // EF 2.5 − 0.14 = 2.36; ⌈20 × 2.36 = 47.2⌉ = 48 (with the old EF it would be 50)
    expectState(sm2(state(3, 2.5, 20), 3), state(4, 2.36, 48, true));
  });
});

describe("sm2: failures and extra reviews", () => {
  const mature = state(6, 2.2, 40);

  it("q = 0, 1, 2 from a mature card: n = 0, I = 0 (due today), EF kept", () => {
    for (const q of [0, 1, 2]) expect(sm2(mature, q)).toEqual(state(0, 2.2, 0, false));
  });

  it("after a failure, the next review is ordinary: 3 gives n = 1, I = 1, EF − 0.14, repeat today", () => {
    const failed = sm2(mature, 1);
    expectState(sm2(failed, 3), state(1, 2.06, 1, true));
    expect(sm2(failed, 0)).toEqual(state(0, 2.2, 0, false));
  });

  it("a 3 outside extra review schedules as normal and asks for a repeat today", () => {
    // n 6→7, EF 2.2 − 0.14 = 2.06, I = ⌈40 × 2.06 = 82.4⌉ = 83
    expectState(sm2(mature, 3), state(7, 2.06, 83, true));
  });

  it("in extra review, 0–3 change nothing and 4–5 only clear the flag", () => {
    const extra = state(7, 2.06, 83, true);
    for (const q of [0, 1, 2, 3]) expect(sm2(extra, q)).toEqual(extra);
    for (const q of [4, 5]) expect(sm2(extra, q)).toEqual({ ...extra, extraReview: false });
  });

  it("4 and 5 outside extra review leave no extra review", () => {
    expect(sm2(mature, 4).extraReview).toBe(false);
    expect(sm2(mature, 5).extraReview).toBe(false);
  });
});

describe("sm2: inputs", () => {
  it("never mutates its input and returns only the SM-2 fields", () => {
    const input = { ...state(3, 2.46, 15, true), dueDay: 19000 };
    const copy = { ...input };
    for (const q of [0, 3, 4, 5]) {
      const out = sm2(input, q);
      expect(out).not.toBe(input);
      expect(Object.keys(out).sort()).toEqual(["easiness", "extraReview", "interval", "repetitions"]);
    }
    sm2(state(2, 2.5, 6), 5);
    expect(input).toEqual(copy);
  });

  it.each([6, -1, 2.5, Number.NaN, Infinity])("rejects quality %s with a RangeError naming it", (q) => {
    expect(() => sm2(NEW_CARD, q)).toThrow(RangeError);
    expect(() => sm2(NEW_CARD, q)).toThrow(`quality must be an integer from 0 to 5, got ${q}`);
  });

  it("rejects a quality that is not a number", () => {
    expect(() => sm2(NEW_CARD, "5" as unknown as number)).toThrow('quality must be an integer from 0 to 5, got "5"');
  });

  const bad: Array<[string, unknown, string]> = [
    ["negative repetitions", { ...NEW_CARD, repetitions: -1 }, "repetitions must be a non-negative integer, got -1"],
    ["fractional repetitions", { ...NEW_CARD, repetitions: 1.5, interval: 1 }, "repetitions must be a non-negative integer, got 1.5"],
    ["missing repetitions", { easiness: 2.5, interval: 0, extraReview: false }, "repetitions must be a non-negative integer, got undefined"],
    ["negative interval", { ...NEW_CARD, interval: -3 }, "interval must be a non-negative integer, got -3"],
    ["fractional interval", { ...NEW_CARD, repetitions: 3, interval: 14.76 }, "interval must be a non-negative integer, got 14.76"],
    ["zero interval after successes", { ...NEW_CARD, repetitions: 3, interval: 0 }, "interval must be at least 1 when repetitions is 3, got 0"],
    ["easiness below 1.3", { ...NEW_CARD, easiness: 1.2 }, "easiness must be a finite number of at least 1.3, got 1.2"],
    ["NaN easiness", { ...NEW_CARD, easiness: Number.NaN }, "got NaN"],
    ["infinite easiness", { ...NEW_CARD, easiness: Infinity }, "got Infinity"],
    ["string easiness", { ...NEW_CARD, easiness: "2.5" }, 'got "2.5"'],
    ["non-boolean extraReview", { ...NEW_CARD, extraReview: 0 }, "extraReview must be a boolean, got 0"],
    ["missing extraReview", { repetitions: 0, easiness: 2.5, interval: 0 }, "extraReview must be a boolean, got undefined"],
    ["null", null, "SM-2 state must be an object, got null"],
  ];
  it.each(bad)("rejects a state with %s", (_name, s, message) => {
    expect(() => sm2(s as Sm2State, 4)).toThrow(RangeError);
    expect(() => sm2(s as Sm2State, 4)).toThrow(message);
  });
});

describe("sm2: properties", () => {
  // Any state SM-2 could hold: n = 0 with any interval (0 in practice), n ≥ 1 with I ≥ 1.
  const anyState = (extraReview: fc.Arbitrary<boolean> = fc.boolean()): fc.Arbitrary<Sm2State> =>
    fc
      .record({
        repetitions: fc.integer({ min: 0, max: 50 }),
        easiness: fc.double({ min: MIN_EASINESS, max: 4, noNaN: true }),
        interval: fc.integer({ min: 0, max: 5000 }),
        extraReview,
      })
      .map((s) => (s.repetitions > 0 && s.interval === 0 ? { ...s, interval: 1 } : s));
  const grade = fc.integer({ min: 0, max: 5 });
  const grades = (min: number, max: number, length = 25) => fc.array(fc.integer({ min, max }), { minLength: 1, maxLength: length });

  it("easiness never falls below 1.3", () => {
    fc.assert(fc.property(anyState(), grades(0, 5, 60), (s, qs) => run(s, qs).every((t) => t.easiness >= MIN_EASINESS)));
  });

  it("under grades ≥ 4 only, intervals never decrease after the second review and grow strictly once n ≥ 3 (until the cap)", () => {
    fc.assert(
      fc.property(anyState(fc.constant(false)), grades(4, 5, 12), (s, qs) => {
        const states = run(s, qs);
        for (let i = 1; i < states.length; i++) {
          const [prev, next] = [states[i - 1], states[i]];
          expect(next.interval).toBeGreaterThanOrEqual(prev.interval);
          if (next.repetitions >= 3 && next.interval < MAX_INTERVAL) expect(next.interval).toBeGreaterThan(prev.interval);
          expect(next.extraReview).toBe(false);
        }
      }),
    );
  });

  it("a grade below 3 outside extra review always resets n = 0, I = 0 and keeps EF", () => {
    fc.assert(
      fc.property(anyState(fc.constant(false)), fc.integer({ min: 0, max: 2 }), (s, q) => {
        expect(sm2(s, q)).toEqual({ repetitions: 0, easiness: s.easiness, interval: 0, extraReview: false });
      }),
    );
  });

  it("in extra review, no grade changes n, EF or I", () => {
    fc.assert(
      fc.property(anyState(fc.constant(true)), grade, (s, q) => {
        const next = sm2(s, q);
        expect([next.repetitions, next.easiness, next.interval]).toEqual([s.repetitions, s.easiness, s.interval]);
        expect(next.extraReview).toBe(q < 4);
      }),
    );
  });

  it("never mutates the state it is given", () => {
    fc.assert(
      fc.property(anyState(), grade, (s, q) => {
        const copy = { ...s };
        sm2(s, q);
        expect(s).toEqual(copy);
      }),
    );
  });

  it("invalid qualities throw a RangeError", () => {
    const invalid = fc.oneof(
      fc.integer().filter((q) => q < 0 || q > 5),
      fc.double().filter((q) => !Number.isInteger(q)),
    );
    fc.assert(
      fc.property(anyState(), invalid, (s, q) => {
        expect(() => sm2(s, q)).toThrow(RangeError);
      }),
    );
  });
});

describe("sm2: the interval cap", () => {
  it("twenty 5s in a row stop at 36,500 days (they reached 311,222,020,285 uncapped)", () => {
    let s: Sm2State = NEW_CARD;
    const intervals: number[] = [];
    for (let i = 0; i < 20; i++) {
      s = sm2(s, 5);
      intervals.push(s.interval);
    }
    expect(Math.max(...intervals)).toBe(MAX_INTERVAL);
    // Below the cap nothing changed: 1, 6, then ⌈I·EF⌉ with EF 2.7, 2.8, 2.9 …
    expect(intervals.slice(0, 9)).toEqual([1, 6, 17, 50, 150, 465, 1488, 4911, 16698]);
    expect(s.interval).toBe(MAX_INTERVAL);
  });
  it("a state already past the cap (stored before it existed) comes back within it", () => {
    expect(sm2({ repetitions: 9, easiness: 3, interval: 10_000_000, extraReview: false }, 4).interval).toBe(MAX_INTERVAL);
  });
  it("never exceeds the cap, for any grades", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 60 }), (grades) => {
        let s: Sm2State = NEW_CARD;
        for (const g of grades) {
          s = sm2(s, g);
          expect(s.interval).toBeLessThanOrEqual(MAX_INTERVAL);
        }
      }),
    );
  });
});
