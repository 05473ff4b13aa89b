// Data access for reviewing: the due queue, grading, undo, bury and suspend. Every write
// is one transaction with an optimistic version check on the card state, and every
// answer appends to the review log under the client's review id (retries are no-ops).
import type { Db } from "../db/client.ts";
import { canViewDeck } from "../decks/access.ts";
import type { Role } from "../auth/roles.ts";
import { previewGrades } from "../srs/preview.ts";
import { currentStudyDay } from "../srs/day.ts";
import { buildQueue, countDoneToday, isNewCard, type Queue, type QueueCardState, type QueueKind } from "./queue.ts";
import { renderMarkdown } from "../decks/render.ts";
import { applyAnswer, NEW_FIELDS, replay, type SrsFields } from "./transitions.ts";
import type { CardAction, GradeInput } from "./validation.ts";

export interface Learner {
  id: string;
  role: Role;
  timeZone: string;
  dayRolloverHour: number;
}

export class ReviewError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ReviewError";
  }
}

export interface CardStateView {
  repetitions: number;
  easiness: number;
  interval: number;
  dueDay: number | null;
  extraReview: boolean;
  lapses: number;
  suspended: boolean;
  buriedUntilDay: number | null;
  version: number;
}

export interface ReviewCard {
  cardId: string;
  deckId: string;
  kind: QueueKind;
  position: number;
  frontHtml: string;
  backHtml: string;
  experimentId: string | null;
  state: CardStateView;
  previews: { quality: number; label: string; dueInDays: number }[];
}

export interface SessionView {
  today: number;
  remaining: Record<QueueKind, number> & { total: number };
  next: ReviewCard | null;
}

type StateRow = {
  userId: string;
  cardId: string;
  deckId: string;
  repetitions: number;
  easiness: number;
  interval: number;
  dueDay: number;
  extraReview: boolean;
  lapses: number;
  buriedUntilDay: number | null;
  suspended: boolean;
  lastReviewedAt: Date | null;
  lastReviewDay: number | null;
  version: number;
};

const fieldsOf = (row: StateRow | null): SrsFields =>
  row
    ? {
        repetitions: row.repetitions, easiness: row.easiness, interval: row.interval, extraReview: row.extraReview,
        dueDay: row.dueDay, lapses: row.lapses, lastReviewedAt: row.lastReviewedAt, lastReviewDay: row.lastReviewDay,
      }
    : NEW_FIELDS;

