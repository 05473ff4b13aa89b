// Idempotent demo seed: the demo instructor and learner, and the chapter-13 deck.
// Running it again creates nothing twice; it brings the deck's card text up to date
// (so existing databases get corrected answers) and never touches learners' progress.
import type { Db } from "../db/client.ts";
import { hashPassword } from "../auth/password.ts";
import { DEMO_INSTRUCTOR, DEMO_LEARNER, type DemoAccount } from "../users/demo.ts";
import { CHAPTER13_CARDS, CHAPTER13_DECK } from "./chapter13.ts";

export interface SeedReport {
  usersCreated: number;
  deckCreated: boolean;
  cardsCreated: number;
  cardsUpdated: number;
}

async function ensureUser(db: Db, account: DemoAccount): Promise<{ id: string; created: boolean }> {
  const existing = await db.user.findUnique({ where: { email: account.email }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  const created = await db.user.create({
    data: { email: account.email, name: account.name, role: account.role, passwordHash: await hashPassword(account.password) },
    select: { id: true },
  });
  return { id: created.id, created: true };
}

export async function seedDemo(db: Db): Promise<SeedReport> {
  const instructor = await ensureUser(db, DEMO_INSTRUCTOR);
  const learner = await ensureUser(db, DEMO_LEARNER);

  const before = await db.deck.findUnique({ where: { slug: CHAPTER13_DECK.slug }, select: { id: true } });
  const deck = await db.deck.upsert({
    where: { slug: CHAPTER13_DECK.slug },
    create: { ...CHAPTER13_DECK, ownerId: instructor.id, published: true },
    update: { title: CHAPTER13_DECK.title, description: CHAPTER13_DECK.description },
    select: { id: true },
  });

  let cardsCreated = 0;
  let cardsUpdated = 0;
  const existing = new Map(
    (await db.card.findMany({ where: { deckId: deck.id }, select: { externalId: true, front: true, back: true, experimentId: true, position: true } }))
      .map((c) => [c.externalId, c]),
  );
  for (const card of CHAPTER13_CARDS) {
    const old = existing.get(card.externalId);
    if (!old) {
      await db.card.create({ data: { ...card, deckId: deck.id } });
      cardsCreated++;
    } else if (old.front !== card.front || old.back !== card.back || old.experimentId !== card.experimentId || old.position !== card.position) {
      await db.card.update({
        where: { deckId_externalId: { deckId: deck.id, externalId: card.externalId } },
        data: { front: card.front, back: card.back, experimentId: card.experimentId, position: card.position },
      });
      cardsUpdated++;
    }
  }

  await db.enrolment.upsert({
    where: { userId_deckId: { userId: learner.id, deckId: deck.id } },
    create: { userId: learner.id, deckId: deck.id },
    update: {},
  });

  return {
    usersCreated: Number(instructor.created) + Number(learner.created),
    deckCreated: !before,
    cardsCreated,
    cardsUpdated,
  };
}
