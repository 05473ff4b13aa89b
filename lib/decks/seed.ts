// Idempotent demo seed: the demo instructor and learner, and the chapter-13 deck.
// Running it again creates nothing twice; it brings the deck's card text up to date
// (so existing databases get corrected answers) and never touches learners' progress.
import type { Db } from "../db/client.ts";
import { hashPassword } from "../auth/password.ts";
import { DEMO_INSTRUCTOR, DEMO_LEARNER, type DemoAccount } from "../users/demo.ts";
import { answerKeyCards } from "./answer-key.ts";
import { renderedCardFields } from "./cards.ts";
import { CHAPTER13_DECK } from "./chapter13.ts";

export interface SeedReport {
  usersCreated: number;
  deckCreated: boolean;
  cardsCreated: number;
  cardsUpdated: number;
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === "P2002";

/**
 * Runs a create; if another instance seeding at the same moment created the row first
 * (a unique-key violation), returns null instead of failing.
 */
async function createUnlessRaced<T>(create: () => Promise<T>): Promise<T | null> {
  try {
    return await create();
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

async function ensureUser(db: Db, account: DemoAccount): Promise<{ id: string; created: boolean }> {
  const existing = await db.user.findUnique({ where: { email: account.email }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  const passwordHash = await hashPassword(account.password);
  const created = await createUnlessRaced(() =>
    db.user.create({ data: { email: account.email, name: account.name, role: account.role, passwordHash }, select: { id: true } }),
  );
  if (created) return { id: created.id, created: true };
  const winner = await db.user.findUniqueOrThrow({ where: { email: account.email }, select: { id: true } });
  return { id: winner.id, created: false };
}

/** Idempotent, and safe when several app instances start (and seed) at once. */
export async function seedDemo(db: Db): Promise<SeedReport> {
  const instructor = await ensureUser(db, DEMO_INSTRUCTOR);
  const learner = await ensureUser(db, DEMO_LEARNER);

  let deck = await db.deck.findUnique({ where: { slug: CHAPTER13_DECK.slug }, select: { id: true, title: true, description: true } });
  let deckCreated = false;
  if (!deck) {
    deck = await createUnlessRaced(() =>
      db.deck.create({ data: { ...CHAPTER13_DECK, ownerId: instructor.id, published: true }, select: { id: true, title: true, description: true } }),
    );
    deckCreated = deck !== null;
    deck ??= await db.deck.findUniqueOrThrow({ where: { slug: CHAPTER13_DECK.slug }, select: { id: true, title: true, description: true } });
  } else if (deck.title !== CHAPTER13_DECK.title || deck.description !== CHAPTER13_DECK.description) {
    // Only a changed answer key is written; an ordinary start writes nothing.
    await db.deck.update({ where: { id: deck.id }, data: { title: CHAPTER13_DECK.title, description: CHAPTER13_DECK.description } });
  }
  const deckId = deck.id;

  let cardsCreated = 0;
  let cardsUpdated = 0;
  const existing = new Map(
    (await db.card.findMany({ where: { deckId }, select: { externalId: true, front: true, back: true, experimentId: true, position: true } }))
      .map((c) => [c.externalId, c]),
  );
  for (const card of answerKeyCards()) {
    const old = existing.get(card.externalId);
    if (!old) {
      // The card's HTML is rendered and stored in the same write as its text (lib/decks/cards.ts).
      const data = { ...card, ...renderedCardFields(card.front, card.back), deckId };
      if (await createUnlessRaced(() => db.card.create({ data, select: { id: true } }))) cardsCreated++;
    } else if (old.front !== card.front || old.back !== card.back || old.experimentId !== card.experimentId || old.position !== card.position) {
      await db.card.update({
        where: { deckId_externalId: { deckId, externalId: card.externalId } },
        data: { ...renderedCardFields(card.front, card.back), experimentId: card.experimentId, position: card.position },
      });
      cardsUpdated++;
    }
  }

  const enrolled = await db.enrolment.findUnique({ where: { userId_deckId: { userId: learner.id, deckId } } });
  if (!enrolled) await createUnlessRaced(() => db.enrolment.create({ data: { userId: learner.id, deckId } }));

  return { usersCreated: Number(instructor.created) + Number(learner.created), deckCreated, cardsCreated, cardsUpdated };
}
