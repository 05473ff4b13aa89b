// Who may do what with a deck: the only place these rules are written. The pure rules
// come first (unit-tested in tests/unit/roles-access.test.ts); then the guards entry
// points call (through the boundary's `access` hook, lib/http/boundary.ts) and domain
// code calls again before it writes. A guard loads what its rule needs and throws a
// DomainError (404 when the viewer may not know the deck or card exists, 403 when they
// may see it but not do this), or returns what it loaded so the caller need not reload it.
// Archived decks and cards are outside study: for every guard here they do not exist.
import type { Db } from "../db/client.ts";
import { hasRole, type Role } from "../auth/roles.ts";
import { DomainError } from "../errors.ts";

export interface DeckAccessFacts {
  published: boolean;
  ownerId: string;
}

export interface Viewer {
  id: string;
  role: Role;
}

/** Learners see decks they are enrolled in or that are published; owners and admins see theirs. */
export function canViewDeck(deck: DeckAccessFacts, viewer: Viewer, enrolled: boolean): boolean {
  return enrolled || deck.published || deck.ownerId === viewer.id || hasRole(viewer.role, "ADMIN");
}

/** Anyone may enrol in a published deck; the owner may also enrol in a draft to try it. */
export function canEnrol(deck: DeckAccessFacts, viewer: Viewer): boolean {
  return deck.published || deck.ownerId === viewer.id;
}

/** Reviewing (a session, grading, undo, bury/suspend) is for learners enrolled in the deck, and its owner. */
export function canReview(deck: DeckAccessFacts, viewer: Viewer, enrolled: boolean): boolean {
  return enrolled || deck.ownerId === viewer.id;
}

export const DECK_NOT_FOUND = "That deck does not exist.";
export const CARD_NOT_FOUND = "That card does not exist.";

/** The deck, if this viewer may review it (canReview); 404 when they may not see it, 403 when not enrolled. */
export async function deckForReview(db: Db, viewer: Viewer, deckId: string) {
  const deck = await db.deck.findUnique({
    where: { id: deckId },
    select: {
      id: true, title: true, ownerId: true, published: true, archivedAt: true, newCardsPerDay: true, reviewsPerDay: true,
      enrolments: { where: { userId: viewer.id }, select: { userId: true } },
    },
  });
  const enrolled = (deck?.enrolments.length ?? 0) > 0;
  if (!deck || deck.archivedAt || !canViewDeck(deck, viewer, enrolled)) throw new DomainError(404, DECK_NOT_FOUND);
  if (!canReview(deck, viewer, enrolled)) throw new DomainError(403, "Add this deck to your decks to review it.");
  return deck;
}

export type DeckForReview = Awaited<ReturnType<typeof deckForReview>>;

/** A card and its deck, if this viewer may review the deck; an archived card is not found. */
export async function cardForReview(db: Db, viewer: Viewer, cardId: string) {
  const card = await db.card.findUnique({ where: { id: cardId }, select: { id: true, deckId: true, archivedAt: true } });
  if (!card || card.archivedAt) throw new DomainError(404, CARD_NOT_FOUND);
  return { card: { id: card.id, deckId: card.deckId }, deck: await deckForReview(db, viewer, card.deckId) };
}

export type CardForReview = Awaited<ReturnType<typeof cardForReview>>;

/** The deck, if this viewer may enrol in it (canEnrol). */
export async function deckForEnrolment(db: Db, viewer: Viewer, deckId: string) {
  const deck = await db.deck.findUnique({ where: { id: deckId }, select: { id: true, published: true, ownerId: true, archivedAt: true } });
  if (!deck || deck.archivedAt) throw new DomainError(404, DECK_NOT_FOUND);
  if (!canEnrol(deck, viewer)) throw new DomainError(403, "That deck is not published yet.");
  return deck;
}

export type DeckForEnrolment = Awaited<ReturnType<typeof deckForEnrolment>>;
