// The statistics' data access, the same SQL on SQLite and PostgreSQL, each statement answered
// from an index (tests/db/stats.test.ts checks the plans on both). Per-day sums are kept in
// StatsDay, brought up to date from the log entries added since the last view (refreshRollup),
// so a view reads a few hundred rows however long the history; the answers an undo took back
// are the learner's short range of UNDO entries in ReviewLog_stats_idx, subtracted when read.
import type { Db } from "../db/client.ts";
import { Prisma } from "../db/generated/sqlite/client.ts";
import { cardForReview, deckForReview, type Viewer } from "../decks/access.ts";
import { CARD_NOT_FOUND } from "../decks/access.ts";
import { DomainError } from "../errors.ts";
import { remainingToday, studyDay, type Learner, type Remaining } from "../reviews/data.ts";
import {
  addTotals, answerTimes, cardHistory, currentStreak, decodeCounts, encodeCounts, forecast, heatmap, lessUndone, longestStreak, retention, ROLLUP_VERSION, sumPerDay,
  type AnswerRow, type DayTotals, type LogEntry,
} from "./compute.ts";
import { DURATION_BUCKETS, FORECAST_DAYS, heatmapStart, INTERVAL_BUCKETS, PASSING_GRADE, type Bucket } from "./definitions.ts";

export interface StatsScope {
  userId: string;
  /** One deck's statistics; all the learner's decks when absent. */
  deckId?: string;
}

const n = (v: unknown) => Number(v ?? 0);

function inBucket(column: string, b: Bucket): Prisma.Sql {
  // Bounds are our constants (definitions.ts), written into the SQL as numbers.
  const col = Prisma.raw(`"${column}"`);
  return b.max === null ? Prisma.sql`${col} >= ${Prisma.raw(String(b.min))}` : Prisma.sql`${col} >= ${Prisma.raw(String(b.min))} AND ${col} < ${Prisma.raw(String(b.max))}`;
}

const RETENTION = Prisma.sql`"repetitionsBefore" > 0 AND "extraReviewBefore" = false`;
const count = (cond: Prisma.Sql, i: number, name: string) => Prisma.sql`SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END) AS ${Prisma.raw(`"${name}${i}"`)}`;

const SUMS = Prisma.join(
  [
    ...INTERVAL_BUCKETS.map((b, i) => count(Prisma.sql`${RETENTION} AND ${inBucket("intervalBefore", b)}`, i, "r")),
    ...INTERVAL_BUCKETS.map((b, i) => count(Prisma.sql`${RETENTION} AND ${inBucket("intervalBefore", b)} AND "grade" >= ${Prisma.raw(String(PASSING_GRADE))}`, i, "p")),
    ...DURATION_BUCKETS.map((b, j) => count(inBucket("durationMs", b), j, "d")),
  ],
  ", ",
);

const deckFilter = (scope: StatsScope, alias = "") => (scope.deckId ? Prisma.sql`AND ${Prisma.raw(`${alias}"deckId"`)} = ${scope.deckId}` : Prisma.empty);

/** Sums per study day and deck over the learner's answers with seq in (afterSeq, throughSeq]. */
async function answerSums(db: Db, userId: string, afterSeq: number, throughSeq: number) {
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT "reviewDay" AS "day", "deckId", COUNT(*) AS "answers", SUM("durationMs") AS "ms", ${SUMS}
    FROM "ReviewLog"
    WHERE "userId" = ${userId} AND "seq" > ${afterSeq} AND "seq" <= ${throughSeq} AND "kind" = 'ANSWER'
    GROUP BY "reviewDay", "deckId"`;
  return rows.map((r) => ({
    day: n(r.day),
    deckId: String(r.deckId),
    answers: n(r.answers),
    durationMs: n(r.ms),
    reviews: INTERVAL_BUCKETS.map((_, i) => n(r[`r${i}`])),
    passed: INTERVAL_BUCKETS.map((_, i) => n(r[`p${i}`])),
    durations: DURATION_BUCKETS.map((_, j) => n(r[`d${j}`])),
  }));
}

/** A day's answers, reviews and passes that no undo took back (StatsDay's kept* columns). */
interface Kept {
  keptAnswers: number;
  keptReviews: number;
  keptRecalled: number;
}
const total = (a: number[]) => a.reduce((x, y) => x + y, 0);
const keptOf = (t: Pick<DayTotals, "answers" | "reviews" | "passed">): Kept => ({ keptAnswers: t.answers, keptReviews: total(t.reviews), keptRecalled: total(t.passed) });

/**
 * Per study day and deck of the answers they took back: the undo entries with seq in (afterSeq, throughSeq]
 * (one range of the (userId, seq) index, and each one's answer by its id), as negative kept* sums.
 */
async function undoneSums(db: Db, userId: string, afterSeq: number, throughSeq: number): Promise<(Kept & { day: number; deckId: string })[]> {
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT a."reviewDay" AS "day", a."deckId" AS "deckId", COUNT(*) AS "answers",
      SUM(CASE WHEN a."repetitionsBefore" > 0 AND a."extraReviewBefore" = false THEN 1 ELSE 0 END) AS "reviews",
      SUM(CASE WHEN a."repetitionsBefore" > 0 AND a."extraReviewBefore" = false AND a."grade" >= ${PASSING_GRADE} THEN 1 ELSE 0 END) AS "recalled"
    FROM "ReviewLog" u JOIN "ReviewLog" a ON a."id" = u."undoesId"
    WHERE u."userId" = ${userId} AND u."seq" > ${afterSeq} AND u."seq" <= ${throughSeq} AND u."kind" = 'UNDO'
    GROUP BY a."reviewDay", a."deckId"`;
  return rows.map((r) => ({ day: n(r.day), deckId: String(r.deckId), keptAnswers: -n(r.answers), keptReviews: -n(r.reviews), keptRecalled: -n(r.recalled) }));
}

