// Undo: reverses the latest answer; the append-only log gains a compensating entry.
import type { Db } from "../db/client.ts";
import { deckForReview, type DeckForReview } from "../decks/access.ts";
import { DomainError } from "../errors.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { busy, nextSeq, pauseBeforeRetry, SEQ_ATTEMPTS } from "./log.ts";
import { reviewCard, sessionView, studyDay, type SessionView } from "./session.ts";
import { lockForWrite, type Learner } from "./state.ts";
import { replay } from "./transitions.ts";

export interface UndoResult extends SessionView {
  undone: { reviewId: string; cardId: string };
  /** The latest answer still standing after this undo (what a further undo would reverse), or null. */
  previousAnswerId: string | null;
}

/**
 * Reverses the learner's latest answer in this deck; the log gains a compensating entry.
 * `checked`: access.ts's deckForReview for this deck, when the entry point already ran it.
 */
/**
 * `answerId`: the answer the learner means to undo (the latest one their screen knows). When given, only that
 * answer is undone: if it was undone already (a lost response, then another press with a new undo id) the
 * undo is reported again and nothing else changes; if a later answer exists, nothing is undone (409).
 */
export async function undoLast(
  db: Db,
  learner: Learner,
  deckId: string,
  undoId: string,
  now: Date,
  checked?: DeckForReview,
  opts: { answerId?: string } = {},
): Promise<UndoResult> {
  const deck = checked?.id === deckId ? checked : await deckForReview(db, learner, deckId);
  const again = await alreadyDone(db, learner, deckId, undoId, opts.answerId, now, deck);
  if (again) return again;
  let last: LatestAnswer | undefined;
  for (let attempt = 1; !last; attempt++) {
    const latest = await latestAnswer(db, learner, deckId);
    if (!latest) throw new DomainError(409, "There is no answer to undo.");
    if (opts.answerId && latest.id !== opts.answerId) throw new DomainError(409, "That answer is no longer the latest one; nothing was undone.");
    if (latest.card.archivedAt) throw new DomainError(409, "That answer can no longer be undone: its card was archived.");
    try {
      await undoInTransaction(db, learner, deckId, undoId, latest, now);
      last = latest;
    } catch (err) {
      // A concurrent retry (same undo id) or another undo of the same answer may have won the race.
      if (err instanceof DomainError || isUniqueViolation(err)) {
        const raced = await alreadyDone(db, learner, deckId, undoId, opts.answerId ?? latest.id, now, deck);
        if (raced) return raced;
      }
      // Another write of this learner took the sequence number first: look again for the latest answer.
      if (!isUniqueViolation(err)) throw err;
      if (attempt >= SEQ_ATTEMPTS) throw busy();
      await pauseBeforeRetry(attempt);
    }
  }

  // The restored card comes back first, whatever the queue order.
  const view = await sessionView(db, learner, deckId, now, deck);
  const restoredCard = await reviewCard(db, learner, last.cardId, last.dueDayBefore === null ? "new" : "review");
  return { ...view, next: restoredCard, undone: { reviewId: last.id, cardId: last.cardId }, previousAnswerId: (await latestAnswer(db, learner, deckId))?.id ?? null };
}

/** The learner's latest answer in the deck that no undo has reversed. */
async function latestAnswer(db: Db, learner: Learner, deckId: string) {
  const undoneIds = (await db.reviewLog.findMany({ where: { userId: learner.id, deckId, kind: "UNDO" }, select: { undoesId: true } })).map((u) => u.undoesId!);
  return db.reviewLog.findFirst({
    where: { userId: learner.id, deckId, kind: "ANSWER", id: { notIn: undoneIds } },
    orderBy: { seq: "desc" },
    include: { card: { select: { archivedAt: true } } },
  });
}

/**
 * The same undo reported again when it already happened: this undo id was recorded (a retry), or the answer
 * the learner meant was undone already (under another undo id). Null when neither.
 */
async function alreadyDone(db: Db, learner: Learner, deckId: string, undoId: string, answerId: string | undefined, now: Date, deck: DeckForReview): Promise<UndoResult | null> {
  const byId = await db.reviewLog.findUnique({ where: { id: undoId } });
  if (byId && (byId.userId !== learner.id || byId.kind !== "UNDO" || byId.deckId !== deckId)) {
    throw new DomainError(409, "That undo id is already used. Make a new id for each undo.");
  }
  const done = byId ?? (answerId ? await db.reviewLog.findFirst({ where: { userId: learner.id, deckId, kind: "UNDO", undoesId: answerId } }) : null);
  if (!done) return null;
  const view = await sessionView(db, learner, deckId, now, deck);
  return { ...view, undone: { reviewId: done.undoesId!, cardId: done.cardId }, previousAnswerId: (await latestAnswer(db, learner, deckId))?.id ?? null };
}

type LatestAnswer = NonNullable<Awaited<ReturnType<typeof latestAnswer>>>;

async function undoInTransaction(db: Db, learner: Learner, deckId: string, undoId: string, last: LatestAnswer, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockForWrite(tx, learner.id, last.cardId);
    const row = await tx.cardState.findUnique({ where: { userId_cardId: { userId: learner.id, cardId: last.cardId } } });
    if (!row || row.lastReviewedAt?.getTime() !== last.answeredAt.getTime()) {
      throw new DomainError(409, "That answer can no longer be undone: the card was changed since.");
    }
    const history = await tx.reviewLog.findMany({
      where: { userId: learner.id, cardId: last.cardId },
      select: { id: true, seq: true, kind: true, undoesId: true, grade: true, answeredAt: true, reviewDay: true },
    });
    const seq = await nextSeq(tx, learner.id);
    const restored = replay([...history, { id: undoId, seq, kind: "UNDO", undoesId: last.id, grade: null, answeredAt: now, reviewDay: last.reviewDay }]);
    const { count } = await tx.cardState.updateMany({
      where: { userId: learner.id, cardId: last.cardId, version: row.version },
      data: { ...restored, version: row.version + 1 },
    });
    if (count !== 1) throw new DomainError(409, "That answer can no longer be undone: the card was changed since.");
    await tx.reviewLog.create({
      data: {
        id: undoId, userId: learner.id, seq, cardId: last.cardId, deckId, kind: "UNDO", undoesId: last.id, grade: null,
        repetitionsBefore: row.repetitions, easinessBefore: row.easiness, intervalBefore: row.interval,
        dueDayBefore: row.dueDay, extraReviewBefore: row.extraReview,
        repetitionsAfter: restored.repetitions, easinessAfter: restored.easiness, intervalAfter: restored.interval,
        dueDayAfter: restored.dueDay, extraReviewAfter: restored.extraReview,
        answeredAt: now, reviewDay: await studyDay(tx as unknown as Db, learner, now), durationMs: 0,
      },
    });
  });
}
