// The benchmark's PostgreSQL baseline: bare-server.ts's work (POST /api/reviews, GET
// /api/decks/:id/session) on a `pg` pool of the app's default size (DATABASE_POOL_SIZE, 10),
// in hand-written SQL over the same schema. The grade is one READ COMMITTED transaction:
// the idempotency check, the version-checked update, the log row numbered max(seq) + 1 (a
// writer that loses the race for that number runs again, as the app does, lib/reviews/log.ts).
//
//   DATABASE_URL=postgresql://… BENCH_TOKEN=… BENCH_USER_ID=… PORT=0 node --import tsx scripts/bench/bare-server-pg.ts
// prints "listening <port>" when ready.
import http from "node:http";
import pg from "pg";
import { countDoneToday, type TodayLogEntry } from "../../lib/reviews/queue.ts";
import { applyAnswer, NEW_FIELDS, type SrsFields } from "../../lib/reviews/transitions.ts";
import { currentStudyDay } from "../../lib/srs/day.ts";
import { previewGrades } from "../../lib/srs/preview.ts";
import { HttpError, ID, parseGrade, send, sendError, serve, SESSION_PATH, type GradeInput } from "./bare-common.ts";

const url = process.env.DATABASE_URL;
const token = process.env.BENCH_TOKEN;
const tokenUserId = process.env.BENCH_USER_ID;
if (!url || !token || !tokenUserId) throw new Error("DATABASE_URL, BENCH_TOKEN and BENCH_USER_ID are required");

// TIMESTAMP(3) without time zone holds UTC (as Prisma writes it): read it as UTC whatever TZ is.
pg.types.setTypeParser(1114, (s: string) => new Date(`${s.replace(" ", "T")}Z`));
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
type Q = pg.Pool | pg.PoolClient;

interface UserRow { id: string; role: string; timeZone: string; dayRolloverHour: number }
interface DeckRow { id: string; ownerId: string; published: boolean; newCardsPerDay: number; reviewsPerDay: number; enrolled: boolean }
interface StateRow {
  userId: string; cardId: string; deckId: string; repetitions: number; easiness: number; interval: number; dueDay: number;
  extraReview: boolean; lapses: number; buriedUntilDay: number | null; suspended: boolean; lastReviewedAt: Date | null;
  lastReviewDay: number | null; version: number;
}
interface LogRow { id: string; userId: string; cardId: string; deckId: string; kind: string; grade: number | null;
  repetitionsAfter: number; easinessAfter: number; intervalAfter: number; dueDayAfter: number; extraReviewAfter: boolean }

const AVAILABLE = `"suspended" = false AND ("buriedUntilDay" IS NULL OR "buriedUntilDay" <= $3)`;
const REPEAT_TODAY = `"lastReviewDay" = $3 AND ("extraReview" = true OR "interval" = 0)`;
const DUE = `"userId" = $1 AND "deckId" = $2 AND "dueDay" <= $3 AND "lastReviewedAt" IS NOT NULL AND ${AVAILABLE}
  AND NOT ("cardId" = ANY(ARRAY(SELECT "id" FROM "Card" WHERE "deckId" = $2 AND "archivedAt" IS NOT NULL)))`;

const HEAD_AND_LOG = `"head" AS (
      INSERT INTO "ReviewLogHead" ("userId", "lastSeq")
      SELECT $1, COALESCE((SELECT MAX("seq") FROM "ReviewLog" WHERE "userId" = $1), 0) + 1 FROM "state"
      ON CONFLICT ("userId") DO UPDATE SET "lastSeq" = GREATEST("ReviewLogHead"."lastSeq" + 1, EXCLUDED."lastSeq")
      RETURNING "lastSeq")
    INSERT INTO "ReviewLog" ("id", "userId", "seq", "cardId", "deckId", "kind", "grade", "repetitionsBefore", "easinessBefore", "intervalBefore",
      "dueDayBefore", "extraReviewBefore", "repetitionsAfter", "easinessAfter", "intervalAfter", "dueDayAfter", "extraReviewAfter",
      "answeredAt", "reviewDay", "durationMs", "createdAt")
    SELECT $13, $1, "head"."lastSeq", $2, $14, 'ANSWER', $15::int, $16::int, $17::float8, $18::int, $19::int, $20::boolean,
      $4::int, $5::float8, $6::int, $8::int, $7::boolean, $10::timestamp(3), $11::int, $21::int, $12::timestamp(3) FROM "head"`;

