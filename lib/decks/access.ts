// Who may do what with a deck: the only place these rules are written. The pure rules
// come first (unit-tested in tests/unit/roles-access.test.ts); then the guards entry
// points call (through the boundary's `access` hook, lib/http/boundary.ts) and domain
// code calls again before it writes. A guard loads what its rule needs and throws a
// DomainError (404 when the viewer may not know the deck or card exists, 403 when they
// may see it but not do this), or returns what it loaded so the caller need not reload it.
// Archived decks and cards are outside study: for every guard here they do not exist.
import type { Db } from "../db/client.ts";
import { Prisma } from "../db/generated/sqlite/client.ts";
import { rawRows } from "../db/raw.ts";
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

/** The deck as the review code needs it, and whether the viewer is enrolled in it. */
export interface DeckForReview extends DeckAccessFacts {
  id: string;
  title: string;
  newCardsPerDay: number;
  reviewsPerDay: number;
  enrolled: boolean;
}

type DeckRow = Omit<DeckForReview, "published" | "enrolled" | "newCardsPerDay" | "reviewsPerDay"> & {
  published: unknown; enrolled: unknown; archived: unknown; newCardsPerDay: unknown; reviewsPerDay: unknown;
};

// One statement with the enrolment as a column (Prisma's nested select is a second query):
// grading runs this on every answer. Plain SQL that SQLite and PostgreSQL read alike; SQLite
// answers booleans as 0/1, hence the conversions.
const deckColumns = (viewer: Viewer) => Prisma.sql`d."id", d."title", d."ownerId", d."published", d."archivedAt" IS NOT NULL AS "archived",
  d."newCardsPerDay", d."reviewsPerDay",
  EXISTS (SELECT 1 FROM "Enrolment" e WHERE e."userId" = ${viewer.id} AND e."deckId" = d."id") AS "enrolled"`;

/** The deck row's checks: 404 when this viewer may not see it (or it is archived), 403 when they may see it but not review it. */
function reviewable(row: DeckRow | undefined, viewer: Viewer): DeckForReview {
  if (!row) throw new DomainError(404, DECK_NOT_FOUND);
  const deck: DeckForReview = {
    id: row.id, title: row.title, ownerId: row.ownerId, published: Boolean(row.published),
    newCardsPerDay: Number(row.newCardsPerDay), reviewsPerDay: Number(row.reviewsPerDay), enrolled: Boolean(row.enrolled),
  };
  if (row.archived || !canViewDeck(deck, viewer, deck.enrolled)) throw new DomainError(404, DECK_NOT_FOUND);
  if (!canReview(deck, viewer, deck.enrolled)) throw new DomainError(403, "Add this deck to your decks to review it.");
  return deck;
}

/** The deck, if this viewer may review it (canReview); 404 when they may not see it, 403 when not enrolled. */
export async function deckForReview(db: Db, viewer: Viewer, deckId: string): Promise<DeckForReview> {
  const [row] = await rawRows<DeckRow>(db, Prisma.sql`SELECT ${deckColumns(viewer)} FROM "Deck" d WHERE d."id" = ${deckId}`);
  return reviewable(row, viewer);
}

/** A card and its deck, if this viewer may review the deck; an archived card is not found. */
export async function cardForReview(db: Db, viewer: Viewer, cardId: string) {
  const [row] = await rawRows<DeckRow & { cardArchived: unknown }>(db, Prisma.sql`
    SELECT c."archivedAt" IS NOT NULL AS "cardArchived", ${deckColumns(viewer)}
    FROM "Card" c JOIN "Deck" d ON d."id" = c."deckId" WHERE c."id" = ${cardId}`);
  if (!row || row.cardArchived) throw new DomainError(404, CARD_NOT_FOUND);
  const deck = reviewable(row, viewer);
  return { card: { id: cardId, deckId: deck.id }, deck };
}

export type CardForReview = Awaited<ReturnType<typeof cardForReview>>;

