// Benchmark (issue #13): the statistics page's data (lib/stats/data.ts statsFor) for one
// learner with 1k and with 1M review-log rows over two years (scripts/bench/seed.ts), all
// decks and one deck; with --no-index-check also without ReviewLog_stats_idx, to show what
// the index buys; with --http also GET /stats over HTTP against `next start` (needs a build).
//
//   npm run bench:stats [-- --runs 30] [--pg postgresql://…] [--http] [--no-index-check]
//
// Each case: 3 warm-up calls, then `runs` timed calls in a row, in process (the same code the
// page runs; no HTTP). Prints p50/p95 per case and ends with `ratio stats p95 1M/1k: X`
// (SQLite, all decks). Seeded files are cached under data/bench/ (about 3 minutes the first time).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { createDb, type Db } from "../../lib/db/client.ts";
import { statsFor, type StatsScope } from "../../lib/stats/data.ts";
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
const RUNS = Number(opt("--runs") ?? 30);
const PG_URL = args.includes("--no-pg") ? undefined : (opt("--pg") ?? process.env.TEST_POSTGRES_URL);
const HTTP = args.includes("--http");
const INDEX_CHECK = !args.includes("--no-index-check");
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
}

async function time(fn: () => Promise<unknown>, runs = RUNS): Promise<Timing> {
  for (let i = 0; i < 3; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), max: ms[ms.length - 1] };
}

const fmt = (t: Timing) => `p50 ${t.p50.toFixed(1).padStart(7)} ms  p95 ${t.p95.toFixed(1).padStart(7)} ms  max ${t.max.toFixed(1).padStart(7)} ms`;

async function measureDb(db: Db, seeded: SeededDb, runs = RUNS) {
  const learner: Learner = { id: seeded.learnerId, role: "LEARNER", timeZone: BENCH_TIME_ZONE, dayRolloverHour: BENCH_ROLLOVER_HOUR };
  const now = new Date();
  const all: StatsScope = { userId: learner.id };
  const deck: StatsScope = { userId: learner.id, deckId: seeded.deckIds[0] };
  const sample = await statsFor(db, learner, all, now);
  return {
    all: await time(() => statsFor(db, learner, all, now), runs),
    deck: await time(() => statsFor(db, learner, deck, now), runs),
    answers: sample.heatmap.total,
    streak: sample.streak.current,
  };
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
  for (const logRows of SIZES) {
    const seeded = await seededDb({ cards: CARDS, logRows, decks: DECKS }, CACHE_DIR, log);
    const label = logRows >= 1e6 ? `${logRows / 1e6}M` : `${logRows / 1e3}k`;
    log(`${label} log rows: ${seeded.cached ? "cached" : "seeded"} ${path.relative(process.cwd(), seeded.file)} (${(seeded.bytes / 2 ** 20).toFixed(0)} MiB)`);
    const url = copySeeded(seeded, path.join(WORK_DIR, `stats-${label}.db`));
    const db = createDb(url);
    const r = await measureDb(db, seeded);
    await db.$disconnect();
    p95s[logRows] = r.all.p95;
    results[`sqlite ${label} all decks `] = `${fmt(r.all)}   (${r.answers.toLocaleString("en")} answers in the heatmap, streak ${r.streak})`;
    results[`sqlite ${label} one deck  `] = fmt(r.deck);
    if (HTTP) results[`sqlite ${label} GET /stats`] = fmt(await measureHttp(url));

    if (INDEX_CHECK && logRows >= 1e6) {
      // The same queries on a copy without the stats index: what the index is for.
      const bare = copySeeded(seeded, path.join(WORK_DIR, `stats-${label}-noindex.db`));
      const c = new Database(bare.slice("file:".length));
      c.exec(`DROP INDEX "ReviewLog_stats_idx"; ANALYZE;`);
      c.close();
      const nodb = createDb(bare);
      const n = await measureDb(nodb, seeded, 5);
      await nodb.$disconnect();
      results[`sqlite ${label} all decks, no stats index`] = fmt(n.all);
      results[`sqlite ${label} one deck, no stats index `] = fmt(n.deck);
    }

    if (PG_URL) {
      const pgs = await pgSeeded(seeded, PG_URL, log);
      try {
        const fresh = await pgs.fresh(`stats_${label}`);
        const pdb = createDb(fresh.url);
        const p = await measureDb(pdb, seeded);
        await pdb.$disconnect();
        results[`postgres ${label} all decks `] = fmt(p.all);
        results[`postgres ${label} one deck  `] = fmt(p.deck);
      } finally {
        await pgs.dropAll();
      }
    }
  }
  console.log(`\nstatsFor (the /stats page's data), ${RUNS} calls after 3 warm-up, one learner, ${CARDS.toLocaleString("en")} cards in ${DECKS} decks:`);
  for (const [k, v] of Object.entries(results)) console.log(`  ${k.padEnd(40)} ${v}`);
  console.log(`ratio stats p95 1M/1k: ${(p95s[1_000_000] / p95s[1_000]).toFixed(1)} (1M p95 ${p95s[1_000_000].toFixed(1)} ms; target < 300 ms)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
