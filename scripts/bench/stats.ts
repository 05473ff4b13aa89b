// Benchmark (issue #13): the statistics pages' data (lib/stats/data.ts: statsFor and dueToday, deckStats) for one
// learner with 1k and with 1M review-log rows over two years (scripts/bench/seed.ts), all
// decks and one deck: the first view (which sums the whole log into StatsDay once), views with
// nothing new, and views after 200 new answers; with --http also GET /stats over HTTP against
// `next start` (needs a build).
//
//   npm run bench:stats [-- --runs 20] [--pg postgresql://…] [--http]
//
// Each case: 3 warm-up calls, then `runs` (20) timed calls in a row, in process (the same code
// the page runs; no HTTP). Prints wall-clock and this process's CPU time per call, p50/p95 (on
// SQLite the queries run in process, so CPU time is the work itself even on a busy machine), and
// ends with `ratio stats p95 1M/1k: X` (SQLite, all decks, wall clock). Seeded files are cached under data/bench/ (about 3 minutes the first time).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { createDb, type Db } from "../../lib/db/client.ts";
import { deckStats, dueToday, statsFor, type StatsScope } from "../../lib/stats/data.ts";
import type { Learner } from "../../lib/reviews/data.ts";
import { ensureBuilt, signInOverHttp, startServer } from "../../tests/support/server.ts";
import { percentile } from "./load.ts";
import { pgSeeded } from "./pg-seed.ts";
import { BENCH_LEARNER, BENCH_ROLLOVER_HOUR, BENCH_TIME_ZONE, copySeeded, seededDb, type SeededDb } from "./seed.ts";

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Number(opt("--runs") ?? 20);
const PG_URL = args.includes("--no-pg") ? undefined : (opt("--pg") ?? process.env.TEST_POSTGRES_URL);
const HTTP = args.includes("--http");
const CARDS = 2_000;
const DECKS = 4;
const SIZES = [1_000, 1_000_000];
const CACHE_DIR = path.resolve("data", "bench");
const WORK_DIR = path.resolve("data", "bench", "stats-work");
const log = (s: string) => console.error(s);

interface Timing {
  p50: number;
  p95: number;
  max: number;
  /** CPU time of this process per call (user + system): on SQLite the queries run in process, so
   * this is the work itself, which other processes on a shared machine do not stretch. */
  cpu50: number;
  cpu95: number;
}

async function time(fn: () => Promise<unknown>, runs = RUNS): Promise<Timing> {
  for (let i = 0; i < 3; i++) await fn();
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  ms.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), max: ms[ms.length - 1], cpu50: percentile(cpu, 50), cpu95: percentile(cpu, 95) };
}

const fmt = (t: Timing, cpu = true) =>
  `wall p50 ${t.p50.toFixed(1).padStart(7)} p95 ${t.p95.toFixed(1).padStart(7)} max ${t.max.toFixed(1).padStart(7)} ms` +
  (cpu ? `  cpu p50 ${t.cpu50.toFixed(1).padStart(6)} p95 ${t.cpu95.toFixed(1).padStart(6)} ms` : "");
const report = (results: Record<string, string>, key: string, value: string) => {
  results[key] = value;
  log(`  ${key.padEnd(40)} ${value}`);
};

async function measureDb(db: Db, seeded: SeededDb, runs = RUNS) {
  const learner: Learner = { id: seeded.learnerId, role: "LEARNER", timeZone: BENCH_TIME_ZONE, dayRolloverHour: BENCH_ROLLOVER_HOUR };
  const now = new Date();
  const all: StatsScope = { userId: learner.id };
  // What each page reads: /stats the statistics, then what is left today in each deck (the review queue's
  // counts); /decks/<id>/stats the deck's statistics, its queue counts and its most-lapsed cards.
  const allDecksPage = async () => {
    const stats = await statsFor(db, learner, all, now);
    await dueToday(db, learner, seeded.deckIds, stats.today);
    return stats;
  };
  // Connect and load the query engine first: the first view's time is then the summing itself.
  await db.$queryRaw`SELECT 1`;
  await db.statsDay.findFirst();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const sample = await allDecksPage();
  const firstMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return {
    first: `wall ${firstMs.toFixed(0)} ms  cpu ${((c.user + c.system) / 1000).toFixed(0)} ms`,
    all: await time(allDecksPage, runs),
    deck: await time(() => deckStats(db, learner, seeded.deckIds[0]!, now), runs),
    answers: sample.heatmap.total,
    streak: sample.streak.current,
  };
}

