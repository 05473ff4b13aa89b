// The statistics from what the SQL returns (lib/stats/data.ts): per-day sums over the
// answers in the window, less the answers that were undone; the heatmap, streaks,
// retention per interval bucket, answer times, the forecast and a card's history. Pure.
import { dayNumberToIsoDate } from "../srs/day.ts";
import {
  bucketOf, countsForRetention, DURATION_BUCKETS, FORECAST_DAYS, heatmapStart, HEATMAP_WEEKS, INTERVAL_BUCKETS, PASSING_GRADE,
  type AnswerFacts,
} from "./definitions.ts";

/** Sums over one study day's answers. reviews/passed per INTERVAL_BUCKETS, durations per DURATION_BUCKETS. */
export interface DayTotals {
  day: number;
  answers: number;
  durationMs: number;
  reviews: number[];
  passed: number[];
  durations: number[];
}

export interface AnswerRow extends AnswerFacts {
  reviewDay: number;
  durationMs: number;
}

export function emptyDay(day: number): DayTotals {
  return { day, answers: 0, durationMs: 0, reviews: INTERVAL_BUCKETS.map(() => 0), passed: INTERVAL_BUCKETS.map(() => 0), durations: DURATION_BUCKETS.map(() => 0) };
}

/** Adds (sign 1) or removes (sign −1) one answer to a day's sums. */
export function addAnswer(t: DayTotals, a: AnswerRow, sign: 1 | -1 = 1): void {
  t.answers += sign;
  t.durationMs += sign * a.durationMs;
  const d = bucketOf(DURATION_BUCKETS, a.durationMs);
  if (d >= 0) t.durations[d] += sign;
  if (countsForRetention(a)) {
    const i = bucketOf(INTERVAL_BUCKETS, a.intervalBefore);
    if (i >= 0) {
      t.reviews[i] += sign;
      if (a.grade >= PASSING_GRADE) t.passed[i] += sign;
    }
  }
}

/** Per-day sums over every answer (undone ones included), less the undone ones: what the learner's answers were. */
export function lessUndone(days: DayTotals[], undone: AnswerRow[]): DayTotals[] {
  const byDay = new Map(days.map((d) => [d.day, { ...d, reviews: [...d.reviews], passed: [...d.passed], durations: [...d.durations] }]));
  for (const a of undone) {
    const t = byDay.get(a.reviewDay);
    if (t) addAnswer(t, a, -1);
  }
  return [...byDay.values()].filter((d) => d.answers > 0).sort((x, y) => x.day - y.day);
}

/** The same sums straight from answer rows (tests compute the expected numbers with it). */
export function totalsFromAnswers(rows: AnswerRow[]): DayTotals[] {
  const byDay = new Map<number, DayTotals>();
  for (const a of rows) {
    let t = byDay.get(a.reviewDay);
    if (!t) byDay.set(a.reviewDay, (t = emptyDay(a.reviewDay)));
    addAnswer(t, a);
  }
  return [...byDay.values()].sort((x, y) => x.day - y.day);
}

export interface HeatmapCell {
  day: number;
  date: string;
  count: number;
  /** 0 (none) to 4 (busiest quarter of the busiest day). */
  level: number;
  /** Past today: drawn empty, not as a day off. */
  future: boolean;
}

export interface Heatmap {
  start: number;
  weeks: number;
  cells: HeatmapCell[];
  max: number;
  total: number;
  daysStudied: number;
}

export function heatmap(days: DayTotals[], today: number, weeks = HEATMAP_WEEKS): Heatmap {
  const start = heatmapStart(today, weeks);
  const counts = new Map(days.map((d) => [d.day, d.answers]));
  let max = 0;
  for (let day = start; day <= today; day++) max = Math.max(max, counts.get(day) ?? 0);
  const cells: HeatmapCell[] = [];
  let total = 0;
  let daysStudied = 0;
  for (let day = start; day < start + weeks * 7; day++) {
    const count = day <= today ? (counts.get(day) ?? 0) : 0;
    total += count;
    if (count > 0) daysStudied++;
    cells.push({ day, date: dayNumberToIsoDate(day), count, level: count === 0 ? 0 : Math.min(4, Math.ceil((4 * count) / max)), future: day > today });
  }
  return { start, weeks, cells, max, total, daysStudied };
}

/**
 * Consecutive study days with at least one answer, ending today — or yesterday when today
 * has none yet (the day is not over). `studied` holds day numbers.
 */
export function currentStreak(studied: Iterable<number>, today: number): number {
  const set = new Set(studied);
  let day = set.has(today) ? today : today - 1;
  let n = 0;
  while (set.has(day)) {
    n++;
    day--;
  }
  return n;
}

/** The longest run of consecutive days in `studied`. */
export function longestStreak(studied: Iterable<number>): number {
  const sorted = [...new Set(studied)].sort((a, b) => a - b);
  let best = 0;
  let run = 0;
  for (let i = 0; i < sorted.length; i++) {
    run = i > 0 && sorted[i] === sorted[i - 1] + 1 ? run + 1 : 1;
    best = Math.max(best, run);
  }
  return best;
}

export interface RetentionRow {
  label: string;
  reviews: number;
  passed: number;
  /** passed / reviews; null with no reviews. */
  rate: number | null;
}