// Named statements: each pooled connection prepares them once.
const sql = {
  user: { name: "user", text: `SELECT "id", "email", "name", "role", "timeZone", "dayRolloverHour", "sessionVersion" FROM "User" WHERE "id" = $1` },
  logById: { name: "logById", text: `SELECT * FROM "ReviewLog" WHERE "id" = $1` },
  cardDeck: {
    name: "cardDeck",
    text: `SELECT c."deckId", d."id", d."ownerId", d."published", d."newCardsPerDay", d."reviewsPerDay",
             EXISTS (SELECT 1 FROM "Enrolment" e WHERE e."userId" = $1 AND e."deckId" = d."id") AS "enrolled"
           FROM "Card" c JOIN "Deck" d ON d."id" = c."deckId" WHERE c."id" = $2`,
  },
  deck: {
    name: "deck",
    text: `SELECT d."id", d."ownerId", d."published", d."newCardsPerDay", d."reviewsPerDay",
             EXISTS (SELECT 1 FROM "Enrolment" e WHERE e."userId" = $1 AND e."deckId" = d."id") AS "enrolled"
           FROM "Deck" d WHERE d."id" = $2`,
  },
  lastReviewDay: { name: "lastReviewDay", text: `SELECT MAX("reviewDay") AS "day" FROM "ReviewLog" WHERE "userId" = $1` },
  state: { name: "state", text: `SELECT * FROM "CardState" WHERE "userId" = $1 AND "cardId" = $2` },
  // The app's one-statement grade (lib/reviews/postgres.ts): the state write, the learner's next
  // sequence number from ReviewLogHead, and the log row. $1 user, $2 card, $3 version read,
  // $4-$11 the new state, $12 now, $13 review id, $14 deck, $15 grade, $16-$20 the state before, $21 duration.
  gradeUpdate: {
    name: "gradeUpdate",
    text: `WITH "state" AS (
      UPDATE "CardState" SET "repetitions" = $4, "easiness" = $5, "interval" = $6, "extraReview" = $7, "dueDay" = $8, "lapses" = $9,
        "lastReviewedAt" = $10, "lastReviewDay" = $11, "version" = $3 + 1, "buriedUntilDay" = NULL, "updatedAt" = $12
      WHERE "userId" = $1 AND "cardId" = $2 AND "version" = $3 RETURNING 1),
    ${HEAD_AND_LOG}`,
  },
  gradeInsert: {
    name: "gradeInsert",
    text: `WITH "state" AS (
      INSERT INTO "CardState" ("userId", "cardId", "deckId", "repetitions", "easiness", "interval", "extraReview", "dueDay", "lapses",
        "lastReviewedAt", "lastReviewDay", "version", "updatedAt", "suspended")
      SELECT $1, $2, $14, $4::int, $5::float8, $6::int, $7::boolean, $8::int, $9::int, $10::timestamp(3), $11::int, 1, $12::timestamp(3), false
      WHERE $3::int = 0
      ON CONFLICT ("userId", "cardId") DO NOTHING RETURNING 1),
    ${HEAD_AND_LOG}`,
  },
  // The app's session-view reads on PostgreSQL (lib/reviews/postgres.ts), as named statements:
  // today's log and the queue's parts, counted and read up to the deck's whole daily limits ($4, $5).
  queue: {
    name: "queue",
    text: `SELECT
      (SELECT COUNT(*)::int FROM (SELECT 1 FROM "CardState" WHERE ${DUE} AND NOT (${REPEAT_TODAY}) ORDER BY "dueDay", "cardId" LIMIT $4) d) AS "reviews",
      (SELECT row_to_json(h) FROM (SELECT * FROM "CardState" WHERE ${DUE} AND NOT (${REPEAT_TODAY}) ORDER BY "dueDay", "cardId" LIMIT 1) h) AS "dueHead",
      (SELECT json_agg(r ORDER BY r."lastReviewedAt", r."cardId") FROM (SELECT * FROM "CardState" WHERE ${DUE} AND ${REPEAT_TODAY}) r) AS "repeats",
      (SELECT json_agg(f ORDER BY f."position") FROM (
        SELECT c."id", c."position" FROM "Card" c WHERE c."deckId" = $2 AND c."archivedAt" IS NULL AND NOT EXISTS (
          SELECT 1 FROM "CardState" s WHERE s."userId" = $1 AND s."cardId" = c."id"
            AND (s."lastReviewedAt" IS NOT NULL OR s."suspended" = true OR s."buriedUntilDay" > $3))
        ORDER BY c."position" LIMIT $5) f) AS "fresh",
      (SELECT json_agg(l) FROM (SELECT "id", "cardId", "kind"::text AS "kind", "undoesId", "dueDayBefore"
        FROM "ReviewLog" WHERE "userId" = $1 AND "deckId" = $2 AND "reviewDay" = $3) l) AS "todays"`,
  },
  cardWithState: {
    name: "cardWithState",
    text: `SELECT c."id", c."deckId", c."position", c."frontHtml", c."backHtml", c."experimentId", row_to_json(s) AS "state"
           FROM "Card" c LEFT JOIN "CardState" s ON s."userId" = $1 AND s."cardId" = c."id" WHERE c."id" = $2`,
  },
  dayAndState: {
    name: "dayAndState",
    text: `SELECT (SELECT "reviewDay" FROM "ReviewLog" WHERE "userId" = $1 ORDER BY "reviewDay" DESC LIMIT 1) AS "lastReviewDay", row_to_json(s) AS "state"
           FROM (SELECT 1) AS "one" LEFT JOIN "CardState" s ON s."userId" = $1 AND s."cardId" = $2`,
  },
};

