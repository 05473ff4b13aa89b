// On PostgreSQL, pages and route handlers share one connection pool and prepare their hot statements on it
// (lib/db/raw.ts). `next start` runs that module twice, once for pages and once for route handlers, so a
// statement's name must not depend on which copy named it first. With one pooled connection every request
// meets what the others prepared: a learner opens the deck, the review page and the statistics, then answers.
// Each answer must be saved (an earlier build answered 500 here: "Prepared statements must be unique").
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { DEMO_LEARNER } from "../../lib/users/demo.ts";
import { testDatabases } from "../support/databases.ts";
import { signInOverHttp, startServer, type RunningServer } from "../support/server.ts";
import { demoDeck } from "../support/study.ts";

const postgres = testDatabases().find((t) => t.provider === "postgres")!;

describe.skipIf(!postgres.available)("PostgreSQL, one pooled connection shared by pages and route handlers", () => {
  let url = "";
  let db: Db;
  let server: RunningServer;
  let cookie = "";
  let deckId = "";
  let cardIds: string[] = [];

  beforeAll(async () => {
    url = await postgres.create();
    await migrate(url);
    db = createDb(url);
    ({ deckId, cardIds } = await demoDeck(db));
    server = await startServer({ databaseUrl: url, env: { DATABASE_POOL_SIZE: "1" } });
    ({ cookie } = await signInOverHttp(server.baseUrl, DEMO_LEARNER.email, DEMO_LEARNER.password));
  });

  afterAll(async () => {
    await server?.stop();
    await db?.$disconnect();
    await postgres.dropAll();
  });

  it("answers are saved after the pages have prepared their statements, and the pages still load after the answers", async () => {
    const get = async (path: string) => (await fetch(server.baseUrl + path, { headers: { cookie } })).status;
    const grade = async (cardId: string) => {
      const res = await fetch(`${server.baseUrl}/api/reviews`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", origin: server.baseUrl },
        body: JSON.stringify({ reviewId: crypto.randomUUID(), cardId, grade: 4, durationMs: 1500, expectedVersion: 0 }),
      });
      return `${res.status} ${res.ok ? "" : await res.text()}`.trim();
    };
    const pages = [`/decks/${deckId}`, `/decks/${deckId}/review`, `/decks/${deckId}/stats`, "/decks", "/stats"];
    for (const path of pages) expect(await get(path), path).toBe(200);
    expect(await grade(cardIds[0]!)).toBe("200");
    expect(await grade(cardIds[1]!)).toBe("200");
    for (const path of pages) expect(await get(path), path).toBe(200);
    expect(await grade(cardIds[2]!)).toBe("200");
    const learner = await db.user.findUniqueOrThrow({ where: { email: DEMO_LEARNER.email }, select: { id: true } });
    const saved = await db.reviewLog.findMany({ where: { userId: learner.id }, select: { cardId: true } });
    expect(saved.map((r) => r.cardId).sort()).toEqual(cardIds.slice(0, 3).sort());
    expect(server.log()).not.toContain("Prepared statements must be unique");
  });
});