/** Views right after `batch` new answers each (copies of the newest, on today, appended to the log), as after a review session. */
async function afterNewAnswers(db: Db, file: string, seeded: SeededDb, batch = 200, runs = 5): Promise<Timing> {
  const learner: Learner = { id: seeded.learnerId, role: "LEARNER", timeZone: BENCH_TIME_ZONE, dayRolloverHour: BENCH_ROLLOVER_HOUR };
  const now = new Date();
  const raw = new Database(file);
  const cols = (raw.prepare(`PRAGMA table_info("ReviewLog")`).all() as { name: string }[]).map((c) => c.name);
  let n = 0;
  const append = () => {
    const top = raw.prepare(`SELECT * FROM "ReviewLog" WHERE "userId" = ? AND "kind" = 'ANSWER' ORDER BY "seq" DESC LIMIT ?`).all(learner.id, batch) as Record<string, unknown>[];
    const max = (raw.prepare(`SELECT MAX("seq") AS m FROM "ReviewLog" WHERE "userId" = ?`).get(learner.id) as { m: number }).m;
    const ins = raw.prepare(`INSERT INTO "ReviewLog" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`);
    // A session's answers are all on today (copies of the newest rows keep their grades and times).
    const fresh = (r: Record<string, unknown>, i: number, c: string) =>
      c === "id" ? `bench-new-${++n}` : c === "seq" ? max + i + 1 : c === "reviewDay" ? seeded.today : r[c];
    raw.transaction(() => top.forEach((r, i) => ins.run(...cols.map((c) => fresh(r, i, c)))))();
  };
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    append();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await statsFor(db, learner, { userId: learner.id }, now);
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  raw.close();
  ms.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), max: ms[ms.length - 1], cpu50: percentile(cpu, 50), cpu95: percentile(cpu, 95) };
}

async function measureHttp(url: string): Promise<Timing> {
  ensureBuilt();
  const server = await startServer({ databaseUrl: url });
  try {
    const signIn = await signInOverHttp(server.baseUrl, BENCH_LEARNER.email, BENCH_LEARNER.password);
    if (signIn.status !== 200) throw new Error(`sign-in failed (${signIn.status})`);
    return await time(async () => {
      const res = await fetch(`${server.baseUrl}/stats`, { headers: { cookie: signIn.cookie } });
      const html = await res.text();
      if (res.status !== 200 || !html.includes('data-chart="heatmap"')) throw new Error(`GET /stats: ${res.status}`);
    });
  } finally {
    await server.stop();
  }
}

async function main() {
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const results: Record<string, string> = {};
  const p95s: Record<number, number> = {};
  const cpu95s: Record<number, number> = {};
  for (const logRows of SIZES) {
    const seeded = await seededDb({ cards: CARDS, logRows, decks: DECKS }, CACHE_DIR, log);
    const label = logRows >= 1e6 ? `${logRows / 1e6}M` : `${logRows / 1e3}k`;
    log(`${label} log rows: ${seeded.cached ? "cached" : "seeded"} ${path.relative(process.cwd(), seeded.file)} (${(seeded.bytes / 2 ** 20).toFixed(0)} MiB)`);
    const url = copySeeded(seeded, path.join(WORK_DIR, `stats-${label}.db`));
    const db = createDb(url);
    const r = await measureDb(db, seeded);
    const fresh = await afterNewAnswers(db, url.slice("file:".length), seeded);
    await db.$disconnect();
    p95s[logRows] = r.all.p95;
    cpu95s[logRows] = r.all.cpu95;
    report(results, `sqlite ${label} all decks`, `${fmt(r.all)}   (${r.answers.toLocaleString("en")} answers in the heatmap, streak ${r.streak})`);
    report(results, `sqlite ${label} one deck`, fmt(r.deck));
    report(results, `sqlite ${label} after 200 new answers`, `${fmt(fresh)}   (5 views)`);
    report(results, `sqlite ${label} first view (sums the log)`, r.first);
    if (HTTP) report(results, `sqlite ${label} GET /stats (server's cpu not counted)`, fmt(await measureHttp(url), false));

    fs.rmSync(url.slice("file:".length), { force: true });

    if (PG_URL) {
      const pgs = await pgSeeded(seeded, PG_URL, log);
      try {
        const fresh = await pgs.fresh(`stats_${label}`);
        const pdb = createDb(fresh.url);
        const p = await measureDb(pdb, seeded);
        await pdb.$disconnect();
        // The queries run in the PostgreSQL server: this process's cpu is only the client's share.
        report(results, `postgres ${label} all decks`, fmt(p.all, false));
        report(results, `postgres ${label} one deck`, fmt(p.deck, false));
        report(results, `postgres ${label} first view (sums the log)`, p.first);
      } finally {
        await pgs.dropAll();
      }
    }
  }
  console.log(`\nstatsFor (the /stats page's data), ${RUNS} calls after 3 warm-up, one learner, ${CARDS.toLocaleString("en")} cards in ${DECKS} decks:`);
  for (const [k, v] of Object.entries(results)) console.log(`  ${k.padEnd(40)} ${v}`);
  const [l1, l5] = os.loadavg();
  console.log(`load average while measuring: ${l1.toFixed(1)} (1 min), ${l5.toFixed(1)} (5 min) on ${os.cpus().length} cpus`);
  console.log(`ratio stats cpu p95 1M/1k: ${(cpu95s[1_000_000] / cpu95s[1_000]).toFixed(1)} (1M cpu p95 ${cpu95s[1_000_000].toFixed(1)} ms)`);
  console.log(`ratio stats p95 1M/1k: ${(p95s[1_000_000] / p95s[1_000]).toFixed(1)} (1M wall p95 ${p95s[1_000_000].toFixed(1)} ms; target < 300 ms)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
