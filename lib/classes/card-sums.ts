// The class dashboard's per-card sums. A class's are kept per study day and card (ClassCardDay) so that a
// year's card table sums a few tens of thousands of rows instead of reading every answer of the
// class from the log. Brought up to date when the dashboard is viewed, from each member's log
// entries since their ClassCardCursor (an undo takes its answer back out); a member who leaves is
// subtracted. One learner's card table (their "what your instructors see" page) is summed from their log.
import { isPostgres, type Db } from "../db/client.ts";
import { Prisma } from "../db/generated/sqlite/client.ts";
import { rawRows } from "../db/raw.ts";
import { PASSING_GRADE } from "../stats/definitions.ts";
import type { CardAggregate, DayRange } from "./metrics.ts";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * One writer of a class's sums at a time (PostgreSQL; SQLite has one writer anyway): two views, or a
 * view and a leave, would otherwise lock the same member and sum rows in different orders and deadlock.
 */
async function lockClass(db: Db, tx: Tx, classId: string): Promise<void> {
  if (isPostgres(db)) await tx.$queryRaw`SELECT 1 AS "locked" FROM (SELECT pg_advisory_xact_lock(hashtext(${"class-cards:" + classId}))) AS l`;
}

const n = (v: unknown) => Number(v ?? 0);
const REVIEW = Prisma.sql`r."repetitionsBefore" > 0 AND r."extraReviewBefore" = false`;

/** What a card's row sums over the log rows `r` (metrics.ts's definitions), negated with sign −1. */
function sumsOf(sign: 1 | -1): Prisma.Sql {
  const s = Prisma.raw(sign < 0 ? "-" : "");
  return Prisma.sql`${s}COUNT(*) AS "answers", ${s}SUM(r."grade") AS "gradeSum",
    ${s}SUM(CASE WHEN ${REVIEW} THEN 1 ELSE 0 END) AS "reviews",
    ${s}SUM(CASE WHEN ${REVIEW} AND r."grade" < ${Prisma.raw(String(PASSING_GRADE))} THEN 1 ELSE 0 END) AS "lapses"`;
}

/**
 * Adds (sign 1) or subtracts (sign −1) the sums of the answers `r` that `where` selects, grouped by
 * study day and card, into the class's ClassCardDay rows. `from` names the tables `where` uses.
 */
