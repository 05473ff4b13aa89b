// A migration must never lose study history. On SQLite, Prisma adds a column by rebuilding the table
// (create new_X, copy, drop X, rename); with foreign keys on inside the migration's transaction, the drop
// cascaded into CardState and the append-only ReviewLog. These tests apply such migrations to databases
// holding a review history and count every row afterwards.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../lib/db/client.ts";
import { migrate, migrationsDir } from "../../lib/db/migrate.ts";
import { testDatabases } from "../support/databases.ts";

const USERS = 2;
const CARDS = 5;
const LOGS = 36;

function copyMigrations(provider: "sqlite" | "postgres"): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-migrations-"));
  fs.cpSync(migrationsDir(provider), migrationsDir(provider, root), { recursive: true });
  return root;
}

function addMigration(provider: "sqlite" | "postgres", root: string, name: string, sql: string): void {
  const dir = path.join(migrationsDir(provider, root), name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql);
}

/** 2 users × 5 cards of one deck: 10 card states and 36 review-log rows. */
async function studyHistory(db: Db): Promise<void> {
  const now = new Date();
  const users = await Promise.all(
    Array.from({ length: USERS }, (_, i) => db.user.create({ data: { email: `u${i}@example.test`, name: `U${i}`, passwordHash: "x" } })),
  );
  const deck = await db.deck.create({ data: { slug: "d", title: "D", ownerId: users[0]!.id } });
  const cards = await Promise.all(Array.from({ length: CARDS }, (_, i) => db.card.create({ data: { deckId: deck.id, externalId: `c${i}`, front: `q${i}`, back: `a${i}`, position: i } })));
  for (const u of users) for (const c of cards) await db.cardState.create({ data: { userId: u.id, cardId: c.id, deckId: deck.id, dueDay: 1 } });
  for (let i = 0; i < LOGS; i++) {
    const u = users[i % USERS]!;
    const c = cards[i % CARDS]!;
    await db.reviewLog.create({
      data: {
        id: `log-${i}`, userId: u.id, seq: Math.floor(i / USERS) + 1, cardId: c.id, deckId: deck.id, grade: 4,
        repetitionsBefore: 0, easinessBefore: 2.5, intervalBefore: 0, dueDayBefore: 1, extraReviewBefore: false,
        repetitionsAfter: 1, easinessAfter: 2.5, intervalAfter: 1, dueDayAfter: 2, extraReviewAfter: false,
        answeredAt: now, reviewDay: 1, durationMs: 1000,
      },
    });
  }
}

const counts = async (db: Db) => ({ logs: await db.reviewLog.count(), states: await db.cardState.count(), cards: await db.card.count() });

describe.each(testDatabases())("migrations keep the review history on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "with 36 review-log rows and 10 card states" : "(set TEST_POSTGRES_URL to run)", () => {
    const clients: Db[] = [];
    const roots: string[] = [];
    afterAll(async () => {
      for (const c of clients) await c.$disconnect();
      await target.dropAll();
      for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
    });

    /** A migrated database (from a private copy of the migrations, to add to) holding the study history. */
    async function withHistory() {
      const url = await target.create();
      const root = copyMigrations(target.provider);
      roots.push(root);
      await migrate(url, root);
      const db = createDb(url);
      clients.push(db);
      await studyHistory(db);
      return { url, root, db };
    }

    it("a migration that rebuilds the Card table (as Prisma writes it to add a column) keeps every card state and review-log row", async () => {
      const { url, root, db } = await withHistory();
      expect(await counts(db)).toEqual({ logs: LOGS, states: USERS * CARDS, cards: CARDS });

      if (target.provider === "sqlite") {
        const conn = (await db.$queryRawUnsafe<{ sql: string }[]>(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'Card'`))[0]!.sql;
        const newTable = conn.replace(/^CREATE TABLE "Card" \(/, `CREATE TABLE "new_Card" (\n    "hint" TEXT NOT NULL DEFAULT '',`);
        const cols = (await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM pragma_table_info('Card')`)).map((c) => `"${c.name}"`).join(", ");
        addMigration("sqlite", root, "29990101000000_card_hint", [
          "PRAGMA defer_foreign_keys=ON;",
          "PRAGMA foreign_keys=OFF;",
          `${newTable};`,
          `INSERT INTO "new_Card" (${cols}) SELECT ${cols} FROM "Card";`,
          `DROP TABLE "Card";`,
          `ALTER TABLE "new_Card" RENAME TO "Card";`,
          "PRAGMA foreign_keys=ON;",
          "PRAGMA defer_foreign_keys=OFF;",
        ].join("\n"));
      } else {
        addMigration("postgres", root, "29990101000000_card_hint", `ALTER TABLE "Card" ADD COLUMN "hint" TEXT NOT NULL DEFAULT '';`);
      }
      await db.$disconnect();
      const result = await migrate(url, root);
      expect(result.applied).toEqual(["29990101000000_card_hint"]);
      const after = createDb(url);
      clients.push(after);
      expect(await counts(after)).toEqual({ logs: LOGS, states: USERS * CARDS, cards: CARDS });
      expect(await after.$queryRawUnsafe<{ hint: string }[]>(`SELECT "hint" FROM "Card"`)).toHaveLength(CARDS);
    });

    it("the database itself refuses to delete a card or a user that has reviews (the log is append-only)", async () => {
      const url = await target.create();
      await migrate(url);
      const db = createDb(url);
      clients.push(db);
      await studyHistory(db);
      const card = await db.card.findFirstOrThrow();
      const user = await db.user.findFirstOrThrow();
      await expect(db.card.delete({ where: { id: card.id } })).rejects.toThrow();
      await expect(db.user.delete({ where: { id: user.id } })).rejects.toThrow();
      await expect(db.deck.delete({ where: { id: card.deckId } })).rejects.toThrow();
      expect(await counts(db)).toEqual({ logs: LOGS, states: USERS * CARDS, cards: CARDS });
    });

    it("refuses, and applies nothing of, a migration that would leave rows pointing at nothing", async () => {
      const { url, root, db } = await withHistory();
      // Two migrations: the first is fine and stays applied; the second deletes cards that have reviews.
      addMigration(target.provider, root, "29990101000000_ok", `CREATE TABLE "Harmless" ("id" TEXT PRIMARY KEY NOT NULL);`);
      addMigration(target.provider, root, "29990101000001_dangling", `DELETE FROM "Card";`);
      await db.$disconnect();
      await expect(migrate(url, root)).rejects.toThrow(target.provider === "sqlite" ? /29990101000001_dangling would leave \d+ row\(s\) pointing at nothing/ : /29990101000001_dangling failed/);
      const after = createDb(url);
      clients.push(after);
      expect(await counts(after)).toEqual({ logs: LOGS, states: USERS * CARDS, cards: CARDS });
      const names = (await after.$queryRawUnsafe<{ migration_name: string }[]>(`SELECT migration_name FROM "_prisma_migrations"`)).map((r) => r.migration_name);
      expect(names).toContain("29990101000000_ok");
      expect(names).not.toContain("29990101000001_dangling");
    });
  });
});
