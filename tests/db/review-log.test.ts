// The review log's integrity in the database itself: rows cannot be changed or removed, and every
// learner's entries are numbered in the order they were written (ReviewLog.seq), which replay and
// undo follow rather than the app servers' clocks.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../lib/db/client.ts";
import { migrate, migrationsDir } from "../../lib/db/migrate.ts";
import { findDrift } from "../../lib/reviews/drift.ts";
import { fieldsOf, undoLast } from "../../lib/reviews/data.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";
import { answer, demoDeck, newLearner } from "../support/study.ts";

const SEQ_MIGRATION = "20261201191418_review_log_seq_append_only";
const HOUR = 3_600_000;

describe.each(testDatabases())("the review log on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "with the demo deck" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);
    let deckId: string;
    let cardIds: string[];
    beforeAll(async () => {
      ({ deckId, cardIds } = await demoDeck(h.db));
    });

    it("refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL) of its rows, raw or through Prisma; the row stays as written", async () => {
      const who = await newLearner(h.db, deckId);
      const { review } = await answer(h.db, who, cardIds[0]!, 4, new Date("2026-03-10T12:00:00Z"));
      const row = await h.db.reviewLog.findUniqueOrThrow({ where: { id: review.id } });
      const total = await h.db.reviewLog.count();
      const refused = /ReviewLog is append-only/;
      await expect(h.db.$executeRawUnsafe(`UPDATE "ReviewLog" SET "grade" = 0 WHERE "id" = '${review.id}'`)).rejects.toThrow(refused);
      await expect(h.db.reviewLog.update({ where: { id: review.id }, data: { grade: 5 } })).rejects.toThrow(refused);
      await expect(h.db.$executeRawUnsafe(`DELETE FROM "ReviewLog" WHERE "id" = '${review.id}'`)).rejects.toThrow(refused);
      // (Prisma's SQLite adapter reports a trigger's abort on DELETE as a foreign-key error: any refusal will do.)
      await expect(h.db.reviewLog.deleteMany({})).rejects.toThrow();
      if (target.provider === "postgres") await expect(h.db.$executeRawUnsafe(`TRUNCATE "ReviewLog" CASCADE`)).rejects.toThrow(refused);
      expect(await h.db.reviewLog.findUniqueOrThrow({ where: { id: review.id } })).toEqual(row);
      expect(await h.db.reviewLog.count()).toBe(total);
    });

    it("one learner answering eight cards at once: every answer recorded, numbered 1 to 8; the undo that follows is 9th", async () => {
      const who = await newLearner(h.db, deckId);
      const when = new Date("2026-03-10T12:00:00Z");
      const results = await Promise.all(cardIds.slice(0, 8).map((cardId, i) => answer(h.db, who, cardId, i % 6, when)));
      expect(results.map((r) => r.status)).toEqual(Array(8).fill("recorded"));
      const log = await h.db.reviewLog.findMany({ where: { userId: who.id }, orderBy: { seq: "asc" } });
      expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 8 }, (_, i) => i + 1));
      expect(new Set(log.map((e) => e.id))).toEqual(new Set(results.map((r) => r.review.id)));

      const undone = await undoLast(h.db, who, deckId, crypto.randomUUID(), when);
      expect(undone.undone.reviewId).toBe(log.at(-1)!.id);
      expect(await h.db.reviewLog.findFirstOrThrow({ where: { userId: who.id, kind: "UNDO" } })).toMatchObject({ seq: 9, undoesId: log.at(-1)!.id });

      // The undo took number 9 without the grade's head row (PostgreSQL) knowing: the next
      // answers still take 10 and 11, none refused as a collision.
      const more = await Promise.all(cardIds.slice(0, 2).map((cardId) => answer(h.db, who, cardId, 4, when)));
      expect(more.map((r) => r.status)).toEqual(["recorded", "recorded"]);
      const after = await h.db.reviewLog.findMany({ where: { userId: who.id, seq: { gt: 9 } }, orderBy: { seq: "asc" } });
      expect(after.map((e) => e.seq)).toEqual([10, 11]);
      expect(new Set(after.map((e) => e.id))).toEqual(new Set(more.map((r) => r.review.id)));
    });

    it("follows the order answers were recorded, not their servers' clocks: a later answer stamped an hour earlier still counts last, and undo takes it back", async () => {
      const who = await newLearner(h.db, deckId);
      const card = cardIds[1]!;
      const t = new Date("2026-03-11T12:00:00Z");
      await answer(h.db, who, card, 5, t);
      // Recorded second, by an instance whose clock runs an hour behind.
      const late = await answer(h.db, who, card, 1, new Date(t.getTime() - HOUR));
      expect(late.review.state).toMatchObject({ repetitions: 0, lapses: 1 });

      const log = await h.db.reviewLog.findMany({ where: { userId: who.id }, orderBy: { seq: "asc" } });
      expect(log.map((e) => [e.seq, e.grade])).toEqual([[1, 5], [2, 1]]);
      expect(log[1]!.answeredAt.getTime()).toBeLessThan(log[0]!.answeredAt.getTime());
      const state = await h.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: who.id, cardId: card } } });
      expect(findDrift([{ ...fieldsOf(state), userId: who.id, cardId: card }], log).drifted).toEqual([]);

      const undone = await undoLast(h.db, who, deckId, crypto.randomUUID(), t);
      expect(undone.undone.reviewId).toBe(late.review.id);
      expect(await h.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: who.id, cardId: card } } })).toMatchObject({ repetitions: 1, lapses: 0 });
    });
  });
});