/** The deck, if this viewer may enrol in it (canEnrol). */
export async function deckForEnrolment(db: Db, viewer: Viewer, deckId: string) {
  const deck = await db.deck.findUnique({ where: { id: deckId }, select: { id: true, published: true, ownerId: true, archivedAt: true } });
  if (!deck || deck.archivedAt) throw new DomainError(404, DECK_NOT_FOUND);
  if (!canEnrol(deck, viewer)) {
    // Someone else's draft is absent to whoever may not see it (the other guards' 404), not "not published".
    if (!canViewDeck(deck, viewer, await enrolledIn(db, viewer, deck.id))) throw new DomainError(404, DECK_NOT_FOUND);
    throw new DomainError(403, "That deck is not published yet.");
  }
  return deck;
}

export type DeckForEnrolment = Awaited<ReturnType<typeof deckForEnrolment>>;

// ---------------------------------------------------------------------------------
// Authoring (issue #10): writing a deck's notes and settings, and publishing it.

/** Writing a deck (its notes, cards, settings) is for its owner, and administrators. */
export function canEditDeck(deck: DeckAccessFacts, viewer: Viewer): boolean {
  return deck.ownerId === viewer.id || hasRole(viewer.role, "ADMIN");
}

/** Publishing (or unpublishing) is for the deck's owner, when they are an instructor. */
export function canPublishDeck(deck: DeckAccessFacts, viewer: Viewer): boolean {
  return deck.ownerId === viewer.id && hasRole(viewer.role, "INSTRUCTOR");
}

export const NOTE_NOT_FOUND = "That note does not exist.";
const EDIT_REFUSED = "Only the deck's owner can change it.";

const editSelect = {
  id: true, title: true, slug: true, description: true, ownerId: true, published: true, archivedAt: true,
  newCardsPerDay: true, reviewsPerDay: true,
} as const;

async function enrolledIn(db: Db, viewer: Viewer, deckId: string): Promise<boolean> {
  return (await db.enrolment.count({ where: { userId: viewer.id, deckId } })) > 0;
}

/**
 * The deck, if this viewer may write it (canEditDeck): 404 when they may not even see it (or it is
 * archived), 403 when they may see it (published, or enrolled) but not write it.
 */
export async function deckForEditing(db: Db, viewer: Viewer, deckId: string) {
  const deck = await db.deck.findUnique({ where: { id: deckId }, select: editSelect });
  if (!deck || deck.archivedAt) throw new DomainError(404, DECK_NOT_FOUND);
  if (!canEditDeck(deck, viewer)) {
    if (canViewDeck(deck, viewer, deck.published || (await enrolledIn(db, viewer, deck.id)))) throw new DomainError(403, EDIT_REFUSED);
    throw new DomainError(404, DECK_NOT_FOUND);
  }
  return deck;
}

export type DeckForEditing = Awaited<ReturnType<typeof deckForEditing>>;

/** The deck, if this viewer may publish or unpublish it (canPublishDeck); as deckForEditing otherwise. */
export async function deckForPublishing(db: Db, viewer: Viewer, deckId: string) {
  const deck = await deckForEditing(db, viewer, deckId);
  if (!canPublishDeck(deck, viewer)) throw new DomainError(403, "Only the deck's owner, as an instructor, can publish it.");
  return deck;
}

/**
 * A note (archived ones included: they can be restored) and its deck, if this viewer may write the
 * deck: 404 when the note does not exist or its deck is one they may not see, 403 when they may
 * see the deck but not write it.
 */
export async function noteForEditing(db: Db, viewer: Viewer, noteId: string) {
  const note = await db.note.findUnique({ where: { id: noteId }, select: { id: true, deckId: true, archivedAt: true } });
  if (!note) throw new DomainError(404, NOTE_NOT_FOUND);
  try {
    return { note, deck: await deckForEditing(db, viewer, note.deckId) };
  } catch (err) {
    if (err instanceof DomainError && err.status === 404) throw new DomainError(404, NOTE_NOT_FOUND);
    throw err;
  }
}

export type NoteForEditing = Awaited<ReturnType<typeof noteForEditing>>;
