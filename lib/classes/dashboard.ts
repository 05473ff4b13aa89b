// The class dashboard's queries (the class page, its JSON route, the CSV export, and a learner's
// "what your instructors see" page). The numbers' definitions are metrics.ts; per-day sums come
// from the statistics rollup (StatsDay, lib/stats), the card table from the class's (card-sums.ts).
import type { Db } from "../db/client.ts";
import { Prisma } from "../db/generated/sqlite/client.ts";
import { rawRows } from "../db/raw.ts";
import { currentStudyDay, localDayNumber } from "../srs/day.ts";
import { currentStreak, ROLLUP_VERSION } from "../stats/compute.ts";
import { refreshRollup } from "../stats/data.ts";
import {
  cardRows, learnerRows, streakFromRuns,
  type CardRow, type DayRange, type LearnerDay, type LearnerRow, type StudyRun,
} from "./metrics.ts";
import { ANALYTIC, classCardSums, learnerCardSums, refreshClassCards } from "./card-sums.ts";

const n = (v: unknown) => Number(v ?? 0);
/** Streaks look this far back (study days). */
export const LOOKBACK_DAYS = 400;
/** The per-day rows read cover the range and, for "today" and "this week", the last days before any learner's today. */
const RECENT_DAYS = 8;

export interface Dashboard {
  range: DayRange;
  learners: LearnerRow[];
  cards: CardRow[];
  days: LearnerDay[];
}

/**
 * The class's numbers over `range` (study days). `onlyUserId` restricts every query to one member
 * (their "what your instructors see" page); the card table then holds their own answers.
 * Per-day sums come from the statistics rollup (StatsDay, lib/stats); for a range shorter than half
 * the streaks' look-back, only for the range and the last week, the streaks being found in SQL
 * (studyRuns). The card table sums the class's per-card rollup (card-sums.ts). Both rollups leave
 * out the answers an undo took back.
 */