describe.each(testDatabases())("the migration that adds the log's order, on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "over a log written before it" : "(set TEST_POSTGRES_URL to run)", () => {
    const clients: Db[] = [];
    let root: string | undefined;
    afterAll(async () => {
      for (const c of clients) await c.$disconnect();
      await target.dropAll();
      if (root) fs.rmSync(root, { recursive: true, force: true });
    });

    it("numbers each learner's existing entries in the order they were answered", async () => {
      // The migrations as they stood just before this one.
      root = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-migrations-"));
      fs.cpSync(migrationsDir(target.provider), migrationsDir(target.provider, root), { recursive: true });
      for (const name of fs.readdirSync(migrationsDir(target.provider, root))) {
        if (/^\d{14}_/.test(name) && name >= SEQ_MIGRATION) fs.rmSync(path.join(migrationsDir(target.provider, root), name), { recursive: true });
      }
      const url = await target.create();
      await migrate(url, root);
      const db = createDb(url);
      clients.push(db);
      const at = "'2026-01-01 00:00:00'";
      await db.$executeRawUnsafe(`INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt") VALUES ('u1', 'u1@example.com', 'U1', 'x', ${at}), ('u2', 'u2@example.com', 'U2', 'x', ${at})`);
      await db.$executeRawUnsafe(`INSERT INTO "Deck" ("id", "slug", "ownerId", "title", "updatedAt") VALUES ('d', 'd', 'u1', 'D', ${at})`);
      await db.$executeRawUnsafe(`INSERT INTO "Card" ("id", "deckId", "externalId", "front", "back", "position", "updatedAt") VALUES ('c1', 'd', 'c1', 'q', 'a', 1, ${at})`);
      // Written in this order; answered at these times.
      const rows: [id: string, user: string, answeredAt: string][] = [
        ["r1", "u1", "2026-03-10 10:00:00"],
        ["r2", "u1", "2026-03-10 09:00:00"],
        ["r3", "u2", "2026-03-10 09:30:00"],
        ["r4", "u1", "2026-03-10 11:00:00"],
      ];
      for (const [id, user, answeredAt] of rows) {
        await db.$executeRawUnsafe(
          `INSERT INTO "ReviewLog" ("id", "userId", "cardId", "deckId", "kind", "grade", "repetitionsBefore", "easinessBefore", "intervalBefore", "dueDayBefore", "extraReviewBefore",
             "repetitionsAfter", "easinessAfter", "intervalAfter", "dueDayAfter", "extraReviewAfter", "answeredAt", "reviewDay", "durationMs")
           VALUES ('${id}', '${user}', 'c1', 'd', 'ANSWER', 4, 0, 2.5, 0, NULL, false, 1, 2.5, 1, 2, false, '${answeredAt}', 1, 1000)`,
        );
      }
      expect((await migrate(url)).applied).toContain(SEQ_MIGRATION);
      const numbered = await db.$queryRawUnsafe<{ id: string; userId: string; seq: number }[]>(`SELECT "id", "userId", "seq" FROM "ReviewLog" ORDER BY "userId", "seq"`);
      expect(numbered.map((r) => [r.userId, Number(r.seq), r.id])).toEqual([
        ["u1", 1, "r2"],
        ["u1", 2, "r1"],
        ["u1", 3, "r4"],
        ["u2", 1, "r3"],
      ]);
    });
  });
});
