// Data access for decks, cards and enrolments. Who may do what is decided in access.ts;
// what learners study never includes archived decks or cards (archive.ts).
import type { Db } from "../db/client.ts";
import { canReview, canViewDeck, deckForEnrolment, type DeckForEnrolment, type Viewer } from "./access.ts";

export { archiveCard, archiveDeck, deleteCard, deleteDeck, restoreCard, restoreDeck } from "./archive.ts";
// The one deck-id schema lives in ids.ts (re-exported for existing importers).

export interface DeckSummary {
  id: string;
  title: string;
  description: string;
  cardCount: number;
  published: boolean;
}

const liveCards = { cards: { where: { archivedAt: null } } } as const;
const summarySelect = {
  id: true, title: true, description: true, published: true, _count: { select: liveCards },
} as const;

type SummaryRow = { id: string; title: string; description: string; published: boolean; _count: { cards: number } };
const toSummary = ({ _count, ...d }: SummaryRow): DeckSummary => ({ ...d, cardCount: _count.cards });

export async function decksForLearner(db: Db, userId: string): Promise<{ enrolled: DeckSummary[]; available: DeckSummary[] }> {
  const [enrolled, available] = await Promise.all([
    db.deck.findMany({ where: { archivedAt: null, enrolments: { some: { userId } } }, select: summarySelect, orderBy: { title: "asc" } }),
    db.deck.findMany({ where: { archivedAt: null, published: true, enrolments: { none: { userId } } }, select: summarySelect, orderBy: { title: "asc" } }),
  ]);
  return { enrolled: enrolled.map(toSummary), available: available.map(toSummary) };
}

/**
 * A deck with its cards (archived ones left out) for the deck page, if the viewer may see
 * it; `canReview` says whether they may start a review session in it.
 */
export async function deckWithCards(db: Db, deckId: string, viewer: Viewer) {
  const deck = await db.deck.findUnique({
    where: { id: deckId },
    include: {
      owner: { select: { name: true } },
      // frontHtml/backHtml: stored at write time (cards.ts), shown on the deck page as they are.
      cards: {
        where: { archivedAt: null },
        orderBy: { position: "asc" },
        select: { id: true, position: true, front: true, back: true, frontHtml: true, backHtml: true, experimentId: true },
      },
      enrolments: { where: { userId: viewer.id }, select: { userId: true } },
    },
  });
  if (!deck || deck.archivedAt) return { status: "not-found" as const };
  const enrolled = deck.enrolments.length > 0;
  if (!canViewDeck(deck, viewer, enrolled)) return { status: "forbidden" as const };
  return { status: "ok" as const, deck, enrolled, canReview: canReview(deck, viewer, enrolled) };
}

/**
 * Enrols the viewer in a deck they may enrol in (access.ts: deckForEnrolment, a 404 or 403
 * DomainError otherwise; `checked` is that guard's result when the caller already ran it).
 * Idempotent: enrolling twice is not an error.
 */
export async function enrol(db: Db, deckId: string, viewer: Viewer, checked?: DeckForEnrolment): Promise<void> {
  if (checked?.id !== deckId) await deckForEnrolment(db, viewer, deckId);
  await db.enrolment.upsert({
    where: { userId_deckId: { userId: viewer.id, deckId } },
    create: { userId: viewer.id, deckId },
    update: {},
  });
}

export async function enrolInStarterDecks(db: Db, userId: string, slugs: readonly string[]): Promise<void> {
  const decks = await db.deck.findMany({ where: { slug: { in: [...slugs] }, published: true, archivedAt: null }, select: { id: true } });
  for (const d of decks) {
    await db.enrolment.upsert({ where: { userId_deckId: { userId, deckId: d.id } }, create: { userId, deckId: d.id }, update: {} });
  }
}

export async function decksOwnedBy(db: Db, ownerId: string) {
  const decks = await db.deck.findMany({
    where: { ownerId, archivedAt: null },
    select: { ...summarySelect, _count: { select: { ...liveCards, enrolments: true } } },
    orderBy: { title: "asc" },
  });
  return decks.map(({ _count, ...d }) => ({ ...d, cardCount: _count.cards, learnerCount: _count.enrolments }));
}
