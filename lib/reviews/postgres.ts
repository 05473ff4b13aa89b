// The grade's write on PostgreSQL as one statement instead of an interactive transaction.
// Prisma's transaction costs BEGIN, the lock, the re-read, the sequence probe, two writes and
// COMMIT: seven round trips, each about a millisecond of CPU on the app and the database
// (docs/benchmarks.md, issue #12). One statement is atomic on its own: the version-checked
// update (or the insert of a new card's state), the learner's next sequence number and the
// log row commit together or not at all. A concurrent writer of the same row makes
// the update wait and then re-check the version (READ COMMITTED), so it matches nothing and
// no log row is written; a review id already used (a retry), or a sequence number taken by a
// write that bypassed the head, fails the whole statement with a unique violation, which
// grade.ts handles as it does for the transaction.
import { Prisma } from "../db/generated/sqlite/client.ts";
import type { Db } from "../db/client.ts";
import type { SrsFields } from "./transitions.ts";

export interface AnswerWrite {
  reviewId: string;
  userId: string;
  cardId: string;
  deckId: string;
  grade: number;
  durationMs: number;
  /** The state row's version as read (0 and `exists: false` for a card never written). */
  version: number;
  exists: boolean;
  before: SrsFields;
  /** The log's dueDayBefore: null for a new card. */
  dueDayBefore: number | null;
  next: SrsFields;
  today: number;
  now: Date;
}

// TIMESTAMP(3) without time zone holds UTC: an ISO text cast to it keeps the UTC wall time,
// whatever the session's TimeZone.
const at = (d: Date | null) => (d ? Prisma.sql`${d.toISOString()}::timestamp(3)` : Prisma.sql`NULL::timestamp(3)`);

/** Writes the answer; false when the version check matched no row (someone else wrote first). */
export async function writeAnswerOnPostgres(db: Db, w: AnswerWrite): Promise<boolean> {
  const n = w.next;
  const state = w.exists
    ? Prisma.sql`UPDATE "CardState" SET "repetitions" = ${n.repetitions}::int, "easiness" = ${n.easiness}::float8,
          "interval" = ${n.interval}::int, "dueDay" = ${n.dueDay}::int, "extraReview" = ${n.extraReview}::boolean,
          "lapses" = ${n.lapses}::int, "lastReviewedAt" = ${at(n.lastReviewedAt)}, "lastReviewDay" = ${n.lastReviewDay}::int,
          "version" = ${w.version + 1}::int, "buriedUntilDay" = NULL, "updatedAt" = ${at(w.now)}
        WHERE "userId" = ${w.userId} AND "cardId" = ${w.cardId} AND "version" = ${w.version}::int
        RETURNING 1`
    : Prisma.sql`INSERT INTO "CardState" ("userId", "cardId", "deckId", "repetitions", "easiness", "interval", "dueDay",
          "extraReview", "lapses", "buriedUntilDay", "suspended", "lastReviewedAt", "lastReviewDay", "version", "updatedAt")
        VALUES (${w.userId}, ${w.cardId}, ${w.deckId}, ${n.repetitions}::int, ${n.easiness}::float8, ${n.interval}::int,
          ${n.dueDay}::int, ${n.extraReview}::boolean, ${n.lapses}::int, NULL, false, ${at(n.lastReviewedAt)},
          ${n.lastReviewDay}::int, 1, ${at(w.now)})
        ON CONFLICT ("userId", "cardId") DO NOTHING
        RETURNING 1`;
  const b = w.before;
  // The next sequence number from the learner's ReviewLogHead row (its lock queues their
  // concurrent writes), or MAX(seq) + 1 when that is higher: the head is not told of entries
  // written elsewhere (see the model). Only taken when the state was written.
  const written = await db.$executeRaw`
    WITH "state" AS (${state}),
    "head" AS (
      INSERT INTO "ReviewLogHead" ("userId", "lastSeq")
      SELECT ${w.userId}, COALESCE((SELECT MAX("seq") FROM "ReviewLog" WHERE "userId" = ${w.userId}), 0) + 1 FROM "state"
      ON CONFLICT ("userId") DO UPDATE SET "lastSeq" = GREATEST("ReviewLogHead"."lastSeq" + 1, EXCLUDED."lastSeq")
      RETURNING "lastSeq"
    )
    INSERT INTO "ReviewLog" ("id", "userId", "seq", "cardId", "deckId", "kind", "grade",
      "repetitionsBefore", "easinessBefore", "intervalBefore", "dueDayBefore", "extraReviewBefore",
      "repetitionsAfter", "easinessAfter", "intervalAfter", "dueDayAfter", "extraReviewAfter",
      "answeredAt", "reviewDay", "durationMs", "createdAt")
    SELECT ${w.reviewId}, ${w.userId}, "head"."lastSeq", ${w.cardId}, ${w.deckId}, 'ANSWER', ${w.grade}::int,
      ${b.repetitions}::int, ${b.easiness}::float8, ${b.interval}::int, ${w.dueDayBefore}::int, ${b.extraReview}::boolean,
      ${n.repetitions}::int, ${n.easiness}::float8, ${n.interval}::int, ${n.dueDay}::int, ${n.extraReview}::boolean,
      ${at(w.now)}, ${w.today}::int, ${w.durationMs}::int, ${at(w.now)}
    FROM "head"`;
  return written === 1;
}
