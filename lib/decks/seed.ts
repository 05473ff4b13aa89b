// Idempotent seed: the chapter-13 deck, and the demo instructor and learner when asked for.
// Running it again creates nothing twice; it brings the deck's card text up to date
// (so existing databases get corrected answers) and never touches learners' progress.
// The deck's owner: the demo instructor while the demo accounts exist, otherwise a system
// account nobody can sign in as (SYSTEM_OWNER), so production has the deck without an
// account whose password is published.
import type { Db } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { hashPassword, UNUSABLE_PASSWORD_HASH } from "../auth/password.ts";
import { DEMO_ACCOUNTS, DEMO_INSTRUCTOR, DEMO_LEARNER, SYSTEM_OWNER, type DemoAccount } from "../users/demo.ts";
import { answerKeyCards } from "./answer-key.ts";
import { renderedCardFields } from "./cards.ts";
import { CHAPTER13_DECK } from "./chapter13.ts";

export interface SeedReport {
  usersCreated: number;
  deckCreated: boolean;
  cardsCreated: number;
  cardsUpdated: number;
}

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

/** A demo account switched off (PROOFDECK_DEMO=0 after it was on): its published password no longer works. */
export const DISABLED_DEMO_HASH = `${UNUSABLE_PASSWORD_HASH}:demo-disabled`;

type SeedAccount = Omit<DemoAccount, "password"> & { password: string | null };

async function ensureUser(db: Db, account: SeedAccount): Promise<{ id: string; created: boolean }> {
  const passwordHash = () => (account.password === null ? Promise.resolve(UNUSABLE_PASSWORD_HASH) : hashPassword(account.password));
  const existing = await db.user.findUnique({ where: { email: account.email }, select: { id: true, passwordHash: true } });
  if (existing) {
    // Switched back on: the published password works again (a password the user changed is kept).
    if (existing.passwordHash === DISABLED_DEMO_HASH) await db.user.update({ where: { id: existing.id }, data: { passwordHash: await passwordHash() } });
    return { id: existing.id, created: false };
  }
  const data = { email: account.email, name: account.name, role: account.role, passwordHash: await passwordHash(), emailVerifiedAt: new Date() };
  const created = await createUnlessRaced(() => db.user.create({ data, select: { id: true } }));
  if (created) return { id: created.id, created: true };
  const winner = await db.user.findUniqueOrThrow({ where: { email: account.email }, select: { id: true } });
  return { id: winner.id, created: false };
}

/** Switches the demo accounts off: published passwords stop working, their sessions end. */
async function disableDemoAccounts(db: Db): Promise<void> {
  await db.user.updateMany({
    where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) }, passwordHash: { not: DISABLED_DEMO_HASH } },
    data: { passwordHash: DISABLED_DEMO_HASH, sessionVersion: { increment: 1 } },
  });
}

export interface SeedOptions {
  /** Create the demo accounts (published passwords): scripts/prepare.ts asks demoAccountsWanted(). Default true. */
  demoAccounts?: boolean;
}

/** Idempotent, and safe when several app instances start (and seed) at once. */
export async function seedDemo(db: Db, { demoAccounts = true }: SeedOptions = {}): Promise<SeedReport> {
  if (!demoAccounts) await disableDemoAccounts(db);
  const owner = await ensureUser(db, demoAccounts ? DEMO_INSTRUCTOR : { ...SYSTEM_OWNER, password: null });
  const learner = demoAccounts ? await ensureUser(db, DEMO_LEARNER) : null;

  let deck = await db.deck.findUnique({ where: { slug: CHAPTER13_DECK.slug }, select: { id: true, title: true, description: true } });
  let deckCreated = false;
  if (!deck) {
    deck = await createUnlessRaced(() =>
      db.deck.create({ data: { ...CHAPTER13_DECK, ownerId: owner.id, published: true }, select: { id: true, title: true, description: true } }),
    );
    deckCreated = deck !== null;
    deck ??= await db.deck.findUniqueOrThrow({ where: { slug: CHAPTER13_DECK.slug }, select: { id: true, title: true, description: true } });
  } else if (deck.title !== CHAPTER13_DECK.title || deck.description !== CHAPTER13_DECK.description) {
    // Only a changed answer key is written; an ordinary start writes nothing.
    await db.deck.update({ where: { id: deck.id }, data: { title: CHAPTER13_DECK.title, description: CHAPTER13_DECK.description } });
  }
  const deckId = deck.id;
  // The deck passes between the demo instructor and the system owner as the demo accounts come and go.
  const swappable = await db.user.findMany({ where: { email: { in: [DEMO_INSTRUCTOR.email, SYSTEM_OWNER.email] } }, select: { id: true } });
  await db.deck.updateMany({ where: { id: deckId, ownerId: { in: swappable.map((u) => u.id), not: owner.id } }, data: { ownerId: owner.id } });

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

  if (learner) {
    const enrolled = await db.enrolment.findUnique({ where: { userId_deckId: { userId: learner.id, deckId } } });
    if (!enrolled) await createUnlessRaced(() => db.enrolment.create({ data: { userId: learner.id, deckId } }));
  }

  return { usersCreated: Number(owner.created) + Number(learner?.created ?? false), deckCreated, cardsCreated, cardsUpdated };
}
