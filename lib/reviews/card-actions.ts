// Bury, suspend, unsuspend: flags on the learner's card state, outside SM-2.
import type { Db } from "../db/client.ts";
import { cardForReview, type CardForReview } from "../decks/access.ts";
import { sessionView, studyDay, type SessionView } from "./session.ts";
import { conflict, lockForWrite, viewOf, type CardStateView, type Learner } from "./state.ts";
import { NEW_FIELDS } from "./transitions.ts";
import type { CardAction } from "./validation.ts";

/**
 * Bury (back tomorrow), suspend (never, until unsuspended) or unsuspend a card. `checked`:
 * access.ts's cardForReview for this card, when the entry point already ran it.
 */
export async function changeCard(db: Db, learner: Learner, cardId: string, action: CardAction, now: Date, checked?: CardForReview): Promise<SessionView & { card: CardStateView }> {
  const { card, deck } = checked?.card.id === cardId ? checked : await cardForReview(db, learner, cardId);
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
