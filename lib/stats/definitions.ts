// What the statistics count, in one place (docs/statistics.md explains them): the window,
// the interval and answer-time buckets, and which answers count towards true retention.
// Pure; lib/stats/data.ts writes these same bounds into its SQL.

/** The heatmap shows 53 weeks (Monday to Sunday) ending with the week of today. */
export const HEATMAP_WEEKS = 53;
/** The forecast covers today (overdue cards included) and the next 29 days. */
export const FORECAST_DAYS = 30;

export interface Bucket {
  label: string;
  /** Inclusive lower bound. */
  min: number;
  /** Exclusive upper bound; null: no upper bound. */
  max: number | null;
}

/**
 * Interval before the answer, in days. 21 days is Anki's line between young and mature
 * cards, so the retention table reads like Anki's.
 */
export const INTERVAL_BUCKETS: readonly Bucket[] = [
  { label: "1 day", min: 1, max: 2 },
  { label: "2–6 days", min: 2, max: 7 },
  { label: "7–20 days", min: 7, max: 21 },
  { label: "21–59 days", min: 21, max: 60 },
  { label: "60–179 days", min: 60, max: 180 },
  { label: "180 days or more", min: 180, max: null },
];

/** Time to answer, in milliseconds. */
export const DURATION_BUCKETS: readonly Bucket[] = [
  { label: "under 2 s", min: 0, max: 2_000 },
  { label: "2–5 s", min: 2_000, max: 5_000 },
  { label: "5–10 s", min: 5_000, max: 10_000 },
  { label: "10–20 s", min: 10_000, max: 20_000 },
  { label: "20–30 s", min: 20_000, max: 30_000 },
  { label: "30–60 s", min: 30_000, max: 60_000 },
  { label: "1 min or more", min: 60_000, max: null },
];

/** The bucket index of `v`, or -1 when it is below the first bucket. */
export function bucketOf(buckets: readonly Bucket[], v: number): number {
  for (let i = buckets.length - 1; i >= 0; i--) if (v >= buckets[i].min) return buckets[i].max === null || v < buckets[i].max! ? i : -1;
  return -1;
}

/** Grades 3–5 are passing answers in SM-2 (the card's repetitions go on). */
export const PASSING_GRADE = 3;

export interface AnswerFacts {
  grade: number;
  repetitionsBefore: number;
  extraReviewBefore: boolean;
  intervalBefore: number;
}

/**
 * True retention counts scheduled reviews only: the card had been learned (repetitions > 0)
 * and this was not a same-day repeat (SM-2's extra review after a grade below 4). New cards
 * and relearning after a lapse are left out, as Anki's true retention leaves out learning steps.
 */
export function countsForRetention(a: Omit<AnswerFacts, "grade" | "intervalBefore">): boolean {
  return a.repetitionsBefore > 0 && !a.extraReviewBefore;
}

/** Monday = 0 … Sunday = 6. Day 0 (1970-01-01) was a Thursday. */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** First day (a Monday) of the heatmap that ends with today's week. */
export function heatmapStart(today: number, weeks = HEATMAP_WEEKS): number {
  return today - weekday(today) - (weeks - 1) * 7;
}