async function one<T>(q: Q, stmt: { name: string; text: string }, values: unknown[]): Promise<T | undefined> {
  return (await q.query({ ...stmt, values })).rows[0] as T | undefined;
}

const fieldsOf = (row: StateRow | undefined): SrsFields =>
  row
    ? {
        repetitions: row.repetitions, easiness: row.easiness, interval: row.interval, extraReview: row.extraReview,
        dueDay: row.dueDay, lapses: row.lapses, lastReviewedAt: row.lastReviewedAt, lastReviewDay: row.lastReviewDay,
      }
    : NEW_FIELDS;

const viewOf = (row: StateRow | undefined) => ({
  repetitions: row?.repetitions ?? 0,
  easiness: row?.easiness ?? 2.5,
  interval: row?.interval ?? 0,
  dueDay: row && row.lastReviewedAt ? row.dueDay : null,
  extraReview: row?.extraReview ?? false,
  lapses: row?.lapses ?? 0,
  suspended: row?.suspended ?? false,
  buriedUntilDay: row?.buriedUntilDay ?? null,
  version: row?.version ?? 0,
});

async function deckFor(q: Q, user: UserRow, deckId: string): Promise<DeckRow> {
  return checkDeck(user, await one<DeckRow>(q, sql.deck, [user.id, deckId]));
}

function checkDeck(user: UserRow, deck: DeckRow | undefined): DeckRow {
  if (!deck || !(deck.enrolled || deck.published || deck.ownerId === user.id || user.role === "ADMIN")) throw new HttpError(404, "That deck does not exist.");
  if (!deck.enrolled && deck.ownerId !== user.id) throw new HttpError(403, "Add this deck to your decks to review it.");
  return deck;
}

