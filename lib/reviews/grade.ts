// Grading: one transaction that checks the card's version, applies SM-2 and appends the
// answer to the review log under the client's review id, so a retry is recognised.
import { isPostgres, type Db } from "../db/client.ts";
import { cardForReview, type CardForReview } from "../decks/access.ts";
import { DomainError } from "../errors.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { busy, nextSeq, pauseBeforeRetry, SEQ_ATTEMPTS } from "./log.ts";
import { isNewCard } from "./queue.ts";
import { sessionView, studyDay, type SessionView } from "./session.ts";
import { conflict, fieldsOf, lockForWrite, viewOf, type CardStateView, type Learner, type StateRow, type Tx } from "./state.ts";
import { dayAndStateOnPostgres, writeAnswerOnPostgres } from "./postgres.ts";
import { currentStudyDay } from "../srs/day.ts";
import { applyAnswer, replay, type SrsFields } from "./transitions.ts";
import type { GradeInput } from "./validation.ts";

export interface GradeResult extends SessionView {
  status: "recorded" | "duplicate";
  review: { id: string; cardId: string; grade: number; state: Omit<CardStateView, "suspended" | "buriedUntilDay" | "version"> & { dueDay: number } };
}

async function existingAnswer(db: Db, learner: Learner, reviewId: string) {
  const log = await db.reviewLog.findUnique({ where: { id: reviewId } });
  if (!log) return null;
  if (log.userId !== learner.id || log.kind !== "ANSWER") {
    throw new DomainError(409, "That review id is already used. Make a new id for each answer.");
  }
  return log;
}

