// Archiving and deleting decks and cards. The review log is append-only and its foreign
// keys refuse the deletion of a reviewed card (RESTRICT), so "delete" archives whatever
// has study history and really deletes only what has none. An archived deck or card is
// left out of everything learners study (lists, deck page, queue, enrolment: see data.ts,
// access.ts and lib/reviews/session.ts) while its learners' review log and card states
// stay as they were; restoring brings it back with every learner's schedule intact.
// Who may call these is for the entry point to check (access.ts); none exists yet.
import type { Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import { CARD_NOT_FOUND, DECK_NOT_FOUND } from "./access.ts";

export type RemoveOutcome = "deleted" | "archived";

/** Archives a card (idempotent: an archived card keeps its first archiving time). */
export async function archiveCard(db: Db, cardId: string, now: Date = new Date()): Promise<void> {
  const { count } = await db.card.updateMany({ where: { id: cardId, archivedAt: null }, data: { archivedAt: now } });
  if (count === 0 && !(await db.card.findUnique({ where: { id: cardId }, select: { id: true } }))) throw new DomainError(404, CARD_NOT_FOUND);
}

/** Brings an archived card back (idempotent). */
export async function restoreCard(db: Db, cardId: string): Promise<void> {
  const { count } = await db.card.updateMany({ where: { id: cardId }, data: { archivedAt: null } });
  if (count === 0) throw new DomainError(404, CARD_NOT_FOUND);
}

/** Archives a deck (idempotent); its cards keep their own archived state. */
export async function archiveDeck(db: Db, deckId: string, now: Date = new Date()): Promise<void> {
  const { count } = await db.deck.updateMany({ where: { id: deckId, archivedAt: null }, data: { archivedAt: now } });
  if (count === 0 && !(await db.deck.findUnique({ where: { id: deckId }, select: { id: true } }))) throw new DomainError(404, DECK_NOT_FOUND);
}

/** Brings an archived deck back (idempotent). */
export async function restoreDeck(db: Db, deckId: string): Promise<void> {
  const { count } = await db.deck.updateMany({ where: { id: deckId }, data: { archivedAt: null } });
  if (count === 0) throw new DomainError(404, DECK_NOT_FOUND);
}

/** A foreign key refused the delete (P2003), e.g. the review log's RESTRICT on a reviewed card. */
function isForeignKeyViolation(err: unknown): boolean {
  return (err as { code?: string }).code === "P2003";
}

const isNotFound = (err: unknown) => (err as { code?: string }).code === "P2025";

/**
 * Deletes a card that no learner ever reviewed (its card states go with it); a card with
 * any review-log row is archived instead. The database decides: the delete is tried, and
 * the log's RESTRICT foreign key refuses it for a reviewed card, so an answer recorded a
 * moment before cannot be lost to a race between a check and the delete. (The review log
 * has no index starting with the card, so it is searched only once the delete is refused.)
 */
export async function deleteCard(db: Db, cardId: string, now: Date = new Date()): Promise<RemoveOutcome> {
  try {
    await db.card.delete({ where: { id: cardId } });
    return "deleted";
  } catch (err) {
    if (isNotFound(err)) throw new DomainError(404, CARD_NOT_FOUND);
    if (!isForeignKeyViolation(err) || !(await db.reviewLog.findFirst({ where: { cardId }, select: { id: true } }))) throw err;
  }
  await archiveCard(db, cardId, now);
  return "archived";
}

/**
 * Deletes a deck with no study history (its cards, card states and enrolments go with it);
 * a deck any of whose cards has a review-log row is archived instead, as deleteCard.
 */
export async function deleteDeck(db: Db, deckId: string, now: Date = new Date()): Promise<RemoveOutcome> {
  try {
    await db.deck.delete({ where: { id: deckId } });
    return "deleted";
  } catch (err) {
    if (isNotFound(err)) throw new DomainError(404, DECK_NOT_FOUND);
    if (!isForeignKeyViolation(err) || !(await db.reviewLog.findFirst({ where: { deckId }, select: { id: true } }))) throw err;
  }
  await archiveDeck(db, deckId, now);
  return "archived";
}
