// The production server on each database, and two instances sharing one PostgreSQL
// database as they would behind a load balancer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { seedDemo } from "../../lib/decks/seed.ts";
import { DEMO_LEARNER } from "../../lib/users/demo.ts";
import { testDatabases } from "../support/databases.ts";
import { signInOverHttp, startServer, type RunningServer } from "../support/server.ts";

// SQLite is one machine's database; several instances are a PostgreSQL deployment.
const target = testDatabases().find((t) => t.provider === "postgres")!;

describe.skipIf(!target.available)("two app instances on one PostgreSQL database", () => {
  describe("behind a load balancer", () => {
    let url: string;
    let a: RunningServer;
    let b: RunningServer;

    beforeAll(async () => {
      url = await target.create();
      await migrate(url);
      const db = createDb(url);
      await seedDemo(db);
      await db.$disconnect();
      [a, b] = await Promise.all([startServer({ databaseUrl: url }), startServer({ databaseUrl: url })]);
    });
    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await target.dropAll();
    });

    it("a session made on one instance is valid on the other", async () => {
      const { status, cookie } = await signInOverHttp(a.baseUrl, DEMO_LEARNER.email, DEMO_LEARNER.password);
      expect(status).toBe(200);
      const page = await fetch(`${b.baseUrl}/decks`, { headers: { cookie }, redirect: "manual" });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("My decks");
      expect(html).toContain("chapter 13: Convolutional neural networks");
    });

    it("failed sign-ins count across instances", async () => {
      const email = "nobody-here@example.com";
      const statuses: number[] = [];
      // Alternate instances: the sixth failure is refused whichever instance sees it.
      for (let i = 0; i < 6; i++) statuses.push((await signInOverHttp(i % 2 ? b.baseUrl : a.baseUrl, email, `guess-${i}`)).status);
      expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
      // Five failures remembered; the refused sixth left no trace.
      const db = createDb(url);
      try {
        expect(await db.authAttempt.count({ where: { key: `email:${email}`, succeeded: false } })).toBe(5);
      } finally {
        await db.$disconnect();
      }
    });
  });
});
