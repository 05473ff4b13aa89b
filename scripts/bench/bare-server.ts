// The benchmark's baseline: a plain Node `http` server with better-sqlite3 doing the work
// of POST /api/reviews (grade, then the next card) and GET /api/decks/:id/session, in
// hand-written SQL over the same schema and indexes, with prepared statements. It uses
// the app's pure code for the parts that are not database access (SM-2 via applyAnswer,
// the study day, counting today's answers, grade previews), and serves the card HTML stored
// with each card (frontHtml/backHtml, rendered when the card was written, as the app does), so
// the difference to the app is framework + ORM + query shape.
//
// Auth is a fixed token in a cookie (BENCH_TOKEN → BENCH_USER_ID), standing in for
// next-auth's JWT cookie; the user row is still read on every request, as the app does.
//
//   DATABASE_FILE=… BENCH_TOKEN=… BENCH_USER_ID=… PORT=0 node --import tsx scripts/bench/bare-server.ts
// prints "listening <port>" when ready.
import http from "node:http";
import Database from "better-sqlite3";
import { countDoneToday, type TodayLogEntry } from "../../lib/reviews/queue.ts";
import { applyAnswer, NEW_FIELDS, type SrsFields } from "../../lib/reviews/transitions.ts";
import { currentStudyDay } from "../../lib/srs/day.ts";
import { previewGrades } from "../../lib/srs/preview.ts";
import { HttpError, ID, parseGrade, send, sendError, serve, SESSION_PATH, type GradeInput } from "./bare-common.ts";

const file = process.env.DATABASE_FILE;
const token = process.env.BENCH_TOKEN;
const tokenUserId = process.env.BENCH_USER_ID;
if (!file || !token || !tokenUserId) throw new Error("DATABASE_FILE, BENCH_TOKEN and BENCH_USER_ID are required");

// Opened as the app's adapter opens it (same library and defaults, same busy timeout);
// the file is already in WAL mode.
const db = new Database(file, { timeout: 10_000 });

type Bool = 0 | 1;
interface UserRow { id: string; email: string; name: string; role: string; timeZone: string; dayRolloverHour: number }
interface DeckRow { id: string; title: string; ownerId: string; published: Bool; newCardsPerDay: number; reviewsPerDay: number; enrolled: Bool }
interface StateRow {
  userId: string; cardId: string; deckId: string; repetitions: number; easiness: number; interval: number; dueDay: number;
  extraReview: Bool; lapses: number; buriedUntilDay: number | null; suspended: Bool; lastReviewedAt: string | null;
  lastReviewDay: number | null; version: number; updatedAt: string;
}
interface LogRow { id: string; userId: string; cardId: string; deckId: string; kind: string; grade: number | null;
  repetitionsAfter: number; easinessAfter: number; intervalAfter: number; dueDayAfter: number; extraReviewAfter: Bool }
interface CardRow { id: string; deckId: string; position: number; frontHtml: string; backHtml: string; experimentId: string | null }

// "Available": not suspended, not buried past today. Same predicates as lib/reviews/data.ts.
const AVAILABLE = `suspended = 0 AND (buriedUntilDay IS NULL OR buriedUntilDay <= @today)`;
const REPEAT_TODAY = `lastReviewDay = @today AND (extraReview = 1 OR interval = 0)`;
const DUE = `userId = @userId AND deckId = @deckId AND dueDay <= @today AND lastReviewedAt IS NOT NULL AND ${AVAILABLE}`;

