// The statistics' pure parts on small golden examples: buckets at their edges, the
// heatmap's weeks, streaks, retention's definition, undone answers taken out, the
// forecast folding overdue cards into today, and a card's history.
import { describe, expect, it } from "vitest";
import {
  answerTimes, cardHistory, currentStreak, encodeCounts, forecast, heatmap, lessUndone, longestStreak, retention, sumPerDay, totalsFromAnswers, type AnswerRow, type LogEntry,
} from "../../lib/stats/compute.ts";
import { bucketOf, DURATION_BUCKETS, heatmapStart, INTERVAL_BUCKETS, weekday } from "../../lib/stats/definitions.ts";
import { bars, yScale } from "../../lib/stats/chart.ts";

const answer = (reviewDay: number, grade: number, more: Partial<AnswerRow> = {}): AnswerRow => ({
  reviewDay, grade, repetitionsBefore: 2, extraReviewBefore: false, intervalBefore: 6, durationMs: 4000, ...more,
});

describe("buckets", () => {
  it("puts each interval and answer time in the bucket its label names", () => {
    expect([1, 2, 6, 7, 20, 21, 59, 60, 179, 180, 5000].map((d) => INTERVAL_BUCKETS[bucketOf(INTERVAL_BUCKETS, d)].label)).toEqual([
      "1 day", "2–6 days", "2–6 days", "7–20 days", "7–20 days", "21–59 days", "21–59 days", "60–179 days", "60–179 days", "180 days or more", "180 days or more",
    ]);
    expect(bucketOf(INTERVAL_BUCKETS, 0)).toBe(-1); // a new card has no interval
    expect([0, 1999, 2000, 59_999, 60_000].map((ms) => DURATION_BUCKETS[bucketOf(DURATION_BUCKETS, ms)].label)).toEqual(["under 2 s", "under 2 s", "2–5 s", "30–60 s", "1 min or more"]);
  });

  it("starts the heatmap on the Monday 52 weeks before this week's", () => {
    expect(weekday(0)).toBe(3); // 1970-01-01 was a Thursday
    expect(weekday(20_500)).toBe(0); // 2026-02-16, a Monday
    expect(heatmapStart(20_500)).toBe(20_500 - 52 * 7);
    expect(heatmapStart(20_506)).toBe(20_500 - 52 * 7); // that Sunday: the same weeks
    expect(weekday(heatmapStart(20_503))).toBe(0);
  });
});

describe("sums over answers", () => {
  it("counts true retention on scheduled reviews only: not new cards, not same-day repeats", () => {
    const days = totalsFromAnswers([
      answer(10, 5, { intervalBefore: 1 }),
      answer(10, 2, { intervalBefore: 1 }),
      answer(10, 4, { intervalBefore: 30 }),
      answer(11, 0, { repetitionsBefore: 0, intervalBefore: 0 }), // new or relearning: out
      answer(11, 3, { extraReviewBefore: true }), // SM-2's same-day repeat: out
      answer(11, 3, { intervalBefore: 200 }),
    ]);
    const r = retention(days);
    expect(r.rows.map((x) => [x.label, x.reviews, x.passed])).toEqual([
      ["1 day", 2, 1], ["2–6 days", 0, 0], ["7–20 days", 0, 0], ["21–59 days", 1, 1], ["60–179 days", 0, 0], ["180 days or more", 1, 1],
    ]);
    expect(r.rows[0].rate).toBe(0.5);
    expect(r.rows[1].rate).toBeNull();
    expect(r.total).toMatchObject({ reviews: 4, passed: 3, rate: 0.75 });
  });

  it("takes undone answers out of every number, and drops a day left with none", () => {
    const kept = [answer(10, 4, { durationMs: 1000 }), answer(11, 5, { durationMs: 70_000 })];
    const undone = [answer(10, 1, { durationMs: 9000 }), answer(12, 3)];
    const net = lessUndone(totalsFromAnswers([...kept, ...undone]), undone);
    expect(net).toEqual(totalsFromAnswers(kept));
    expect(net.map((d) => d.day)).toEqual([10, 11]);
    const t = answerTimes(net);
    expect(t.answers).toBe(2);
    expect(t.meanMs).toBe(35_500);
    expect(t.rows.find((r) => r.label === "1 min or more")).toMatchObject({ answers: 1, share: 0.5 });
  });
});

describe("stored per-day sums", () => {
  it("reads back what was stored, summed over decks per day", () => {
    const deckA = totalsFromAnswers([answer(10, 4, { intervalBefore: 1 }), answer(11, 2, { durationMs: 61_000 })]);
    const deckB = totalsFromAnswers([answer(10, 5, { intervalBefore: 200, durationMs: 500 })]);
    const stored = [...deckA, ...deckB].map((t) => ({ day: t.day, answers: t.answers, durationMs: t.durationMs, counts: encodeCounts(t) }));
    expect(sumPerDay(stored)).toEqual(totalsFromAnswers([answer(10, 4, { intervalBefore: 1 }), answer(11, 2, { durationMs: 61_000 }), answer(10, 5, { intervalBefore: 200, durationMs: 500 })]));
  });
});

