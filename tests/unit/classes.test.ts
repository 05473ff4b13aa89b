import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { rangeOf, rangeQuery } from "../../lib/classes/api.ts";
import { CODE_ALPHABET, CODE_BITS, codeStatus, formatCode, generateCode, hashCode, normalizeCode } from "../../lib/classes/codes.ts";
import { cardsCsv, csvFileName, learnersCsv } from "../../lib/classes/csv.ts";
import { answersPerDay, cardRows, hardestCards, learnerRows, mostOpenedCards, streakFromRuns, type LearnerDay, type StudyRun } from "../../lib/classes/metrics.ts";
import { currentStreak } from "../../lib/stats/compute.ts";

describe("join codes", () => {
  it("carry at least 40 bits, use only unambiguous characters, and differ each time", () => {
    expect(CODE_BITS).toBeGreaterThanOrEqual(40);
    const codes = new Set(Array.from({ length: 200 }, () => generateCode()));
    expect(codes.size).toBe(200);
    for (const c of codes) expect([...c].every((ch) => CODE_ALPHABET.includes(ch))).toBe(true);
    expect(CODE_ALPHABET).not.toMatch(/[ILOU]/);
  });

  it("read a typed code forgivingly: case, spaces, dashes, O for 0 and I/L for 1", () => {
    const code = "AB0DE1GHJK";
    expect(normalizeCode(formatCode(code).toLowerCase())).toBe(code);
    expect(normalizeCode(" abOde-iGHjk ")).toBe(code);
    expect(normalizeCode("ABODELGHJK")).toBe(code);
    expect(normalizeCode("AB0DE1GHJ")).toBeNull();
    expect(normalizeCode("AB0DE1GHJU")).toBeNull();
  });

  it("are stored as a hash, and stop working when expired or revoked", () => {
    expect(hashCode("AB0DE1GHJK")).toMatch(/^[0-9a-f]{64}$/);
    expect(hashCode("AB0DE1GHJK")).not.toContain("AB0DE1GHJK");
    const now = new Date("2026-12-01T12:00:00Z");
    expect(codeStatus({ expiresAt: new Date("2026-12-02T00:00:00Z"), revokedAt: null }, now)).toBe("active");
    expect(codeStatus({ expiresAt: now, revokedAt: null }, now)).toBe("expired");
    expect(codeStatus({ expiresAt: new Date("2026-12-02T00:00:00Z"), revokedAt: now }, now)).toBe("revoked");
  });
});