const studyDay = async (q: Q, user: UserRow, now: Date) =>
  currentStudyDay(now, user.timeZone, user.dayRolloverHour, (await one<{ day: number | null }>(q, sql.lastReviewDay, [user.id]))!.day);

type StateJson = Omit<StateRow, "lastReviewedAt"> & { lastReviewedAt: string | null };
const stateFromJson = (j: StateJson | null): StateRow | undefined =>
  j ? { ...j, lastReviewedAt: j.lastReviewedAt === null ? null : new Date(`${j.lastReviewedAt}Z`) } : undefined;

/** The app's sessionView on PostgreSQL: two statements (today's log with the queue's parts; the next card). */
async function sessionView(user: UserRow, deck: DeckRow, today: number) {
  const q = (await one<{ todays: TodayLogEntry[] | null; reviews: number; dueHead: StateJson | null; repeats: StateJson[] | null; fresh: { id: string }[] | null }>(
    pool, sql.queue, [user.id, deck.id, today, deck.reviewsPerDay, deck.newCardsPerDay],
  ))!;
  const done = countDoneToday(q.todays ?? []);
  const reviewsLeft = Math.max(0, deck.reviewsPerDay - done.reviewCards);
  const newLeft = Math.max(0, deck.newCardsPerDay - done.newCards);
  const reviews = Math.min(q.reviews, reviewsLeft);
  const fresh = (q.fresh ?? []).slice(0, newLeft);
  const repeats = q.repeats ?? [];
  const reviewKey = (done.reviewCards + 1) / (done.reviewCards + reviews + 1);
  const newKey = (done.newCards + 1) / (done.newCards + fresh.length + 1);
  let head: { cardId: string; kind: "new" | "review" | "repeat" } | null = null;
  if (reviews > 0 && (fresh.length === 0 || reviewKey <= newKey)) head = { cardId: q.dueHead!.cardId, kind: "review" };
  else if (fresh.length > 0) head = { cardId: fresh[0].id, kind: "new" };
  else if (repeats.length > 0) head = { cardId: repeats[0].cardId, kind: "repeat" };
  let next = null;
  if (head) {
    const { state: json, ...card } = (await one<{ id: string; deckId: string; position: number; frontHtml: string; backHtml: string; experimentId: string | null; state: StateJson | null }>(
      pool, sql.cardWithState, [user.id, head.cardId],
    ))!;
    const state = stateFromJson(json);
    next = {
      cardId: card.id, deckId: card.deckId, kind: head.kind, position: card.position, frontHtml: card.frontHtml, backHtml: card.backHtml,
      experimentId: card.experimentId, state: viewOf(state),
      previews: previewGrades(fieldsOf(state)).map((p) => ({ quality: p.quality, label: p.label, dueInDays: p.dueInDays })),
    };
  }
  return { today, remaining: { new: fresh.length, review: reviews, repeat: repeats.length, total: reviews + fresh.length + repeats.length }, next };
}

const isUnique = (err: unknown) => (err as { code?: string }).code === "23505";
const conflict = (r: StateRow | undefined) =>
  new HttpError(409, "This card was answered in another tab or on another device. Its current state is shown.", r ? { state: viewOf(r) } : undefined);

