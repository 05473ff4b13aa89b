// Benchmark (issue #11): does a burst of sign-ups stall everyone else? Session decoding
// (GET /api/auth/session with a signed-in cookie: next-auth derives its key on libuv's thread
// pool, which argon2 shares) timed idle and while 40 sign-ups arrive at once.
//
//   npx tsx scripts/bench/signup-burst.ts
//
// Starts the production server (the build must be current, as for the browser tests) on a fresh
// seeded SQLite database. Prints one JSON line: session latency percentiles (ms) idle and during
// the burst, and the sign-ups' statuses (429: refused at once because too many hashes waited).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { seedDemo } from "../../lib/decks/seed.ts";
import { DEMO_LEARNER } from "../../lib/users/demo.ts";
import { ensureBuilt, signInOverHttp, startServer } from "../../tests/support/server.ts";

const BURST = 40;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))].toFixed(1);

async function main() {
  ensureBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-burst-"));
  const url = `file:${path.join(dir, "burst.db")}`;
  await migrate(url);
  const db = createDb(url);
  await seedDemo(db);
  await db.$disconnect();
  const server = await startServer({ databaseUrl: url, env: { PROOFDECK_OUTBOX_DIR: path.join(dir, "outbox"), PROOFDECK_SIGNUP_LIMIT: "100000" } });
  try {
    const { cookie } = await signInOverHttp(server.baseUrl, DEMO_LEARNER.email, DEMO_LEARNER.password);
    const session = async () => {
      const t = performance.now();
      await (await fetch(`${server.baseUrl}/api/auth/session`, { headers: { cookie } })).json();
      return performance.now() - t;
    };
    for (let i = 0; i < 10; i++) await session(); // warm-up
    const idle: number[] = [];
    for (let i = 0; i < 30; i++) idle.push(await session());

    const statuses: Record<number, number> = {};
    const burst = Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        fetch(`${server.baseUrl}/api/auth/signup`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: "Burst", email: `burst-${i}-${Date.now()}@example.com`, password: "a-long-study-passphrase" }),
        }).then((r) => void (statuses[r.status] = (statuses[r.status] ?? 0) + 1)),
      ),
    );
    let done = false;
    void burst.then(() => (done = true));
    const during: number[] = [];
    while (!done) during.push(await session());
    await burst;
    console.log(
      JSON.stringify({
        cores: os.availableParallelism(),
        idle: { p50: pct(idle, 0.5), p95: pct(idle, 0.95) },
        duringBurst: { samples: during.length, p50: pct(during, 0.5), p95: pct(during, 0.95) },
        signUpStatuses: statuses,
      }),
    );
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