describe("dashboard numbers", () => {
  const at = new Date("2026-12-01T10:00:00Z");
  const day = (userId: string, d: number, answers: number, reviews = 0, recalled = 0): LearnerDay => ({ userId, day: d, answers, reviews, recalled });

  /** The runs of consecutive days in a set of studied days, as the dashboard's SQL finds them. */
  const runsOf = (days: number[]): StudyRun[] => {
    const sorted = [...new Set(days)].sort((a, b) => a - b);
    const runs: StudyRun[] = [];
    for (const d of sorted) {
      const last = runs.at(-1);
      if (last && last.last === d - 1) {
        last.last = d;
        last.length++;
      } else runs.push({ last: d, length: 1 });
    }
    return runs;
  };

  it("counts a streak back from today, or from yesterday when today has no answer yet", () => {
    expect(streakFromRuns(runsOf([10, 9, 8, 6]), 10)).toBe(3);
    expect(streakFromRuns(runsOf([9, 8]), 10)).toBe(2);
    expect(streakFromRuns(runsOf([8]), 10)).toBe(0);
    expect(streakFromRuns(runsOf([11, 10, 9]), 10)).toBe(2); // a day past today (a time zone moved) is not counted
    expect(streakFromRuns([], 10)).toBe(0);
  });

  it("gives the statistics page's streak from the runs that end near today alone", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const today = 100;
      const days = Array.from({ length: Math.floor(random() * 40) }, () => 60 + Math.floor(random() * 43));
      const near = runsOf(days).filter((r) => r.last >= today - 1);
      expect(streakFromRuns(near, today), days.join(",")).toBe(currentStreak(days, today));
    }
  });

  it("gives each learner today, this week, the range's answers and retention from their own days", () => {
    const days = [day("a", 100, 5, 4, 3), day("a", 95, 2, 2, 2), day("a", 90, 7, 7, 0), day("b", 99, 1)];
    const rows = learnerRows([{ userId: "a", name: "A", today: 100, due: 3, lastSeen: 100, streak: 1 }, { userId: "b", name: "B", today: 99, due: 0, lastSeen: 99, streak: 1 }, { userId: "c", name: "C", today: 100, due: 1, lastSeen: null, streak: 0 }], days, { from: 94, to: 100 });
    expect(rows[0]).toMatchObject({ reviewedToday: 5, reviewedThisWeek: 7, answers: 7, retention: 5 / 6, streak: 1, due: 3 });
    expect(rows[1]).toMatchObject({ reviewedToday: 1, reviewedThisWeek: 1, retention: null, streak: 1 });
    expect(rows[2]).toMatchObject({ reviewedToday: 0, answers: 0, retention: null, streak: 0, lastSeen: null });
  });

  it("ranks the hardest cards by lapse rate then average grade, and the most-opened why views; leaves out cards nobody touched", () => {
    const facts = [1, 2, 3, 4].map((p) => ({ cardId: `c${p}`, deckTitle: "D", position: p, front: `Q${p}` }));
    const rows = cardRows(facts, [
      { cardId: "c1", answers: 4, gradeSum: 16, reviews: 4, lapses: 1 },
      { cardId: "c2", answers: 2, gradeSum: 2, reviews: 2, lapses: 1 },
      { cardId: "c3", answers: 2, gradeSum: 4, reviews: 2, lapses: 1 },
    ], new Map([["c4", 3], ["c1", 1]]));
    expect(hardestCards(rows).map((r) => r.cardId)).toEqual(["c2", "c3", "c1"]);
    expect(mostOpenedCards(rows).map((r) => r.cardId)).toEqual(["c4", "c1"]);
    expect(rows[3]).toMatchObject({ answers: 0, averageGrade: null, lapseRate: null, whyOpens: 3 });
  });

  it("lists every day of the range for the chart, zero when nobody studied", () => {
    expect(answersPerDay([day("a", 3, 2), day("b", 3, 1), day("a", 9, 4)], { from: 2, to: 4 })).toEqual([{ day: 2, answers: 0 }, { day: 3, answers: 3 }, { day: 4, answers: 0 }]);
  });
});

describe("CSV and date ranges", () => {
  it("writes the tables as CSV that parses back, with formula-looking names escaped", () => {
    const csv = learnersCsv([{ userId: "u", name: "=HYPERLINK(\"x\")", due: 2, reviewedToday: 1, reviewedThisWeek: 3, answers: 4, retention: 0.5, streak: 2, lastSeen: 20788 }]);
    const [row] = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    expect(row).toEqual({ learner: "'=HYPERLINK(\"x\")", due: "2", reviewed_today: "1", reviewed_this_week: "3", answers_in_range: "4", retention_pct: "50.0", streak_days: "2", last_seen: "2026-12-01" });
    const cards = Papa.parse<string[]>(cardsCsv([]), { skipEmptyLines: true }).data;
    expect(cards).toEqual([["deck", "position", "card", "answers", "average_grade", "reviews", "lapses", "lapse_rate_pct", "why_opens"]]);
    expect(csvFileName("CNN seminar, Fall!", "cards", 20454, 20483)).toBe("cnn-seminar-fall-cards-2026-01-01-to-2026-01-30.csv");
  });

  it("reads ?from/?to as study days, refuses impossible or backward ranges, defaults to the last 30 days", () => {
    expect(rangeQuery.parse({ from: "2026-01-01", to: "2026-01-30" })).toEqual({ from: 20454, to: 20483 });
    expect(rangeQuery.safeParse({ from: "2026-02-30" }).success).toBe(false);
    expect(rangeQuery.safeParse({ from: "2026-02-02", to: "2026-02-01" }).success).toBe(false);
    expect(rangeQuery.safeParse({ from: "2024-01-01", to: "2026-02-01" }).success).toBe(false);
    expect(rangeOf({}, 100)).toEqual({ from: 71, to: 100 });
    expect(rangeOf({ from: 50 }, 100)).toEqual({ from: 50, to: 79 });
  });
});
