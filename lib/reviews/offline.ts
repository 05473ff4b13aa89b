// Offline review on the server: today's queue as a snapshot the device keeps (cards with their stored
// HTML and the state SM-2 needs), and answers made offline, replayed when the connection returns.
// The rule (docs/offline.md, lib/offline/rule.ts): a replayed answer is recorded once under its review
// id, appended to the log in arrival order, and its state computed here by SM-2 from the card's stored
// state; the device's numbers are never trusted. A card answered on another device meanwhile keeps
// both answers and takes the state of the latest; the answer says so (merged).
import type { Db } from "../db/client.ts";
import { cardForReview, deckForReview, type CardForReview, type DeckForReview } from "../decks/access.ts";
import { DomainError } from "../errors.ts";
import { currentStudyDay } from "../srs/day.ts";
import { isMerge, offlineAnswerTime } from "../offline/rule.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { busy, nextSeq, pauseBeforeRetry, SEQ_ATTEMPTS } from "./log.ts";
import { isNewCard, type DeckLimits, type QueueKind, type TodayLogEntry } from "./queue.ts";
import { queueFor, studyDay } from "./session.ts";
import { fieldsOf, lockForWrite, type Learner, type StateRow } from "./state.ts";
import { applyAnswer, type SrsFields } from "./transitions.ts";
import type { OfflineAnswerInput } from "./validation.ts";

/** A card state as JSON carries it (dates as ISO strings). */
export type SnapshotState = Omit<StateRow, "userId" | "cardId" | "deckId" | "lastReviewedAt"> & { lastReviewedAt: string | null };

export interface SnapshotCard {
  cardId: string;
  deckId: string;
  position: number;
  kind: QueueKind;
  frontHtml: string;
  backHtml: string;
  experimentId: string | null;
  /** null: the learner has no state row for it (a new card never buried, suspended or undone). */
  state: SnapshotState | null;
}

export interface TodaySnapshot {
  userId: string;
  deckId: string;
  today: number;
  limits: DeckLimits;
  /** Today's log entries in this deck, for the daily limits (countDoneToday). */
  todayLog: TodayLogEntry[];
  cards: SnapshotCard[];
}

const toSnapshotState = ({ userId: _u, cardId: _c, deckId: _d, lastReviewedAt, ...rest }: StateRow): SnapshotState => ({
  ...rest,
  lastReviewedAt: lastReviewedAt?.toISOString() ?? null,
});

/** Every card of today's queue in one deck, with what the device needs to keep reviewing offline. */
export async function todaySnapshot(db: Db, learner: Learner, deckId: string, now: Date, checked?: DeckForReview): Promise<TodaySnapshot> {
  const deck = checked?.id === deckId ? checked : await deckForReview(db, learner, deckId);
  const today = await studyDay(db, learner, now);
  const [{ queue }, todayLog] = await Promise.all([
    queueFor(db, learner, deck, today),
    db.reviewLog.findMany({
      where: { userId: learner.id, deckId, reviewDay: today },
      orderBy: { seq: "asc" },
      select: { id: true, cardId: true, kind: true, undoesId: true, dueDayBefore: true },
    }),
  ]);
  const ids = queue.items.map((i) => i.cardId);
  const [cards, states] = await Promise.all([
    db.card.findMany({ where: { id: { in: ids } }, select: { id: true, deckId: true, position: true, frontHtml: true, backHtml: true, experimentId: true } }),
    db.cardState.findMany({ where: { userId: learner.id, cardId: { in: ids } } }),
  ]);
  const cardById = new Map(cards.map((c) => [c.id, c]));
  const stateById = new Map(states.map((s) => [s.cardId, s]));
  return {
    userId: learner.id,
    deckId,
    today,
    limits: { newCardsPerDay: deck.newCardsPerDay, reviewsPerDay: deck.reviewsPerDay },
    todayLog,
    cards: queue.items.map(({ cardId, kind }) => {
      const c = cardById.get(cardId)!;
      const s = stateById.get(cardId);
      return { cardId, deckId: c.deckId, position: c.position, kind, frontHtml: c.frontHtml, backHtml: c.backHtml, experimentId: c.experimentId, state: s ? toSnapshotState(s) : null };
    }),
  };
}

export interface OfflineAnswerResult {
  status: "recorded" | "duplicate";
  /** Another device answered this card after the version the answer was computed from. */
  merged: boolean;
  review: {
    id: string; cardId: string; grade: number; answeredAt: string; reviewDay: number;
    state: { repetitions: number; easiness: number; interval: number; dueDay: number; extraReview: boolean; lapses: number };
  };
}

/** Retry marker: the card's row changed between our read and our write (another answer at the same moment). */
class RowMoved extends Error {}

