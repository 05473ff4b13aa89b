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
const DUE = `"userId" = $1 AND "deckId" = $2 AND "dueDay" <= $3 AND "lastReviewedAt" IS NOT NULL AND ${AVAILABLE}`;

// Named statements: each pooled connection prepares them once.
const sql = {
  user: { name: "user", text: `SELECT "id", "role", "timeZone", "dayRolloverHour" FROM "User" WHERE "id" = $1` },
  logById: { name: "logById", text: `SELECT * FROM "ReviewLog" WHERE "id" = $1` },
  cardDeck: { name: "cardDeck", text: `SELECT "id", "deckId" FROM "Card" WHERE "id" = $1` },
  deck: {
    name: "deck",
    text: `SELECT d."id", d."ownerId", d."published", d."newCardsPerDay", d."reviewsPerDay",
             EXISTS (SELECT 1 FROM "Enrolment" e WHERE e."userId" = $1 AND e."deckId" = d."id") AS "enrolled"
           FROM "Deck" d WHERE d."id" = $2`,
  },
  lastReviewDay: { name: "lastReviewDay", text: `SELECT MAX("reviewDay") AS "day" FROM "ReviewLog" WHERE "userId" = $1` },
  state: { name: "state", text: `SELECT * FROM "CardState" WHERE "userId" = $1 AND "cardId" = $2` },
  updateState: {
    name: "updateState",
    text: `UPDATE "CardState" SET "repetitions" = $4, "easiness" = $5, "interval" = $6, "extraReview" = $7, "dueDay" = $8, "lapses" = $9,
             "lastReviewedAt" = $10, "lastReviewDay" = $11, "version" = $3 + 1, "buriedUntilDay" = NULL, "updatedAt" = $12
           WHERE "userId" = $1 AND "cardId" = $2 AND "version" = $3`,
  },
  insertState: {
    name: "insertState",
    text: `INSERT INTO "CardState" ("userId", "cardId", "deckId", "repetitions", "easiness", "interval", "extraReview", "dueDay", "lapses",
             "lastReviewedAt", "lastReviewDay", "version", "updatedAt", "suspended")
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, false)`,
  },
  insertLog: {
    name: "insertLog",
    text: `INSERT INTO "ReviewLog" ("id", "userId", "seq", "cardId", "deckId", "kind", "grade", "repetitionsBefore", "easinessBefore", "intervalBefore",
             "dueDayBefore", "extraReviewBefore", "repetitionsAfter", "easinessAfter", "intervalAfter", "dueDayAfter", "extraReviewAfter",
             "answeredAt", "reviewDay", "durationMs", "createdAt")
           VALUES ($1, $2, (SELECT COALESCE(MAX("seq"), 0) + 1 FROM "ReviewLog" WHERE "userId" = $2), $3, $4, 'ANSWER', $5, $6, $7, $8, $9, $10,
             $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
  },
  todays: {
    name: "todays",
    text: `SELECT "id", "cardId", "kind", "undoesId", "dueDayBefore" FROM "ReviewLog" WHERE "userId" = $1 AND "deckId" = $2 AND "reviewDay" = $3`,
  },
  dueCount: {
    name: "dueCount",
    text: `SELECT COUNT(*)::int AS "n" FROM (SELECT 1 FROM "CardState" WHERE ${DUE} AND NOT (${REPEAT_TODAY}) LIMIT $4) s`,
  },
  dueHead: { name: "dueHead", text: `SELECT * FROM "CardState" WHERE ${DUE} AND NOT (${REPEAT_TODAY}) ORDER BY "dueDay", "cardId" LIMIT 1` },
  repeats: { name: "repeats", text: `SELECT "cardId" FROM "CardState" WHERE ${DUE} AND ${REPEAT_TODAY} ORDER BY "lastReviewedAt", "cardId"` },
  newCards: {
    name: "newCards",
    text: `SELECT c."id" FROM "Card" c WHERE c."deckId" = $2 AND c."archivedAt" IS NULL AND NOT EXISTS (
             SELECT 1 FROM "CardState" s WHERE s."userId" = $1 AND s."cardId" = c."id"
               AND (s."lastReviewedAt" IS NOT NULL OR s."suspended" = true OR s."buriedUntilDay" > $3))
           ORDER BY c."position" LIMIT $4`,
  },
  card: { name: "card", text: `SELECT "id", "deckId", "position", "frontHtml", "backHtml", "experimentId" FROM "Card" WHERE "id" = $1` },
};

async function one<T>(q: Q, stmt: { name: string; text: string }, values: unknown[]): Promise<T | undefined> {
  return (await q.query({ ...stmt, values })).rows[0] as T | undefined;
}
async function all<T>(q: Q, stmt: { name: string; text: string }, values: unknown[]): Promise<T[]> {
  return (await q.query({ ...stmt, values })).rows as T[];
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
  const deck = await one<DeckRow>(q, sql.deck, [user.id, deckId]);
  if (!deck || !(deck.enrolled || deck.published || deck.ownerId === user.id || user.role === "ADMIN")) throw new HttpError(404, "That deck does not exist.");
  if (!deck.enrolled && deck.ownerId !== user.id) throw new HttpError(403, "Add this deck to your decks to review it.");
  return deck;
}

const studyDay = async (q: Q, user: UserRow, now: Date) =>
  currentStudyDay(now, user.timeZone, user.dayRolloverHour, (await one<{ day: number | null }>(q, sql.lastReviewDay, [user.id]))!.day);

/** bare-server.ts's sessionView: counted and headed in SQL; the independent reads go out together. */
async function sessionView(user: UserRow, deck: DeckRow, today: number) {
  const key = [user.id, deck.id, today];
  const done = countDoneToday(await all<TodayLogEntry>(pool, sql.todays, key));
  const reviewsLeft = Math.max(0, deck.reviewsPerDay - done.reviewCards);
  const newLeft = Math.max(0, deck.newCardsPerDay - done.newCards);
  const [reviews, fresh, repeats] = await Promise.all([
    reviewsLeft === 0 ? 0 : one<{ n: number }>(pool, sql.dueCount, [...key, reviewsLeft]).then((r) => r!.n),
    newLeft === 0 ? [] : all<{ id: string }>(pool, sql.newCards, [...key, newLeft]),
    all<{ cardId: string }>(pool, sql.repeats, key),
  ]);
  const reviewKey = (done.reviewCards + 1) / (done.reviewCards + reviews + 1);
  const newKey = (done.newCards + 1) / (done.newCards + fresh.length + 1);
  let head: { cardId: string; kind: "new" | "review" | "repeat"; state: StateRow | undefined } | null = null;
  if (reviews > 0 && (fresh.length === 0 || reviewKey <= newKey)) {
    const row = (await one<StateRow>(pool, sql.dueHead, key))!;
    head = { cardId: row.cardId, kind: "review", state: row };
  } else if (fresh.length > 0) {
    head = { cardId: fresh[0].id, kind: "new", state: await one<StateRow>(pool, sql.state, [user.id, fresh[0].id]) };
  } else if (repeats.length > 0) {
    head = { cardId: repeats[0].cardId, kind: "repeat", state: await one<StateRow>(pool, sql.state, [user.id, repeats[0].cardId]) };
  }
  let next = null;
  if (head) {
    const card = (await one<{ id: string; deckId: string; position: number; frontHtml: string; backHtml: string; experimentId: string | null }>(pool, sql.card, [head.cardId]))!;
    next = {
      cardId: card.id, deckId: card.deckId, kind: head.kind, position: card.position, frontHtml: card.frontHtml, backHtml: card.backHtml,
      experimentId: card.experimentId, state: viewOf(head.state),
      previews: previewGrades(fieldsOf(head.state)).map((p) => ({ quality: p.quality, label: p.label, dueInDays: p.dueInDays })),
    };
  }
  return { today, remaining: { new: fresh.length, review: reviews, repeat: repeats.length, total: reviews + fresh.length + repeats.length }, next };
}

type TxResult = { duplicate: LogRow } | { deck: DeckRow; today: number; after: SrsFields; cardId: string };

async function gradeTx(c: pg.PoolClient, user: UserRow, input: GradeInput, now: Date): Promise<TxResult> {
  const seen = await one<LogRow>(c, sql.logById, [input.reviewId]);
  if (seen) {
    if (seen.userId !== user.id || seen.kind !== "ANSWER") throw new HttpError(409, "That review id is already used. Make a new id for each answer.");
    if (seen.cardId !== input.cardId || seen.grade !== input.grade) throw new HttpError(409, "That review id was already used for a different answer.");
    return { duplicate: seen };
  }
  const card = await one<{ id: string; deckId: string }>(c, sql.cardDeck, [input.cardId]);
  if (!card) throw new HttpError(404, "That card does not exist.");
  const deck = await deckFor(c, user, card.deckId);
  const today = await studyDay(c, user, now);
  const row = await one<StateRow>(c, sql.state, [user.id, card.id]);
  const version = row?.version ?? 0;
  const conflict = (r: StateRow | undefined) => new HttpError(409, "This card was answered in another tab or on another device. Its current state is shown.", r ? { state: viewOf(r) } : undefined);
  if (version !== input.expectedVersion) throw conflict(row);
  if (row?.suspended) throw new HttpError(409, "This card is suspended. Unsuspend it to review it.");
  const before = fieldsOf(row);
  const after = applyAnswer(before, input.grade, today, now);
  const at = now.toISOString();
  const fields = [after.repetitions, after.easiness, after.interval, after.extraReview, after.dueDay, after.lapses, at, today, new Date().toISOString()];
  if (row) {
    if ((await c.query({ ...sql.updateState, values: [user.id, card.id, version, ...fields] })).rowCount !== 1) {
      throw conflict(await one<StateRow>(c, sql.state, [user.id, card.id]));
    }
  } else await c.query({ ...sql.insertState, values: [user.id, card.id, card.deckId, ...fields] });
  await c.query({
    ...sql.insertLog,
    values: [
      input.reviewId, user.id, card.id, card.deckId, input.grade, before.repetitions, before.easiness, before.interval,
      row && row.lastReviewedAt !== null ? before.dueDay : null, before.extraReview, after.repetitions, after.easiness, after.interval,
      after.dueDay, after.extraReview, at, today, input.durationMs, new Date().toISOString(),
    ],
  });
  return { deck, today, after, cardId: card.id };
}

const isUnique = (err: unknown) => (err as { code?: string }).code === "23505";

async function grade(user: UserRow, input: GradeInput, now: Date) {
  let r: TxResult | undefined;
  for (let attempt = 1; !r; attempt++) {
    const c = await pool.connect();
    try {
      await c.query("BEGIN");
      r = await gradeTx(c, user, input, now);
      await c.query("COMMIT");
    } catch (err) {
      await c.query("ROLLBACK");
      // Another answer of this learner took the sequence number first: run again.
      if (!isUnique(err) || attempt >= 10) throw err;
      await new Promise((res) => setTimeout(res, Math.random() * 5 * attempt));
    } finally {
      c.release();
    }
  }
  if ("duplicate" in r) {
    const log = r.duplicate;
    return {
      status: "duplicate",
      review: {
        id: log.id, cardId: log.cardId, grade: log.grade,
        state: { repetitions: log.repetitionsAfter, easiness: log.easinessAfter, interval: log.intervalAfter, dueDay: log.dueDayAfter, extraReview: log.extraReviewAfter, lapses: 0 },
      },
      ...(await sessionView(user, await deckFor(pool, user, log.deckId), await studyDay(pool, user, now))),
    };
  }
  const { after } = r;
  return {
    status: "recorded",
    review: {
      id: input.reviewId, cardId: r.cardId, grade: input.grade,
      state: { repetitions: after.repetitions, easiness: after.easiness, interval: after.interval, dueDay: after.dueDay, extraReview: after.extraReview, lapses: after.lapses },
    },
    ...(await sessionView(user, r.deck, r.today)),
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
