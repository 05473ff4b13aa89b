// Archiving and deleting decks and cards, on SQLite and PostgreSQL: an archived card or
// deck leaves everything learners study (queue, deck page, deck lists, enrolment) while
// its review log and card states stay; restoring brings it back with its schedule; a
// "delete" archives what has study history and really deletes the rest.
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  archiveCard, archiveDeck, decksForLearner, decksOwnedBy, deckWithCards, deleteCard, deleteDeck, enrol, restoreCard, restoreDeck,
} from "../../lib/decks/data.ts";
import { seedDemo } from "../../lib/decks/seed.ts";
import { DomainError } from "../../lib/errors.ts";
import { changeCard, grade, sessionView, undoLast, type Learner } from "../../lib/reviews/data.ts";
import { localDayNumber } from "../../lib/srs/day.ts";
import { DEMO_INSTRUCTOR } from "../../lib/users/demo.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";
import { domainError as refusal } from "../support/errors.ts";

const NOW = new Date("2026-03-10T12:00:00Z");
const DAY = 24 * 3600 * 1000;
const TODAY = localDayNumber(NOW, "UTC", 4);
const later = (days: number, minutes = 0) => new Date(NOW.getTime() + days * DAY + minutes * 60_000);


describe.each(testDatabases())("archiving on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "with the demo deck" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);
    let deckId: string;
    let cards: string[];
    let instructor: Learner;
    let made = 0;

    beforeAll(async () => {
      await seedDemo(h.db);
      const deck = await h.db.deck.findFirstOrThrow({ include: { cards: { orderBy: { position: "asc" }, select: { id: true } } } });
      deckId = deck.id;
      cards = deck.cards.map((c) => c.id);
      const u = await h.db.user.findUniqueOrThrow({ where: { email: DEMO_INSTRUCTOR.email } });
      instructor = { id: u.id, role: u.role, timeZone: u.timeZone, dayRolloverHour: u.dayRolloverHour };
    });

    async function newLearner(opts: { enrolIn?: string | null } = {}): Promise<Learner> {
      const user = await h.db.user.create({ data: { email: `archive${++made}@example.com`, name: `Archive ${made}`, passwordHash: "unused" } });
      const target = opts.enrolIn === undefined ? deckId : opts.enrolIn;
      if (target) await enrol(h.db, target, user);
      return { id: user.id, role: user.role, timeZone: user.timeZone, dayRolloverHour: user.dayRolloverHour };
    }

    const answer = async (who: Learner, cardId: string, q: number, when: Date) => {
      const version = (await h.db.cardState.findUnique({ where: { userId_cardId: { userId: who.id, cardId } } }))?.version ?? 0;
      return grade(h.db, who, { reviewId: crypto.randomUUID(), cardId, grade: q, durationMs: 3000, expectedVersion: version }, when);
    };

    /** What is left today and the card shown next. */
    const queueIds = async (who: Learner, when: Date) => {
      const view = await sessionView(h.db, who, deckId, when);
      return { remaining: view.remaining, next: view.next?.cardId ?? null };
    };

    /** A throwaway published deck of `n` cards owned by the demo instructor. */
    async function makeDeck(n: number) {
      const slug = `throwaway-${++made}`;
      return h.db.deck.create({
        data: {
          slug, title: slug, ownerId: instructor.id, published: true,
          cards: { create: Array.from({ length: n }, (_, i) => ({ externalId: `c${i}`, front: `Q${i}`, back: `A${i}`, position: i + 1 })) },
        },
        include: { cards: { orderBy: { position: "asc" } } },
      });
    }

    it("an archived card leaves the queue and the deck page; its learners' log and state stay; restoring brings it back on its schedule", async () => {
      const who = await newLearner();
      const card = cards[0];
      await answer(who, card, 5, NOW); // due tomorrow
      await answer(who, cards[1], 5, later(0, 1));
      const logBefore = await h.db.reviewLog.findMany({ where: { cardId: card }, orderBy: { id: "asc" } });
      const stateBefore = await h.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: who.id, cardId: card } } });
      expect(await queueIds(who, later(1))).toMatchObject({ remaining: { review: 2, new: 7 } });

      await archiveCard(h.db, card, later(0, 5));
      try {
        // Tomorrow: card 1 is not due any more, card 2 still is; nothing shows card 1.
        const view = await sessionView(h.db, who, deckId, later(1));
        expect(view.remaining).toMatchObject({ review: 1, new: 7, total: 8 });
        expect(view.next?.cardId).not.toBe(card);
        // Nor is it new for a learner who never saw it.
        const fresh = await newLearner();
        expect((await sessionView(h.db, fresh, deckId, NOW)).remaining).toMatchObject({ new: 8, total: 8 });
        expect((await sessionView(h.db, fresh, deckId, NOW)).next?.cardId).toBe(cards[1]);

        const page = await deckWithCards(h.db, deckId, who);
        expect(page.status === "ok" && page.deck.cards.map((c) => c.id)).toEqual(cards.slice(1));
        expect((await decksForLearner(h.db, who.id)).enrolled.find((d) => d.id === deckId)?.cardCount).toBe(8);
        expect((await decksOwnedBy(h.db, instructor.id)).find((d) => d.id === deckId)?.cardCount).toBe(8);

        // It cannot be graded, buried or suspended; the last answer on it cannot be undone.
        expect((await refusal(answer(who, card, 4, later(1)))).status).toBe(404);
        expect((await refusal(changeCard(h.db, who, card, "suspend", later(1)))).status).toBe(404);
        await answer(who, cards[2], 5, later(0, 2));
        await undoLast(h.db, who, deckId, crypto.randomUUID(), later(0, 3)); // card 3's answer: fine
        await undoLast(h.db, who, deckId, crypto.randomUUID(), later(0, 4)); // card 2's answer: fine
        const err = await refusal(undoLast(h.db, who, deckId, crypto.randomUUID(), later(0, 6)));
        expect([err.status, err.message]).toEqual([409, "That answer can no longer be undone: its card was archived."]);

        // History untouched.
        expect(await h.db.reviewLog.findMany({ where: { cardId: card }, orderBy: { id: "asc" } })).toEqual(logBefore);
        expect(await h.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: who.id, cardId: card } } })).toEqual(stateBefore);
        // Archiving twice keeps the first time.
        const first = (await h.db.card.findUniqueOrThrow({ where: { id: card } })).archivedAt;
        await archiveCard(h.db, card, later(2));
        expect((await h.db.card.findUniqueOrThrow({ where: { id: card } })).archivedAt).toEqual(first);
      } finally {
        await restoreCard(h.db, card);
      }

      // Back, with its schedule: due tomorrow as a review, its state as it was.
      const page = await deckWithCards(h.db, deckId, who);
      expect(page.status === "ok" && page.deck.cards.length).toBe(9);
      expect((await sessionView(h.db, who, deckId, later(1))).remaining).toMatchObject({ review: 1, new: 8 });
      const shown = [];
      for (let i = 0, view = await sessionView(h.db, who, deckId, later(1)); view.next && i < 20; i++) {
        shown.push(view.next);
        view = await answer(who, view.next.cardId, 5, later(1, i));
      }
      expect(shown.filter((c) => c.cardId === card)).toEqual([
        expect.objectContaining({ kind: "review", state: expect.objectContaining({ repetitions: 1, interval: 1, dueDay: TODAY + 1, version: stateBefore.version }) }),
      ]);
    });

    it("deleting a reviewed card archives it; an unreviewed card (even with a learner's state) is really deleted", async () => {
      const deck = await makeDeck(3);
      const who = await newLearner({ enrolIn: deck.id });
      const [reviewed, buried, untouched] = deck.cards.map((c) => c.id);
      await answer(who, reviewed, 4, NOW);
      await changeCard(h.db, who, buried, "bury", NOW);

      expect(await deleteCard(h.db, reviewed, later(0, 1))).toBe("archived");
      expect((await h.db.card.findUniqueOrThrow({ where: { id: reviewed } })).archivedAt).toEqual(later(0, 1));
      expect(await h.db.reviewLog.count({ where: { cardId: reviewed } })).toBe(1);
      expect(await h.db.cardState.count({ where: { cardId: reviewed } })).toBe(1);

      expect(await deleteCard(h.db, buried)).toBe("deleted");
      expect(await h.db.card.findUnique({ where: { id: buried } })).toBeNull();
      expect(await h.db.cardState.count({ where: { cardId: buried } })).toBe(0);
      expect(await deleteCard(h.db, untouched)).toBe("deleted");

      expect((await refusal(deleteCard(h.db, untouched))).status).toBe(404);
      expect((await refusal(archiveCard(h.db, "nosuchcard"))).status).toBe(404);
      expect((await refusal(restoreCard(h.db, "nosuchcard"))).status).toBe(404);
    });

    it("an archived deck leaves lists, the deck page, review and enrolment; restoring brings it back", async () => {
      const deck = await makeDeck(2);
      const who = await newLearner({ enrolIn: deck.id });
      const outsider = await newLearner({ enrolIn: null });
      await answer(who, deck.cards[0].id, 5, NOW);
      await archiveDeck(h.db, deck.id, later(0, 1));
      try {
        expect((await decksForLearner(h.db, who.id)).enrolled.map((d) => d.id)).not.toContain(deck.id);
        expect((await decksForLearner(h.db, outsider.id)).available.map((d) => d.id)).not.toContain(deck.id);
        expect((await decksOwnedBy(h.db, instructor.id)).map((d) => d.id)).not.toContain(deck.id);
        expect(await deckWithCards(h.db, deck.id, who)).toEqual({ status: "not-found" });
        expect((await refusal(sessionView(h.db, who, deck.id, later(1)))).status).toBe(404);
        expect((await refusal(answer(who, deck.cards[1].id, 5, later(1)))).status).toBe(404);
        const e = await refusal(enrol(h.db, deck.id, outsider));
        expect([e.status, e.message]).toEqual([404, "That deck does not exist."]);
        expect(await h.db.reviewLog.count({ where: { deckId: deck.id } })).toBe(1);
        expect(await h.db.enrolment.count({ where: { deckId: deck.id } })).toBe(1);
      } finally {
        await restoreDeck(h.db, deck.id);
      }
      expect((await decksForLearner(h.db, who.id)).enrolled.map((d) => d.id)).toContain(deck.id);
      const view = await sessionView(h.db, who, deck.id, later(1));
      expect(view.remaining).toMatchObject({ review: 1, new: 1 });
      expect(view.next).toMatchObject({ cardId: deck.cards[0].id, kind: "review" });
    });

    it("deleting a deck with study history archives it; one without is deleted with its cards, states and enrolments", async () => {
      const studied = await makeDeck(2);
      const who = await newLearner({ enrolIn: studied.id });
      await answer(who, studied.cards[1].id, 3, NOW);
      expect(await deleteDeck(h.db, studied.id, later(0, 1))).toBe("archived");
      expect((await h.db.deck.findUniqueOrThrow({ where: { id: studied.id } })).archivedAt).toEqual(later(0, 1));
      expect(await h.db.card.count({ where: { deckId: studied.id } })).toBe(2);
      expect(await h.db.reviewLog.count({ where: { deckId: studied.id } })).toBe(1);

      const unstudied = await makeDeck(2);
      const learner = await newLearner({ enrolIn: unstudied.id });
      await changeCard(h.db, learner, unstudied.cards[0].id, "suspend", NOW);
      expect(await deleteDeck(h.db, unstudied.id)).toBe("deleted");
      expect(await h.db.deck.findUnique({ where: { id: unstudied.id } })).toBeNull();
      expect(await h.db.card.count({ where: { deckId: unstudied.id } })).toBe(0);
      expect(await h.db.cardState.count({ where: { deckId: unstudied.id } })).toBe(0);
      expect(await h.db.enrolment.count({ where: { deckId: unstudied.id } })).toBe(0);
      expect((await refusal(deleteDeck(h.db, unstudied.id))).status).toBe(404);
    });
  });
});
