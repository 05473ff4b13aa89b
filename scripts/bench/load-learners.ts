// Load benchmark (issue #11): many learners, each with its own account and session, doing whole
// review sessions at once against `next start` on loopback.
//
//   npm run bench:load [-- --learners 200 --seconds 30 --warmup 5 --configs sqlite,pg --pg URL]
//
// Per configuration (SQLite with one app instance; PostgreSQL with two instances sharing the
// database, learners spread round-robin over them): a fresh database with one published deck of
// CARDS cards (no daily limit that could run out) and N learners enrolled in it, each signed in
// over HTTP (a real next-auth session cookie). Then for `warmup` + `seconds` every learner loops
// whole sessions with no think time: GET /api/decks/:id/session (opening the review; revealing the
// answer happens in the browser), then up to SESSION_CARDS answers (POST /api/reviews, a fresh
// review id each, the card and version the previous response named), after ~10 % of them an undo
// (POST /api/reviews/undo naming that answer). Only requests started after the warm-up count.
// A 409 (a version conflict) is expected under races and not an error; any other non-2xx or a
// failed request is, and is listed. The last line is `load errors: <total> p95_ms: <worst grade p95>`.
//
// PostgreSQL: --pg URL, else TEST_POSTGRES_URL (a server where the user may create databases);
// without either the PostgreSQL configuration is skipped with a printed reason.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { hashPassword } from "../../lib/auth/password.ts";
import { createDb, type Db } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { renderedCardFields } from "../../lib/decks/cards.ts";
import { ensureBuilt, signInOverHttp, startServer, type RunningServer } from "../../tests/support/server.ts";
import { percentile } from "./load.ts";

interface Options {
  learners: number;
  seconds: number;
  warmup: number;
  configs: string[];
  pg: string | undefined;
}

