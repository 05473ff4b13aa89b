// Sign-in attempts: the hourly clean-up finds old rows through an index on their age, and the stored keys
// stay bounded however long the address that arrived.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openAttempt } from "../../lib/auth/attempts.ts";
import { sqliteFilePath } from "../../lib/db/provider.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";

describe.each(testDatabases())("sign-in attempts on $label", (target) => {
  describe.skipIf(!target.available)("the attempts table", () => {
    const h = useMigratedDb(target);

    it("stores a bounded key for an absurdly long address", async () => {
      const ids = await openAttempt(h.db, "someone@example.com", "9".repeat(10_000), new Date());
      const rows = await h.db.authAttempt.findMany({ where: { id: { in: ids } } });
      expect(Math.max(...rows.map((r) => r.key.length))).toBeLessThanOrEqual(254 + "email:".length);
      expect(rows.find((r) => r.key.startsWith("ip:"))!.key).toBe(`ip:${"9".repeat(64)}`);
    });

    it("deletes old attempts through the createdAt index, not a scan", async () => {
      if (target.provider === "sqlite") {
        const conn = new Database(sqliteFilePath(h.url));
        try {
          const plan = conn.prepare(`EXPLAIN QUERY PLAN DELETE FROM "AuthAttempt" WHERE "createdAt" < ?`).all(Date.now()) as { detail: string }[];
          expect(plan.map((p) => p.detail).join("\n")).toMatch(/USING (COVERING )?INDEX AuthAttempt_createdAt_idx/);
        } finally {
          conn.close();
        }
      } else {
        const rows = await h.db.$transaction(async (tx) => {
          await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
          return tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN DELETE FROM "AuthAttempt" WHERE "createdAt" < now()`);
        });
        expect(rows.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/AuthAttempt_createdAt_idx/);
      }
    });
  });
});