/**
 * Brings the learner's StatsDay rows up to their latest log entry: sums the entries since
 * StatsCursor.throughSeq (one range of the (userId, seq) index; a day's answers, usually) and adds
 * them in. The first time, or after ROLLUP_VERSION changes, it sums the whole log once. Two page
 * views at once: the cursor moves from the seq it was read at or not at all, so the second one
 * adds nothing (its transaction is dropped) and reads what the first wrote.
 */
export async function refreshRollup(db: Db, userId: string): Promise<void> {
  const [cursor, last] = await Promise.all([
    db.statsCursor.findUnique({ where: { userId } }),
    db.reviewLog.findFirst({ where: { userId }, orderBy: { seq: "desc" }, select: { seq: true } }),
  ]);
  const rebuild = !cursor || cursor.version !== ROLLUP_VERSION;
  const after = rebuild ? 0 : cursor.throughSeq;
  const through = last?.seq ?? 0;
  if (!rebuild && through <= after) return;
  const [sums, undone] = await Promise.all([answerSums(db, userId, after, through), undoneSums(db, userId, after, through)]);
  // What each (day, deck) row gains; an undone answer's row exists already or is in `sums` (its answer came first).
  const key = (r: { day: number; deckId: string }) => `${r.day}\u0000${r.deckId}`;
  const gains = new Map(sums.map((r) => [key(r), { ...r, ...keptOf(r) }]));
  const taken = new Map(undone.map((u) => [key(u), u]));
  const Stale = class extends Error {};
  try {
    await db.$transaction(async (tx) => {
      if (!cursor) {
        await tx.$executeRaw`INSERT INTO "StatsCursor" ("userId", "throughSeq", "version") VALUES (${userId}, 0, 0) ON CONFLICT DO NOTHING`;
      }
      const moved = await tx.statsCursor.updateMany({
        where: { userId, throughSeq: cursor?.throughSeq ?? 0, version: cursor?.version ?? 0 },
        data: { throughSeq: through, version: ROLLUP_VERSION },
      });
      if (moved.count !== 1) throw new Stale(); // another view got there first
      if (rebuild) {
        await tx.statsDay.deleteMany({ where: { userId } });
        const data = [...gains.values()].map(({ reviews, passed, durations, ...r }) => {
          const u = taken.get(key(r));
          const kept = u ? { keptAnswers: r.keptAnswers + u.keptAnswers, keptReviews: r.keptReviews + u.keptReviews, keptRecalled: r.keptRecalled + u.keptRecalled } : {};
          return { userId, ...r, ...kept, counts: encodeCounts({ reviews, passed, durations }) };
        });
        // In slices: PostgreSQL takes at most 65,535 parameters a statement.
        for (let i = 0; i < data.length; i += 5000) await tx.statsDay.createMany({ data: data.slice(i, i + 5000) });
        return;
      }
      const keys = [...new Set([...gains.keys(), ...taken.keys()])];
      if (keys.length === 0) return;
      const at = (k: string) => (gains.get(k) ?? taken.get(k))!;
      const existing = await tx.statsDay.findMany({ where: { userId, OR: keys.map((k) => ({ day: at(k).day, deckId: at(k).deckId })) } });
      for (const k of keys) {
        const { day, deckId } = at(k);
        const old = existing.find((e) => e.day === day && e.deckId === deckId);
        const gain = gains.get(k);
        const u = taken.get(k);
        if (!old && !gain) continue; // an undo of an answer outside the rows (cannot happen: the answer came first)
        const sum = gain ? (old ? addTotals({ day, answers: old.answers, durationMs: old.durationMs, ...decodeCounts(old.counts) }, gain) : gain) : null;
        const kept = {
          keptAnswers: (old?.keptAnswers ?? 0) + (gain?.keptAnswers ?? 0) + (u?.keptAnswers ?? 0),
          keptReviews: (old?.keptReviews ?? 0) + (gain?.keptReviews ?? 0) + (u?.keptReviews ?? 0),
          keptRecalled: (old?.keptRecalled ?? 0) + (gain?.keptRecalled ?? 0) + (u?.keptRecalled ?? 0),
        };
        const data = sum ? { answers: sum.answers, durationMs: sum.durationMs, counts: encodeCounts(sum), ...kept } : kept;
        if (old) await tx.statsDay.update({ where: { userId_day_deckId: { userId, day, deckId } }, data });
        else if (sum) await tx.statsDay.create({ data: { userId, day, deckId, answers: sum.answers, durationMs: sum.durationMs, counts: encodeCounts(sum), ...kept } });
      }
    }, { timeout: 60_000, maxWait: 20_000 }); // the first view writes a row per deck and day of the whole history
  } catch (err) {
    if (!(err instanceof Stale)) throw err;
  }
}