const q = {
  user: db.prepare<[string], UserRow>(`SELECT id, email, name, role, timeZone, dayRolloverHour FROM "User" WHERE id = ?`),
  logById: db.prepare<[string], LogRow>(`SELECT * FROM "ReviewLog" WHERE id = ?`),
  cardDeck: db.prepare<[string], { id: string; deckId: string }>(`SELECT id, deckId FROM "Card" WHERE id = ?`),
  deck: db.prepare<{ userId: string; deckId: string }, DeckRow>(
    `SELECT d.id, d.title, d.ownerId, d.published, d.newCardsPerDay, d.reviewsPerDay,
            EXISTS (SELECT 1 FROM "Enrolment" e WHERE e.userId = @userId AND e.deckId = d.id) AS enrolled
     FROM "Deck" d WHERE d.id = @deckId`,
  ),
  // Uses the (userId, reviewDay) index's min/max optimisation: one index probe.
  lastReviewDay: db.prepare<[string], { day: number | null }>(`SELECT MAX(reviewDay) AS day FROM "ReviewLog" WHERE userId = ?`),
  state: db.prepare<[string, string], StateRow>(`SELECT * FROM "CardState" WHERE userId = ? AND cardId = ?`),
  updateState: db.prepare(
    `UPDATE "CardState" SET repetitions = @repetitions, easiness = @easiness, interval = @interval, extraReview = @extraReview,
       dueDay = @dueDay, lapses = @lapses, lastReviewedAt = @lastReviewedAt, lastReviewDay = @lastReviewDay, version = @newVersion,
       buriedUntilDay = NULL, updatedAt = @updatedAt
     WHERE userId = @userId AND cardId = @cardId AND version = @version`,
  ),
  insertState: db.prepare(
    `INSERT INTO "CardState" (userId, cardId, deckId, repetitions, easiness, interval, dueDay, extraReview, lapses, buriedUntilDay,
       suspended, lastReviewedAt, lastReviewDay, version, updatedAt)
     VALUES (@userId, @cardId, @deckId, @repetitions, @easiness, @interval, @dueDay, @extraReview, @lapses, NULL, 0, @lastReviewedAt,
       @lastReviewDay, @newVersion, @updatedAt)`,
  ),
  insertLog: db.prepare(
    `INSERT INTO "ReviewLog" (id, userId, seq, cardId, deckId, kind, grade, repetitionsBefore, easinessBefore, intervalBefore, dueDayBefore,
       extraReviewBefore, repetitionsAfter, easinessAfter, intervalAfter, dueDayAfter, extraReviewAfter, answeredAt, reviewDay, durationMs, createdAt)
     VALUES (@id, @userId, (SELECT COALESCE(MAX(seq), 0) + 1 FROM "ReviewLog" WHERE userId = @userId), @cardId, @deckId, 'ANSWER', @grade, @repetitionsBefore, @easinessBefore, @intervalBefore, @dueDayBefore,
       @extraReviewBefore, @repetitionsAfter, @easinessAfter, @intervalAfter, @dueDayAfter, @extraReviewAfter, @answeredAt, @reviewDay,
       @durationMs, @createdAt)`,
  ),
  todays: db.prepare<{ userId: string; deckId: string; today: number }, TodayLogEntry>(
    `SELECT id, cardId, kind, undoesId, dueDayBefore FROM "ReviewLog" WHERE userId = @userId AND deckId = @deckId AND reviewDay = @today`,
  ),
  // The due queue's size (up to the day's limit) and head, from the (userId, deckId, dueDay, cardId) index.
  dueCount: db.prepare<{ userId: string; deckId: string; today: number; limit: number }, { n: number }>(
    `SELECT COUNT(*) AS n FROM (SELECT 1 FROM "CardState" WHERE ${DUE} AND NOT (${REPEAT_TODAY}) LIMIT @limit)`,
  ),
  dueHead: db.prepare<{ userId: string; deckId: string; today: number }, StateRow>(
    `SELECT * FROM "CardState" WHERE ${DUE} AND NOT (${REPEAT_TODAY}) ORDER BY dueDay, cardId LIMIT 1`,
  ),
  repeats: db.prepare<{ userId: string; deckId: string; today: number }, { cardId: string }>(
    `SELECT cardId FROM "CardState" WHERE ${DUE} AND ${REPEAT_TODAY} ORDER BY lastReviewedAt, cardId`,
  ),
  newCards: db.prepare<{ userId: string; deckId: string; today: number; limit: number }, { id: string }>(
    `SELECT c.id FROM "Card" c WHERE c.deckId = @deckId AND NOT EXISTS (
       SELECT 1 FROM "CardState" s WHERE s.userId = @userId AND s.cardId = c.id
         AND (s.lastReviewedAt IS NOT NULL OR s.suspended = 1 OR s.buriedUntilDay > @today))
     ORDER BY c.position LIMIT @limit`,
  ),
  card: db.prepare<[string], CardRow>(`SELECT id, deckId, position, frontHtml, backHtml, experimentId FROM "Card" WHERE id = ?`),
};

const sqliteDate = (d: Date) => d.toISOString().replace("Z", "+00:00");
const b = (v: boolean): Bool => (v ? 1 : 0);