function options(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, dflt: number) => {
    const v = get(name);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number, not ${v}`);
    return n;
  };
  return {
    learners: Math.max(1, Math.floor(num("learners", 200))),
    seconds: num("seconds", 30),
    warmup: num("warmup", 5),
    configs: (get("configs") ?? "sqlite,pg").split(",").map((s) => s.trim()).filter(Boolean),
    pg: get("pg") ?? process.env.TEST_POSTGRES_URL?.trim() ?? undefined,
  };
}

const CARDS = 200;
const SESSION_CARDS = 10;
const UNDO_SHARE = 0.1;
const PASSWORD = "load-learner-password-1";
/** Mostly passes; 3s and fails bring a card back the same day (SM-2 step 4). */
const GRADES = [4, 5, 4, 3, 5, 4, 2, 4, 5, 1];
const SIGN_IN_CONCURRENCY = 4;
const REQUEST_TIMEOUT_MS = 30_000;

const log = (s: string) => console.error(`[load] ${s}`);

interface Next {
  cardId: string;
  state: { version: number };
}
interface View {
  next: Next | null;
}

/** One deck of CARDS cards, published, owned by an instructor, with `learners` learners enrolled. */
async function seed(db: Db, learners: number): Promise<{ deckId: string; emails: string[] }> {
  const hash = await hashPassword(PASSWORD); // one hash for all: the same password, checked by argon2 at sign-in
  const now = new Date();
  const owner = await db.user.create({ data: { email: "load-owner@proofdeck.test", name: "Load Owner", passwordHash: hash, role: "INSTRUCTOR", emailVerifiedAt: now } });
  const deck = await db.deck.create({
    data: { slug: "load-deck", title: "Load deck", ownerId: owner.id, published: true, newCardsPerDay: 9_999, reviewsPerDay: 99_999 },
  });
  const cards = Array.from({ length: CARDS }, (_, i) => ({
    deckId: deck.id,
    externalId: `load-${i}`,
    position: i,
    ...renderedCardFields(`Card ${i + 1}: what does a stride-2 convolution do to a $28 \\times 28$ grid?`, `It halves each side: **14 × 14** (card ${i + 1}).`),
  }));
  await db.card.createMany({ data: cards });
  const emails = Array.from({ length: learners }, (_, i) => `load-learner-${i}@proofdeck.test`);
  await db.user.createMany({ data: emails.map((email, i) => ({ email, name: `Learner ${i}`, passwordHash: hash, emailVerifiedAt: now })) });
  const ids = await db.user.findMany({ where: { email: { in: emails } }, select: { id: true } });
  await db.enrolment.createMany({ data: ids.map((u) => ({ userId: u.id, deckId: deck.id })) });
  return { deckId: deck.id, emails };
}

async function pool<T, R>(items: T[], width: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

interface Stats {
  sessions: number;
  grades: number;
  undos: number;
  conflicts: number;
  /** Learners who found nothing left to review (should be 0: the deck has no daily limit). */
  exhausted: number;
  gradeMs: number[];
  errors: Map<string, number>;
}

// node:http rather than fetch: under 200 concurrent learners, fetch (undici) held some requests in its own
// queue for up to 28 s before sending them. A request id logged on both sides showed it: the server got the
// request 14.8 s after the generator sent it and answered in 59 ms. Those stalls were the whole p99 tail and
// every "no answer in 30 s"; with node:http the same server answers every learner in turn.
const agent = new http.Agent({ keepAlive: true });

/** One HTTP request over a kept-alive connection; rejects when no byte comes for REQUEST_TIMEOUT_MS. */
function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS / 1000} s`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Every learner loops whole sessions until the deadline; only what starts after `measureFrom` counts. */
async function drive(urls: string[], cookies: string[], deckId: string, measureFrom: number, deadline: number): Promise<Stats> {
  const s: Stats = { sessions: 0, grades: 0, undos: 0, conflicts: 0, exhausted: 0, gradeMs: [], errors: new Map() };
  const fail = (what: string) => s.errors.set(what, (s.errors.get(what) ?? 0) + 1);

  async function call(url: string, cookie: string, method: string, route: string, body?: unknown): Promise<{ status: number; json: unknown; ms: number; at: number }> {
    const at = performance.now();
    try {
      const res = await send(url + route, method, body === undefined ? { cookie } : { cookie, "content-type": "application/json" }, body === undefined ? undefined : JSON.stringify(body));
      const { text } = res;
      const ms = performance.now() - at;
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        // counted below as an error when the status says so
      }
      if (at >= measureFrom && !(res.status >= 200 && res.status < 300) && res.status !== 409) {
        fail(`${method} ${route.replace(/\/[a-z0-9]{20,}/g, "/:id")} ${res.status} ${(json as { error?: string } | null)?.error ?? text.slice(0, 80)}`);
      }
      return { status: res.status, json, ms, at };
    } catch (err) {
      if (at >= measureFrom) fail(`${method} ${route.replace(/\/[a-z0-9]{20,}/g, "/:id")} failed: ${(err as Error).message}`);
      return { status: 0, json: null, ms: performance.now() - at, at };
    }
  }

  async function learner(k: number): Promise<void> {
    const url = urls[k % urls.length];
    const cookie = cookies[k];
    let turn = k;
    while (performance.now() < deadline) {
      const open = await call(url, cookie, "GET", `/api/decks/${deckId}/session`);
      if (open.status !== 200) {
        await new Promise((r) => setTimeout(r, 100)); // a refused connection fails at once: do not spin
        continue;
      }
      let view = open.json as View;
      if (!view.next) {
        s.exhausted++;
        return;
      }
      let answered = 0;
      while (view.next && answered < SESSION_CARDS && performance.now() < deadline) {
        const reviewId = crypto.randomUUID();
        const body = { reviewId, cardId: view.next.cardId, grade: GRADES[turn++ % GRADES.length], durationMs: 1500, expectedVersion: view.next.state.version };
        const r = await call(url, cookie, "POST", "/api/reviews", body);
        if (r.at >= measureFrom && r.status === 200) {
          s.grades++;
          s.gradeMs.push(r.ms);
        }
        if (r.status === 409 && r.at >= measureFrom) s.conflicts++;
        if (r.status !== 200) break; // start the session again from what the server says now
        view = r.json as View;
        answered++;
        if (Math.random() < UNDO_SHARE) {
          const u = await call(url, cookie, "POST", "/api/reviews/undo", { deckId, undoId: crypto.randomUUID(), reviewId });
          if (u.status === 200) {
            if (u.at >= measureFrom) s.undos++;
            view = u.json as View;
          }
        }
      }
      // Sessions finished inside the measured window, wherever they began: at 200 learners a session
      // can outlast the window, and counting only those begun in it reads 0 in steady state.
      if (performance.now() >= measureFrom && (answered === SESSION_CARDS || !view.next)) s.sessions++;
    }
  }

  await Promise.all(cookies.map((_, k) => learner(k)));
  return s;
}

interface Row {
  config: string;
  instances: number;
  learners: number;
  seconds: number;
  sessionsPerS: number;
  gradesPerS: number;
  undos: number;
  conflicts: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  errorList: [string, number][];
  exhausted: number;
}