async function seenBefore(db: Db, learner: Learner, input: OfflineAnswerInput): Promise<OfflineAnswerResult | null> {
  const log = await db.reviewLog.findUnique({ where: { id: input.reviewId } });
  if (!log) return null;
  if (log.userId !== learner.id || log.kind !== "ANSWER" || log.cardId !== input.cardId || log.grade !== input.grade) {
    throw new DomainError(409, "That review id was already used for a different answer. Make a new id for each answer.");
  }
  const state = await db.cardState.findUnique({ where: { userId_cardId: { userId: learner.id, cardId: log.cardId } }, select: { lapses: true } });
  return {
    status: "duplicate",
    merged: false,
    review: {
      id: log.id, cardId: log.cardId, grade: log.grade, answeredAt: log.answeredAt.toISOString(), reviewDay: log.reviewDay,
      state: {
        repetitions: log.repetitionsAfter, easiness: log.easinessAfter, interval: log.intervalAfter, dueDay: log.dueDayAfter,
        extraReview: log.extraReviewAfter, lapses: state?.lapses ?? 0,
      },
    },
  };
}

/**
 * Records an answer made offline: once per review id (a replay answers "duplicate"), whatever the
 * card's due day or version now. `checked`: access.ts's cardForReview when the entry point ran it.
 */
export async function recordOfflineAnswer(db: Db, learner: Learner, input: OfflineAnswerInput, now: Date, checked?: CardForReview): Promise<OfflineAnswerResult> {
  const seen = await seenBefore(db, learner, input);
  if (seen) return seen;
  const { card } = checked?.card.id === input.cardId ? checked : await cardForReview(db, learner, input.cardId);
  const at = offlineAnswerTime(new Date(input.answeredAt), now);
  for (let attempt = 1; ; attempt++) {
    try {
      const { next, day, merged } = await appendOffline(db, learner, input, card, at);
      return {
        status: "recorded",
        merged,
        review: {
          id: input.reviewId, cardId: card.id, grade: input.grade, answeredAt: at.toISOString(), reviewDay: day,
          state: { repetitions: next.repetitions, easiness: next.easiness, interval: next.interval, dueDay: next.dueDay, extraReview: next.extraReview, lapses: next.lapses },
        },
      };
    } catch (err) {
      if (isUniqueViolation(err)) {
        // A replay of this very answer (another tab syncing the same outbox) may have won.
        const raced = await seenBefore(db, learner, input);
        if (raced) return raced;
      } else if (!(err instanceof RowMoved)) throw err;
      if (attempt >= SEQ_ATTEMPTS) throw busy();
      await pauseBeforeRetry(attempt);
    }
  }
}

async function appendOffline(db: Db, learner: Learner, input: OfflineAnswerInput, card: CardForReview["card"], at: Date): Promise<{ next: SrsFields; day: number; merged: boolean }> {
  return db.$transaction(async (tx) => {
    await lockForWrite(tx, learner.id, card.id);
    const where = { userId_cardId: { userId: learner.id, cardId: card.id } };
    const [row, last] = await Promise.all([
      tx.cardState.findUnique({ where }),
      tx.reviewLog.findFirst({ where: { userId: learner.id }, orderBy: { reviewDay: "desc" }, select: { reviewDay: true } }),
    ]);
    // The study day of the answer's time, never before a day already in the log (the day never goes back).
    const day = currentStudyDay(at, learner.timeZone, learner.dayRolloverHour, last?.reviewDay);
    const version = row?.version ?? 0;
    const before = fieldsOf(row);
    const next = applyAnswer(before, input.grade, day, at);
    const data = { ...next, version: version + 1, buriedUntilDay: null };
    if (row) {
      const { count } = await tx.cardState.updateMany({ where: { userId: learner.id, cardId: card.id, version }, data });
      if (count !== 1) throw new RowMoved();
    } else {
      await tx.cardState.create({ data: { ...data, userId: learner.id, cardId: card.id, deckId: card.deckId } });
    }
    await tx.reviewLog.create({
      data: {
        id: input.reviewId, userId: learner.id, seq: await nextSeq(tx, learner.id), cardId: card.id, deckId: card.deckId, kind: "ANSWER", grade: input.grade,
        repetitionsBefore: before.repetitions, easinessBefore: before.easiness, intervalBefore: before.interval,
        dueDayBefore: isNewCard(row ?? undefined) ? null : before.dueDay, extraReviewBefore: before.extraReview,
        repetitionsAfter: next.repetitions, easinessAfter: next.easiness, intervalAfter: next.interval,
        dueDayAfter: next.dueDay, extraReviewAfter: next.extraReview,
        answeredAt: at, reviewDay: day, durationMs: input.durationMs,
      },
    });
    return { next, day, merged: isMerge(input.baseVersion, version) };
  });
}
