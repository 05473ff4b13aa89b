// Data access for decks, cards and enrolments.
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { canEnrol, canViewDeck, type Viewer } from "./access.ts";

export const deckIdSchema = z.string().trim().min(1, "Missing deck id.").max(64, "Malformed deck id.").regex(/^[a-z0-9]+$/i, "Malformed deck id.");

export interface DeckSummary {
  id: string;
  title: string;
  description: string;
  cardCount: number;
  published: boolean;
}

const summarySelect = {
  id: true, title: true, description: true, published: true, _count: { select: { cards: true } },
} as const;

type SummaryRow = { id: string; title: string; description: string; published: boolean; _count: { cards: number } };
const toSummary = ({ _count, ...d }: SummaryRow): DeckSummary => ({ ...d, cardCount: _count.cards });

export async function decksForLearner(db: Db, userId: string): Promise<{ enrolled: DeckSummary[]; available: DeckSummary[] }> {
  const [enrolled, available] = await Promise.all([
    db.deck.findMany({ where: { enrolments: { some: { userId } } }, select: summarySelect, orderBy: { title: "asc" } }),
    db.deck.findMany({ where: { published: true, enrolments: { none: { userId } } }, select: summarySelect, orderBy: { title: "asc" } }),
  ]);
  return { enrolled: enrolled.map(toSummary), available: available.map(toSummary) };
}

export async function deckWithCards(db: Db, deckId: string, viewer: Viewer) {
  const deck = await db.deck.findUnique({
    where: { id: deckId },
    include: {
      owner: { select: { name: true } },
      cards: { orderBy: { position: "asc" }, select: { id: true, position: true, front: true, back: true, experimentId: true } },
      enrolments: { where: { userId: viewer.id }, select: { userId: true } },
    },
  });
  if (!deck) return { status: "not-found" as const };
  const enrolled = deck.enrolments.length > 0;
  if (!canViewDeck(deck, viewer, enrolled)) return { status: "forbidden" as const };
  return { status: "ok" as const, deck, enrolled };
}

export class EnrolmentError extends Error {}

export async function enrol(db: Db, deckId: string, viewer: Viewer): Promise<void> {
  const deck = await db.deck.findUnique({ where: { id: deckId }, select: { published: true, ownerId: true } });
  if (!deck) throw new EnrolmentError("That deck does not exist.");
  if (!canEnrol(deck, viewer)) throw new EnrolmentError("That deck is not published yet.");
  // Idempotent: enrolling twice is not an error.
  await db.enrolment.upsert({
    where: { userId_deckId: { userId: viewer.id, deckId } },
    create: { userId: viewer.id, deckId },
    update: {},
  });
}

export async function enrolInStarterDecks(db: Db, userId: string, slugs: readonly string[]): Promise<void> {
  const decks = await db.deck.findMany({ where: { slug: { in: [...slugs] }, published: true }, select: { id: true } });
  for (const d of decks) {
    await db.enrolment.upsert({ where: { userId_deckId: { userId, deckId: d.id } }, create: { userId, deckId: d.id }, update: {} });
  }
}

export async function decksOwnedBy(db: Db, ownerId: string) {
  const decks = await db.deck.findMany({
    where: { ownerId },
    select: { ...summarySelect, _count: { select: { cards: true, enrolments: true } } },
    orderBy: { title: "asc" },
  });
  return decks.map(({ _count, ...d }) => ({ ...d, cardCount: _count.cards, learnerCount: _count.enrolments }));
}
