// The hot path's raw statements (lib/db/raw.ts): the same answers on both databases, on
// PostgreSQL as prepared statements on the one pool Prisma also uses, still working after
// a client is disconnected and used again, by two copies of the module alike, and a unique violation
// recognised as Prisma's is.
import { describe, expect, it, vi } from "vitest";
import { createDb, isPostgres, pgPoolOf } from "../../lib/db/client.ts";
import { isUniqueViolation } from "../../lib/db/errors.ts";
import { Prisma } from "../../lib/db/generated/sqlite/client.ts";
import { rawExecute, rawRows } from "../../lib/db/raw.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";

describe.each(testDatabases())("raw statements on $label", (target) => {
  describe.skipIf(!target.available)("reads and writes", () => {
    const h = useMigratedDb(target);

    it("reads and writes rows, and says how many a write changed", async () => {
      const insert = (id: string, email: string) =>
        rawExecute(h.db, Prisma.sql`INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt") VALUES (${id}, ${email}, ${"Raw"}, ${"x"}, ${new Date().toISOString()})`);
      expect(await insert("raw-1", "raw1@example.com")).toBe(1);
      const rows = await rawRows<{ id: string; name: string; dayRolloverHour: unknown }>(h.db, Prisma.sql`SELECT "id", "name", "dayRolloverHour" FROM "User" WHERE "email" = ${"raw1@example.com"}`);
      expect(rows.map((r) => ({ ...r, dayRolloverHour: Number(r.dayRolloverHour) }))).toEqual([{ id: "raw-1", name: "Raw", dayRolloverHour: 4 }]);
      expect(await rawExecute(h.db, Prisma.sql`UPDATE "User" SET "name" = ${"Renamed"} WHERE "id" = ${"nobody"}`)).toBe(0);
      const err = await insert("raw-2", "raw1@example.com").catch((e: unknown) => e);
      expect(isUniqueViolation(err), String(err)).toBe(true);
      expect(await h.db.user.count({ where: { email: "raw1@example.com" } })).toBe(1);
    });

    it.runIf(target.provider === "postgres")("shares Prisma's pool, and works again after a disconnect", async () => {
      const db = createDb(h.url);
      expect(isPostgres(db)).toBe(true);
      const first = pgPoolOf(db)!.pool;
      await Promise.all(Array.from({ length: 30 }, () => Promise.all([db.user.count(), rawRows(db, Prisma.sql`SELECT 1 AS "one"`)])));
      // One pool for both, within DATABASE_POOL_SIZE (10 by default).
      expect(first.totalCount).toBeGreaterThan(0);
      expect(first.totalCount).toBeLessThanOrEqual(10);
      await db.$disconnect();
      expect(first.ended || first.ending).toBe(true);
      expect(await rawRows(db, Prisma.sql`SELECT 2 AS "two"`)).toEqual([{ two: 2 }]);
      expect(await db.user.count()).toBeGreaterThan(0);
      const second = pgPoolOf(db)!.pool;
      expect(second).not.toBe(first);
      await db.$disconnect();
      expect(second.ended || second.ending).toBe(true);
    });

    // `next start` runs this module twice in one process (pages and route handlers load through two
    // module registries), both on the one pool. Each copy once numbered its own statement names, so a
    // connection that had prepared a page's statement refused an answer's statement under the same name.
    it.runIf(target.provider === "postgres")("two copies of the module on one pool never give one name to two statements", async () => {
      vi.resetModules();
      const pageCopy = await import("../../lib/db/raw.ts");
      vi.resetModules();
      const routeCopy = await import("../../lib/db/raw.ts");
      expect(routeCopy).not.toBe(pageCopy);
      const saved = process.env.DATABASE_POOL_SIZE;
      process.env.DATABASE_POOL_SIZE = "1"; // one connection: every statement meets what the other copy prepared
      const db = createDb(h.url);
      if (saved === undefined) delete process.env.DATABASE_POOL_SIZE;
      else process.env.DATABASE_POOL_SIZE = saved;
      try {
        const first = Prisma.sql`SELECT ${"page"}::text AS "who", count(*)::int AS "users" FROM "User"`;
        const second = Prisma.sql`SELECT ${"route"}::text AS "who", count(*)::int AS "decks" FROM "Deck"`;
        expect(await pageCopy.rawRows(db, first)).toEqual([expect.objectContaining({ who: "page" })]);
        expect(await pageCopy.rawRows(db, second)).toEqual([expect.objectContaining({ who: "route" })]);
        // The other copy meets them in the other order, on the same connection.
        expect(await routeCopy.rawRows(db, second)).toEqual([expect.objectContaining({ who: "route" })]);
        expect(await routeCopy.rawRows(db, first)).toEqual([expect.objectContaining({ who: "page" })]);
        expect(pgPoolOf(db)!.pool.totalCount).toBe(1);
      } finally {
        await db.$disconnect();
      }
    });
  });
});