async function runConfig(config: string, databaseUrl: string, instances: number, o: Options): Promise<Row> {
  log(`${config}: migrating and seeding ${o.learners} learners…`);
  await migrate(databaseUrl);
  const db = createDb(databaseUrl);
  let seeded: { deckId: string; emails: string[] };
  try {
    seeded = await seed(db, o.learners);
  } finally {
    await db.$disconnect();
  }
  const servers: RunningServer[] = [];
  try {
    for (let i = 0; i < instances; i++) servers.push(await startServer({ databaseUrl }));
    const urls = servers.map((s) => s.baseUrl.replace("localhost", "127.0.0.1"));
    log(`${config}: ${instances} instance(s) up; signing in ${o.learners} learners over HTTP…`);
    const cookies = await pool(seeded.emails, SIGN_IN_CONCURRENCY, async (email, i) => {
      const r = await signInOverHttp(servers[i % servers.length].baseUrl, email, PASSWORD);
      if (r.status !== 200 || !r.cookie.includes("session-token")) throw new Error(`sign-in of ${email} failed: ${r.status} ${r.error ?? ""}`);
      return r.cookie;
    });
    log(`${config}: ${o.warmup} s warm-up + ${o.seconds} s of whole sessions…`);
    const start = performance.now();
    const s = await drive(urls, cookies, seeded.deckId, start + o.warmup * 1000, start + (o.warmup + o.seconds) * 1000);
    const ms = s.gradeMs.sort((a, b) => a - b);
    // A window with no answer recorded at all is a failure of its own, whatever else went wrong.
    if (s.grades === 0) s.errors.set("no answer recorded in the measured window", 1);
    const errorList = [...s.errors].sort((a, b) => b[1] - a[1]);
    const row: Row = {
      config, instances, learners: o.learners, seconds: o.seconds,
      sessionsPerS: s.sessions / o.seconds, gradesPerS: s.grades / o.seconds, undos: s.undos, conflicts: s.conflicts,
      p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99),
      errors: errorList.reduce((a, [, n]) => a + n, 0), errorList, exhausted: s.exhausted,
    };
    log(`${config}: ${row.sessionsPerS.toFixed(1)} sessions/s, ${row.gradesPerS.toFixed(0)} grades/s, grade p95 ${row.p95.toFixed(0)} ms, errors ${row.errors}`);
    return row;
  } finally {
    for (const s of servers) await s.stop();
  }
}

/** A fresh PostgreSQL database on the server `serverUrl` names; drop() removes it. */
async function pgDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `proofdeck_load_${crypto.randomBytes(5).toString("hex")}`;
  const admin = async (sql: string, params: unknown[] = []) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(sql, params);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
      await admin(`DROP DATABASE IF EXISTS "${name}"`);
    },
  };
}

function table(rows: Row[]): string {
  const head = ["configuration", "learners", "sessions/s", "grades/s", "undos", "409s", "grade p50 ms", "p95 ms", "p99 ms", "errors"];
  const body = rows.map((r) => [
    `${r.config} (${r.instances} instance${r.instances > 1 ? "s" : ""})`, String(r.learners), r.sessionsPerS.toFixed(1), r.gradesPerS.toFixed(0),
    String(r.undos), String(r.conflicts), ...[r.p50, r.p95, r.p99].map((ms) => (Number.isFinite(ms) ? ms.toFixed(0) : "–")), String(r.errors) + (r.exhausted ? ` (+${r.exhausted} ran out)` : ""),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  return [line(head), `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|")}|`, ...body.map(line)].join("\n");
}

async function main() {
  const o = options(process.argv.slice(2));
  log(`${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}, load average ${os.loadavg()[0].toFixed(2)}`);
  log("checking the app build (builds if the sources changed)…");
  ensureBuilt();
  const rows: Row[] = [];
  if (o.configs.includes("sqlite")) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-load-"));
    try {
      rows.push(await runConfig("SQLite", `file:${path.join(dir, "load.db")}`, 1, o));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (o.configs.includes("pg")) {
    if (!o.pg) {
      console.log("PostgreSQL: skipped (no --pg URL and no TEST_POSTGRES_URL)");
    } else {
      const database = await pgDatabase(o.pg);
      try {
        rows.push(await runConfig("PostgreSQL", database.url, 2, o));
      } finally {
        await database.drop();
      }
    }
  }
  if (rows.length === 0) throw new Error("no configuration ran (--configs sqlite,pg)");
  const lines = ["", table(rows), ""];
  for (const r of rows) for (const [what, n] of r.errorList) lines.push(`error (${r.config}): ${n} × ${what}`);
  const errors = rows.reduce((a, r) => a + r.errors + r.exhausted, 0);
  // A configuration without answers counts as the request timeout: at least that slow.
  const worst = Math.max(...rows.map((r) => (Number.isFinite(r.p95) ? r.p95 : REQUEST_TIMEOUT_MS)));
  lines.push(`${o.warmup} s warm-up then ${o.seconds} s per configuration; ${SESSION_CARDS} answers a session, undo after ~${UNDO_SHARE * 100} % of answers; ${os.cpus().length} CPUs, load average now ${os.loadavg()[0].toFixed(2)}`);
  lines.push(`load errors: ${errors} p95_ms: ${Math.round(worst)}`);
  console.log(lines.join("\n"));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
