// The original SM-2 scheduler (Wozniak 1987–1990), as docs/sm2.md describes it,
// not the popular variants: EF moves only on q ≥ 3, before the interval is
// computed; failures keep EF; q = 3 is followed by same-day extra reviews that change
// nothing until one scores ≥ 4. Pure: no clock, no I/O, inputs never mutated.

export interface Sm2State {
  /** n: successful reviews in a row. */
  repetitions: number;
  /** EF: never below MIN_EASINESS, kept unrounded. */
  easiness: number;
  /** I: days until the next review; 0 for a new or just-failed card. */
  interval: number;
  /** Graded 3 today: repeat today until a grade ≥ 4 (rule 4a). */
  extraReview: boolean;
}

export const MIN_EASINESS = 1.3;

/**
 * The longest interval, in days: 36,500 (100 years), Anki's default "maximum interval". The original
 * SM-2 has no cap, so twenty 5s in a row would schedule a card 311 billion days out, past a 32-bit day
 * number. Every interval below the cap is exactly SM-2's.
 */
export const MAX_INTERVAL = 36_500;

export const NEW_CARD: Sm2State = Object.freeze({ repetitions: 0, easiness: 2.5, interval: 0, extraReview: false });

/** EF' = EF + (0.1 − (5 − q)(0.08 + (5 − q)·0.02)), floored: +0.1, 0, −0.14 for q = 5, 4, 3. */
function nextEasiness(easiness: number, quality: number): number {
  const miss = 5 - quality;
  return Math.max(MIN_EASINESS, easiness + (0.1 - miss * (0.08 + miss * 0.02)));
}

// EF is a float built by adding 0.1 and −0.14, so an exact product like 10 × 2.8 can come
// out as 28.000000000000004, and a bare Math.ceil would add a whole day. Real fractions are
// far from integers (EF reached from 2.5 is a multiple of 0.02, so I·EF is an integer or at
// least 0.02 past one, for I up to ~2·10^7 days), while float error is ~1e-16 per step:
// shaving a relative 1e-9 off removes the error and never a real fraction.
const CEIL_SLACK = 1e-9;

/** I(1) = 1, I(2) = 6, I(n) = ⌈I(n−1) · EF'⌉, never past MAX_INTERVAL. */
function nextInterval(repetitions: number, previous: number, easiness: number): number {
  if (repetitions === 1) return 1;
  if (repetitions === 2) return 6;
  const product = previous * easiness;
  return Math.min(MAX_INTERVAL, Math.ceil(product - product * CEIL_SLACK));
}

export function sm2(state: Sm2State, quality: number): Sm2State {
  assertQuality(quality);
  assertState(state);
  const { repetitions, easiness, interval, extraReview } = state;

  // Rule 4a: same-day repeats after a 3 only end (on ≥ 4); they never reschedule.
  if (extraReview) return { repetitions, easiness, interval, extraReview: quality < 4 };

  // Rule 3: start again from I(1), EF unchanged; due again today (interval 0).
  if (quality < 3) return { repetitions: 0, easiness, interval: 0, extraReview: false };

  const n = repetitions + 1;
  const ef = nextEasiness(easiness, quality);
  return { repetitions: n, easiness: ef, interval: nextInterval(n, interval, ef), extraReview: quality === 3 };
}

function assertQuality(quality: number): void {
  if (!Number.isInteger(quality) || quality < 0 || quality > 5) {
    throw new RangeError(`quality must be an integer from 0 to 5, got ${show(quality)}`);
  }
}

function assertState(state: Sm2State): void {
  if (typeof state !== "object" || state === null) throw new RangeError(`SM-2 state must be an object, got ${show(state)}`);
  const { repetitions, easiness, interval, extraReview } = state;
  if (!Number.isInteger(repetitions) || repetitions < 0) {
    throw new RangeError(`repetitions must be a non-negative integer, got ${show(repetitions)}`);
  }
  if (!Number.isInteger(interval) || interval < 0) {
    throw new RangeError(`interval must be a non-negative integer, got ${show(interval)}`);
  }
  // I(n) for n ≥ 1 is at least 1; a zero would make I(n+1) = ⌈0 · EF⌉ = 0 forever.
  if (repetitions > 0 && interval === 0) {
    throw new RangeError(`interval must be at least 1 when repetitions is ${repetitions}, got 0`);
  }
  if (typeof easiness !== "number" || !Number.isFinite(easiness) || easiness < MIN_EASINESS) {
    throw new RangeError(`easiness must be a finite number of at least ${MIN_EASINESS}, got ${show(easiness)}`);
  }
  if (typeof extraReview !== "boolean") throw new RangeError(`extraReview must be a boolean, got ${show(extraReview)}`);
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