const viewOf = (row: StateRow | null): CardStateView => ({
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

/** The learner's study day now; never earlier than a day they already reviewed on. */
export async function studyDay(db: Db, learner: Learner, now: Date): Promise<number> {
  // ORDER BY … DESC LIMIT 1 is one probe of the (userId, reviewDay) index. (Prisma's
  // aggregate _max wraps the scan in a subquery that defeats SQLite's min/max shortcut
  // and reads every log row of the learner: ~100 ms at 1M rows.)
  const last = await db.reviewLog.findFirst({ where: { userId: learner.id }, orderBy: { reviewDay: "desc" }, select: { reviewDay: true } });
  return currentStudyDay(now, learner.timeZone, learner.dayRolloverHour, last?.reviewDay);
}

/** The deck, if this learner may review it (enrolled, or its owner). */
export async function deckForReview(db: Db, learner: Learner, deckId: string) {
  const deck = await db.deck.findUnique({
    where: { id: deckId },
    select: {
      id: true, title: true, ownerId: true, published: true, newCardsPerDay: true, reviewsPerDay: true,
      enrolments: { where: { userId: learner.id }, select: { userId: true } },
    },
  });
  if (!deck || !canViewDeck(deck, learner, deck.enrolments.length > 0)) throw new ReviewError(404, "That deck does not exist.");
  if (deck.enrolments.length === 0 && deck.ownerId !== learner.id) {
    throw new ReviewError(403, "Add this deck to your decks to review it.");
  }
  return deck;
}

type DeckForReview = Awaited<ReturnType<typeof deckForReview>>;

async function queueFor(db: Db, learner: Learner, deck: DeckForReview, today: number): Promise<{ queue: Queue; states: Map<string, StateRow> }> {
  const userId = learner.id;
  const deckId = deck.id;
  const todays = await db.reviewLog.findMany({
    where: { userId, deckId, reviewDay: today },
    select: { id: true, cardId: true, kind: true, undoesId: true, dueDayBefore: true },
  });
  const done = countDoneToday(todays);
  const reviewsLeft = Math.max(0, deck.reviewsPerDay - done.reviewCards);
  const newLeft = Math.max(0, deck.newCardsPerDay - done.newCards);
  const available = { suspended: false, OR: [{ buriedUntilDay: null }, { buriedUntilDay: { lte: today } }] };
  const repeatToday = { lastReviewDay: today, OR: [{ extraReview: true }, { interval: 0 }] };

  const [due, repeats, fresh] = await Promise.all([
    reviewsLeft === 0
      ? []
      : db.cardState.findMany({
          where: { userId, deckId, dueDay: { lte: today }, lastReviewedAt: { not: null }, ...available, NOT: repeatToday },
          orderBy: [{ dueDay: "asc" }, { cardId: "asc" }],
          take: reviewsLeft,
        }),
    db.cardState.findMany({ where: { userId, deckId, dueDay: { lte: today }, ...available, ...repeatToday, lastReviewedAt: { not: null } } }),
    newLeft === 0
      ? []
      : db.card.findMany({
          where: {
            deckId,
            cardStates: {
              none: { userId, OR: [{ lastReviewedAt: { not: null } }, { suspended: true }, { buriedUntilDay: { gt: today } }] },
            },
          },
          orderBy: { position: "asc" },
          take: newLeft,
          select: { id: true, position: true },
        }),
  ]);

  const states = new Map<string, StateRow>();
  for (const s of [...due, ...repeats]) states.set(s.cardId, s);
  const toQueueState = (s: StateRow): QueueCardState => s;
  const queue = buildQueue({
    cards: [...states.values()].map((s) => ({ cardId: s.cardId, position: 0 })).concat(fresh.map((c) => ({ cardId: c.id, position: c.position }))),
    states: new Map([...states].map(([k, v]) => [k, toQueueState(v)])),
    today,
    limits: deck,
    doneToday: done,
  });
  return { queue, states };
}

async function reviewCard(db: Db, learner: Learner, cardId: string, kind: QueueKind, known?: StateRow | null): Promise<ReviewCard> {
  const [card, state] = await Promise.all([
    db.card.findUniqueOrThrow({ where: { id: cardId }, select: { id: true, deckId: true, position: true, front: true, back: true, experimentId: true } }),
    known !== undefined ? known : db.cardState.findUnique({ where: { userId_cardId: { userId: learner.id, cardId } } }),
  ]);
  return {
    cardId: card.id,
    deckId: card.deckId,
    kind,
    position: card.position,
    frontHtml: renderMarkdown(card.front),
    backHtml: renderMarkdown(card.back),
    experimentId: card.experimentId,
    state: viewOf(state),
    previews: previewGrades(fieldsOf(state)).map((p) => ({ quality: p.quality, label: p.label, dueInDays: p.dueInDays })),
  };
}

/** Today's remaining queue and the card to show next. */
export async function sessionView(db: Db, learner: Learner, deckId: string, now: Date, deck?: DeckForReview, knownToday?: number): Promise<SessionView> {
  deck ??= await deckForReview(db, learner, deckId);
  const today = knownToday ?? (await studyDay(db, learner, now));
  const { queue, states } = await queueFor(db, learner, deck, today);
  const head = queue.items[0];
  return {
    today,
    remaining: { ...queue.counts, total: queue.items.length },
    // New cards come without their state row, which exists after an undo, a bury or a suspend.
    next: head ? await reviewCard(db, learner, head.cardId, head.kind, states.get(head.cardId)) : null,
  };
}

export interface GradeResult extends SessionView {
  status: "recorded" | "duplicate";
  review: { id: string; cardId: string; grade: number; state: Omit<CardStateView, "suspended" | "buriedUntilDay" | "version"> & { dueDay: number } };
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === "P2002";

async function existingAnswer(db: Db, learner: Learner, reviewId: string) {
  const log = await db.reviewLog.findUnique({ where: { id: reviewId } });
  if (!log) return null;
  if (log.userId !== learner.id || log.kind !== "ANSWER") {
    throw new ReviewError(409, "That review id is already used. Make a new id for each answer.");
  }
  return log;
}

async function duplicateResult(db: Db, learner: Learner, log: NonNullable<Awaited<ReturnType<typeof existingAnswer>>>, now: Date): Promise<GradeResult> {
  const view = await sessionView(db, learner, log.deckId, now);
  // The log has no lapse count: replay the card's log up to this answer, as it stood then.
  const history = await db.reviewLog.findMany({
    where: { userId: learner.id, cardId: log.cardId, answeredAt: { lte: log.answeredAt } },
    select: { id: true, kind: true, undoesId: true, grade: true, answeredAt: true, reviewDay: true },
  });
  const { lapses } = replay(history.filter((e) => e.kind === "UNDO" || e.id === log.id || e.answeredAt < log.answeredAt));
  return {
    status: "duplicate",
    review: {
      id: log.id, cardId: log.cardId, grade: log.grade!,
      state: {
        repetitions: log.repetitionsAfter, easiness: log.easinessAfter, interval: log.intervalAfter, dueDay: log.dueDayAfter,
        extraReview: log.extraReviewAfter, lapses,
      },
    },
    ...view,
  };
}

export async function grade(db: Db, learner: Learner, input: GradeInput, now: Date): Promise<GradeResult> {
  const seen = await existingAnswer(db, learner, input.reviewId);
  if (seen) {
    if (seen.cardId !== input.cardId || seen.grade !== input.grade) {
      throw new ReviewError(409, "That review id was already used for a different answer. Make a new id for each answer.");
    }
    return duplicateResult(db, learner, seen, now);
  }
  const card = await db.card.findUnique({ where: { id: input.cardId }, select: { id: true, deckId: true } });
  if (!card) throw new ReviewError(404, "That card does not exist.");
  const deck = await deckForReview(db, learner, card.deckId);
  const today = await studyDay(db, learner, now);

  let after: SrsFields;
  try {
    after = await db.$transaction(async (tx) => {
      await lockForWrite(tx, learner.id, card.id);
      const row = await tx.cardState.findUnique({ where: { userId_cardId: { userId: learner.id, cardId: card.id } } });
      const version = row?.version ?? 0;
      if (version !== input.expectedVersion) throw conflict(row);
      if (row?.suspended) throw new ReviewError(409, "This card is suspended. Unsuspend it to review it.");
      const before = fieldsOf(row);
      const next = applyAnswer(before, input.grade, today, now);
      const data = { ...next, version: version + 1, buriedUntilDay: null };
      if (row) {
        const { count } = await tx.cardState.updateMany({ where: { userId: learner.id, cardId: card.id, version }, data });
        if (count !== 1) throw conflict(null);
      } else {
        await tx.cardState.create({ data: { ...data, userId: learner.id, cardId: card.id, deckId: card.deckId } });
      }
      await tx.reviewLog.create({
        data: {
          id: input.reviewId, userId: learner.id, cardId: card.id, deckId: card.deckId, kind: "ANSWER", grade: input.grade,
          repetitionsBefore: before.repetitions, easinessBefore: before.easiness, intervalBefore: before.interval,
          dueDayBefore: isNewCard(row ?? undefined) ? null : before.dueDay, extraReviewBefore: before.extraReview,
          repetitionsAfter: next.repetitions, easinessAfter: next.easiness, intervalAfter: next.interval,
          dueDayAfter: next.dueDay, extraReviewAfter: next.extraReview,
          answeredAt: now, reviewDay: today, durationMs: input.durationMs,
        },
      });
      return next;
    });
  } catch (err) {
    // A retry of this very answer may have won the race: answer as for a retry.
    if (err instanceof ReviewError || isUniqueViolation(err)) {
      const raced = await existingAnswer(db, learner, input.reviewId);
      if (raced && (raced.cardId !== input.cardId || raced.grade !== input.grade)) {
        throw new ReviewError(409, "That review id was already used for a different answer. Make a new id for each answer.");
      }
      if (raced) return duplicateResult(db, learner, raced, now);
      if (isUniqueViolation(err)) throw await freshConflict(db, learner, card.id);
    }
    throw err;
  }
  const view = await sessionView(db, learner, card.deckId, now, deck, today);
  return {
    status: "recorded",
    review: {
      id: input.reviewId, cardId: card.id, grade: input.grade,
      state: { repetitions: after.repetitions, easiness: after.easiness, interval: after.interval, dueDay: after.dueDay, extraReview: after.extraReview, lapses: after.lapses },
    },
    ...view,
  };
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Starts a write transaction with a write, so that on SQLite it takes the database's write
 * lock first, waiting out other processes' writers under the busy timeout. Reading first
 * would pin a snapshot that another process's commit makes stale, and SQLite then fails
 * the first write at once with SQLITE_BUSY (Prisma's P1008, a 500) instead of waiting.
 * Matches no row (versions start at 0), found by primary key; harmless on PostgreSQL,
 * whose row locks already serialise the writers.
 */
async function lockForWrite(tx: Tx, userId: string, cardId: string): Promise<void> {
  await tx.cardState.updateMany({ where: { userId, cardId, version: -1 }, data: { version: -1 } });
}

function conflict(row: StateRow | null): ReviewError {
  return new ReviewError(409, "This card was answered in another tab or on another device. Its current state is shown.", row ? { state: viewOf(row) } : undefined);
}

async function freshConflict(db: Db, learner: Learner, cardId: string): Promise<ReviewError> {
  return conflict(await db.cardState.findUnique({ where: { userId_cardId: { userId: learner.id, cardId } } }));
}

export interface UndoResult extends SessionView {
  undone: { reviewId: string; cardId: string };
}

/** Reverses the learner's latest answer in this deck; the log gains a compensating entry. */
export async function undoLast(db: Db, learner: Learner, deckId: string, undoId: string, now: Date): Promise<UndoResult> {
  const deck = await deckForReview(db, learner, deckId);
  const done = await db.reviewLog.findUnique({ where: { id: undoId } });
  if (done) {
    if (done.userId !== learner.id || done.kind !== "UNDO" || done.deckId !== deckId) {
      throw new ReviewError(409, "That undo id is already used. Make a new id for each undo.");
    }
    // A retry of an undo that went through: report it again, change nothing.
    const view = await sessionView(db, learner, deckId, now, deck);
    return { ...view, undone: { reviewId: done.undoesId!, cardId: done.cardId } };
  }
  const undoneIds = (await db.reviewLog.findMany({ where: { userId: learner.id, deckId, kind: "UNDO" }, select: { undoesId: true } })).map((u) => u.undoesId!);
  const last = await db.reviewLog.findFirst({
    where: { userId: learner.id, deckId, kind: "ANSWER", id: { notIn: undoneIds } },
    orderBy: [{ answeredAt: "desc" }, { createdAt: "desc" }],
  });
  if (!last) throw new ReviewError(409, "There is no answer to undo.");

  await db.$transaction(async (tx) => {
    await lockForWrite(tx, learner.id, last.cardId);
    const row = await tx.cardState.findUnique({ where: { userId_cardId: { userId: learner.id, cardId: last.cardId } } });
    if (!row || row.lastReviewedAt?.getTime() !== last.answeredAt.getTime()) {
      throw new ReviewError(409, "That answer can no longer be undone: the card was changed since.");
    }
    const history = await tx.reviewLog.findMany({
      where: { userId: learner.id, cardId: last.cardId },
      select: { id: true, kind: true, undoesId: true, grade: true, answeredAt: true, reviewDay: true },
    });
    const restored = replay([...history, { id: undoId, kind: "UNDO", undoesId: last.id, grade: null, answeredAt: now, reviewDay: last.reviewDay }]);
    const { count } = await tx.cardState.updateMany({
      where: { userId: learner.id, cardId: last.cardId, version: row.version },
      data: { ...restored, version: row.version + 1 },
    });
    if (count !== 1) throw new ReviewError(409, "That answer can no longer be undone: the card was changed since.");
    await tx.reviewLog.create({
      data: {
        id: undoId, userId: learner.id, cardId: last.cardId, deckId, kind: "UNDO", undoesId: last.id, grade: null,
        repetitionsBefore: row.repetitions, easinessBefore: row.easiness, intervalBefore: row.interval,
        dueDayBefore: row.dueDay, extraReviewBefore: row.extraReview,
        repetitionsAfter: restored.repetitions, easinessAfter: restored.easiness, intervalAfter: restored.interval,
        dueDayAfter: restored.dueDay, extraReviewAfter: restored.extraReview,
        answeredAt: now, reviewDay: await studyDay(tx as unknown as Db, learner, now), durationMs: 0,
      },
    });
  });

  // The restored card comes back first, whatever the queue order.
  const view = await sessionView(db, learner, deckId, now, deck);
  const restoredCard = await reviewCard(db, learner, last.cardId, last.dueDayBefore === null ? "new" : "review");
  return { ...view, next: restoredCard, undone: { reviewId: last.id, cardId: last.cardId } };
}

/** Bury (back tomorrow), suspend (never, until unsuspended) or unsuspend a card. */
export async function changeCard(db: Db, learner: Learner, cardId: string, action: CardAction, now: Date): Promise<SessionView & { card: CardStateView }> {
  const card = await db.card.findUnique({ where: { id: cardId }, select: { deckId: true } });
  if (!card) throw new ReviewError(404, "That card does not exist.");
  const deck = await deckForReview(db, learner, card.deckId);
  const today = await studyDay(db, learner, now);
  const change =
    action === "bury" ? { buriedUntilDay: today + 1 } : action === "suspend" ? { suspended: true } : { suspended: false, buriedUntilDay: null };
  const row = await db.$transaction(async (tx) => {
    await lockForWrite(tx, learner.id, cardId);
    const existing = await tx.cardState.findUnique({ where: { userId_cardId: { userId: learner.id, cardId } } });
    if (existing) {
      const { count } = await tx.cardState.updateMany({
        where: { userId: learner.id, cardId, version: existing.version },
        data: { ...change, version: existing.version + 1 },
      });
      if (count !== 1) throw conflict(null);
    } else {
      await tx.cardState.create({ data: { ...NEW_FIELDS, dueDay: today, ...change, userId: learner.id, cardId, deckId: card.deckId, version: 1 } });
    }
    return tx.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: learner.id, cardId } } });
  });
  return { ...(await sessionView(db, learner, card.deckId, now, deck)), card: viewOf(row) };
}

/** Cards this learner suspended or buried in a deck (for the deck page). */
export async function cardFlags(db: Db, userId: string, deckId: string, today: number) {
  const rows = await db.cardState.findMany({
    where: { userId, deckId, OR: [{ suspended: true }, { buriedUntilDay: { gt: today } }] },
    select: { cardId: true, suspended: true, buriedUntilDay: true },
  });
  return new Map(rows.map((r) => [r.cardId, { suspended: r.suspended, buried: (r.buriedUntilDay ?? 0) > today }]));
}
