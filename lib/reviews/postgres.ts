// The review hot path in PostgreSQL's SQL, for fewer round trips (issue #12), each sent as a
// prepared statement (lib/db/raw.ts). First, the grade's write as one statement instead of an
// interactive transaction.
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
import { rawExecute, rawRows } from "../db/raw.ts";
import { countDoneToday, leftToday, type DeckLimits, type TodayLogEntry } from "./queue.ts";
import type { StateRow } from "./state.ts";
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
  const written = await rawExecute(db, Prisma.sql`
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
    FROM "head"`);
  return written === 1;
}

// ---------------------------------------------------------------------------------
// The session view's reads (session.ts) in two statements instead of seven: what was done today,
// the due count, the due head, the repeats and the new cards together; then the next card with
// its state. Same conditions as session.ts's Prisma queries.

/** A CardState row as row_to_json writes it: timestamps without a zone (they hold UTC). */
type StateJson = Omit<StateRow, "lastReviewedAt"> & { lastReviewedAt: string | null };
const stateFromJson = (j: StateJson | null): StateRow | null =>
  j && { ...j, lastReviewedAt: j.lastReviewedAt === null ? null : new Date(`${j.lastReviewedAt}Z`) };

export interface QueueReadsInput {
  userId: string;
  deck: { id: string } & DeckLimits;
  today: number;
}

/**
 * Today's log in the deck, the due reviews counted with the first of them, the repeats, and the
 * new cards. What today's log leaves of the daily limits is only known after reading it, so the
 * due reviews are counted and the new cards read up to the whole limits and cut here: the same
 * numbers, in one round trip. Archived cards leave the queue through the deck's list of them (an
 * InitPlan, computed once), which keeps the count and the head on the due index's order; the
 * count reads in that order too: unordered, the planner may scan the table.
 */
export async function queueReadsOnPostgres(db: Db, q: QueueReadsInput) {
  const t = Prisma.sql`${q.today}::int`;
  const due = Prisma.sql`"userId" = ${q.userId} AND "deckId" = ${q.deck.id} AND "dueDay" <= ${t} AND "lastReviewedAt" IS NOT NULL
    AND "suspended" = false AND ("buriedUntilDay" IS NULL OR "buriedUntilDay" <= ${t})
    AND NOT ("cardId" = ANY(ARRAY(SELECT "id" FROM "Card" WHERE "deckId" = ${q.deck.id} AND "archivedAt" IS NOT NULL)))`;
  const repeatToday = Prisma.sql`"lastReviewDay" = ${t} AND ("extraReview" = true OR "interval" = 0)`;
  const [row] = await rawRows<{ todays: TodayLogEntry[] | null; reviews: number; dueHead: StateJson | null; repeats: StateJson[] | null; fresh: { id: string; position: number }[] | null }>(db, Prisma.sql`
    SELECT
      (SELECT COUNT(*)::int FROM (SELECT 1 FROM "CardState" WHERE ${due} AND NOT (${repeatToday})
        ORDER BY "dueDay", "cardId" LIMIT ${q.deck.reviewsPerDay}::int) d) AS "reviews",
      (SELECT row_to_json(h) FROM (SELECT * FROM "CardState" WHERE ${due} AND NOT (${repeatToday}) ORDER BY "dueDay", "cardId" LIMIT 1) h) AS "dueHead",
      (SELECT json_agg(r ORDER BY r."lastReviewedAt", r."cardId") FROM (SELECT * FROM "CardState" WHERE ${due} AND ${repeatToday}) r) AS "repeats",
      (SELECT json_agg(f ORDER BY f."position") FROM (
        SELECT c."id", c."position" FROM "Card" c WHERE c."deckId" = ${q.deck.id} AND c."archivedAt" IS NULL AND NOT EXISTS (
          SELECT 1 FROM "CardState" s WHERE s."userId" = ${q.userId} AND s."cardId" = c."id"
            AND (s."lastReviewedAt" IS NOT NULL OR s."suspended" = true OR s."buriedUntilDay" > ${t}))
        ORDER BY c."position" LIMIT ${q.deck.newCardsPerDay}::int) f) AS "fresh",
      (SELECT json_agg(l) FROM (SELECT "id", "cardId", "kind"::text AS "kind", "undoesId", "dueDayBefore"
        FROM "ReviewLog" WHERE "userId" = ${q.userId} AND "deckId" = ${q.deck.id} AND "reviewDay" = ${t}) l) AS "todays"`);
  const done = countDoneToday(row.todays ?? []);
  const left = leftToday(q.deck, done);
  return {
    done,
    reviews: Math.min(row.reviews, left.reviews),
    dueHead: left.reviews === 0 ? null : stateFromJson(row.dueHead),
    repeats: (row.repeats ?? []).map((j) => stateFromJson(j)!),
    fresh: (row.fresh ?? []).slice(0, left.newCards),
  };
}

/** A card to show, with this learner's state of it (null: none yet). */
export async function cardWithStateOnPostgres(db: Db, userId: string, cardId: string) {
  const [row] = await rawRows<{ id: string; deckId: string; position: number; frontHtml: string; backHtml: string; experimentId: string | null; state: StateJson | null }>(db, Prisma.sql`
    SELECT c."id", c."deckId", c."position", c."frontHtml", c."backHtml", c."experimentId", row_to_json(s) AS "state"
    FROM "Card" c LEFT JOIN "CardState" s ON s."userId" = ${userId} AND s."cardId" = c."id"
    WHERE c."id" = ${cardId}`);
  if (!row) throw new Error(`card ${cardId} vanished while showing it`);
  const { state, ...card } = row;
  return { card, state: stateFromJson(state) };
}

/** Where a grade starts: the learner's last study day (studyDay's probe) and their state of the card. */
export async function dayAndStateOnPostgres(db: Db, userId: string, cardId: string) {
  const [row] = await rawRows<{ lastReviewDay: number | null; state: StateJson | null }>(db, Prisma.sql`
    SELECT (SELECT "reviewDay" FROM "ReviewLog" WHERE "userId" = ${userId} ORDER BY "reviewDay" DESC LIMIT 1) AS "lastReviewDay",
      row_to_json(s) AS "state"
    FROM (SELECT 1) AS "one" LEFT JOIN "CardState" s ON s."userId" = ${userId} AND s."cardId" = ${cardId}`);
  return { lastReviewDay: row.lastReviewDay, state: stateFromJson(row.state) };
}
