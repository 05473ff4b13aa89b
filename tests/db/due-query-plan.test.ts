// The due query (what is left to review today) is answered from its index, already in
// queue order: the database reads only the rows it returns, however long the history.
// This runs the exact SQL Prisma sends and asks each database for its plan.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import pg from "pg";
import { createDb, type Db } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { sqliteFilePath } from "../../lib/db/provider.ts";
import { sessionView, type Learner } from "../../lib/reviews/data.ts";
import { testDatabases } from "../support/databases.ts";

const CARDS = 3000;
const TODAY = 20_500;
const NOW = new Date(Date.UTC(2026, 1, 16, 12)); // study day 20500 in UTC with a 4 AM rollover

describe.each(testDatabases())("the due query on $label", (target) => {
  describe.skipIf(!target.available)("with thousands of reviewed cards", () => {
    let url: string;
    let db: Db;
    const queries: { query: string; params: string }[] = [];
    let learner: Learner;
    let deckId: string;

    beforeAll(async () => {
      url = await target.create();
      await migrate(url);
      const seedDb = createDb(url);
      const user = await seedDb.user.create({ data: { email: "plan@example.com", name: "Plan", passwordHash: "x" } });
      const deck = await seedDb.deck.create({ data: { slug: "plan", title: "Plan", ownerId: user.id, published: true, reviewsPerDay: 200 } });
      await seedDb.enrolment.create({ data: { userId: user.id, deckId: deck.id } });
      await seedDb.card.createMany({
        data: Array.from({ length: CARDS }, (_, i) => ({ id: `card${String(i).padStart(5, "0")}`, deckId: deck.id, externalId: `c${i}`, front: `Q${i}`, back: `A${i}`, position: i })),
      });
      await seedDb.cardState.createMany({
        data: Array.from({ length: CARDS - 100 }, (_, i) => ({
          userId: user.id, cardId: `card${String(i).padStart(5, "0")}`, deckId: deck.id, repetitions: 3, easiness: 2.5, interval: 10,
          // Spread over 600 days around today: a fifth are due.
          dueDay: TODAY - 120 + (i % 600), lastReviewedAt: new Date(NOW.getTime() - 86400000 * (1 + (i % 30))), lastReviewDay: TODAY - 1 - (i % 30),
        })),
      });
      await seedDb.$disconnect();
      if (target.provider === "postgres") {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query("ANALYZE");
        await c.end();
      } else {
        const c = new Database(sqliteFilePath(url));
        c.exec("ANALYZE");
        c.close();
      }
      learner = { id: user.id, role: "LEARNER", timeZone: "UTC", dayRolloverHour: 4 };
      db = createDb(url, { log: (query, params) => queries.push({ query, params }) });
      deckId = deck.id;
      const view = await sessionView(db, learner, deck.id, NOW);
      expect(view.today).toBe(TODAY);
      expect(view.remaining.review).toBe(200); // 605 due, capped at reviews/day
      expect(view.remaining.new).toBe(20);
    });
    afterAll(async () => {
      await db?.$disconnect();
      await target.dropAll();
    });

    const dueQuery = () => {
      const q = queries.find((x) => /FROM\s+\S*CardState\S*\s+WHERE/i.test(x.query) && /ORDER BY/i.test(x.query) && /LIMIT/i.test(x.query));
      expect(q, "the due query was not seen").toBeDefined();
      return q!;
    };

    async function expectIndexedPlan({ query, params }: { query: string; params: string }) {
      const values = JSON.parse(params) as unknown[];
      if (target.provider === "sqlite") {
        const c = new Database(sqliteFilePath(url), { readonly: true });
        const plan = c
          .prepare(`EXPLAIN QUERY PLAN ${query}`)
          .all(...values.map((v) => (typeof v === "boolean" ? Number(v) : v)))
          .map((r) => (r as { detail: string }).detail);
        c.close();
        expect(plan.join("\n")).toMatch(/SEARCH .*CardState USING INDEX CardState_userId_deckId_dueDay_cardId_idx \(userId=\? AND deckId=\? AND dueDay<\?\)/);
        expect(plan.join("\n")).not.toMatch(/TEMP B-TREE/);
      } else {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          const { rows } = await c.query(`EXPLAIN ${query}`, values);
          const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
          // PostgreSQL's session reads are one statement (lib/reviews/postgres.ts) whose first two
          // parts are the due count and the due head: each its own top-level InitPlan, in that order
          // (each holds the deck's archived cards as an InitPlan of its own).
          const [count, head] = plan.split(/^ {2}InitPlan \d+/m).slice(1);
          for (const part of [count, head]) {
            expect(part).toMatch(/Index (Only )?Scan using "?CardState_userId_deckId_dueDay_cardId_idx"?/);
            expect(part).not.toMatch(/Sort|Seq Scan/);
          }
        } finally {
          await c.end();
        }
      }
    }

    it("reads the (userId, deckId, dueDay, cardId) index and needs no sort", async () => {
      await expectIndexedPlan(dueQuery());
    });

    it("still does with archived cards in the deck, which it leaves out", async () => {
      const archived = ["card00000", "card00001"];
      await db.card.updateMany({ where: { id: { in: archived } }, data: { archivedAt: NOW } });
      queries.length = 0;
      const view = await sessionView(db, learner, deckId, NOW);
      expect(view.remaining.review).toBe(200);
      expect(archived).not.toContain(view.next?.cardId);
      const q = dueQuery();
      // SQLite is sent the deck's archived cards; PostgreSQL's statement reads them itself.
      if (target.provider === "sqlite") expect((JSON.parse(q.params) as unknown[]).flat()).toEqual(expect.arrayContaining(archived));
      else expect(q.query).toMatch(/NOT \("cardId" = ANY\(ARRAY\(SELECT "id" FROM "Card" WHERE "deckId" = \$\d+ AND "archivedAt" IS NOT NULL\)\)\)/);
      await expectIndexedPlan(q);
    });
  });
});
