// Benchmark (issue #14): the class dashboard's queries (lib/classes/dashboard.ts classDashboard, as the
// dashboard page, its JSON route and the CSV export run them) for a class of 500 learners over a
// million review-log rows, against the same queries for a 10-learner class in the same database.
//
//   npm run bench:class
//
// Seeds (once, cached under data/bench/ like the review benchmark's files) a SQLite file made by
// migrate(): one 200-card deck, 500 learners who joined a class 200 days ago, 2,000 log rows each over
// those days (about 1 in 100 answers undone), their card states and why-view counts; a second class
// holds 10 of them. Times each class's dashboard (the last 30 days, and a 365-day range) through the
// app's Prisma client: one warm-up (the first view, printed), then BENCH_CLASS_REPS (default 7) runs, median
// and max; then how long the class's card sums take to add 10 new answers per learner.
// Last line: `ratio 500 / 10 learners (30 days): N.N`.
//
// Environment (optional): BENCH_CLASS_LEARNERS=500, BENCH_CLASS_ROWS=1000000, BENCH_CLASS_REPS=7,
// BENCH_PG_URL=postgresql://… also seeds a fresh database on that server (dropped afterwards, unless
// BENCH_PG_KEEP=1, for looking at its plans) and times it there.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { createDb, type Db } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { refreshClassCards } from "../../lib/classes/card-sums.ts";
import { classDashboard } from "../../lib/classes/dashboard.ts";
import { currentStudyDay } from "../../lib/srs/day.ts";
import { mulberry32 } from "../../experiments/random/mulberry32.ts";
import { migrationsKey, sqliteDate } from "./seed.ts";
import { median } from "./summary.ts";

const LEARNERS = Number(process.env.BENCH_CLASS_LEARNERS ?? 500);
const ROWS = Number(process.env.BENCH_CLASS_ROWS ?? 1_000_000);
const REPS = Number(process.env.BENCH_CLASS_REPS ?? 7);
const BASELINE = 10;
const CARDS = 200;
const HISTORY_DAYS = 200;
const DAY_MS = 86_400_000;
const log = (s: string) => console.error(`[bench:class] ${s}`);

const NOW = new Date();
const TODAY = currentStudyDay(NOW, "UTC", 4);
const id = (rand: () => number, prefix: string) => prefix + Math.floor(rand() * 2 ** 52).toString(36) + Math.floor(rand() * 2 ** 52).toString(36);

interface Rows {
  users: unknown[][];
  cards: unknown[][];
  states: unknown[][];
  logs: unknown[][];
  opens: unknown[][];
}