describe("heatmap and streaks", () => {
  it("lays out 53 weeks with levels relative to the busiest day, future days empty", () => {
    const today = 20_502; // a Wednesday
    const h = heatmap(totalsFromAnswers([answer(today, 4), answer(today, 4), answer(today, 4), answer(today, 4), answer(today - 1, 4), answer(today - 400, 4)]), today);
    expect(h.cells).toHaveLength(53 * 7);
    expect(h.cells[0].day).toBe(h.start);
    expect(h.total).toBe(5); // the answer 400 days back is before the heatmap
    expect(h.daysStudied).toBe(2);
    expect(h.cells.find((c) => c.day === today)).toMatchObject({ count: 4, level: 4, date: "2026-02-18" });
    expect(h.cells.find((c) => c.day === today - 1)?.level).toBe(1);
    expect(h.cells.filter((c) => c.future).map((c) => c.day)).toEqual([today + 1, today + 2, today + 3, today + 4]);
  });

  it("keeps a streak alive until today is over, and finds the longest run", () => {
    expect(currentStreak([5, 6, 7, 8], 8)).toBe(4);
    expect(currentStreak([5, 6, 7], 8)).toBe(3); // today not studied yet
    expect(currentStreak([5, 6], 8)).toBe(0); // yesterday missed
    expect(currentStreak([], 8)).toBe(0);
    expect(longestStreak([1, 2, 3, 7, 8, 9, 10, 12, 3])).toBe(4);
    expect(longestStreak([])).toBe(0);
  });
});

describe("forecast", () => {
  it("counts overdue cards for today and stops after 30 days", () => {
    const f = forecast([{ dueDay: 90, cards: 2 }, { dueDay: 100, cards: 3 }, { dueDay: 101, cards: 1 }, { dueDay: 129, cards: 4 }, { dueDay: 130, cards: 9 }], 100);
    expect(f).toHaveLength(30);
    expect(f[0]).toMatchObject({ inDays: 0, due: 5 });
    expect(f[1].due).toBe(1);
    expect(f[29].due).toBe(4);
    expect(f.reduce((s, d) => s + d.due, 0)).toBe(10);
  });
});

describe("a card's history", () => {
  it("lists answers in log order with the undone one marked, undo entries themselves left out", () => {
    const at = new Date("2026-02-16T10:00:00Z");
    const e = (seq: number, kind: "ANSWER" | "UNDO", grade: number | null, undoesId: string | null = null): LogEntry => ({
      id: `r${seq}`, seq, kind, undoesId, grade, easinessAfter: 2.5 + seq / 10, intervalAfter: seq, reviewDay: 20_500 + seq, answeredAt: at, durationMs: 1000,
    });
    const h = cardHistory([e(3, "UNDO", null, "r2"), e(1, "ANSWER", 4), e(2, "ANSWER", 1), e(4, "ANSWER", 5)]);
    expect(h.map((x) => [x.seq, x.grade, x.undone])).toEqual([[1, 4, false], [2, 1, true], [4, 5, false]]);
    expect(h[2]).toMatchObject({ easiness: 2.9, interval: 4, date: "2026-02-20" });
  });
});

describe("chart geometry", () => {
  it("scales bars from the baseline to a round top", () => {
    const s = yScale(37, { width: 300, height: 200 });
    expect(s.max).toBe(40);
    expect(s.ticks).toEqual([0, 10, 20, 30, 40]);
    const [a, b] = bars([40, 0], s);
    expect(a.y).toBeCloseTo(s.plotTop);
    expect(b.height).toBe(0);
    expect(a.x).toBeLessThan(b.x);
  });

  it("gives counts whole-number ticks: no half a card due", () => {
    const frame = { width: 300, height: 200 };
    expect(yScale(2, frame).ticks).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(yScale(2, frame, { whole: true }).ticks).toEqual([0, 1, 2]);
    expect(yScale(0, frame, { whole: true }).ticks).toEqual([0, 1]);
    expect(yScale(9, frame, { whole: true }).ticks).toEqual([0, 5, 10]);
    expect(yScale(37, frame, { whole: true }).ticks).toEqual([0, 10, 20, 30, 40]);
    for (const max of [1, 3, 7, 9, 13, 120]) {
      const s = yScale(max, frame, { whole: true });
      expect(s.ticks.every(Number.isInteger), String(max)).toBe(true);
      expect(s.max, String(max)).toBeGreaterThanOrEqual(max);
    }
  });
});
