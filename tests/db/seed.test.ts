import { describe, expect, it } from "vitest";
import { verifyPassword } from "../../lib/auth/password.ts";
import { answerKeyCards } from "../../lib/decks/answer-key.ts";
import { CHAPTER13_DECK } from "../../lib/decks/chapter13.ts";

// The cards as the seed writes them: the hand-written answers with each experiment's computed verdict.
const CHAPTER13_CARDS = answerKeyCards();
import { seedDemo } from "../../lib/decks/seed.ts";
import { DEMO_INSTRUCTOR, DEMO_LEARNER } from "../../lib/users/demo.ts";
import { createDb, type Db } from "../../lib/db/client.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";

async function counts(db: Db) {
  return {
    users: await db.user.count(),
    decks: await db.deck.count(),
    cards: await db.card.count(),
    enrolments: await db.enrolment.count(),
  };
}

describe.each(testDatabases())("seedDemo() on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "on a fresh database" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);

    it("creates the demo instructor and learner, the chapter 13 deck with nine cards, and enrols the learner", async () => {
      const report = await seedDemo(h.db);
      expect(report).toEqual({ usersCreated: 2, deckCreated: true, cardsCreated: 9, cardsUpdated: 0 });
      expect(await counts(h.db)).toEqual({ users: 2, decks: 1, cards: 9, enrolments: 1 });

      const instructor = await h.db.user.findUniqueOrThrow({ where: { email: DEMO_INSTRUCTOR.email } });
      const learner = await h.db.user.findUniqueOrThrow({ where: { email: DEMO_LEARNER.email } });
      expect(instructor.role).toBe("INSTRUCTOR");
      expect(learner.role).toBe("LEARNER");
      // The demo passwords printed at start really work.
      expect(await verifyPassword(learner.passwordHash, DEMO_LEARNER.password)).toBe(true);
      expect(await verifyPassword(instructor.passwordHash, DEMO_INSTRUCTOR.password)).toBe(true);

      const deck = await h.db.deck.findUniqueOrThrow({
        where: { slug: CHAPTER13_DECK.slug },
        include: { cards: { orderBy: { position: "asc" } }, enrolments: true },
      });
      expect(deck).toMatchObject({ title: CHAPTER13_DECK.title, published: true, ownerId: instructor.id });
      expect(deck.enrolments.map((e) => e.userId)).toEqual([learner.id]);
      expect(deck.cards.map(({ externalId, position, front, back, experimentId }) => ({ externalId, position, front, back, experimentId }))).toEqual(
        CHAPTER13_CARDS.map(({ externalId, position, front, back, experimentId }) => ({ externalId, position, front, back, experimentId })),
      );
    });

    it("a second run creates nothing and changes nothing", async () => {
      const idsBefore = (await h.db.card.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((c) => c.id);
      const report = await seedDemo(h.db);
      expect(report).toEqual({ usersCreated: 0, deckCreated: false, cardsCreated: 0, cardsUpdated: 0 });
      expect(await counts(h.db)).toEqual({ users: 2, decks: 1, cards: 9, enrolments: 1 });
      expect((await h.db.card.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((c) => c.id)).toEqual(idsBefore);
    });

    it("brings edited card text back to the answer key and leaves learners' progress alone", async () => {
      const learner = await h.db.user.findUniqueOrThrow({ where: { email: DEMO_LEARNER.email } });
      const deck = await h.db.deck.findUniqueOrThrow({ where: { slug: CHAPTER13_DECK.slug } });
      const key = (externalId: string) => ({ deckId_externalId: { deckId: deck.id, externalId } });
      const q5 = await h.db.card.findUniqueOrThrow({ where: key("ch13-q5") });

      // An old database with a wrong answer, a moved card and an outdated title.
      await h.db.card.update({ where: key("ch13-q5"), data: { back: "Near-zero activations mean the minimum activation was reached.", experimentId: null } });
      await h.db.card.update({ where: key("ch13-q2"), data: { front: "Old question?", position: 42 } });
      await h.db.deck.update({ where: { id: deck.id }, data: { title: "Old title" } });

      // The learner has progress on the edited card.
      await h.db.cardState.create({
        data: { userId: learner.id, cardId: q5.id, deckId: deck.id, repetitions: 3, easiness: 2.36, interval: 6, dueDay: 20_500, lapses: 1, version: 4 },
      });
      const stateBefore = await h.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: learner.id, cardId: q5.id } } });

      const report = await seedDemo(h.db);
      expect(report).toEqual({ usersCreated: 0, deckCreated: false, cardsCreated: 0, cardsUpdated: 2 });

      const expected5 = CHAPTER13_CARDS[4];
      const expected2 = CHAPTER13_CARDS[1];
      const q5After = await h.db.card.findUniqueOrThrow({ where: key("ch13-q5") });
      const q2After = await h.db.card.findUniqueOrThrow({ where: key("ch13-q2") });
      expect(q5After).toMatchObject({ id: q5.id, back: expected5.back, experimentId: expected5.experimentId, position: 5 });
      expect(q2After).toMatchObject({ front: expected2.front, position: 2 });
      expect((await h.db.deck.findUniqueOrThrow({ where: { id: deck.id } })).title).toBe(CHAPTER13_DECK.title);

      const stateAfter = await h.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: learner.id, cardId: q5.id } } });
      expect(stateAfter).toEqual(stateBefore);
      expect(await counts(h.db)).toEqual({ users: 2, decks: 1, cards: 9, enrolments: 1 });
    });

    it("does not reset a demo account whose password was changed", async () => {
      const learner = await h.db.user.findUniqueOrThrow({ where: { email: DEMO_LEARNER.email } });
      await h.db.user.update({ where: { id: learner.id }, data: { passwordHash: "$argon2id$changed", name: "Renamed" } });
      await seedDemo(h.db);
      expect(await h.db.user.findUniqueOrThrow({ where: { id: learner.id } })).toMatchObject({ passwordHash: "$argon2id$changed", name: "Renamed" });
    });
  });
});

describe.each(testDatabases())("seedDemo() from two app instances at once on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "on a fresh database" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);

    it("both succeed and the data exists once", async () => {
      const other = createDb(h.url);
      try {
        const reports = await Promise.all([seedDemo(h.db), seedDemo(other)]);
        expect(reports.reduce((n, r) => n + r.cardsCreated, 0)).toBe(9);
        expect(await counts(h.db)).toEqual({ users: 2, decks: 1, cards: 9, enrolments: 1 });
      } finally {
        await other.$disconnect();
      }
    });
  });
});