function addSums(classId: string, sign: 1 | -1, from: Prisma.Sql, where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "ClassCardDay" ("classId", "day", "cardId", "answers", "gradeSum", "reviews", "lapses")
    SELECT ${classId}, r."reviewDay", r."cardId", ${sumsOf(sign)}
    FROM ${from}
    WHERE ${where} AND r."kind" = 'ANSWER'
      AND r."deckId" IN (SELECT cd."deckId" FROM "ClassDeck" cd WHERE cd."classId" = ${classId})
    GROUP BY r."reviewDay", r."cardId"
    ON CONFLICT ("classId", "day", "cardId") DO UPDATE SET
      "answers" = "ClassCardDay"."answers" + excluded."answers",
      "gradeSum" = "ClassCardDay"."gradeSum" + excluded."gradeSum",
      "reviews" = "ClassCardDay"."reviews" + excluded."reviews",
      "lapses" = "ClassCardDay"."lapses" + excluded."lapses"`;
}

/**
 * Brings the class's per-card sums up to every member's latest log entry, in one transaction: the
 * members' cursors (a new member's starts at 0) move first (fromSeq keeps where each was), the answers
 * between are added and those their undos took back subtracted, and the cursors are closed. Two views
 * at once: the second waits for the first (lockClass) and finds nothing left to move, so no answer is
 * added twice.
 */
export async function refreshClassCards(db: Db, classId: string): Promise<void> {
  const last = Prisma.sql`(SELECT MAX(l."seq") FROM "ReviewLog" l WHERE l."userId" = "ClassCardCursor"."userId")`;
  await db.$transaction(async (tx) => {
    await lockClass(db, tx, classId);
    await tx.$executeRaw`
      INSERT INTO "ClassCardCursor" ("classId", "userId", "throughSeq", "fromSeq", "joinedDay")
      SELECT "classId", "userId", 0, 0, "joinedDay" FROM "ClassMember" WHERE "classId" = ${classId}
      ON CONFLICT DO NOTHING`;
    const moved = await tx.$executeRaw`
      UPDATE "ClassCardCursor" SET "fromSeq" = "throughSeq", "throughSeq" = ${last}
      WHERE "classId" = ${classId} AND ${last} > "throughSeq"`;
    if (moved === 0) return;
    // The new answers in, then the answers the new undos took back out. CROSS JOIN keeps SQLite on each
    // member's (userId, seq) range of the log.
    const moving = Prisma.sql`k."classId" = ${classId} AND k."throughSeq" > k."fromSeq"`;
    await tx.$executeRaw(addSums(classId, 1, Prisma.sql`"ClassCardCursor" k CROSS JOIN "ReviewLog" r`, Prisma.sql`
      ${moving} AND r."userId" = k."userId" AND r."seq" > k."fromSeq" AND r."seq" <= k."throughSeq" AND r."reviewDay" >= k."joinedDay"`));
    await tx.$executeRaw(addSums(classId, -1, Prisma.sql`"ClassCardCursor" k CROSS JOIN "ReviewLog" u JOIN "ReviewLog" r ON r."id" = u."undoesId"`, Prisma.sql`
      ${moving} AND u."userId" = k."userId" AND u."seq" > k."fromSeq" AND u."seq" <= k."throughSeq" AND u."kind" = 'UNDO' AND r."reviewDay" >= k."joinedDay"`));
    await tx.$executeRaw`UPDATE "ClassCardCursor" SET "fromSeq" = "throughSeq" WHERE "classId" = ${classId} AND "fromSeq" <> "throughSeq"`;
  }, { timeout: 60_000, maxWait: 20_000 }); // the first view sums the class's whole history
}

/**
 * Ends a membership and takes the learner's answers back out of the class's per-card sums, in one
 * transaction: a refresh running meanwhile either finished first (its entries are subtracted with the
 * rest) or finds no member to move.
 */
export async function removeMember(db: Db, classId: string, userId: string): Promise<void> {
  await db.$transaction(async (tx: Tx) => {
    await lockClass(db, tx, classId);
    const cursor = await tx.$queryRaw<{ through: unknown }[]>`
      DELETE FROM "ClassCardCursor" WHERE "classId" = ${classId} AND "userId" = ${userId} RETURNING "throughSeq" AS "through"`;
    const member = await tx.$queryRaw<{ joinedDay: unknown }[]>`
      DELETE FROM "ClassMember" WHERE "classId" = ${classId} AND "userId" = ${userId} RETURNING "joinedDay" AS "joinedDay"`;
    const through = n(cursor[0]?.through);
    if (member.length === 0 || through === 0) return;
    const joinedDay = n(member[0].joinedDay);
    await tx.$executeRaw(addSums(classId, -1, Prisma.sql`"ReviewLog" r`, Prisma.sql`
      r."userId" = ${userId} AND r."seq" <= ${through} AND r."reviewDay" >= ${joinedDay}`));
    await tx.$executeRaw(addSums(classId, 1, Prisma.sql`"ReviewLog" u JOIN "ReviewLog" r ON r."id" = u."undoesId"`, Prisma.sql`
      u."userId" = ${userId} AND u."seq" <= ${through} AND u."kind" = 'UNDO' AND r."reviewDay" >= ${joinedDay}`));
  });
}

type SumRow = { cardId: string; answers: unknown; gradeSum: unknown; reviews: unknown; lapses: unknown };
const aggregate = (r: SumRow): CardAggregate => ({ cardId: r.cardId, answers: n(r.answers), gradeSum: n(r.gradeSum), reviews: n(r.reviews), lapses: n(r.lapses) });
/** Planned for their values each time on PostgreSQL (lib/db/raw.ts): a generic plan may not suit a 500-learner class and a 10-learner one alike. */
export const ANALYTIC = { prepared: false };

/** The class's per-card sums over the range, from its rollup. */
export async function classCardSums(db: Db, classId: string, range: DayRange): Promise<CardAggregate[]> {
  const rows = await rawRows<SumRow>(db, Prisma.sql`
    SELECT "cardId" AS "cardId", SUM("answers") AS "answers", SUM("gradeSum") AS "gradeSum", SUM("reviews") AS "reviews", SUM("lapses") AS "lapses"
    FROM "ClassCardDay" WHERE "classId" = ${classId} AND "day" >= ${range.from} AND "day" <= ${range.to}
    GROUP BY "cardId"`, ANALYTIC);
  return rows.map(aggregate);
}

/** One member's per-card sums over the range, from their log (their answers since joining, in the class's decks, not undone). */
export async function learnerCardSums(db: Db, classId: string, userId: string, range: DayRange): Promise<CardAggregate[]> {
  const rows = await rawRows<SumRow>(db, Prisma.sql`
    SELECT r."cardId" AS "cardId", ${sumsOf(1)}
    FROM "ClassMember" m
    JOIN "ClassDeck" cd ON cd."classId" = m."classId"
    JOIN "ReviewLog" r ON r."userId" = m."userId" AND r."kind" = 'ANSWER' AND r."reviewDay" >= m."joinedDay" AND r."deckId" = cd."deckId"
    WHERE m."classId" = ${classId} AND m."userId" = ${userId} AND r."reviewDay" >= ${range.from} AND r."reviewDay" <= ${range.to}
      AND NOT EXISTS (SELECT 1 FROM "ReviewLog" u WHERE u."undoesId" = r."id")
    GROUP BY r."cardId"`, ANALYTIC);
  return rows.map(aggregate);
}