/** Everything the seed inserts, generated once (the same rows go to SQLite and PostgreSQL). */
function generate(): Rows & { bigClass: string; smallClass: string; deckId: string; ownerId: string; memberIds: string[] } {
  const rand = mulberry32(0xc1a55);
  const t0 = (TODAY - HISTORY_DAYS - 1) * DAY_MS;
  const ownerId = id(rand, "o");
  const deckId = id(rand, "d");
  const users: unknown[][] = [[ownerId, "bench-class-owner@proofdeck.test", "Bench Owner", "INSTRUCTOR", t0]];
  const cards = Array.from({ length: CARDS }, (_, i) => [id(rand, "k"), deckId, `bench-${i + 1}`, `Card ${i + 1}: what does layer ${i % 7} compute?`, "An answer.", i + 1, t0]);
  const memberIds: string[] = [];
  const states: unknown[][] = [];
  const logs: unknown[][] = [];
  const opens: unknown[][] = [];
  const perLearner = Math.floor(ROWS / LEARNERS);
  for (let u = 0; u < LEARNERS; u++) {
    const userId = id(rand, "u");
    memberIds.push(userId);
    users.push([userId, `bench-class-${u}@proofdeck.test`, `Learner ${String(u).padStart(3, "0")}`, "LEARNER", t0]);
    const reps = new Array<number>(CARDS).fill(0);
    const lastDay = new Array<number>(CARDS).fill(-1);
    let seq = 0;
    let prev: string | null = null;
    // Days ascending: this learner's answers spread over the class's 200 days.
    const days = Array.from({ length: perLearner }, () => TODAY - HISTORY_DAYS + Math.floor(rand() * (HISTORY_DAYS + 1))).sort((a, b) => a - b);
    for (const day of days) {
      const card = Math.floor(rand() * CARDS);
      const cardId = cards[card][0];
      const at = day * DAY_MS + 6 * 3_600_000 + Math.floor(rand() * 16 * 3_600_000);
      const logId = crypto.randomUUID();
      if (prev && rand() < 0.01) {
        logs.push([logId, userId, ++seq, cardId, deckId, "UNDO", prev, null, 1, 2.5, 1, day, false, 0, 2.5, 0, day, false, at, day, 0]);
        prev = null;
        continue;
      }
      const grade = Math.min(5, Math.floor(rand() * 7));
      const before = reps[card];
      reps[card] = grade >= 3 ? before + 1 : 0;
      lastDay[card] = day;
      logs.push([logId, userId, ++seq, cardId, deckId, "ANSWER", null, grade, before, 2.5, before * 3, day, false, reps[card], 2.5, reps[card] * 3, day + reps[card] * 3, false, at, day, 4000]);
      prev = logId;
    }
    for (let c = 0; c < CARDS; c++) {
      if (lastDay[c] < 0) continue;
      const dueDay = lastDay[c] + Math.max(1, reps[c] * 3);
      states.push([userId, cards[c][0], deckId, reps[c], 2.5, reps[c] * 3, dueDay, reps[c] === 0 ? 1 : 0, lastDay[c] * DAY_MS + 7 * 3_600_000, lastDay[c]]);
    }
    for (let k = 0; k < 20; k++) opens.push([userId, cards[Math.floor(rand() * CARDS)][0], deckId, 1 + Math.floor(rand() * 5), NOW.getTime()]);
  }
  const uniqOpens = [...new Map(opens.map((o) => [`${o[0]}|${o[1]}`, o])).values()];
  return { users, cards, states, logs, opens: uniqOpens, bigClass: "benchclassbig", smallClass: "benchclasssmall", deckId, ownerId, memberIds };
}

type Gen = ReturnType<typeof generate>;

