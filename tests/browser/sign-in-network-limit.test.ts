// The per-network sign-in limit holds against a forged X-Forwarded-For: with no proxy declared, the server
// (scripts/server.ts) counts the socket's address, so 40 wrong sign-ins with distinct emails and a random
// X-Forwarded-For each are refused from the 21st, as they are without the header.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { SIGN_IN_LIMITS } from "../../lib/auth/rate-limit.ts";
import { signInOverHttp, startServer, type RunningServer } from "../support/server.ts";

describe("per-network sign-in limit", () => {
  let server: RunningServer;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-xff-"));
    const url = `file:${path.join(dir, "xff.db")}`;
    await migrate(url);
    const db = createDb(url);
    await db.$disconnect();
    server = await startServer({ databaseUrl: url });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("ignores a client's X-Forwarded-For: refused from the 21st wrong sign-in all the same", async () => {
    const limit = SIGN_IN_LIMITS.maxFailuresPerIp;
    const refusedAt: number[] = [];
    for (let i = 1; i <= 40; i++) {
      const forged = `${1 + (i % 223)}.${i}.${(i * 7) % 255}.${(i * 13) % 255}`;
      const r = await signInOverHttp(server.baseUrl, `someone-${crypto.randomUUID()}@example.com`, "wrong-password-123", { "x-forwarded-for": forged });
      expect(r.error, `attempt ${i}`).toBeTruthy();
      if (/too many|try again in/i.test(r.error!)) refusedAt.push(i);
    }
    expect(refusedAt[0]).toBe(limit + 1);
    expect(refusedAt).toHaveLength(40 - limit);
  }, 120_000);
});