export async function classDashboard(db: Db, classId: string, range: DayRange, now: Date, onlyUserId = ""): Promise<Dashboard> {
  const members = await db.classMember.findMany({
    where: { classId, ...(onlyUserId ? { userId: onlyUserId } : {}) },
    select: { joinedDay: true, user: { select: { id: true, name: true, timeZone: true, dayRolloverHour: true } } },
  });
  // Learners' "today" differs by time zone; every zone's today is within -2..+1 of the UTC date.
  const base = localDayNumber(now, "UTC", 0);
  // Streaks: a range that covers half the look-back or more reads nearly all of it as per-day rows
  // anyway, so the rest is read too and streaks counted from those days; otherwise the database
  // finds them (studyRuns) and the per-day rows cover the range and the last week only.
  const longRange = range.from <= base - LOOKBACK_DAYS / 2;
  const from = Math.min(range.from, base - (longRange ? LOOKBACK_DAYS : RECENT_DAYS));
  // Bring stale rollups up to date, one at a time (each may write its learner's rows; the first view sums
  // their whole log once). Which are stale: one query, a cursor and an index probe per learner.
  const cursors = await rawRows<{ userId: string; through: unknown; version: unknown; cards: unknown; last: unknown }>(db, Prisma.sql`
    SELECT m."userId" AS "userId", c."throughSeq" AS "through", c."version" AS "version", k."throughSeq" AS "cards",
      (SELECT MAX(r."seq") FROM "ReviewLog" r WHERE r."userId" = m."userId") AS "last"
    FROM "ClassMember" m LEFT JOIN "StatsCursor" c ON c."userId" = m."userId"
      LEFT JOIN "ClassCardCursor" k ON k."classId" = m."classId" AND k."userId" = m."userId"
    WHERE m."classId" = ${classId} AND (${onlyUserId} = '' OR m."userId" = ${onlyUserId})`, ANALYTIC);
  for (const c of cursors) {
    if (c.through === null || n(c.version) !== ROLLUP_VERSION || n(c.last) > n(c.through)) await refreshRollup(db, c.userId);
  }
  // The class's card table comes from its per-card sums (card-sums.ts); one learner's, from their log.
  if (!onlyUserId && cursors.some((c) => n(c.last) > n(c.cards))) await refreshClassCards(db, classId);
  const [runs, dueRows, dayRows, lastRows, cards, cardAgg, opens] = await Promise.all([
    longRange ? null : studyRuns(db, classId, onlyUserId, base - LOOKBACK_DAYS, base),
    rawRows<{ userId: string; d0: unknown; d1: unknown; d2: unknown; d3: unknown }>(db, Prisma.sql`
      SELECT cs."userId" AS "userId",
        SUM(CASE WHEN cs."dueDay" <= ${base - 2} AND (cs."buriedUntilDay" IS NULL OR cs."buriedUntilDay" <= ${base - 2}) THEN 1 ELSE 0 END) AS "d0",
        SUM(CASE WHEN cs."dueDay" <= ${base - 1} AND (cs."buriedUntilDay" IS NULL OR cs."buriedUntilDay" <= ${base - 1}) THEN 1 ELSE 0 END) AS "d1",
        SUM(CASE WHEN cs."dueDay" <= ${base} AND (cs."buriedUntilDay" IS NULL OR cs."buriedUntilDay" <= ${base}) THEN 1 ELSE 0 END) AS "d2",
        SUM(CASE WHEN (cs."buriedUntilDay" IS NULL OR cs."buriedUntilDay" <= ${base + 1}) THEN 1 ELSE 0 END) AS "d3"
      FROM "ClassMember" m
      JOIN "ClassDeck" cd ON cd."classId" = m."classId"
      JOIN "CardState" cs ON cs."userId" = m."userId" AND cs."deckId" = cd."deckId"
      JOIN "Card" c ON c."id" = cs."cardId" AND c."archivedAt" IS NULL
      WHERE m."classId" = ${classId} AND (${onlyUserId} = '' OR m."userId" = ${onlyUserId})
        AND cs."lastReviewedAt" IS NOT NULL AND cs."suspended" = false AND cs."dueDay" <= ${base + 1}
      GROUP BY cs."userId"`, ANALYTIC),
    // Per-day sums from the statistics rollup (lib/stats StatsDay, brought up to date just above).
    rawRows<{ userId: string; day: unknown; answers: unknown; reviews: unknown; recalled: unknown }>(db, Prisma.sql`
      SELECT s."userId" AS "userId", s."day" AS "day", s."keptAnswers" AS "answers", s."keptReviews" AS "reviews", s."keptRecalled" AS "recalled"
      FROM "ClassMember" m
      JOIN "ClassDeck" cd ON cd."classId" = m."classId"
      JOIN "StatsDay" s ON s."userId" = m."userId" AND s."deckId" = cd."deckId" AND s."day" >= m."joinedDay"
      WHERE m."classId" = ${classId} AND (${onlyUserId} = '' OR m."userId" = ${onlyUserId}) AND s."day" >= ${from}`, ANALYTIC),
    // One index probe per learner and deck (the index on userId, deckId, reviewDay).
    rawRows<{ userId: string; joinedDay: unknown; last: unknown }>(db, Prisma.sql`
      SELECT m."userId" AS "userId", m."joinedDay" AS "joinedDay",
        (SELECT MAX(r."reviewDay") FROM "ReviewLog" r WHERE r."userId" = m."userId" AND r."deckId" = cd."deckId") AS "last"
      FROM "ClassMember" m
      JOIN "ClassDeck" cd ON cd."classId" = m."classId"
      WHERE m."classId" = ${classId} AND (${onlyUserId} = '' OR m."userId" = ${onlyUserId})`, ANALYTIC),
    db.card.findMany({
      where: { archivedAt: null, deck: { archivedAt: null, classes: { some: { classId } } } },
      select: { id: true, position: true, front: true, deck: { select: { title: true } } },
    }),
    onlyUserId ? learnerCardSums(db, classId, onlyUserId, range) : classCardSums(db, classId, range),
    rawRows<{ cardId: string; opens: unknown }>(db, Prisma.sql`
      SELECT w."cardId" AS "cardId", SUM(w."count") AS "opens"
      FROM "ClassMember" m
      JOIN "ClassDeck" cd ON cd."classId" = m."classId"
      JOIN "WhyOpen" w ON w."userId" = m."userId" AND w."deckId" = cd."deckId"
      WHERE m."classId" = ${classId} AND (${onlyUserId} = '' OR m."userId" = ${onlyUserId})
      GROUP BY w."cardId"`, ANALYTIC),
  ]);
  const due = new Map(dueRows.map((r) => [r.userId, [n(r.d0), n(r.d1), n(r.d2), n(r.d3)]]));
  const lastSeen = new Map<string, number>();
  for (const r of lastRows) {
    if (r.last === null || n(r.last) < n(r.joinedDay)) continue;
    lastSeen.set(r.userId, Math.max(lastSeen.get(r.userId) ?? -Infinity, n(r.last)));
  }
  const perDay = new Map<string, LearnerDay>();
  for (const r of dayRows) {
    const key = `${r.userId}\u0000${n(r.day)}`;
    const d = perDay.get(key) ?? perDay.set(key, { userId: r.userId, day: n(r.day), answers: 0, reviews: 0, recalled: 0 }).get(key)!;
    d.answers += n(r.answers);
    d.reviews += n(r.reviews);
    d.recalled += n(r.recalled);
  }
  const days = [...perDay.values()].filter((d) => d.answers > 0);
  const studied = new Map<string, number[]>();
  if (!runs) for (const d of days) (studied.get(d.userId) ?? studied.set(d.userId, []).get(d.userId)!).push(d.day);

  const facts = members.map(({ user }) => {
    const today = currentStudyDay(now, user.timeZone, user.dayRolloverHour);
    const k = Math.max(0, Math.min(3, today - base + 2));
    return {
      userId: user.id, name: user.name, today, due: due.get(user.id)?.[k] ?? 0, lastSeen: lastSeen.get(user.id) ?? null,
      streak: runs ? streakFromRuns(runs.get(user.id) ?? [], today) : currentStreak(studied.get(user.id) ?? [], today),
    };
  });
  facts.sort((a, b) => a.name.localeCompare(b.name) || (a.userId < b.userId ? -1 : 1));

  const cardFacts = cards
    .map((c) => ({ cardId: c.id, deckTitle: c.deck.title, position: c.position, front: plainText(c.front) }))
    .sort((a, b) => a.deckTitle.localeCompare(b.deckTitle) || a.position - b.position);
  return {
    range,
    learners: learnerRows(facts, days, range),
    cards: cardRows(cardFacts, cardAgg.filter((a) => a.answers > 0), new Map(opens.map((o) => [o.cardId, n(o.opens)]))),
    days,
  };
}