function seedSqlite(file: string, g: Gen) {
  const conn = new Database(file);
  conn.pragma("journal_mode = OFF");
  conn.pragma("synchronous = OFF");
  conn.pragma("cache_size = -1000000");
  const d = (ms: unknown) => sqliteDate(ms as number);
  const joined = d((TODAY - HISTORY_DAYS - 1) * DAY_MS);
  conn.transaction(() => {
    const u = conn.prepare(`INSERT INTO "User" (id, email, name, passwordHash, role, timeZone, dayRolloverHour, createdAt, updatedAt) VALUES (?, ?, ?, '!', ?, 'UTC', 4, ?, ?)`);
    for (const r of g.users) u.run(r[0], r[1], r[2], r[3], d(r[4]), d(r[4]));
    conn.prepare(`INSERT INTO "Deck" (id, slug, ownerId, title, published, createdAt, updatedAt) VALUES (?, 'bench-class-deck', ?, 'Class benchmark deck', 1, ?, ?)`).run(g.deckId, g.ownerId, joined, joined);
    const c = conn.prepare(`INSERT INTO "Card" (id, deckId, externalId, front, back, position, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const r of g.cards) c.run(r[0], r[1], r[2], r[3], r[4], r[5], d(r[6]), d(r[6]));
    const s = conn.prepare(`INSERT INTO "CardState" (userId, cardId, deckId, repetitions, easiness, interval, dueDay, lapses, lastReviewedAt, lastReviewDay, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const r of g.states) s.run(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], d(r[8]), r[9], d(r[8]));
    const l = conn.prepare(`INSERT INTO "ReviewLog" (id, userId, seq, cardId, deckId, kind, undoesId, grade, repetitionsBefore, easinessBefore, intervalBefore, dueDayBefore, extraReviewBefore,
      repetitionsAfter, easinessAfter, intervalAfter, dueDayAfter, extraReviewAfter, answeredAt, reviewDay, durationMs, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const r of g.logs) l.run(...r.slice(0, 12), r[12] ? 1 : 0, r[13], r[14], r[15], r[16], r[17] ? 1 : 0, d(r[18]), r[19], r[20], d(r[18]));
    const o = conn.prepare(`INSERT INTO "WhyOpen" (userId, cardId, deckId, count, lastOpenedAt) VALUES (?, ?, ?, ?, ?)`);
    for (const r of g.opens) o.run(r[0], r[1], r[2], r[3], d(r[4]));
    seedClasses((sql, args) => conn.prepare(sql.replace(/\$\d+/g, "?")).run(...args), g, joined);
  })();
  conn.pragma("journal_mode = WAL");
  conn.exec("ANALYZE");
  conn.close();
}

function seedClasses(run: (sql: string, args: unknown[]) => unknown, g: Gen, joined: unknown) {
  for (const [classId, n] of [[g.bigClass, LEARNERS], [g.smallClass, BASELINE]] as const) {
    run(`INSERT INTO "Class" (id, name, "createdAt") VALUES ($1, $2, $3)`, [classId, `${n} learners`, joined]);
    run(`INSERT INTO "ClassInstructor" ("classId", "userId", "addedAt") VALUES ($1, $2, $3)`, [classId, g.ownerId, joined]);
    run(`INSERT INTO "ClassDeck" ("classId", "deckId") VALUES ($1, $2)`, [classId, g.deckId]);
    for (const m of g.memberIds.slice(0, n)) run(`INSERT INTO "ClassMember" ("classId", "userId", "joinedAt", "joinedDay") VALUES ($1, $2, $3, $4)`, [classId, m, joined, TODAY - HISTORY_DAYS - 1]);
  }
}

/** PostgreSQL: COPY-free multi-row inserts in batches (fast enough for a benchmark's one-off seed). */
async function seedPostgres(url: string, g: Gen) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const ts = (ms: unknown) => new Date(ms as number);
  const insert = async (table: string, cols: string[], rows: unknown[][]) => {
    const per = Math.floor(30000 / cols.length);
    for (let i = 0; i < rows.length; i += per) {
      const chunk = rows.slice(i, i + per);
      const values = chunk.map((_, r) => `(${cols.map((_, k) => `$${r * cols.length + k + 1}`).join(", ")})`).join(", ");
      await c.query(`INSERT INTO "${table}" (${cols.map((x) => `"${x}"`).join(", ")}) VALUES ${values}`, chunk.flat());
    }
  };
  await c.query("BEGIN");
  await insert("User", ["id", "email", "name", "role", "createdAt", "updatedAt", "passwordHash"], g.users.map((r) => [r[0], r[1], r[2], r[3], ts(r[4]), ts(r[4]), "!"]));
  const joined = ts((TODAY - HISTORY_DAYS - 1) * DAY_MS);
  await c.query(`INSERT INTO "Deck" (id, slug, "ownerId", title, published, "createdAt", "updatedAt") VALUES ($1, 'bench-class-deck', $2, 'Class benchmark deck', true, $3, $3)`, [g.deckId, g.ownerId, joined]);
  await insert("Card", ["id", "deckId", "externalId", "front", "back", "position", "createdAt", "updatedAt"], g.cards.map((r) => [...r.slice(0, 6), ts(r[6]), ts(r[6])]));
  await insert("CardState", ["userId", "cardId", "deckId", "repetitions", "easiness", "interval", "dueDay", "lapses", "lastReviewedAt", "lastReviewDay", "updatedAt"], g.states.map((r) => [...r.slice(0, 8), ts(r[8]), r[9], ts(r[8])]));
  await insert(
    "ReviewLog",
    ["id", "userId", "seq", "cardId", "deckId", "kind", "undoesId", "grade", "repetitionsBefore", "easinessBefore", "intervalBefore", "dueDayBefore", "extraReviewBefore", "repetitionsAfter", "easinessAfter", "intervalAfter", "dueDayAfter", "extraReviewAfter", "answeredAt", "reviewDay", "durationMs", "createdAt"],
    g.logs.map((r) => [...r.slice(0, 18), ts(r[18]), r[19], r[20], ts(r[18])]),
  );
  await insert("WhyOpen", ["userId", "cardId", "deckId", "count", "lastOpenedAt"], g.opens.map((r) => [...r.slice(0, 4), ts(r[4])]));
  const queue: [string, unknown[]][] = [];
  seedClasses((sql, args) => queue.push([sql, args]), g, joined);
  for (const [sql, args] of queue) await c.query(sql, args);
  await c.query("COMMIT");
  await c.query("ANALYZE");
  await c.end();
}

async function time(db: Db, classId: string, days: number): Promise<{ median: number; max: number; learners: number; first: number }> {
  const range = { from: TODAY - days + 1, to: TODAY };
  const t0 = performance.now();
  const d = await classDashboard(db, classId, range, NOW); // warm-up
  const first = performance.now() - t0;
  const ms: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t = performance.now();
    await classDashboard(db, classId, range, NOW);
    ms.push(performance.now() - t);
  }
  return { median: median(ms), max: Math.max(...ms), learners: d.learners.length, first };
}

/**
 * A view after every member answered `answers` more times: the class's card sums add the new log rows
 * (lib/classes/card-sums.ts). Timed by moving each member's cursor back over their last entries, so
 * those entries are summed again (the sums are then off: run it last).
 */
async function timeRefresh(db: Db, classId: string, answers: number): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < REPS; i++) {
    await db.$executeRaw`UPDATE "ClassCardCursor" SET "throughSeq" = "throughSeq" - ${answers} WHERE "classId" = ${classId}`;
    const t = performance.now();
    await refreshClassCards(db, classId);
    ms.push(performance.now() - t);
  }
  return median(ms);
}

async function measure(label: string, db: Db, g: Gen) {
  const out: string[] = [];
  let ratio30 = 0;
  for (const days of [30, 365]) {
    const big = await time(db, g.bigClass, days);
    const small = await time(db, g.smallClass, days);
    if (days === 30) {
      ratio30 = big.median / small.median;
      // The 500-learner class's first view sums its members' whole history into the rollups (when the file is fresh).
      const line = `${label.padEnd(10)} first view of the ${big.learners}-learner class (rollups built unless the file was used before): ${big.first.toFixed(0)} ms`;
      log(line);
      out.push(line);
    }
    const line = (
      `${label.padEnd(10)} ${String(days).padStart(3)} days  ${String(big.learners).padStart(3)} learners: median ${big.median.toFixed(0).padStart(5)} ms (max ${big.max.toFixed(0)})   ${small.learners} learners: median ${small.median.toFixed(1).padStart(6)} ms   ratio ${(big.median / small.median).toFixed(1)}`
    );
    log(line);
    out.push(line);
  }
  const refresh = await timeRefresh(db, g.bigClass, 10);
  const line = `${label.padEnd(10)} card sums brought up to date after 10 new answers per learner: median ${refresh.toFixed(0)} ms`;
  log(line);
  out.push(line);
  return { out, ratio30 };
}

async function main() {
  log(`generating ${LEARNERS} learners × ${Math.floor(ROWS / LEARNERS)} log rows`);
  const g = generate();
  const dir = path.join("data", "bench");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `class-${LEARNERS}l-${ROWS}r-day${TODAY}-${migrationsKey()}.db`);
  if (!fs.existsSync(file)) {
    for (const f of fs.readdirSync(dir)) if (f.startsWith(`class-${LEARNERS}l-${ROWS}r-`)) fs.rmSync(path.join(dir, f), { force: true });
    const t0 = Date.now();
    const tmp = `${file}.tmp-${process.pid}`;
    await migrate(`file:${tmp}`);
    seedSqlite(tmp, g);
    fs.renameSync(tmp, file);
    log(`seeded ${path.relative(process.cwd(), file)} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  const lines: string[] = [];
  const sqlite = createDb(`file:${file}`);
  const s = await measure("SQLite", sqlite, g);
  await sqlite.$disconnect();
  lines.push(...s.out);

  const pgUrl = process.env.BENCH_PG_URL;
  if (pgUrl) {
    const name = `proofdeck_bench_class_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    try {
      await migrate(url.toString());
      const t0 = Date.now();
      await seedPostgres(url.toString(), g);
      log(`seeded PostgreSQL in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      const db = createDb(url.toString());
      const p = await measure("PostgreSQL", db, g);
      await db.$disconnect();
      lines.push(...p.out);
    } finally {
      if (process.env.BENCH_PG_KEEP) log(`kept database ${name} (BENCH_PG_KEEP)`);
      else await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }
  console.log(`class dashboard: ${LEARNERS} vs ${BASELINE} learners, ${g.logs.length.toLocaleString("en")} log rows, ${CARDS} cards, ${REPS} runs each`);
  for (const l of lines) console.log(l);
  console.log(`ratio ${LEARNERS} / ${BASELINE} learners (30 days): ${s.ratio30.toFixed(1)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
