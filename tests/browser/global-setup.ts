// Browser tests run against the real production server: `next build` (only when the
// sources changed), then `next start` on a free port with a fresh migrated and seeded
// SQLite database.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDb } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { seedDemo } from "../../lib/decks/seed.ts";
import { buildIsCurrent, markBuilt } from "../../scripts/build-hash.ts";
import { CHROMIUM } from "../support/browser.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function waitForServer(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not become ready in ${timeoutMs} ms`);
}

export default async function setup(project: TestProject) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Browser tests need Chromium at ${CHROMIUM} (Debian: apt-get install chromium; .ci/run installs it).`);
  }
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  if (!buildIsCurrent()) {
    execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: { ...env, NODE_ENV: "production" } });
    markBuilt();
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-e2e-"));
  const databaseUrl = `file:${path.join(dir, "e2e.db")}`;
  await migrate(databaseUrl);
  const db = createDb(databaseUrl);
  await seedDemo(db);
  await db.$disconnect();

  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env: {
      ...env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      NEXTAUTH_URL: baseUrl,
      NEXTAUTH_SECRET: "e2e-secret-not-for-production-0123456789",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  server.stdout!.on("data", (d) => (log += d));
  server.stderr!.on("data", (d) => (log += d));
  try {
    await waitForServer(`${baseUrl}/`, server, 60_000);
  } catch (err) {
    server.kill("SIGKILL");
    throw new Error(`${(err as Error).message}\n${log}`);
  }
  project.provide("baseUrl", baseUrl);

  return async () => {
    server.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    if (server.exitCode === null) server.kill("SIGKILL");
    if (process.env.PROOFDECK_E2E_LOG) fs.writeFileSync(process.env.PROOFDECK_E2E_LOG, log);
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