export function retention(days: DayTotals[]): { rows: RetentionRow[]; total: RetentionRow } {
  const rows = INTERVAL_BUCKETS.map((b, i) => {
    const reviews = days.reduce((s, d) => s + d.reviews[i], 0);
    const passed = days.reduce((s, d) => s + d.passed[i], 0);
    return { label: b.label, reviews, passed, rate: reviews ? passed / reviews : null };
  });
  const reviews = rows.reduce((s, r) => s + r.reviews, 0);
  const passed = rows.reduce((s, r) => s + r.passed, 0);
  return { rows, total: { label: "all intervals", reviews, passed, rate: reviews ? passed / reviews : null } };
}

export interface DurationRow {
  label: string;
  answers: number;
  share: number | null;
}

export function answerTimes(days: DayTotals[]): { rows: DurationRow[]; answers: number; meanMs: number | null } {
  const answers = days.reduce((s, d) => s + d.answers, 0);
  const totalMs = days.reduce((s, d) => s + d.durationMs, 0);
  const rows = DURATION_BUCKETS.map((b, j) => {
    const n = days.reduce((s, d) => s + d.durations[j], 0);
    return { label: b.label, answers: n, share: answers ? n / answers : null };
  });
  return { rows, answers, meanMs: answers ? totalMs / answers : null };
}

export interface ForecastDay {
  day: number;
  date: string;
  /** Days from today (0 = today, overdue cards included). */
  inDays: number;
  due: number;
}

/** Cards due per day for FORECAST_DAYS days; cards already overdue count for today. */
export function forecast(rows: { dueDay: number; cards: number }[], today: number, days = FORECAST_DAYS): ForecastDay[] {
  const out = Array.from({ length: days }, (_, i) => ({ day: today + i, date: dayNumberToIsoDate(today + i), inDays: i, due: 0 }));
  for (const r of rows) {
    const i = Math.max(0, r.dueDay - today);
    if (i < days) out[i].due += r.cards;
  }
  return out;
}

export interface LogEntry {
  id: string;
  seq: number;
  kind: "ANSWER" | "UNDO";
  undoesId: string | null;
  grade: number | null;
  easinessAfter: number;
  intervalAfter: number;
  reviewDay: number;
  answeredAt: Date;
  durationMs: number;
}

export interface HistoryEntry {
  seq: number;
  date: string;
  answeredAt: Date;
  grade: number;
  easiness: number;
  interval: number;
  durationMs: number;
  /** Taken back with Undo: shown struck through, left out of the chart and the statistics. */
  undone: boolean;
}

/** A card's answers in log order, each marked when an undo entry took it back. */
export function cardHistory(entries: LogEntry[]): HistoryEntry[] {
  const undone = new Set(entries.filter((e) => e.kind === "UNDO" && e.undoesId).map((e) => e.undoesId));
  return [...entries]
    .sort((a, b) => a.seq - b.seq)
    .filter((e) => e.kind === "ANSWER" && e.grade !== null)
    .map((e) => ({
      seq: e.seq, date: dayNumberToIsoDate(e.reviewDay), answeredAt: e.answeredAt, grade: e.grade!, easiness: e.easinessAfter,
      interval: e.intervalAfter, durationMs: e.durationMs, undone: undone.has(e.id),
    }));
}

/** Bump when the definitions (buckets, what counts) change: stored per-day sums are then rebuilt. */
export const ROLLUP_VERSION = 2; // 2: StatsDay's reviews and recalled columns

/** A day's bucket counts as stored in StatsDay.counts: reviews, passes, then answer-time counts. */
export function encodeCounts(t: Pick<DayTotals, "reviews" | "passed" | "durations">): string {
  return JSON.stringify([...t.reviews, ...t.passed, ...t.durations]);
}

export function decodeCounts(s: string): Pick<DayTotals, "reviews" | "passed" | "durations"> {
  const a = JSON.parse(s) as number[];
  const k = INTERVAL_BUCKETS.length;
  return { reviews: a.slice(0, k), passed: a.slice(k, 2 * k), durations: a.slice(2 * k, 2 * k + DURATION_BUCKETS.length) };
}

/** Adds `b` into `a` (same day). */
export function addTotals(a: DayTotals, b: Omit<DayTotals, "day">): DayTotals {
  a.answers += b.answers;
  a.durationMs += b.durationMs;
  b.reviews.forEach((v, i) => (a.reviews[i] += v));
  b.passed.forEach((v, i) => (a.passed[i] += v));
  b.durations.forEach((v, j) => (a.durations[j] += v));
  return a;
}

/** Stored rows (one per deck and day) summed per day, in day order. */
export function sumPerDay(rows: { day: number; answers: number; durationMs: number; counts: string }[]): DayTotals[] {
  const byDay = new Map<number, DayTotals>();
  for (const r of rows) {
    let t = byDay.get(r.day);
    if (!t) byDay.set(r.day, (t = emptyDay(r.day)));
    addTotals(t, { answers: r.answers, durationMs: r.durationMs, ...decodeCounts(r.counts) });
  }
  return [...byDay.values()].sort((x, y) => x.day - y.day);
}
