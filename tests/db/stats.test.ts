// The statistics on a generated review log (two learners, two decks, undos, a cross-day
// undo, a streak longer than the heatmap), computed again here straight from the rows the
// test wrote: the heatmap, the streak, retention per interval bucket, answer times and the
// forecast. B's answers never show in A's statistics. Answers added after a view are summed
// in once, even with two views at the same time. Then the plans: each statement one index range.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import pg from "pg";
import { createDb, type Db } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { sqliteFilePath } from "../../lib/db/provider.ts";
import { dayNumberToIsoDate } from "../../lib/srs/day.ts";
import { sessionView, type Learner } from "../../lib/reviews/data.ts";
import { DURATION_BUCKETS, heatmapStart, INTERVAL_BUCKETS } from "../../lib/stats/definitions.ts";
import { cardHistoryFor, deckStats, dueToday, statsFor, type StatsScope } from "../../lib/stats/data.ts";
import { mulberry32 } from "../../experiments/random/mulberry32.ts";
import { testDatabases } from "../support/databases.ts";

const TODAY = 20_500;
const NOW = new Date(Date.UTC(2026, 1, 16, 12)); // study day 20500 in UTC with a 4 AM rollover
const DAY_MS = 86_400_000;
const FIRST_DAY = TODAY - 420; // A studies every day from here (the heatmap starts about 370 days back)
const GAP = TODAY - 415; // …except this day, so A's streak is exactly TODAY - GAP days

interface Row {
  id: string; userId: string; seq: number; cardId: string; deckId: string; kind: "ANSWER" | "UNDO"; undoesId: string | null; grade: number | null;
  repetitionsBefore: number; easinessBefore: number; intervalBefore: number; dueDayBefore: number | null; extraReviewBefore: boolean;
  repetitionsAfter: number; easinessAfter: number; intervalAfter: number; dueDayAfter: number; extraReviewAfter: boolean;
  answeredAt: Date; reviewDay: number; durationMs: number;
}

const LOG_COLUMNS = [
  "id", "userId", "seq", "cardId", "deckId", "kind", "undoesId", "grade", "repetitionsBefore", "easinessBefore", "intervalBefore", "dueDayBefore", "extraReviewBefore",
  "repetitionsAfter", "easinessAfter", "intervalAfter", "dueDayAfter", "extraReviewAfter", "answeredAt", "reviewDay", "durationMs",
] as const;

/** Straight through the driver: Prisma's createMany takes seconds for a few thousand rows here. */
async function insertLog(provider: string, url: string, rows: Row[]) {
  const cols = LOG_COLUMNS.map((c) => `"${c}"`).join(", ");
  if (provider === "sqlite") {
    const c = new Database(sqliteFilePath(url));
    const ins = c.prepare(`INSERT INTO "ReviewLog" (${cols}) VALUES (${LOG_COLUMNS.map(() => "?").join(", ")})`);
    c.transaction(() => {
      for (const r of rows) ins.run(...LOG_COLUMNS.map((k) => (typeof r[k] === "boolean" ? Number(r[k]) : r[k] instanceof Date ? (r[k] as Date).toISOString().replace("Z", "+00:00") : r[k])));
    })();
    c.close();
    return;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (let i = 0; i < rows.length; i += 1000) {
      const batch = rows.slice(i, i + 1000);
      const values = batch.map((_, j) => `(${LOG_COLUMNS.map((_, k) => `$${j * LOG_COLUMNS.length + k + 1}`).join(", ")})`).join(", ");
      await c.query(`INSERT INTO "ReviewLog" (${cols}) VALUES ${values}`, batch.flatMap((r) => LOG_COLUMNS.map((k) => r[k])));
    }
  } finally {
    await c.end();
  }
}