async function duplicateResult(db: Db, learner: Learner, log: NonNullable<Awaited<ReturnType<typeof existingAnswer>>>, now: Date): Promise<GradeResult> {
  const view = await sessionView(db, learner, log.deckId, now);
  // The log has no lapse count: replay the card's log up to this answer, as it stood then.
  const history = await db.reviewLog.findMany({
    where: { userId: learner.id, cardId: log.cardId, seq: { lte: log.seq } },
    select: { id: true, seq: true, kind: true, undoesId: true, grade: true, answeredAt: true, reviewDay: true },
  });
  const { lapses } = replay(history);
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

/**
 * Records an answer. `checked` is access.ts's cardForReview for this card when the entry
 * point already ran it; otherwise it runs here (404 unknown or archived card, 403 not enrolled).
 */
export async function grade(db: Db, learner: Learner, input: GradeInput, now: Date, checked?: CardForReview): Promise<GradeResult> {
  // A retry is not looked up first (one query less per answer): it cannot pass the version
  // check (its answer raised the version) nor insert its review id again, and both failures
  // land below, where the log decides whether it is a retry.
  const { card, deck } = checked?.card.id === input.cardId ? checked : await cardForReview(db, learner, input.cardId);
  // On PostgreSQL the study day and the card's state come in one statement; the first attempt uses that state.
  const start = isPostgres(db) ? await dayAndStateOnPostgres(db, learner.id, card.id) : null;
  const today = start ? currentStudyDay(now, learner.timeZone, learner.dayRolloverHour, start.lastReviewDay ?? undefined) : await studyDay(db, learner, now);

  let after: SrsFields | undefined;
  for (let attempt = 1; !after; attempt++) {
    try {
      after = await recordAnswer(db, learner, input, card, today, now, attempt === 1 ? start?.state : undefined);
    } catch (err) {
      // A retry of this very answer, recorded earlier or winning the race: answer as for a retry.
      if (err instanceof DomainError || isUniqueViolation(err)) {
        const raced = await existingAnswer(db, learner, input.reviewId);
        if (raced && (raced.cardId !== input.cardId || raced.grade !== input.grade)) {
          throw new DomainError(409, "That review id was already used for a different answer. Make a new id for each answer.");
        }
        if (raced) return duplicateResult(db, learner, raced, now);
      }
      // Another write of this learner took the sequence number (or created this card's state) first:
      // run again; the version check then decides whether this answer still stands.
      if (!isUniqueViolation(err)) throw err;
      if (attempt >= SEQ_ATTEMPTS) throw busy();
      await pauseBeforeRetry(attempt);
    }
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

/** Reviewed before, scheduled for a later day (or buried past today), and not in a same-day repeat. */
function notDueToday(row: { lastReviewedAt: Date | null; dueDay: number; extraReview: boolean; buriedUntilDay: number | null }, today: number): boolean {
  if (row.lastReviewedAt === null || row.extraReview) return false;
  return row.dueDay > today || (row.buriedUntilDay !== null && row.buriedUntilDay > today);
}

/** What an answer does to the state row as read: the checks that refuse it (409), then SM-2. */
function decide(row: StateRow | null, input: GradeInput, today: number, now: Date) {
  const version = row?.version ?? 0;
  if (version !== input.expectedVersion) throw conflict(row);
  if (row?.suspended) throw new DomainError(409, "This card is suspended. Unsuspend it to review it.");
  if (!input.studyAhead && row && notDueToday(row, today)) {
    throw new DomainError(409, "This card is not due today. Choose to study ahead to review it early.", { state: viewOf(row) });
  }
  const before = fieldsOf(row);
  return { version, before, next: applyAnswer(before, input.grade, today, now), dueDayBefore: isNewCard(row ?? undefined) ? null : before.dueDay };
}

const stateOf = (db: Db | Tx, userId: string, cardId: string) => db.cardState.findUnique({ where: { userId_cardId: { userId, cardId } } });

/**
 * One attempt: the version check, SM-2, the new state and the log entry, atomically. On
 * PostgreSQL one statement (postgres.ts) after reading the state (`read`: already read); on
 * SQLite, in-process and without round trips, a transaction that takes the write lock first.
 */
async function recordAnswer(
  db: Db, learner: Learner, input: GradeInput, card: CardForReview["card"], today: number, now: Date, read?: StateRow | null,
): Promise<SrsFields> {
  if (isPostgres(db)) {
    const row = read !== undefined ? read : await stateOf(db, learner.id, card.id);
    const { version, before, next, dueDayBefore } = decide(row, input, today, now);
    const written = await writeAnswerOnPostgres(db, {
      reviewId: input.reviewId, userId: learner.id, cardId: card.id, deckId: card.deckId, grade: input.grade, durationMs: input.durationMs,
      version, exists: row !== null, before, dueDayBefore, next, today, now,
    });
    // Another answer changed (or created) the row since we read it: answer with the state it left.
    if (!written) throw conflict(await stateOf(db, learner.id, card.id));
    return next;
  }
  return db.$transaction(async (tx) => {
    await lockForWrite(tx, learner.id, card.id);
    const row = await stateOf(tx, learner.id, card.id);
    const { version, before, next, dueDayBefore } = decide(row, input, today, now);
    const data = { ...next, version: version + 1, buriedUntilDay: null };
    if (row) {
      const { count } = await tx.cardState.updateMany({ where: { userId: learner.id, cardId: card.id, version }, data });
      if (count !== 1) throw conflict(await stateOf(tx, learner.id, card.id));
    } else {
      await tx.cardState.create({ data: { ...data, userId: learner.id, cardId: card.id, deckId: card.deckId } });
    }
    await tx.reviewLog.create({
      data: {
        id: input.reviewId, userId: learner.id, seq: await nextSeq(tx, learner.id), cardId: card.id, deckId: card.deckId, kind: "ANSWER", grade: input.grade,
        repetitionsBefore: before.repetitions, easinessBefore: before.easiness, intervalBefore: before.interval,
        dueDayBefore, extraReviewBefore: before.extraReview,
        repetitionsAfter: next.repetitions, easinessAfter: next.easiness, intervalAfter: next.interval,
        dueDayAfter: next.dueDay, extraReviewAfter: next.extraReview,
        answeredAt: now, reviewDay: today, durationMs: input.durationMs,
      },
    });
    return next;
  });
}