/** A card's front as one short line of text (Markdown marks dropped) for tables and CSV. */
function plainText(markdown: string): string {
  const s = markdown.replace(/\{\{c\d+::([^}]*?)(::[^}]*)?\}\}/g, "[…]").replace(/[`*_#>$]/g, "").replace(/\s+/g, " ").trim();
  return s.length > 120 ? `${s.slice(0, 119)}…` : s;
}

/**
 * Each learner's runs of consecutive study days with an answer in the class's decks (since they
 * joined, from `from`), less the answers an undo took back, found in the database (gaps and
 * islands: a day minus its rank is constant along a run). Only the runs that end on or after the
 * earliest "yesterday" of any time zone (`base` − 3) are returned: a streak ends today or yesterday.
 */
async function studyRuns(db: Db, classId: string, onlyUserId: string, from: number, base: number): Promise<Map<string, StudyRun[]>> {
  const rows = await rawRows<{ userId: string; last: unknown; length: unknown }>(db, Prisma.sql`
    WITH "members" AS (
      SELECT "userId", "joinedDay" FROM "ClassMember" WHERE "classId" = ${classId} AND (${onlyUserId} = '' OR "userId" = ${onlyUserId})
    ),
    "decks" AS (SELECT "deckId" FROM "ClassDeck" WHERE "classId" = ${classId}),
    -- Each day's answers that no undo took back (the rollup's kept answers).
    "counted" AS (
      SELECT s."userId" AS "userId", s."day" AS "day", s."keptAnswers" AS "n"
      FROM "members" m JOIN "StatsDay" s ON s."userId" = m."userId" AND s."day" >= m."joinedDay" AND s."day" >= ${from}
      WHERE s."deckId" IN (SELECT "deckId" FROM "decks")
    ),
    "studied" AS (
      SELECT "userId", "day", "day" - ROW_NUMBER() OVER (PARTITION BY "userId" ORDER BY "day") AS "run"
      FROM "counted" GROUP BY "userId", "day" HAVING SUM("n") > 0
    )
    SELECT "userId", MAX("day") AS "last", COUNT(*) AS "length" FROM "studied"
    GROUP BY "userId", "run" HAVING MAX("day") >= ${base - 3}`, ANALYTIC);
  const runs = new Map<string, StudyRun[]>();
  for (const r of rows) (runs.get(r.userId) ?? runs.set(r.userId, []).get(r.userId)!).push({ last: n(r.last), length: n(r.length) });
  return runs;
}

