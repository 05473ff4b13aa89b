// Undo: reverses the latest answer; the append-only log gains a compensating entry.
import type { Db } from "../db/client.ts";
import { deckForReview, type DeckForReview } from "../decks/access.ts";
import { DomainError } from "../errors.ts";
import { reviewCard, sessionView, studyDay, type SessionView } from "./session.ts";
import { lockForWrite, type Learner } from "./state.ts";
import { replay } from "./transitions.ts";

export interface UndoResult extends SessionView {
  undone: { reviewId: string; cardId: string };
}

/**
 * Reverses the learner's latest answer in this deck; the log gains a compensating entry.
 * `checked`: access.ts's deckForReview for this deck, when the entry point already ran it.
 */
export async function undoLast(db: Db, learner: Learner, deckId: string, undoId: string, now: Date, checked?: DeckForReview): Promise<UndoResult> {
  const deck = checked?.id === deckId ? checked : await deckForReview(db, learner, deckId);
  const done = await db.reviewLog.findUnique({ where: { id: undoId } });
  if (done) {
    if (done.userId !== learner.id || done.kind !== "UNDO" || done.deckId !== deckId) {
      throw new DomainError(409, "That undo id is already used. Make a new id for each undo.");
    }
    // A retry of an undo that went through: report it again, change nothing.
    const view = await sessionView(db, learner, deckId, now, deck);
    return { ...view, undone: { reviewId: done.undoesId!, cardId: done.cardId } };
  }
  const undoneIds = (await db.reviewLog.findMany({ where: { userId: learner.id, deckId, kind: "UNDO" }, select: { undoesId: true } })).map((u) => u.undoesId!);
  const last = await db.reviewLog.findFirst({
    where: { userId: learner.id, deckId, kind: "ANSWER", id: { notIn: undoneIds } },
    orderBy: [{ answeredAt: "desc" }, { createdAt: "desc" }],
    include: { card: { select: { archivedAt: true } } },
  });
  if (!last) throw new DomainError(409, "There is no answer to undo.");
  if (last.card.archivedAt) throw new DomainError(409, "That answer can no longer be undone: its card was archived.");

  await db.$transaction(async (tx) => {
    await lockForWrite(tx, learner.id, last.cardId);
    const row = await tx.cardState.findUnique({ where: { userId_cardId: { userId: learner.id, cardId: last.cardId } } });
    if (!row || row.lastReviewedAt?.getTime() !== last.answeredAt.getTime()) {
      throw new DomainError(409, "That answer can no longer be undone: the card was changed since.");
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
    if (count !== 1) throw new DomainError(409, "That answer can no longer be undone: the card was changed since.");
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