describe.each(testDatabases())("statistics on $label", (target) => {
  describe.skipIf(!target.available)("from a generated review log", () => {
    let url: string;
    let db: Db;
    const queries: { query: string; params: string }[] = [];
    const rows: Row[] = [];
    let A: Learner, B: Learner;
    let deck1: string, deck2: string, privateDeck: string;
    const cards: Record<string, string[]> = {};

    beforeAll(async () => {
      url = await target.create();
      await migrate(url);
      db = createDb(url, { log: (query, params) => queries.push({ query, params }) });
      const mk = (email: string, role: "LEARNER" | "INSTRUCTOR" = "LEARNER") => db.user.create({ data: { email, name: email, passwordHash: "x", role, timeZone: "UTC", dayRolloverHour: 4 } });
      const [a, b, owner] = [await mk("a@example.com"), await mk("b@example.com"), await mk("owner@example.com", "INSTRUCTOR")];
      A = { id: a.id, role: "LEARNER", timeZone: "UTC", dayRolloverHour: 4 };
      B = { id: b.id, role: "LEARNER", timeZone: "UTC", dayRolloverHour: 4 };
      for (const [i, slug] of ["one", "two", "private"].entries()) {
        const deck = await db.deck.create({ data: { slug, title: slug, ownerId: owner.id, published: slug !== "private" } });
        await db.card.createMany({ data: Array.from({ length: 20 }, (_, k) => ({ id: `c${i}x${String(k).padStart(3, "0")}`, deckId: deck.id, externalId: `${slug}${k}`, front: `Q${k}`, back: `A${k}`, position: k + 1 })) });
        cards[deck.id] = Array.from({ length: 20 }, (_, k) => `c${i}x${String(k).padStart(3, "0")}`);
        if (slug === "one") deck1 = deck.id;
        else if (slug === "two") deck2 = deck.id;
        else privateDeck = deck.id;
      }
      await db.enrolment.createMany({ data: [{ userId: A.id, deckId: deck1 }, { userId: A.id, deckId: deck2 }, { userId: B.id, deckId: deck1 }] });

      // The log. Each of A's days starts with an answer that is never undone (the streak); the rest are random.
      const rand = mulberry32(1303);
      const seq = new Map<string, number>();
      const add = (userId: string, deckId: string, day: number, r: Partial<Row> = {}) => {
        const s = (seq.get(userId) ?? 0) + 1;
        seq.set(userId, s);
        const rep = rand() < 0.3 ? 0 : 1 + Math.floor(rand() * 6);
        const row: Row = {
          id: `${userId}-${s}`, userId, seq: s, cardId: cards[deckId][Math.floor(rand() * 20)], deckId, kind: "ANSWER", undoesId: null,
          grade: Math.floor(rand() * 6), repetitionsBefore: rep, easinessBefore: 2.5, intervalBefore: rep === 0 ? 0 : [1, 3, 6, 15, 21, 45, 90, 200, 400][Math.floor(rand() * 9)],
          dueDayBefore: day, extraReviewBefore: rand() < 0.15, repetitionsAfter: rep + 1, easinessAfter: 1.3 + rand() * 1.5, intervalAfter: 1 + Math.floor(rand() * 100),
          dueDayAfter: day + 3, extraReviewAfter: false, answeredAt: new Date(day * DAY_MS + 8 * 3_600_000 + s * 1000), reviewDay: day,
          durationMs: [500, 1999, 2000, 4000, 7000, 12_000, 25_000, 45_000, 60_000, 200_000][Math.floor(rand() * 10)], ...r,
        };
        rows.push(row);
        return row;
      };
      const undo = (answer: Row, day = answer.reviewDay) => add(answer.userId, answer.deckId, day, { kind: "UNDO", undoesId: answer.id, grade: null, cardId: answer.cardId, durationMs: 0 });
      for (let day = FIRST_DAY; day <= TODAY; day++) {
        if (day === GAP) continue;
        add(A.id, day % 3 === 0 ? deck2 : deck1, day);
        for (let k = Math.floor(rand() * 4); k > 0; k--) {
          const r = add(A.id, rand() < 0.5 ? deck1 : deck2, day);
          if (rand() < 0.15) undo(r);
        }
        if (rand() < 0.5) for (let k = 0; k < 5; k++) add(B.id, deck1, day); // B is busier, in deck one only
      }
      // An answer undone on the next study day, and a day whose only deck-two answer was undone.
      undo(add(A.id, deck2, TODAY - 1), TODAY);
      undo(add(A.id, deck2, TODAY - 200));
      await insertLog(target.provider, url, rows);

      // Card states for the forecast: overdue, due within 30 days and later; suspended and never-answered ones left out.
      const states = [];
      for (const [userId, deckIds] of [[A.id, [deck1, deck2]], [B.id, [deck1]]] as const) {
        for (const deckId of deckIds) {
          for (const [k, cardId] of cards[deckId].entries()) {
            states.push({
              userId, cardId, deckId, repetitions: 2, interval: 6, dueDay: TODAY - 5 + ((k * 7 + (userId === A.id ? 0 : 3)) % 45),
              suspended: k === 3, lastReviewedAt: k === 4 ? null : NOW, lastReviewDay: k === 4 ? null : TODAY - 1,
            });
          }
        }
      }
      await db.cardState.createMany({ data: states });
      await db.card.update({ where: { id: cards[deck2][5] }, data: { archivedAt: NOW } }); // archived: out of the forecast
      if (target.provider === "postgres") {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query("VACUUM ANALYZE");
        await c.end();
      } else {
        const c = new Database(sqliteFilePath(url));
        c.exec("ANALYZE");
        c.close();
      }
    }, 120_000);
    afterAll(async () => {
      await db?.$disconnect();
      await target.dropAll();
    });

    /** The numbers, computed from the rows this test wrote. */
    function expected(scope: StatsScope) {
      const undone = new Set(rows.filter((r) => r.kind === "UNDO").map((r) => r.undoesId));
      const mine = rows.filter((r) => r.userId === scope.userId && (!scope.deckId || r.deckId === scope.deckId) && r.kind === "ANSWER" && !undone.has(r.id));
      const start = heatmapStart(TODAY);
      const inYear = mine.filter((r) => r.reviewDay >= start && r.reviewDay <= TODAY);
      const perDay = new Map<number, number>();
      for (const r of inYear) perDay.set(r.reviewDay, (perDay.get(r.reviewDay) ?? 0) + 1);
      const days = new Set(mine.map((r) => r.reviewDay));
      let streak = 0;
      for (let d = days.has(TODAY) ? TODAY : TODAY - 1; days.has(d); d--) streak++;
      const within = (v: number, b: { min: number; max: number | null }) => v >= b.min && (b.max === null || v < b.max);
      const retention = INTERVAL_BUCKETS.map((b) => {
        const xs = inYear.filter((r) => r.repetitionsBefore > 0 && !r.extraReviewBefore && within(r.intervalBefore, b));
        return { reviews: xs.length, passed: xs.filter((r) => r.grade! >= 3).length };
      });
      const times = DURATION_BUCKETS.map((b) => inYear.filter((r) => within(r.durationMs, b)).length);
      const forecast = Array.from({ length: 30 }, () => 0);
      const deckIds = scope.deckId ? [scope.deckId] : scope.userId === A.id ? [deck1, deck2] : [deck1];
      for (const deckId of deckIds) {
        for (const [k, cardId] of cards[deckId].entries()) {
          if (k === 3 || k === 4 || cardId === cards[deck2][5]) continue;
          const due = TODAY - 5 + ((k * 7 + (scope.userId === A.id ? 0 : 3)) % 45);
          if (due < TODAY + 30) forecast[Math.max(0, due - TODAY)]++;
        }
      }
      return { perDay, total: inYear.length, streak, retention, times, forecast };
    }

    it.each([
      ["A, all decks", () => ({ userId: A.id })],
      ["A, deck two", () => ({ userId: A.id, deckId: deck2 })],
      ["B, all decks", () => ({ userId: B.id })],
    ])("gives the numbers the log holds: %s", async (_, scopeOf) => {
      const scope = scopeOf();
      const want = expected(scope);
      const got = await statsFor(db, scope.userId === A.id ? A : B, scope, NOW);
      expect(got.today).toBe(TODAY);
      const gotPerDay = new Map(got.heatmap.cells.filter((c) => c.count > 0).map((c) => [c.day, c.count]));
      expect(gotPerDay).toEqual(want.perDay);
      expect(got.heatmap.total).toBe(want.total);
      expect(got.streak.current).toBe(want.streak);
      expect(got.retention.rows.map((r) => ({ reviews: r.reviews, passed: r.passed }))).toEqual(want.retention);
      expect(got.answerTimes.rows.map((r) => r.answers)).toEqual(want.times);
      expect(got.forecast.map((f) => f.due)).toEqual(want.forecast);
    });

    it("counts what is left today as the review pages do, new cards included, and nothing in a deck one may not review", async () => {
      const due = await dueToday(db, A, [deck1, deck2, privateDeck], TODAY);
      const [one, two] = [await sessionView(db, A, deck1, NOW), await sessionView(db, A, deck2, NOW)];
      for (const k of ["new", "review", "repeat", "total"] as const) expect(due[k], k).toBe(one.remaining[k] + two.remaining[k]);
      expect(due.new).toBe(2); // each deck's never-answered card (k = 4)
      expect(due.review).toBeGreaterThan(0);
      // B studies deck one only: deck two (not enrolled) and the private deck count nothing, and do not fail the page.
      expect((await dueToday(db, B, [deck2, privateDeck], TODAY)).total).toBe(0);
      const { due: deckDue } = await deckStats(db, A, deck2, NOW);
      expect(deckDue).toEqual(two.remaining);
    });

    it("counts A's streak back past the heatmap, to the day A skipped", async () => {
      const got = await statsFor(db, A, { userId: A.id }, NOW);
      expect(got.streak.current).toBe(TODAY - GAP);
      expect(got.heatmap.start).toBeGreaterThan(GAP);
    });

    it("keeps B out of A's numbers, and A out of B's", async () => {
      const a = await statsFor(db, A, { userId: A.id, deckId: deck1 }, NOW);
      const b = await statsFor(db, B, { userId: B.id, deckId: deck1 }, NOW);
      const aRows = rows.filter((r) => r.userId === A.id && r.deckId === deck1 && r.kind === "ANSWER").length;
      expect(a.heatmap.total).toBeLessThanOrEqual(aRows);
      expect(b.heatmap.total).toBe(expected({ userId: B.id, deckId: deck1 }).total);
      expect(b.streak.current).toBe(expected({ userId: B.id }).streak);
    });

    it("shows a card's answers in order with the undone one marked, and only to its learner", async () => {
      const undoneRow = rows.find((r) => r.kind === "UNDO" && r.userId === A.id)!;
      const answer = rows.find((r) => r.id === undoneRow.undoesId)!;
      const { history } = await cardHistoryFor(db, A, answer.deckId, answer.cardId);
      const mine = rows.filter((r) => r.userId === A.id && r.cardId === answer.cardId && r.kind === "ANSWER");
      expect(history.map((h) => h.seq)).toEqual(mine.map((r) => r.seq));
      expect(history.find((h) => h.seq === answer.seq)?.undone).toBe(true);
      expect(history.map((h) => h.date)).toContain(dayNumberToIsoDate(answer.reviewDay));
      // B studies deck one but never saw A's answers; deck two is not B's; the private deck is nobody's.
      const b = await cardHistoryFor(db, B, deck1, cards[deck1][0]);
      expect(b.history.every((h) => rows.some((r) => r.userId === B.id && r.seq === h.seq && r.cardId === cards[deck1][0]))).toBe(true);
      await expect(cardHistoryFor(db, B, deck2, cards[deck2][0])).rejects.toMatchObject({ status: 404 });
      await expect(cardHistoryFor(db, A, privateDeck, cards[privateDeck][0])).rejects.toMatchObject({ status: 404 });
      await expect(cardHistoryFor(db, A, deck1, cards[deck2][0])).rejects.toMatchObject({ status: 404 }); // card of another deck
      await expect(deckStats(db, { ...B, role: "LEARNER" }, deck2, NOW)).rejects.toMatchObject({ status: 404 });
    });

    it("adds answers and undos made after a view, once, even with two views at the same time", async () => {
      await statsFor(db, A, { userId: A.id }, NOW); // the stored sums are up to date
      const seqA = Math.max(...rows.filter((r) => r.userId === A.id).map((r) => r.seq));
      const earlier = rows.find((r) => r.userId === A.id && r.kind === "ANSWER" && r.reviewDay === TODAY - 30 && !rows.some((u) => u.undoesId === r.id))!;
      const base = { userId: A.id, deckId: deck1, cardId: cards[deck1][0], undoesId: null, repetitionsBefore: 3, easinessBefore: 2.5, intervalBefore: 21, dueDayBefore: TODAY, extraReviewBefore: false,
        repetitionsAfter: 4, easinessAfter: 2.6, intervalAfter: 50, dueDayAfter: TODAY + 50, extraReviewAfter: false, answeredAt: NOW, reviewDay: TODAY, durationMs: 3000 };
      const more: Row[] = [
        { ...base, id: "late-1", seq: seqA + 1, kind: "ANSWER", grade: 4 },
        { ...base, id: "late-2", seq: seqA + 2, kind: "ANSWER", grade: 1, durationMs: 90_000 },
        { ...base, id: "late-3", seq: seqA + 3, kind: "UNDO", undoesId: earlier.id, grade: null, durationMs: 0 },
      ];
      rows.push(...more);
      await insertLog(target.provider, url, more);
      const [one, two] = await Promise.all([statsFor(db, A, { userId: A.id }, NOW), statsFor(db, A, { userId: A.id }, NOW)]);
      const want = expected({ userId: A.id });
      for (const got of [one, two, await statsFor(db, A, { userId: A.id }, NOW)]) {
        expect(got.heatmap.total).toBe(want.total);
        expect(got.retention.rows.map((r) => ({ reviews: r.reviews, passed: r.passed }))).toEqual(want.retention);
        expect(got.answerTimes.rows.map((r) => r.answers)).toEqual(want.times);
      }
      expect(await db.statsCursor.findUnique({ where: { userId: A.id } })).toMatchObject({ throughSeq: seqA + 3 });
    });

    it("reads a year of stored sums as one range, the new answers and the undos as short ranges of the log", async () => {
      const seqB = Math.max(...rows.filter((r) => r.userId === B.id).map((r) => r.seq));
      const late = { ...rows.find((r) => r.userId === B.id && r.kind === "ANSWER")!, id: "late-b", seq: seqB + 1, reviewDay: TODAY, answeredAt: NOW };
      rows.push(late);
      await insertLog(target.provider, url, [late]);
      queries.length = 0;
      await statsFor(db, B, { userId: B.id }, NOW);
      const find = (re: RegExp) => {
        const q = queries.find((x) => re.test(x.query));
        expect(q, String(re)).toBeDefined();
        return q!;
      };
      const stored = find(/FROM [`"]\w+[`"]\.[`"]StatsDay[`"] WHERE.*[`"]day[`"] >= /);
      const added = find(/GROUP BY "reviewDay", "deckId"/);
      // The view's undone answers (the refresh's own undo query, by seq, runs first when there is something to add).
      const undos = find(/u\."kind" = 'UNDO' AND u\."reviewDay" >= /);
      const plan = async ({ query, params }: { query: string; params: string }) => {
        const values = JSON.parse(params) as unknown[];
        if (target.provider === "sqlite") {
          const c = new Database(sqliteFilePath(url), { readonly: true });
          try {
            return c.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...values.map((v) => (typeof v === "boolean" ? Number(v) : v))).map((r) => (r as { detail: string }).detail).join("\n");
          } finally {
            c.close();
          }
        }
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          // The tables here are small enough that PostgreSQL could rightly prefer reading them whole:
          // with sequential scans off, the plan shows which index serves each statement.
          await c.query("SET enable_seqscan = off");
          return (await c.query(`EXPLAIN ${query}`, values)).rows.map((r) => r["QUERY PLAN"]).join("\n");
        } finally {
          await c.end();
        }
      };
      const [p1, p2, p3] = [await plan(stored), await plan(added), await plan(undos)];
      if (target.provider === "sqlite") {
        expect(p1).toMatch(/SEARCH (main\.)?StatsDay USING INDEX sqlite_autoindex_StatsDay_1 \(userId=\? AND day>\? AND day<\?\)/);
        expect(p2).toMatch(/SEARCH ReviewLog USING INDEX ReviewLog_userId_seq_key \(userId=\? AND seq>\? AND seq<\?\)/);
        expect(p3).toMatch(/SEARCH u USING INDEX ReviewLog_stats_idx \(userId=\? AND kind=\? AND reviewDay>\?\)/);
      } else {
        expect(p1).toMatch(/Index (Only )?Scan using "?StatsDay_pkey"?|Bitmap Index Scan on "?StatsDay_pkey"?/);
        // On this small table the planner may reach B's newest entries through another of the
        // learner's indexes; at a million rows (bench:stats) it is the (userId, seq) range.
        expect(p2).toMatch(/Index Scan using "?ReviewLog_userId_\w+"?|Bitmap Index Scan on "?ReviewLog_userId_\w+"?/);
        expect(p3).toMatch(/Scan (using|on) "?ReviewLog_stats_idx"?[^\n]*\n?.*kind = 'UNDO'/s);
      }
    });
  });
});
