// The page benchmarks' server: `next start` on a fresh migrated SQLite database seeded with the demo deck
// (as the browser tests start theirs), and the demo deck's card ids by position. Build first (ensureBuilt).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { seedDemo } from "../../lib/decks/seed.ts";
import { startServer, type RunningServer } from "../../tests/support/server.ts";

export interface DemoServer {
  server: RunningServer;
  deck: { id: string; cards: Array<{ id: string; position: number; experimentId: string | null }> };
  /** A scratch folder of this run (the database is in it); removed by stop(). */
  dir: string;
  stop(): Promise<void>;
}

export async function startDemoServer(name: string): Promise<DemoServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `proofdeck-bench-${name}-`));
  const databaseUrl = `file:${path.join(dir, "bench.db")}`;
  await migrate(databaseUrl);
  const db = createDb(databaseUrl);
  await seedDemo(db);
  const deck = await db.deck.findFirstOrThrow({ where: { slug: "fastbook-ch13" }, select: { id: true, cards: { select: { id: true, position: true, experimentId: true } } } });
  await db.$disconnect();
  const server = await startServer({ databaseUrl });
  return {
    server,
    deck,
    dir,
    async stop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
