// Writing notes (lib/notes/data.ts) on SQLite and PostgreSQL: the cards each note type makes,
// stored with their HTML; editing keeps surviving cards (ids, schedules, history), archives the
// vanished and creates the new; archive/restore; moving a note with its learners' states;
// order; search by text (wildcards literal) and tag; decks (lib/decks/authoring.ts).
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createDeck, setDeckPublished, updateDeckSettings } from "../../lib/decks/authoring.ts";
import { enrol } from "../../lib/decks/data.ts";
import { RENDERER_VERSION } from "../../lib/decks/render.ts";
import { DomainError } from "../../lib/errors.ts";
import {
  archiveNote, createNote, escapeLike, listTags, moveNote, reorderNotes, restoreNote, searchNotes, shiftNote, updateNote,
} from "../../lib/notes/data.ts";
import { grade, sessionView, type Learner } from "../../lib/reviews/data.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";
import { domainError as refusal } from "../support/errors.ts";

const NOW = new Date("2026-03-10T12:00:00Z");


describe.each(testDatabases())("notes on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "writing decks" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);
    let author: Learner;
    let learner: Learner;
    let made = 0;

    const newUser = async (role: "LEARNER" | "INSTRUCTOR" = "LEARNER"): Promise<Learner> => {
      const u = await h.db.user.create({ data: { email: `notes${++made}@example.com`, name: `N ${made}`, passwordHash: "unused", role } });
      return { id: u.id, role: u.role, timeZone: u.timeZone, dayRolloverHour: u.dayRolloverHour };
    };
    const newDeck = async (title = "Deck") => {
      const deck = await createDeck(h.db, author, { title });
      await setDeckPublished(h.db, deck.id, true);
      return deck;
    };
    const answer = async (who: Learner, cardId: string, q: number) => {
      const version = (await h.db.cardState.findUnique({ where: { userId_cardId: { userId: who.id, cardId } } }))?.version ?? 0;
      return grade(h.db, who, { reviewId: crypto.randomUUID(), cardId, grade: q, durationMs: 3000, expectedVersion: version }, NOW);
    };

    beforeAll(async () => {
      author = await newUser("INSTRUCTOR");
      learner = await newUser();
    });

    it("creates decks as private drafts with a unique slug, and checks settings' bounds", async () => {
      const a = await createDeck(h.db, author, { title: "Conv nets: part 2!" });
      const b = await createDeck(h.db, author, { title: "Conv nets: part 2!" });
      expect(a.slug).toMatch(/^conv-nets-part-2-[0-9a-f]{8}$/);
      expect(b.slug).not.toBe(a.slug);
      expect(a).toMatchObject({ published: false, newCardsPerDay: 20, reviewsPerDay: 200, description: "" });
      expect(await updateDeckSettings(h.db, a.id, { newCardsPerDay: 5, description: "  Strides  " })).toMatchObject({ newCardsPerDay: 5, description: "Strides", reviewsPerDay: 200 });
      const err = await refusal(updateDeckSettings(h.db, a.id, { reviewsPerDay: -1 }));
      expect(err.status).toBe(400);
      expect(err.details?.fields).toEqual({ reviewsPerDay: "Reviews per day cannot be negative." });
      expect((await refusal(createDeck(h.db, author, { title: "   " }))).details?.fields).toEqual({ title: "Enter a title." });
      expect((await refusal(updateDeckSettings(h.db, "nosuchdeck", { title: "x" }))).status).toBe(404);
    });

    it("makes one card for a basic note, two for a reversed one, one per deletion for a cloze, each stored with its HTML", async () => {
      const deck = await newDeck();
      const basic = await createNote(h.db, deck, { type: "BASIC", front: "What does `conv2d` do?", back: "Slides a kernel: $y = w * x$", tags: "CNN, fastai" }, { now: NOW });
      expect(basic.note).toMatchObject({ type: "BASIC", tags: ["cnn", "fastai"], deckId: deck.id });
      expect(basic.cards).toHaveLength(1);
      const [card] = basic.cards;
      expect(card).toMatchObject({ ordinal: 0, position: 1, renderVersion: RENDERER_VERSION, front: "What does `conv2d` do?", archivedAt: null });
      expect(card.frontHtml).toContain("<code>conv2d</code>");
      expect(card.backHtml).toContain('class="katex"');
      expect(card.externalId).toBe(`${basic.note.externalId}:0`);

      const reversed = await createNote(h.db, deck.id, { type: "REVERSED", front: "stride", back: "step of the kernel" });
      expect(reversed.cards.map((c) => [c.ordinal, c.position, c.front, c.back])).toEqual([
        [0, 2, "stride", "step of the kernel"],
        [1, 3, "step of the kernel", "stride"],
      ]);
      expect(reversed.cards[1].frontHtml).toBe("<p>step of the kernel</p>");

      const cloze = await createNote(h.db, deck.id, { type: "CLOZE", front: "A {{c1::stride-2}} conv halves the {{c2::grid::what?}}.", back: "Extra" });
      expect(cloze.cards.map((c) => [c.ordinal, c.position])).toEqual([[1, 4], [2, 5]]);
      expect(cloze.cards[0].front).toBe("A \\[...\\] conv halves the grid.");
      expect(cloze.cards[0].frontHtml).toBe("<p>A [...] conv halves the grid.</p>");
      expect(cloze.cards[1].frontHtml).toBe("<p>A stride-2 conv halves the [what?].</p>");
      expect(cloze.cards[1].backHtml).toContain("<strong>grid</strong>");
      expect(cloze.cards[1].backHtml).toContain("<p>Extra</p>");

      // Stored as returned.
      const stored = await h.db.card.findMany({ where: { deckId: deck.id }, orderBy: { position: "asc" } });
      expect(stored.map((c) => c.frontHtml)).toEqual([...basic.cards, ...reversed.cards, ...cloze.cards].map((c) => c.frontHtml));
      expect(stored.every((c) => c.renderVersion === RENDERER_VERSION && c.noteId)).toBe(true);
    });

    it("refuses malformed notes with the field named, and writes nothing", async () => {
      const deck = await newDeck();
      const err = await refusal(createNote(h.db, deck.id, { type: "CLOZE", front: "no deletion here" }));
      expect(err.status).toBe(400);
      expect(err.details?.fields).toHaveProperty("front");
      expect((await refusal(createNote(h.db, deck.id, { type: "REVERSED", front: "x", back: " " }))).details?.fields).toHaveProperty("back");
      expect((await refusal(createNote(h.db, deck.id, { type: "BASIC", front: "x", tags: "ok bad!tag" }))).details?.fields).toHaveProperty("tags");
      expect((await refusal(createNote(h.db, "nosuchdeck", { type: "BASIC", front: "x" }))).status).toBe(404);
      expect(await h.db.note.count({ where: { deckId: deck.id } })).toBe(0);
      expect(await h.db.card.count({ where: { deckId: deck.id } })).toBe(0);
    });

    it("editing a cloze from c1,c2 to c1,c3 keeps c1's card with its state and log, archives c2's, creates c3's", async () => {
      const deck = await newDeck();
      await enrol(h.db, deck.id, learner);
      const before = await createNote(h.db, deck.id, { type: "BASIC", front: "first" });
      const { note, cards } = await createNote(h.db, deck.id, { type: "CLOZE", front: "{{c1::Padding}} keeps the {{c2::size}}." });
      const after = await createNote(h.db, deck.id, { type: "BASIC", front: "last" });
      const [c1, c2] = cards;
      await answer(learner, c1.id, 5);
      await answer(learner, c2.id, 4);
      const stateBefore = await h.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: learner.id, cardId: c1.id } } });

      const edited = await updateNote(h.db, note.id, { type: "CLOZE", front: "{{c1::Padding}} keeps the {{c3::height and width}}.", tags: "padding" });
      expect(edited.note.tags).toEqual(["padding"]);
      const byOrdinal = new Map(edited.cards.map((c) => [c.ordinal, c]));
      expect(byOrdinal.get(1)!.id).toBe(c1.id);
      expect(byOrdinal.get(1)!.front).toBe("\\[...\\] keeps the height and width.");
      expect(byOrdinal.get(1)!.frontHtml).toBe("<p>[...] keeps the height and width.</p>");
      expect(byOrdinal.get(2)!.id).toBe(c2.id);
      expect(byOrdinal.get(2)!.archivedAt).not.toBeNull();
      const c3 = byOrdinal.get(3)!;
      expect(c3.archivedAt).toBeNull();
      expect(c3.frontHtml).toBe("<p>Padding keeps the [...].</p>");
      expect(edited.changes).toMatchObject({ updated: [c1.id], archived: [c2.id], created: [c3.id] });

      // c1's schedule and history are untouched; c2's history stays (archived, not deleted).
      const stateAfter = await h.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: learner.id, cardId: c1.id } } });
      expect(stateAfter).toEqual(stateBefore);
      expect(await h.db.reviewLog.count({ where: { cardId: c1.id } })).toBe(1);
      expect(await h.db.reviewLog.count({ where: { cardId: c2.id } })).toBe(1);
      expect(await h.db.cardState.count({ where: { cardId: c2.id } })).toBe(1);
      // The new card sits right after the note's cards; later notes move down.
      const positions = await h.db.card.findMany({ where: { deckId: deck.id }, orderBy: { position: "asc" }, select: { id: true } });
      expect(positions.map((p) => p.id)).toEqual([before.cards[0].id, c1.id, c2.id, c3.id, after.cards[0].id]);
      // Study sees c1 (reviewed), c3 (new) and the two basic notes, not c2.
      const view = await sessionView(h.db, learner, deck.id, NOW);
      expect(view.remaining.new).toBe(3);

      // c2 written again: the same card comes back, with its state.
      const back = await updateNote(h.db, note.id, { type: "CLOZE", front: "{{c1::Padding}} keeps the {{c2::size}} and {{c3::shape}}." });
      expect(back.cards.find((c) => c.ordinal === 2)).toMatchObject({ id: c2.id, archivedAt: null });
      expect(back.changes.created).toEqual([]);
      expect(await h.db.card.count({ where: { noteId: note.id } })).toBe(3);

      // Unchanged text: nothing is written to the cards.
      const same = await updateNote(h.db, note.id, { type: "CLOZE", front: "{{c1::Padding}} keeps the {{c2::size}} and {{c3::shape}}." });
      expect(same.changes).toMatchObject({ updated: [], created: [], archived: [] });
      expect(same.changes.unchanged).toHaveLength(3);
    });

    it("changing a note's type archives the cards it no longer makes", async () => {
      const deck = await newDeck();
      const { note, cards } = await createNote(h.db, deck.id, { type: "REVERSED", front: "a", back: "b" });
      const basic = await updateNote(h.db, note.id, { type: "BASIC", front: "a", back: "b" });
      expect(basic.cards.map((c) => [c.id, c.archivedAt === null])).toEqual([[cards[0].id, true], [cards[1].id, false]]);
      const cloze = await updateNote(h.db, note.id, { type: "CLOZE", front: "{{c1::a}}", back: "b" });
      expect(cloze.cards.filter((c) => !c.archivedAt).map((c) => c.ordinal)).toEqual([1]);
    });

    it("archives a note with its cards (their states kept) and restores the cards its text makes", async () => {
      const deck = await newDeck();
      await enrol(h.db, deck.id, learner);
      const { note, cards } = await createNote(h.db, deck.id, { type: "CLOZE", front: "{{c1::a}} {{c2::b}}" });
      await updateNote(h.db, note.id, { type: "CLOZE", front: "{{c1::a}} b" }); // c2 archived by the edit
      await answer(learner, cards[0].id, 4);
      const archived = await archiveNote(h.db, note.id, { now: NOW });
      expect(archived.note.archivedAt).toEqual(NOW);
      expect(archived.cards.every((c) => c.archivedAt)).toBe(true);
      expect((await sessionView(h.db, learner, deck.id, NOW)).remaining.total).toBe(0);
      expect(await searchNotes(h.db, deck.id)).toEqual([]);
      expect((await searchNotes(h.db, deck.id, { status: "archived" })).map((n) => n.id)).toEqual([note.id]);
      expect((await refusal(updateNote(h.db, note.id, { type: "BASIC", front: "x" }))).status).toBe(409);
      await archiveNote(h.db, note.id); // idempotent
      expect((await h.db.note.findUniqueOrThrow({ where: { id: note.id } })).archivedAt).toEqual(NOW);

      const restored = await restoreNote(h.db, note.id);
      expect(restored.note.archivedAt).toBeNull();
      expect(restored.cards.map((c) => [c.ordinal, c.archivedAt === null])).toEqual([[1, true], [2, false]]);
      expect(await h.db.cardState.count({ where: { cardId: cards[0].id, userId: learner.id } })).toBe(1);
      await restoreNote(h.db, note.id); // idempotent
      expect((await refusal(archiveNote(h.db, "nosuchnote"))).status).toBe(404);
    });

    it("moves a note with its cards to another deck; learners keep their states there", async () => {
      const from = await newDeck("From");
      const to = await newDeck("To");
      await enrol(h.db, from.id, learner);
      await createNote(h.db, to.id, { type: "BASIC", front: "already there" });
      const { note, cards } = await createNote(h.db, from.id, { type: "REVERSED", front: "kernel", back: "weights" }, { externalId: "shared-id" });
      await createNote(h.db, to.id, { type: "BASIC", front: "same key" }, { externalId: "shared-id" });
      await answer(learner, cards[0].id, 5);
      const logBefore = await h.db.reviewLog.findMany({ where: { cardId: cards[0].id } });

      const moved = await moveNote(h.db, note.id, to.id);
      expect(moved.note.deckId).toBe(to.id);
      expect(moved.cards.map((c) => c.id)).toEqual(cards.map((c) => c.id));
      expect(moved.cards.map((c) => c.position)).toEqual([3, 4]);
      // "shared-id" was taken in the target: the note and its cards got fresh keys.
      expect(moved.note.externalId).not.toBe("shared-id");
      expect(moved.cards[0].externalId).toBe(`${moved.note.externalId}:0`);
      expect(await h.db.card.count({ where: { id: { in: cards.map((c) => c.id) }, deckId: to.id } })).toBe(2);
      const state = await h.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: learner.id, cardId: cards[0].id } } });
      expect(state.deckId).toBe(to.id);
      expect(state.repetitions).toBe(1);
      // The review log is append-only: it keeps where each answer was given.
      expect(await h.db.reviewLog.findMany({ where: { cardId: cards[0].id } })).toEqual(logBefore);
      // Gone from the old deck's study; there with its schedule once the learner studies the new one.
      expect((await sessionView(h.db, learner, from.id, NOW)).remaining.total).toBe(0);
      await enrol(h.db, to.id, learner);
      const there = await sessionView(h.db, learner, to.id, NOW);
      expect(there.remaining.new).toBe(3); // the reverse card and the two notes written there; card 0 is due in a day
      expect((await refusal(moveNote(h.db, note.id, "nosuchdeck"))).status).toBe(404);
      expect((await h.db.note.findUniqueOrThrow({ where: { id: note.id } })).deckId).toBe(to.id);
    });

    it("reorders notes, their cards staying together and cards without a note keeping their places", async () => {
      const deck = await newDeck();
      const a = await createNote(h.db, deck.id, { type: "REVERSED", front: "a", back: "A" });
      await h.db.card.create({ data: { deckId: deck.id, externalId: "legacy", front: "legacy", back: "", position: 3 } });
      const b = await createNote(h.db, deck.id, { type: "BASIC", front: "b" });
      const c = await createNote(h.db, deck.id, { type: "BASIC", front: "c" });
      const order = async () =>
        (await h.db.card.findMany({ where: { deckId: deck.id }, orderBy: { position: "asc" }, select: { front: true, position: true } })).map((x) => `${x.position}:${x.front}`);
      expect(await order()).toEqual(["1:a", "2:A", "3:legacy", "4:b", "5:c"]);
      await reorderNotes(h.db, deck.id, [c.note.id, a.note.id, b.note.id]);
      // The notes take the slots notes had (1, 3, 4); the legacy card stays second.
      expect(await order()).toEqual(["1:c", "2:legacy", "3:a", "4:A", "5:b"]);
      await shiftNote(h.db, b.note.id, "up");
      expect(await order()).toEqual(["1:c", "2:legacy", "3:b", "4:a", "5:A"]);
      await shiftNote(h.db, c.note.id, "up"); // already first
      expect(await order()).toEqual(["1:c", "2:legacy", "3:b", "4:a", "5:A"]);
      expect((await searchNotes(h.db, deck.id)).map((n) => n.front)).toEqual(["c", "b", "a"]);
      expect((await refusal(reorderNotes(h.db, deck.id, [a.note.id, b.note.id]))).status).toBe(409);
      await archiveNote(h.db, b.note.id);
      expect((await refusal(shiftNote(h.db, b.note.id, "down"))).status).toBe(409);
    });

    it("searches by text with wildcards taken literally, and by tag", async () => {
      const deck = await newDeck();
      const pct = await createNote(h.db, deck.id, { type: "BASIC", front: "Dropout of 50% halves it", tags: "regularisation" });
      const plain = await createNote(h.db, deck.id, { type: "BASIC", front: "Dropout of 50 units", back: "Mostly", tags: "regularisation cnn_basics" });
      const under = await createNote(h.db, deck.id, { type: "BASIC", front: "batch_norm layers", tags: "cnn-basics" });
      const ids = (notes: Array<{ id: string }>) => notes.map((n) => n.id);

      expect(ids(await searchNotes(h.db, deck.id, { text: "50%" }))).toEqual([pct.note.id]);
      expect(ids(await searchNotes(h.db, deck.id, { text: "dropout" }))).toEqual([pct.note.id, plain.note.id]);
      expect(ids(await searchNotes(h.db, deck.id, { text: "MOSTLY" }))).toEqual([plain.note.id]);
      expect(ids(await searchNotes(h.db, deck.id, { text: "of_50" }))).toEqual([]); // "_" is not "any one character"
      expect(ids(await searchNotes(h.db, deck.id, { text: "batch_norm" }))).toEqual([under.note.id]);
      expect(ids(await searchNotes(h.db, deck.id, { text: "%" }))).toEqual([pct.note.id]);

      expect(ids(await searchNotes(h.db, deck.id, { tag: "regularisation" }))).toEqual([pct.note.id, plain.note.id]);
      expect(ids(await searchNotes(h.db, deck.id, { tag: "cnn_basics" }))).toEqual([plain.note.id]);
      expect(ids(await searchNotes(h.db, deck.id, { tag: "CNN-Basics" }))).toEqual([under.note.id]);
      expect(ids(await searchNotes(h.db, deck.id, { tag: "cnn" }))).toEqual([]); // whole tags only
      expect(ids(await searchNotes(h.db, deck.id, { tag: "regularisation", text: "50%" }))).toEqual([pct.note.id]);
      expect(ids(await searchNotes(h.db, deck.id, { tag: "%" }))).toEqual([]);

      expect(await listTags(h.db, deck.id)).toEqual([
        { tag: "cnn-basics", count: 1 },
        { tag: "cnn_basics", count: 1 },
        { tag: "regularisation", count: 2 },
      ]);
      expect(escapeLike("50%_\\")).toBe("50\\%\\_\\\\");
    });

    it("runs inside the caller's transaction (an import): all or nothing", async () => {
      const deck = await newDeck();
      await expect(
        h.db.$transaction(async (tx) => {
          await createNote(tx, deck.id, { type: "BASIC", front: "one" });
          await createNote(tx, deck.id, { type: "BASIC", front: "two" });
          throw new Error("import failed half-way");
        }),
      ).rejects.toThrow("import failed half-way");
      expect(await h.db.note.count({ where: { deckId: deck.id } })).toBe(0);
      await h.db.$transaction(async (tx) => {
        await createNote(tx, deck.id, { type: "BASIC", front: "one" }, { externalId: "guid-1", cards: [{ ordinal: 0, externalId: "guid-1-card", position: 7 }] });
      });
      expect(await h.db.card.findFirstOrThrow({ where: { deckId: deck.id } })).toMatchObject({ externalId: "guid-1-card", position: 7 });
      expect((await refusal(createNote(h.db, deck.id, { type: "BASIC", front: "dup" }, { externalId: "guid-1" }))).status).toBe(409);
    });

    it("publishing and settings refuse an archived deck", async () => {
      const deck = await newDeck();
      await h.db.deck.update({ where: { id: deck.id }, data: { archivedAt: NOW } });
      expect((await refusal(setDeckPublished(h.db, deck.id, false))).status).toBe(404);
      expect((await refusal(createNote(h.db, deck.id, { type: "BASIC", front: "x" }))).status).toBe(404);
    });
  });
});
