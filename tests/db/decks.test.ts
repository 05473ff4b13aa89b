import { beforeAll, describe, expect, it } from "vitest";
import { CHAPTER13_CARDS, CHAPTER13_DECK } from "../../lib/decks/chapter13.ts";
import { DomainError } from "../../lib/errors.ts";
import { decksForLearner, deckWithCards, enrol, enrolInStarterDecks } from "../../lib/decks/data.ts";
import { seedDemo } from "../../lib/decks/seed.ts";
import { STARTER_DECK_SLUGS } from "../../lib/decks/starter.ts";
import type { Role } from "../../lib/auth/roles.ts";
import { DEMO_INSTRUCTOR, DEMO_LEARNER } from "../../lib/users/demo.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";

type Viewer = { id: string; role: Role };

describe.each(testDatabases())("decks on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "on a seeded database" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);
    let learner: Viewer;
    let instructor: Viewer;
    let otherInstructor: Viewer;
    let admin: Viewer;
    let newcomer: Viewer;
    let deckId: string;
    let draftId: string;

    beforeAll(async () => {
      await seedDemo(h.db);
      const viewer = async (email: string) => {
        const u = await h.db.user.findUniqueOrThrow({ where: { email }, select: { id: true, role: true } });
        return u as Viewer;
      };
      learner = await viewer(DEMO_LEARNER.email);
      instructor = await viewer(DEMO_INSTRUCTOR.email);
      // Accounts made directly (no password checks happen in these tests).
      const make = async (email: string, role: Role) =>
        (await h.db.user.create({ data: { email, name: email, role, passwordHash: "unused" }, select: { id: true, role: true } })) as Viewer;
      otherInstructor = await make("other-instructor@example.com", "INSTRUCTOR");
      admin = await make("admin@example.com", "ADMIN");
      newcomer = await make("newcomer@example.com", "LEARNER");
      deckId = (await h.db.deck.findUniqueOrThrow({ where: { slug: CHAPTER13_DECK.slug } })).id;
      draftId = (
        await h.db.deck.create({
          data: {
            slug: "draft-deck",
            title: "A draft deck",
            ownerId: instructor.id,
            cards: { create: [{ externalId: "d1", front: "Q?", back: "A.", position: 1 }] },
          },
        })
      ).id;
    });

    it("the demo learner sees the chapter 13 deck as enrolled, with nine cards, and no drafts", async () => {
      const { enrolled, available } = await decksForLearner(h.db, learner.id);
      expect(enrolled).toEqual([{ id: deckId, title: CHAPTER13_DECK.title, description: CHAPTER13_DECK.description, cardCount: 9, published: true }]);
      expect(available).toEqual([]);
    });

    it("a learner not yet enrolled sees the published deck as available, and not the draft", async () => {
      const { enrolled, available } = await decksForLearner(h.db, newcomer.id);
      expect(enrolled).toEqual([]);
      expect(available.map((d) => d.id)).toEqual([deckId]);
      expect(available[0].cardCount).toBe(9);
    });

    it("opens the seeded deck for its learner with all nine cards in position order", async () => {
      const r = await deckWithCards(h.db, deckId, learner);
      expect(r.status).toBe("ok");
      if (r.status !== "ok") return;
      expect(r.enrolled).toBe(true);
      expect(r.deck.owner.name).toBe(DEMO_INSTRUCTOR.name);
      expect(r.deck.cards.map((c) => c.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(r.deck.cards.map((c) => c.front)).toEqual(CHAPTER13_CARDS.map((c) => c.front));
      expect(r.deck.cards.map((c) => c.experimentId)).toEqual(CHAPTER13_CARDS.map((c) => c.experimentId));
    });

    it("returns the cards in position order, not in the order they were created", async () => {
      const cards = await h.db.card.findMany({ where: { deckId }, orderBy: { position: "asc" }, take: 3 });
      // Created q1, q2, q3 but placed at positions 3, 2, 1.
      const copy = await h.db.deck.create({
        data: {
          slug: "reordered",
          title: "Reordered",
          ownerId: instructor.id,
          published: true,
          cards: { create: cards.map((c, i) => ({ externalId: c.externalId, front: c.front, back: c.back, position: 3 - i })) },
        },
      });
      try {
        const r = await deckWithCards(h.db, copy.id, learner);
        expect(r.status).toBe("ok");
        if (r.status !== "ok") return;
        expect(r.deck.cards.map((c) => c.position)).toEqual([1, 2, 3]);
        expect(r.deck.cards.map((c) => c.front)).toEqual([cards[2].front, cards[1].front, cards[0].front]);
      } finally {
        await h.db.deck.delete({ where: { id: copy.id } });
      }
    });

    it("a published deck opens for a learner who is not enrolled, marked not enrolled", async () => {
      const r = await deckWithCards(h.db, deckId, newcomer);
      expect(r).toMatchObject({ status: "ok", enrolled: false });
    });

    it("someone else's unpublished deck is forbidden to learners and other instructors", async () => {
      expect(await deckWithCards(h.db, draftId, learner)).toEqual({ status: "forbidden" });
      expect(await deckWithCards(h.db, draftId, otherInstructor)).toEqual({ status: "forbidden" });
    });

    it("an unpublished deck opens for its owner and for an admin", async () => {
      expect(await deckWithCards(h.db, draftId, instructor)).toMatchObject({ status: "ok", enrolled: false });
      expect(await deckWithCards(h.db, draftId, admin)).toMatchObject({ status: "ok" });
    });

    it("an unknown deck is not found", async () => {
      expect(await deckWithCards(h.db, "nosuchdeck", learner)).toEqual({ status: "not-found" });
    });

    it("refuses to enrol a learner in someone else's unpublished deck as if it did not exist, and records nothing", async () => {
      // The same 404 as every other guard gives for a deck the viewer may not see: the refusal reveals nothing.
      await expect(enrol(h.db, draftId, learner)).rejects.toThrow(new DomainError(404, "That deck does not exist."));
      await expect(enrol(h.db, draftId, otherInstructor)).rejects.toMatchObject({ status: 404 });
      expect(await h.db.enrolment.count({ where: { deckId: draftId } })).toBe(0);
      expect(await deckWithCards(h.db, draftId, learner)).toEqual({ status: "forbidden" });
    });

    it("refuses to enrol in a deck that does not exist", async () => {
      await expect(enrol(h.db, "nosuchdeck", learner)).rejects.toMatchObject({ status: 404, message: "That deck does not exist." });
    });

    it("lets the owner enrol in their own draft to try it", async () => {
      await enrol(h.db, draftId, instructor);
      expect(await deckWithCards(h.db, draftId, instructor)).toMatchObject({ status: "ok", enrolled: true });
    });

    it("enrolling is idempotent: twice is one enrolment, and the deck moves to the learner's enrolled list", async () => {
      await enrol(h.db, deckId, newcomer);
      await enrol(h.db, deckId, newcomer);
      expect(await h.db.enrolment.count({ where: { userId: newcomer.id, deckId } })).toBe(1);
      const { enrolled, available } = await decksForLearner(h.db, newcomer.id);
      expect(enrolled.map((d) => d.id)).toEqual([deckId]);
      expect(available).toEqual([]);
      expect(await deckWithCards(h.db, deckId, newcomer)).toMatchObject({ status: "ok", enrolled: true });
    });

    it("a learner enrolled in a deck that is later unpublished can still open it", async () => {
      await h.db.deck.update({ where: { id: deckId }, data: { published: false } });
      try {
        expect(await deckWithCards(h.db, deckId, learner)).toMatchObject({ status: "ok", enrolled: true });
        expect(await deckWithCards(h.db, deckId, otherInstructor)).toEqual({ status: "forbidden" });
        // They may see it, so enrolling again is the honest 403; the other instructor is told it does not exist.
        await expect(enrol(h.db, deckId, learner)).rejects.toThrow(new DomainError(403, "That deck is not published yet."));
        await expect(enrol(h.db, deckId, otherInstructor)).rejects.toMatchObject({ status: 404 });
      } finally {
        await h.db.deck.update({ where: { id: deckId }, data: { published: true } });
      }
    });

    it("a new account is enrolled in the starter decks, once, and not in drafts", async () => {
      const fresh = await h.db.user.create({ data: { email: "fresh@example.com", name: "Fresh", passwordHash: "unused" } });
      await enrolInStarterDecks(h.db, fresh.id, [...STARTER_DECK_SLUGS, "draft-deck"]);
      await enrolInStarterDecks(h.db, fresh.id, STARTER_DECK_SLUGS);
      expect((await h.db.enrolment.findMany({ where: { userId: fresh.id } })).map((e) => e.deckId)).toEqual([deckId]);
    });
  });
});