/** Per-day sums over every answer in [from, to] (undone ones included), from the learner's StatsDay rows. */
export async function dayTotals(db: Db, scope: StatsScope, from: number, to: number): Promise<DayTotals[]> {
  await refreshRollup(db, scope.userId);
  const rows = await db.statsDay.findMany({
    where: { userId: scope.userId, day: { gte: from, lte: to }, ...(scope.deckId ? { deckId: scope.deckId } : {}) },
    select: { day: true, answers: true, durationMs: true, counts: true },
  });
  return sumPerDay(rows);
}

/** The answers in [from, to] that an undo took back (an undo comes after its answer, so it is in the range too). */
export async function undoneAnswers(db: Db, scope: StatsScope, from: number, to: number): Promise<AnswerRow[]> {
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT a."reviewDay", a."grade", a."repetitionsBefore", a."extraReviewBefore", a."intervalBefore", a."durationMs"
    FROM "ReviewLog" u JOIN "ReviewLog" a ON a."id" = u."undoesId"
    WHERE u."userId" = ${scope.userId} AND u."kind" = 'UNDO' AND u."reviewDay" >= ${from}
      AND a."reviewDay" >= ${from} AND a."reviewDay" <= ${to} ${deckFilter(scope, "a.")}`;
  return rows.map((r) => ({
    reviewDay: n(r.reviewDay), grade: n(r.grade), repetitionsBefore: n(r.repetitionsBefore), extraReviewBefore: Boolean(r.extraReviewBefore),
    intervalBefore: n(r.intervalBefore), durationMs: n(r.durationMs),
  }));
}

/**
 * How many consecutive days before `day` (counting down from day − 1) have an answer that
 * was not undone: one index probe per day, so a long streak costs only its length.
 */
export async function studiedDaysBefore(db: Db, scope: StatsScope, day: number): Promise<number> {
  const studied = (d: Prisma.Sql) => Prisma.sql`EXISTS (
    SELECT 1 FROM "ReviewLog" a
    WHERE a."userId" = ${scope.userId} AND a."kind" = 'ANSWER' AND a."reviewDay" = ${d} ${deckFilter(scope, "a.")}
      AND NOT EXISTS (SELECT 1 FROM "ReviewLog" u WHERE u."undoesId" = a."id"))`;
  const rows = await db.$queryRaw<{ n: unknown }[]>`
    WITH RECURSIVE "streak"("day") AS (
      SELECT CAST(${day - 1} AS INTEGER) WHERE ${studied(Prisma.sql`CAST(${day - 1} AS INTEGER)`)}
      UNION ALL
      SELECT "day" - 1 FROM "streak" WHERE ${studied(Prisma.sql`"streak"."day" - 1`)}
    )
    SELECT COUNT(*) AS "n" FROM "streak"`;
  return n(rows[0]?.n);
}

/** Reviewed cards due per day up to the forecast's end (overdue included), not suspended, in live decks and cards. */
export async function dueRows(db: Db, scope: StatsScope, today: number): Promise<{ dueDay: number; cards: number }[]> {
  const rows = await db.$queryRaw<{ dueDay: unknown; cards: unknown }[]>`
    SELECT s."dueDay" AS "dueDay", COUNT(*) AS "cards"
    FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId" JOIN "Deck" d ON d."id" = s."deckId"
    WHERE s."userId" = ${scope.userId} ${deckFilter(scope, "s.")} AND s."dueDay" < ${today + FORECAST_DAYS}
      AND s."lastReviewedAt" IS NOT NULL AND s."suspended" = false AND c."archivedAt" IS NULL AND d."archivedAt" IS NULL
    GROUP BY s."dueDay"`;
  return rows.map((r) => ({ dueDay: n(r.dueDay), cards: n(r.cards) }));
}

/** `knownToday`: the study day when the caller has already read it (as sessionView takes it). */
export async function statsFor(db: Db, learner: Learner, scope: StatsScope, now: Date, knownToday?: number) {
  const today = knownToday ?? (await studyDay(db, learner, now));
  const start = heatmapStart(today);
  const [all, undone, due] = await Promise.all([dayTotals(db, scope, start, today), undoneAnswers(db, scope, start, today), dueRows(db, scope, today)]);
  const days = lessUndone(all, undone);
  const studied = days.map((d) => d.day);
  let streak = currentStreak(studied, today);
  // The streak reaches back past the heatmap: count on, day by day, from the index.
  const streakStart = (studied.includes(today) ? today : today - 1) - streak + 1;
  if (streak > 0 && streakStart === start) streak += await studiedDaysBefore(db, scope, start);
  return {
    today,
    heatmap: heatmap(days, today),
    streak: { current: streak, longestInYear: longestStreak(studied) },
    retention: retention(days),
    answerTimes: answerTimes(days),
    forecast: forecast(due, today),
  };
}

export type StatsView = Awaited<ReturnType<typeof statsFor>>;

/**
 * What is left today over some decks, counted as their review pages count it (new cards within the deck's daily
 * limit included, reviews capped by it). Decks the learner may not review (no longer, or a draft of someone
 * else's) count nothing.
 */
export async function dueToday(db: Db, learner: Learner & Viewer, deckIds: string[], today: number): Promise<Remaining> {
  const sum: Remaining = { new: 0, review: 0, repeat: 0, total: 0 };
  const per = await Promise.all(
    deckIds.map(async (id) => {
      try {
        return await remainingToday(db, learner, await deckForReview(db, learner, id), today);
      } catch (err) {
        if (err instanceof DomainError && (err.status === 403 || err.status === 404)) return null;
        throw err;
      }
    }),
  );
  for (const r of per) if (r) for (const k of ["new", "review", "repeat", "total"] as const) sum[k] += r[k];
  return sum;
}

/** One deck's statistics, if the viewer may review the deck (404 otherwise, like the other guards' unknown ids). */
export async function deckStats(db: Db, learner: Learner & Viewer, deckId: string, now: Date) {
  const deck = await reviewableDeck(db, learner, deckId);
  const today = await studyDay(db, learner, now);
  const [stats, due, lapsed] = await Promise.all([
    statsFor(db, learner, { userId: learner.id, deckId: deck.id }, now, today),
    remainingToday(db, learner, deck, today),
    db.cardState.findMany({
      where: { userId: learner.id, deckId: deck.id, lapses: { gt: 0 }, card: { archivedAt: null } },
      orderBy: [{ lapses: "desc" }, { cardId: "asc" }],
      take: 10,
      select: { cardId: true, lapses: true, easiness: true, interval: true, card: { select: { position: true, front: true } } },
    }),
  ]);
  return { deck: { id: deck.id, title: deck.title }, stats, due, lapsed };
}

async function reviewableDeck(db: Db, viewer: Viewer, deckId: string) {
  try {
    return await deckForReview(db, viewer, deckId);
  } catch (err) {
    // Not enrolled in a deck one may see (403 elsewhere) is also "no statistics here".
    if (err instanceof DomainError && err.status === 403) throw new DomainError(404, err.message);
    throw err;
  }
}

/** A card's answers by this learner, in order, if they may review its deck and the card is in `deckId`. */
export async function cardHistoryFor(db: Db, viewer: Viewer, deckId: string, cardId: string) {
  let found;
  try {
    found = await cardForReview(db, viewer, cardId);
  } catch (err) {
    if (err instanceof DomainError && err.status === 403) throw new DomainError(404, CARD_NOT_FOUND);
    throw err;
  }
  if (found.card.deckId !== deckId) throw new DomainError(404, CARD_NOT_FOUND);
  const [card, entries] = await Promise.all([
    db.card.findUniqueOrThrow({ where: { id: cardId }, select: { id: true, position: true, frontHtml: true } }),
    db.reviewLog.findMany({
      where: { userId: viewer.id, cardId },
      orderBy: { seq: "asc" },
      select: { id: true, seq: true, kind: true, undoesId: true, grade: true, easinessAfter: true, intervalAfter: true, reviewDay: true, answeredAt: true, durationMs: true },
    }),
  ]);
  return { deck: { id: found.deck.id, title: found.deck.title }, card, history: cardHistory(entries as LogEntry[]) };
}
