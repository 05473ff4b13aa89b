// Browser tests run against the real production server: `next build` (only when the
// sources changed), then `next start` on a free port with a fresh migrated and seeded
// SQLite database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDb } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { seedDemo } from "../../lib/decks/seed.ts";
import { CHROMIUM } from "../support/browser.ts";
import { ensureBuilt, startServer } from "../support/server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** Where the server writes its mails (signUpFresh follows the confirmation link from there). */
    outboxDir: string;
  }
}

export default async function setup(project: TestProject) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Browser tests need Chromium at ${CHROMIUM} (Debian: apt-get install chromium; .ci/run installs it).`);
  }
  ensureBuilt();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-e2e-"));
  const databaseUrl = `file:${path.join(dir, "e2e.db")}`;
  await migrate(databaseUrl);
  const db = createDb(databaseUrl);
  await seedDemo(db);
  await db.$disconnect();

  const outboxDir = path.join(dir, "outbox");
  // Every browser test signs up from 127.0.0.1: lift the per-network sign-up limit (tested on its own server).
  const server = await startServer({ databaseUrl, env: { PROOFDECK_OUTBOX_DIR: outboxDir, PROOFDECK_SIGNUP_LIMIT: "10000" } });
  project.provide("baseUrl", server.baseUrl);
  project.provide("outboxDir", outboxDir);

  return async () => {
    await server.stop();
    if (process.env.PROOFDECK_E2E_LOG) fs.writeFileSync(process.env.PROOFDECK_E2E_LOG, server.log());
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