const fieldsOf = (row: StateRow | undefined): SrsFields =>
  row
    ? {
        repetitions: row.repetitions, easiness: row.easiness, interval: row.interval, extraReview: row.extraReview === 1,
        dueDay: row.dueDay, lapses: row.lapses, lastReviewedAt: row.lastReviewedAt ? new Date(row.lastReviewedAt) : null,
        lastReviewDay: row.lastReviewDay,
      }
    : NEW_FIELDS;

const viewOf = (row: StateRow | undefined) => ({
  repetitions: row?.repetitions ?? 0,
  easiness: row?.easiness ?? 2.5,
  interval: row?.interval ?? 0,
  dueDay: row && row.lastReviewedAt ? row.dueDay : null,
  extraReview: row ? row.extraReview === 1 : false,
  lapses: row?.lapses ?? 0,
  suspended: row ? row.suspended === 1 : false,
  buriedUntilDay: row?.buriedUntilDay ?? null,
  version: row?.version ?? 0,
});

function deckFor(user: UserRow, deckId: string): DeckRow {
  const deck = q.deck.get({ userId: user.id, deckId });
  if (!deck || !(deck.enrolled || deck.published || deck.ownerId === user.id || user.role === "ADMIN")) throw new HttpError(404, "That deck does not exist.");
  if (!deck.enrolled && deck.ownerId !== user.id) throw new HttpError(403, "Add this deck to your decks to review it.");
  return deck;
}

const studyDay = (user: UserRow, now: Date) => currentStudyDay(now, user.timeZone, user.dayRolloverHour, q.lastReviewDay.get(user.id)!.day);

/** Same queue as lib/reviews/queue.ts buildQueue, but counted and headed in SQL. */
function sessionView(user: UserRow, deck: DeckRow, today: number) {
  const key = { userId: user.id, deckId: deck.id, today };
  const done = countDoneToday(q.todays.all(key));
  const reviewsLeft = Math.max(0, deck.reviewsPerDay - done.reviewCards);
  const newLeft = Math.max(0, deck.newCardsPerDay - done.newCards);
  const reviews = reviewsLeft === 0 ? 0 : q.dueCount.get({ ...key, limit: reviewsLeft })!.n;
  const fresh = newLeft === 0 ? [] : q.newCards.all({ ...key, limit: newLeft });
  const repeats = q.repeats.all(key);
  // interleave(reviews, new, done.reviewCards, done.newCards) puts first whichever list's
  // first key is lower, reviews on a tie (lib/reviews/queue.ts).
  const reviewKey = (done.reviewCards + 1) / (done.reviewCards + reviews + 1);
  const newKey = (done.newCards + 1) / (done.newCards + fresh.length + 1);
  let head: { cardId: string; kind: "new" | "review" | "repeat"; state: StateRow | undefined } | null = null;
  if (reviews > 0 && (fresh.length === 0 || reviewKey <= newKey)) {
    const row = q.dueHead.get(key)!;
    head = { cardId: row.cardId, kind: "review", state: row };
  } else if (fresh.length > 0) {
    // A new card may have a state row (after an undo, a bury or a suspend): read it.
    head = { cardId: fresh[0].id, kind: "new", state: q.state.get(user.id, fresh[0].id) };
  } else if (repeats.length > 0) head = { cardId: repeats[0].cardId, kind: "repeat", state: q.state.get(user.id, repeats[0].cardId) };

  let next = null;
  if (head) {
    const card = q.card.get(head.cardId)!;
    next = {
      cardId: card.id,
      deckId: card.deckId,
      kind: head.kind,
      position: card.position,
      frontHtml: card.frontHtml,
      backHtml: card.backHtml,
      experimentId: card.experimentId,
      state: viewOf(head.state),
      previews: previewGrades(fieldsOf(head.state)).map((p) => ({ quality: p.quality, label: p.label, dueInDays: p.dueInDays })),
    };
  }
  return {
    today,
    remaining: { new: fresh.length, review: reviews, repeat: repeats.length, total: reviews + fresh.length + repeats.length },
    next,
  };
}

function duplicate(user: UserRow, log: LogRow, now: Date) {
  const deck = deckFor(user, log.deckId);
  return {
    status: "duplicate",
    review: {
      id: log.id, cardId: log.cardId, grade: log.grade,
      state: { repetitions: log.repetitionsAfter, easiness: log.easinessAfter, interval: log.intervalAfter, dueDay: log.dueDayAfter, extraReview: log.extraReviewAfter === 1, lapses: 0 },
    },
    ...sessionView(user, deck, studyDay(user, now)),
  };
}

