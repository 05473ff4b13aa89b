// Sign-up and next-auth's endpoints over HTTP against `next start` (issue #11): sign-up answers a taken
// address exactly as a new one, refuses a burst from one network with 429 + Retry-After, and next-auth's
// POSTs refuse an oversized body with 413 before reading it, while sign-in works as before.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { seedDemo } from "../../lib/decks/seed.ts";
import { DEMO_LEARNER } from "../../lib/users/demo.ts";
import { latestMailTo } from "../support/outbox.ts";
import { signInOverHttp, startServer, type RunningServer } from "../support/server.ts";

const LIMIT = 3;

describe("sign-up and next-auth over HTTP", () => {
  let server: RunningServer;
  let dir: string;
  let outbox: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-signup-"));
    outbox = path.join(dir, "outbox");
    const url = `file:${path.join(dir, "signup.db")}`;
    await migrate(url);
    const db = createDb(url);
    await seedDemo(db);
    await db.$disconnect();
    server = await startServer({ databaseUrl: url, env: { PROOFDECK_OUTBOX_DIR: outbox, PROOFDECK_SIGNUP_LIMIT: String(LIMIT) } });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const signUp = (email: string) =>
    fetch(`${server.baseUrl}/api/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Someone", email, password: "a-long-study-passphrase" }),
    });

  it("answers a taken address exactly as a new one; the mails differ", async () => {
    const fresh = await signUp("fresh@example.com");
    const taken = await signUp(DEMO_LEARNER.email);
    expect([fresh.status, taken.status]).toEqual([200, 200]);
    expect(await taken.json()).toEqual(await fresh.json());
    expect(await latestMailTo(outbox, "fresh@example.com")).toMatch(/verify-email\?token=/);
    expect(await latestMailTo(outbox, DEMO_LEARNER.email)).toMatch(/Someone tried to sign up/);
  });

  it(`refuses the ${LIMIT + 1}th sign-up from one network within the hour with 429, a clear message and Retry-After`, async () => {
    // Two sign-ups above; the third is the last one allowed.
    expect((await signUp("third@example.com")).status).toBe(200);
    const res = await signUp("one-too-many@example.com");
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await res.json()).toEqual({ error: "Too many sign-ups from your network. Try again in 60 minutes.", retryAfterS: retryAfter });
  });

  it("refuses a next-auth POST body over 4 KiB with 413, declared or streamed; sign-in still works", async () => {
    const big = new URLSearchParams({ email: DEMO_LEARNER.email, password: "x".repeat(100_000), csrfToken: "x", json: "true" }).toString();
    const declared = await fetch(`${server.baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: "The request body is too large: at most 4 KiB." });

    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 50; i++) c.enqueue(new TextEncoder().encode("a".repeat(1000)));
        c.close();
      },
    });
    const streamed = await fetch(`${server.baseUrl}/api/auth/signout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);

    const ok = await signInOverHttp(server.baseUrl, DEMO_LEARNER.email, DEMO_LEARNER.password);
    expect(ok.error).toBeNull();
    expect(ok.cookie).toMatch(/next-auth\.session-token=/);
  });
});
