// A review history for the operations tests (review log, rebuild, backup): learners enrolled in the
// demo deck who answer and undo through the real grading code.
import crypto from "node:crypto";
import type { Db } from "../../lib/db/client.ts";
import { enrol } from "../../lib/decks/data.ts";
import { seedDemo } from "../../lib/decks/seed.ts";
import { grade, undoLast, type Learner } from "../../lib/reviews/data.ts";
import { mulberry32 } from "../../experiments/random/mulberry32.ts";

export async function demoDeck(db: Db): Promise<{ deckId: string; cardIds: string[] }> {
  await seedDemo(db);
  const deck = await db.deck.findFirstOrThrow({ include: { cards: { orderBy: { position: "asc" }, select: { id: true } } } });
  return { deckId: deck.id, cardIds: deck.cards.map((c) => c.id) };
}

let made = 0;

/** A new learner enrolled in the deck (no password: these tests never sign in). */
export async function newLearner(db: Db, deckId: string, timeZone = "UTC"): Promise<Learner> {
  const n = `${process.pid}-${++made}-${crypto.randomBytes(3).toString("hex")}`;
  const user = await db.user.create({ data: { email: `studier-${n}@example.com`, name: `Studier ${n}`, passwordHash: "not-used", timeZone } });
  await enrol(db, deckId, user);
  return { id: user.id, role: user.role, timeZone: user.timeZone, dayRolloverHour: user.dayRolloverHour };
}

/** Grades a card from its stored version (an up-to-date screen), studying ahead when it is not due. */
export async function answer(db: Db, who: Learner, cardId: string, q: number, when: Date, reviewId: string = crypto.randomUUID()) {
  const expectedVersion = (await db.cardState.findUnique({ where: { userId_cardId: { userId: who.id, cardId } } }))?.version ?? 0;
  return grade(db, who, { reviewId, cardId, grade: q, durationMs: 3000, expectedVersion, studyAhead: true }, when);
}

/** `steps` seeded answers (about one in eight an undo) spread over several days, per learner in turn. */
export async function study(db: Db, learners: Learner[], deckId: string, cardIds: string[], steps: number, seed = 7): Promise<void> {
  const random = mulberry32(seed);
  let clock = Date.parse("2026-03-10T08:00:00Z");
  for (let i = 0; i < steps; i++) {
    clock += Math.floor(1 + random() * 300) * 60_000;
    const who = learners[i % learners.length]!;
    if (random() < 0.125 && (await db.reviewLog.count({ where: { userId: who.id, kind: "ANSWER" } })) > 0) {
      await undoLast(db, who, deckId, crypto.randomUUID(), new Date(clock)).catch(() => undefined); // nothing left to undo: fine
      continue;
    }
    await answer(db, who, cardIds[Math.floor(random() * cardIds.length)]!, Math.floor(random() * 6), new Date(clock));
  }
}