const gradeTx = db.transaction((user: UserRow, input: GradeInput, now: Date) => {
  const seen = q.logById.get(input.reviewId);
  if (seen) {
    if (seen.userId !== user.id || seen.kind !== "ANSWER") throw new HttpError(409, "That review id is already used. Make a new id for each answer.");
    if (seen.cardId !== input.cardId || seen.grade !== input.grade) throw new HttpError(409, "That review id was already used for a different answer.");
    return { duplicate: seen } as const;
  }
  const card = q.cardDeck.get(input.cardId);
  if (!card) throw new HttpError(404, "That card does not exist.");
  const deck = deckFor(user, card.deckId);
  const today = studyDay(user, now);
  const row = q.state.get(user.id, card.id);
  const version = row?.version ?? 0;
  const conflict = () => new HttpError(409, "This card was answered in another tab or on another device. Its current state is shown.", row ? { state: viewOf(row) } : undefined);
  if (version !== input.expectedVersion) throw conflict();
  if (row?.suspended) throw new HttpError(409, "This card is suspended. Unsuspend it to review it.");
  const before = fieldsOf(row);
  const after = applyAnswer(before, input.grade, today, now);
  const values = {
    userId: user.id, cardId: card.id, deckId: card.deckId, repetitions: after.repetitions, easiness: after.easiness, interval: after.interval,
    extraReview: b(after.extraReview), dueDay: after.dueDay, lapses: after.lapses, lastReviewedAt: sqliteDate(now), lastReviewDay: today,
    version, newVersion: version + 1, updatedAt: sqliteDate(new Date()),
  };
  if (row) {
    if (q.updateState.run(values).changes !== 1) throw conflict();
  } else q.insertState.run(values);
  q.insertLog.run({
    id: input.reviewId, userId: user.id, cardId: card.id, deckId: card.deckId, grade: input.grade,
    repetitionsBefore: before.repetitions, easinessBefore: before.easiness, intervalBefore: before.interval,
    // lib/reviews/queue.ts isNewCard: no state, or never answered.
    dueDayBefore: row && row.lastReviewedAt !== null ? before.dueDay : null,
    extraReviewBefore: b(before.extraReview), repetitionsAfter: after.repetitions, easinessAfter: after.easiness, intervalAfter: after.interval,
    dueDayAfter: after.dueDay, extraReviewAfter: b(after.extraReview), answeredAt: sqliteDate(now), reviewDay: today,
    durationMs: input.durationMs, createdAt: sqliteDate(new Date()),
  });
  return { deck, today, after, cardId: card.id } as const;
});

function grade(user: UserRow, input: GradeInput, now: Date) {
  // BEGIN IMMEDIATE: the write lock first (the app takes it with a no-op write, lockForWrite).
  const r = gradeTx.immediate(user, input, now);
  if ("duplicate" in r) return duplicate(user, r.duplicate!, now);
  const { after } = r;
  return {
    status: "recorded",
    review: {
      id: input.reviewId, cardId: r.cardId, grade: input.grade,
      state: { repetitions: after.repetitions, easiness: after.easiness, interval: after.interval, dueDay: after.dueDay, extraReview: after.extraReview, lapses: after.lapses },
    },
    ...sessionView(user, r.deck, r.today),
  };
}

function currentUser(req: http.IncomingMessage): UserRow | undefined {
  const cookie = req.headers.cookie ?? "";
  const m = /(?:^|;\s*)bench_session=([^;]*)/.exec(cookie);
  if (!m || m[1] !== token) return undefined;
  return q.user.get(tokenUserId!);
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    try {
      const user = currentUser(req);
      if (!user) return send(res, 401, { error: "You are signed out. Sign in again to continue." });
      const now = new Date();
      if (req.method === "POST" && req.url === "/api/reviews") {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          throw new HttpError(400, "The request body must be JSON.");
        }
        return send(res, 200, grade(user, parseGrade(body), now));
      }
      const m = req.method === "GET" ? SESSION_PATH.exec(req.url ?? "") : null;
      if (m) {
        const deckId = decodeURIComponent(m[1]);
        if (!ID.test(deckId)) throw new HttpError(400, "Malformed id.");
        const deck = deckFor(user, deckId);
        return send(res, 200, sessionView(user, deck, studyDay(user, now)));
      }
      send(res, 404, { error: "Not found." });
    } catch (err) {
      sendError(res, err);
    }
  });
});

serve(server, () => {
  db.close();
});