/** As the app: no transaction; one write statement, and the log decides whether a failed one was a retry. */
async function grade(user: UserRow, input: GradeInput, now: Date) {
  const deckRow = await one<DeckRow & { deckId: string }>(pool, sql.cardDeck, [user.id, input.cardId]);
  if (!deckRow) throw new HttpError(404, "That card does not exist.");
  const deck = checkDeck(user, deckRow);
  const start = (await one<{ lastReviewDay: number | null; state: StateJson | null }>(pool, sql.dayAndState, [user.id, input.cardId]))!;
  const today = currentStudyDay(now, user.timeZone, user.dayRolloverHour, start.lastReviewDay);
  let after: SrsFields | undefined;
  for (let attempt = 1; !after; attempt++) {
    const row = attempt === 1 ? stateFromJson(start.state) : await one<StateRow>(pool, sql.state, [user.id, input.cardId]);
    const version = row?.version ?? 0;
    if (version !== input.expectedVersion) throw conflict(row);
    if (row?.suspended) throw new HttpError(409, "This card is suspended. Unsuspend it to review it.");
    const before = fieldsOf(row);
    const next = applyAnswer(before, input.grade, today, now);
    const at = now.toISOString();
    try {
      const written = await pool.query({
        ...(row ? sql.gradeUpdate : sql.gradeInsert),
        values: [
          user.id, input.cardId, version, next.repetitions, next.easiness, next.interval, next.extraReview, next.dueDay, next.lapses, at, today, at,
          input.reviewId, deckRow.deckId, input.grade, before.repetitions, before.easiness, before.interval,
          row && row.lastReviewedAt !== null ? before.dueDay : null, before.extraReview, input.durationMs,
        ],
      });
      if (written.rowCount !== 1) throw conflict(await one<StateRow>(pool, sql.state, [user.id, input.cardId]));
      after = next;
    } catch (err) {
      if (!isUnique(err)) throw err;
      const seen = await one<LogRow>(pool, sql.logById, [input.reviewId]);
      if (seen) {
        if (seen.userId !== user.id || seen.kind !== "ANSWER") throw new HttpError(409, "That review id is already used. Make a new id for each answer.");
        if (seen.cardId !== input.cardId || seen.grade !== input.grade) throw new HttpError(409, "That review id was already used for a different answer.");
        return {
          status: "duplicate",
          review: {
            id: seen.id, cardId: seen.cardId, grade: seen.grade,
            state: { repetitions: seen.repetitionsAfter, easiness: seen.easinessAfter, interval: seen.intervalAfter, dueDay: seen.dueDayAfter, extraReview: seen.extraReviewAfter, lapses: 0 },
          },
          ...(await sessionView(user, deck, today)),
        };
      }
      // Another write of this learner took the sequence number first: run again.
      if (attempt >= 10) throw err;
      await new Promise((res) => setTimeout(res, Math.random() * 5 * attempt));
    }
  }
  return {
    status: "recorded",
    review: {
      id: input.reviewId, cardId: input.cardId, grade: input.grade,
      state: { repetitions: after.repetitions, easiness: after.easiness, interval: after.interval, dueDay: after.dueDay, extraReview: after.extraReview, lapses: after.lapses },
    },
    ...(await sessionView(user, deck, today)),
  };
}

async function handle(req: http.IncomingMessage, body: Buffer): Promise<[number, unknown]> {
  const m = /(?:^|;\s*)bench_session=([^;]*)/.exec(req.headers.cookie ?? "");
  const user = m && m[1] === token ? await one<UserRow>(pool, sql.user, [tokenUserId]) : undefined;
  if (!user) return [401, { error: "You are signed out. Sign in again to continue." }];
  const now = new Date();
  if (req.method === "POST" && req.url === "/api/reviews") {
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      throw new HttpError(400, "The request body must be JSON.");
    }
    return [200, await grade(user, parseGrade(json), now)];
  }
  const s = req.method === "GET" ? SESSION_PATH.exec(req.url ?? "") : null;
  if (s) {
    const deckId = decodeURIComponent(s[1]);
    if (!ID.test(deckId)) throw new HttpError(400, "Malformed id.");
    return [200, await sessionView(user, await deckFor(pool, user, deckId), await studyDay(pool, user, now))];
  }
  return [404, { error: "Not found." }];
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    handle(req, Buffer.concat(chunks)).then(
      ([status, body]) => send(res, status, body),
      (err) => sendError(res, err),
    );
  });
});

serve(server, () => pool.end());
