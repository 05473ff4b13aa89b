// Benchmark (issues #3, #12): grade-then-next-card over HTTP, the app (`next start`) against a
// bare Node `http` server doing the same work in hand-written SQL: better-sqlite3
// (scripts/bench/bare-server.ts) and, with a PostgreSQL server, `pg` (bare-server-pg.ts).
//
//   npm run bench:review [-- --rounds 3] [--pg postgresql://…] [--quick]
//
// For each database and review-log size (1k and 1M rows; one learner, 50k cards in 32
// decks): seed or reuse a cached database (data/bench/; on PostgreSQL a template database
// copied from it, dropped at the end), check that both servers answer alike, then run the
// cells in rounds. In each round, for each database and concurrency, the four servers (bare
// and app, 1k and 1M rows), each on a fresh copy of the database and freshly started, are
// warmed up and then measured with autocannon interleaved: each in turn for a slice of the
// measured seconds (4 slices, the order rotating), so the two sides of every ratio run seconds
// apart, not minutes. Each ratio is computed per round and reported as the median over the
// rounds with its range; a target is met only when the whole range is on its side. The last
// line is `ratio p95 app/bare: N.NN` (SQLite, c=32, 1M rows, median).
//
// Options: --rounds N (3), --seconds N (measured seconds per cell), --slices N (4), --warmup N, --pg URL
// (else TEST_POSTGRES_URL; a server where the user may create databases), --no-pg,
// --quick (a smoke test: 3,200 cards, 1k/20k rows, 1 round of 2 s cells).
// Environment (all optional, the options win):
//   BENCH_SECONDS=40  BENCH_WARMUP_SECONDS=5  BENCH_ROUNDS=3  BENCH_SLICES=4
//   BENCH_LOG_ROWS=1000,1000000  BENCH_CARDS=50000  BENCH_DECKS=32  BENCH_CONCURRENCY=1,32
//   BENCH_SERVERS=bare,app   which servers to measure
//   BENCH_DBS=sqlite,pg      which databases (pg needs --pg or TEST_POSTGRES_URL)
//   BENCH_CPU_PROF=dir       run the servers with --cpu-prof, profiles into dir/<cell>/
//                            (summarise with: tsx scripts/bench/profile-summary.ts dir/<cell>)
//   BENCH_JSON=file          also write every cell of every round as JSON
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { ensureBuilt, signInOverHttp, startServer } from "../../tests/support/server.ts";
import { cpuBetween, pidsWithEnv, sampleCpu } from "./cpu.ts";
import { fetchHeads, percentile, runLoad, type Heads, type LoadResult, type Target } from "./load.ts";
import { pgSeeded, type PgSeeded } from "./pg-seed.ts";
import { summarise, table, targetLines, type Row } from "./review-report.ts";
import { BENCH_LEARNER, BENCH_NEW_CARDS_PER_DAY, BENCH_REVIEWS_PER_DAY, copySeeded, seededDb, type SeededDb } from "./seed.ts";

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const QUICK = flag("quick");
const num = (option: string, env: string, dflt: number, quick = dflt) => Number(opt(option) ?? process.env[env] ?? (QUICK ? quick : dflt));
const list = (name: string, dflt: string) => (process.env[name] ?? dflt).split(",").map((s) => s.trim()).filter(Boolean);

// 40 s per cell and round: at 20 s, two SQLite runs at c=32 gave app p95 1M/1k 1.00 and 0.83 (one round past
// 1.2); at 40 s three gave 1.01, 0.98, 0.97 (docs/benchmarks.md, "#12", fourth session).
const SECONDS = num("seconds", "BENCH_SECONDS", 40, 2);
const WARMUP = num("warmup", "BENCH_WARMUP_SECONDS", 5, 1);
const ROUNDS = num("rounds", "BENCH_ROUNDS", 3);
const SLICES = num("slices", "BENCH_SLICES", 4, 1);
const SLICE_WARMUP = 1;
const CARDS = QUICK ? 3200 : Number(process.env.BENCH_CARDS ?? 50_000);
const DECKS = Number(process.env.BENCH_DECKS ?? 32);
const LOG_ROWS = list("BENCH_LOG_ROWS", QUICK ? "1000,20000" : "1000,1000000").map(Number);
const CONCURRENCY = list("BENCH_CONCURRENCY", "1,32").map(Number);
const SERVERS = list("BENCH_SERVERS", "bare,app") as ServerKind[];
const PG_URL = flag("no-pg") ? undefined : (opt("pg") ?? process.env.TEST_POSTGRES_URL?.trim()) || undefined;
const DBS = list("BENCH_DBS", "sqlite,pg") as DbKind[];
const CPU_PROF = process.env.BENCH_CPU_PROF;
const CACHE_DIR = path.resolve("data", "bench");

type ServerKind = "bare" | "app";
type DbKind = "sqlite" | "pg";

/** One database at one log size: where its fresh copies come from. */
interface Dataset {
  db: DbKind;
  seeded: SeededDb;
  pg?: PgSeeded;
}

/** A fresh database for one server run. */
interface Fresh {
  /** DATABASE_URL for the app (also how its processes are found). */
  url: string;
  drop: () => Promise<void>;
}

interface Running {
  target: Target;
  stop: () => Promise<void>;
  /** The server's processes, for CPU accounting. */
  pids: () => number[];
}

const log = (s: string) => console.error(`[bench] ${s}`);

async function freshDb(ds: Dataset, label: string): Promise<Fresh> {
  if (ds.db === "pg") return ds.pg!.fresh(label);
  const file = path.join(os.tmpdir(), `proofdeck-bench-${process.pid}-${label}.db`);
  copySeeded(ds.seeded, file);
  return {
    url: `file:${file}`,
    drop: async () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    },
  };
}

async function startBare(ds: Dataset, fresh: Fresh, label: string): Promise<Running> {
  const token = crypto.randomBytes(24).toString("base64url");
  const profile = CPU_PROF ? [`--cpu-prof`, `--cpu-prof-dir=${path.resolve(CPU_PROF, label)}`] : [];
  const script = ds.db === "pg" ? "bare-server-pg.ts" : "bare-server.ts";
  const dbEnv = ds.db === "pg" ? { DATABASE_URL: fresh.url } : { DATABASE_FILE: fresh.url.slice("file:".length) };
  const child: ChildProcess = spawn(process.execPath, [...profile, "--import", "tsx", path.join("scripts", "bench", script)], {
    env: { ...process.env, NODE_ENV: "production", ...dbEnv, BENCH_TOKEN: token, BENCH_USER_ID: ds.seeded.learnerId, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bare server did not start\n${output}`)), 30_000);
    child.stdout!.on("data", (d) => {
      output += d;
      const m = /listening (\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.stderr!.on("data", (d) => (output += d));
    child.on("exit", (code) => reject(new Error(`bare server exited (${code})\n${output}`)));
  });
  return {
    target: { url: `http://127.0.0.1:${port}`, cookie: `bench_session=${token}`, deckIds: ds.seeded.deckIds },
    stop: () => stopChild(child),
    pids: () => (child.pid ? [child.pid] : []),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

async function startApp(ds: Dataset, fresh: Fresh, label: string): Promise<Running> {
  const saved = process.env.NODE_OPTIONS;
  if (CPU_PROF) {
    // --cpu-prof is not allowed in NODE_OPTIONS: profile through the inspector instead.
    process.env.BENCH_CPU_PROF_DIR = path.resolve(CPU_PROF, label);
    process.env.NODE_OPTIONS = `${saved ?? ""} --require ${path.resolve("scripts", "bench", "cpu-profile-preload.cjs")}`.trim();
  }
  let server;
  try {
    server = await startServer({ databaseUrl: fresh.url });
  } finally {
    if (CPU_PROF) {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
      delete process.env.BENCH_CPU_PROF_DIR;
    }
  }
  const signIn = await signInOverHttp(server.baseUrl, BENCH_LEARNER.email, BENCH_LEARNER.password);
  if (signIn.status !== 200 || !signIn.cookie.includes("session-token")) {
    await server.stop();
    throw new Error(`sign-in failed (${signIn.status})\n${server.log()}`);
  }
  const port = new URL(server.baseUrl).port;
  const pids = pidsWithEnv(`DATABASE_URL=${fresh.url}`);
  return { target: { url: `http://127.0.0.1:${port}`, cookie: signIn.cookie, deckIds: ds.seeded.deckIds }, stop: server.stop, pids: () => pids };
}

function start(kind: ServerKind, ds: Dataset, fresh: Fresh, label: string) {
  return kind === "bare" ? startBare(ds, fresh, label) : startApp(ds, fresh, label);
}

/** Both servers, each on a fresh copy: the same next cards, and the same answers to the same grades. */
async function verifySameWork(ds: Dataset): Promise<string> {
  const dbs = { bare: await freshDb(ds, `verify-bare-${ds.db}`), app: await freshDb(ds, `verify-app-${ds.db}`) };
  const started: Running[] = [];
  let servers: { bare: Running; app: Running };
  try {
    const bare = await startBare(ds, dbs.bare, "verify-bare");
    started.push(bare);
    servers = { bare, app: await startApp(ds, dbs.app, "verify-app") };
  } catch (err) {
    for (const s of started) await s.stop();
    await dbs.bare.drop();
    await dbs.app.drop();
    throw err;
  }
  try {
    const get = async (s: Running, deckId: string) => (await fetch(`${s.target.url}/api/decks/${deckId}/session`, { headers: { cookie: s.target.cookie } })).json();
    const post = async (s: Running, body: unknown) => {
      const res = await fetch(`${s.target.url}/api/reviews`, { method: "POST", headers: { cookie: s.target.cookie, "content-type": "application/json" }, body: JSON.stringify(body) });
      return { status: res.status, json: await res.json() };
    };
    let compared = 0;
    for (const deckId of ds.seeded.deckIds) {
      const [a, b] = [await get(servers.app, deckId), await get(servers.bare, deckId)];
      if (!isDeepStrictEqual(a, b)) throw new Error(`session views differ for deck ${deckId}:\napp  ${JSON.stringify(a).slice(0, 400)}\nbare ${JSON.stringify(b).slice(0, 400)}`);
      compared++;
    }
    // A few grades in some decks, including a fail, a 3 and a version conflict.
    for (const deckId of ds.seeded.deckIds.slice(0, 4)) {
      let view = (await get(servers.app, deckId)) as { next: { cardId: string; state: { version: number } } | null };
      for (const grade of [4, 1, 3, 5, 4, 2, 5]) {
        if (!view.next) break;
        const body = { reviewId: crypto.randomUUID(), cardId: view.next.cardId, grade, durationMs: 1234, expectedVersion: view.next.state.version };
        const [a, b] = [await post(servers.app, body), await post(servers.bare, body)];
        if (a.status !== b.status || !isDeepStrictEqual(a.json, b.json)) {
          throw new Error(`grade answers differ:\napp  ${a.status} ${JSON.stringify(a.json).slice(0, 600)}\nbare ${b.status} ${JSON.stringify(b.json).slice(0, 600)}`);
        }
        compared++;
        view = a.json;
      }
      const stale = { reviewId: crypto.randomUUID(), cardId: view.next?.cardId ?? "x", grade: 4, durationMs: 1, expectedVersion: 999 };
      const [a, b] = [await post(servers.app, stale), await post(servers.bare, stale)];
      if (a.status !== b.status || !isDeepStrictEqual(a.json, b.json)) throw new Error(`conflict answers differ: app ${a.status} bare ${b.status}`);
      compared++;
    }
    return `${compared} responses identical (session views of all ${ds.seeded.deckIds.length} decks, grades, a conflict)`;
  } finally {
    await servers.bare.stop();
    await servers.app.stop();
    await dbs.bare.drop();
    await dbs.app.drop();
  }
}

function rowOf(ds: Dataset, round: number, server: ServerKind, r: LoadResult, cpu: { ours: number; others: number; serverMs: number }): Row {
  const non2xx = Object.values(r.non2xx).reduce((a, b) => a + b, 0);
  return {
    db: ds.db, round, logRows: ds.seeded.spec.logRows, server, connections: r.connections,
    rps: r.ok / r.seconds,
    p50: percentile(r.latencies, 50), p95: percentile(r.latencies, 95), p99: percentile(r.latencies, 99),
    ok: r.ok, non2xx, non2xxByStatus: r.non2xx, errors: r.errors, timeouts: r.timeouts, exhausted: r.exhausted,
    avgBytes: r.ok ? r.bytes / r.ok : 0,
    cpuOurs: cpu.ours, cpuOthers: cpu.others, load1: os.loadavg()[0],
    serverCpuMsPerReq: cpu.serverMs / Math.max(1, r.ok + non2xx),
  };
}

/** One server of a cell group: its dataset and kind, started on a fresh copy of the database. */
interface Arm {
  ds: Dataset;
  kind: ServerKind;
  label: string;
  fresh: Fresh;
  server: Running;
  heads: Heads;
  results: LoadResult[];
  serverMs: number;
  ours: number;
  others: number;
}

/**
 * One concurrency of one round for a group of servers (bare and app, at each log size, of one
 * database), measured interleaved: every server is started and warmed up first, then each is
 * loaded in turn for a slice of the measured seconds, SLICES times, the order rotating from slice
 * to slice. Each server's numbers are those of its slices together. Cells measured minutes apart
 * compared a machine with itself at another moment (its speed here drifts by tens of percent);
 * slices seconds apart put each ratio's two sides under the same conditions.
 */
async function measureGroup(group: { ds: Dataset; kind: ServerKind }[], connections: number, round: number): Promise<Row[]> {
  const arms: Arm[] = [];
  try {
    for (const { ds, kind } of group) {
      const label = `${ds.db}-${kind}-c${connections}-${ds.seeded.spec.logRows}-r${round}`;
      const fresh = await freshDb(ds, label);
      let server: Running;
      try {
        server = await start(kind, ds, fresh, label);
      } catch (err) {
        await fresh.drop();
        throw err;
      }
      arms.push({ ds, kind, label, fresh, server, heads: await fetchHeads(server.target), results: [], serverMs: 0, ours: 0, others: 0 });
    }
    for (const arm of arms) await runLoad(arm.server.target, arm.heads, connections, 0, WARMUP);
    const slice = SECONDS / SLICES;
    for (let i = 0; i < SLICES; i++) {
      const turn = (i + round) % arms.length;
      for (const arm of [...arms.slice(turn), ...arms.slice(0, turn)]) {
        // Answers in flight when the last load stopped were recorded unseen: start from the server's heads.
        await fetchHeads(arm.server.target, arm.heads);
        const pids = arm.server.pids();
        // The connections are new each slice: a second of load before the measured part.
        let before = sampleCpu(pids);
        const warm = setTimeout(() => (before = sampleCpu(pids)), SLICE_WARMUP * 1000);
        const r = await runLoad(arm.server.target, arm.heads, connections, slice, SLICE_WARMUP);
        clearTimeout(warm);
        const cpu = cpuBetween(before, sampleCpu(pids));
        arm.results.push(r);
        arm.serverMs += cpu.serverMs;
        arm.ours += cpu.ours / SLICES;
        arm.others += cpu.others / SLICES;
      }
    }
    return arms.map((arm) => {
      const row = rowOf(arm.ds, round, arm.kind, mergeLoads(arm.results), { ours: arm.ours, others: arm.others, serverMs: arm.serverMs });
      log(`${arm.label}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, server CPU ${row.serverCpuMsPerReq.toFixed(2)} ms/answer, non-2xx ${row.non2xx}${row.exhausted ? `, EXHAUSTED ${row.exhausted}` : ""}, CPU ours ${row.cpuOurs.toFixed(2)} / others ${row.cpuOthers.toFixed(2)} cores, load ${row.load1.toFixed(1)}`);
      return row;
    });
  } finally {
    for (const arm of arms) {
      await arm.server.stop();
      await arm.fresh.drop();
    }
  }
}

/** One server's slices as one load run. */
function mergeLoads(results: LoadResult[]): LoadResult {
  const non2xx: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.non2xx)) non2xx[k] = (non2xx[k] ?? 0) + v;
  const sum = (f: (r: LoadResult) => number) => results.reduce((a, r) => a + f(r), 0);
  return {
    connections: results[0].connections,
    seconds: sum((r) => r.seconds),
    ok: sum((r) => r.ok),
    non2xx,
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    exhausted: sum((r) => r.exhausted),
    latencies: results.flatMap((r) => r.latencies).sort((a, b) => a - b),
    bytes: sum((r) => r.bytes),
  };
}

function gitState(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "app", "lib", "prisma"], { encoding: "utf8" }).trim();
    return `${head}${dirty ? " (app/lib/prisma have uncommitted changes)" : ""}`;
  } catch {
    return "unknown";
  }
}

async function main() {
  const t0 = Date.now();
  const maxC = Math.max(...CONCURRENCY);
  if (maxC > DECKS) throw new Error(`BENCH_DECKS (${DECKS}) must be at least the highest concurrency (${maxC})`);
  log(`${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}, commit ${gitState()}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  log(`${CARDS} cards in ${DECKS} decks (reviews/day ${BENCH_REVIEWS_PER_DAY}, new/day ${BENCH_NEW_CARDS_PER_DAY} per deck); ${ROUNDS} rounds of ${WARMUP} s warm-up + ${SECONDS} s per cell`);
  if (SERVERS.includes("app")) {
    log("checking the app build (builds if the sources changed)…");
    ensureBuilt();
  }
  const dbs = DBS.filter((d) => d === "sqlite" || (d === "pg" && PG_URL));
  if (DBS.includes("pg") && !PG_URL) console.log("PostgreSQL: skipped (no --pg URL and no TEST_POSTGRES_URL)");

  const datasets: Dataset[] = [];
  const rows: Row[] = [];
  try {
    for (const logRows of LOG_ROWS) {
      const seeded = await seededDb({ cards: CARDS, logRows, decks: DECKS }, CACHE_DIR, log);
      log(`${logRows} log rows: ${seeded.cached ? "cached" : "seeded"} ${path.relative(process.cwd(), seeded.file)} (${(seeded.bytes / 2 ** 20).toFixed(0)} MiB, ${seeded.dueToday} cards due today)`);
      for (const db of dbs) {
        const ds: Dataset = { db, seeded, pg: db === "pg" ? await pgSeeded(seeded, PG_URL!, log) : undefined };
        datasets.push(ds);
        if (SERVERS.includes("app") && SERVERS.includes("bare")) log(`same work (${db}, ${logRows} rows): ${await verifySameWork(ds)}`);
      }
    }
    for (let round = 1; round <= ROUNDS; round++) {
      // Each database's servers (bare and app at each log size) interleaved, per concurrency.
      for (const db of dbs) {
        const group = datasets.filter((ds) => ds.db === db).flatMap((ds) => SERVERS.map((kind) => ({ ds, kind })));
        for (const c of CONCURRENCY) rows.push(...(await measureGroup(group, c, round)));
      }
    }
  } finally {
    for (const ds of datasets) await ds.pg?.dropAll();
  }

  const lines = [
    "",
    `Medians over ${ROUNDS} round(s); p95 with its range over the rounds in brackets.`,
    table(summarise(rows)),
    "",
    `server CPU ms/req: the server processes' CPU time during the measured seconds per request sent in them (busy machines inflate latencies far more than this).`,
    `others' CPU: cores used by processes other than this benchmark and its server during the measured seconds (of ${os.cpus().length}).`,
    "",
    `total time ${((Date.now() - t0) / 1000).toFixed(0)} s, load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
    ...targetLines(rows, { maxC, minC: Math.min(...CONCURRENCY), small: Math.min(...LOG_ROWS), big: Math.max(...LOG_ROWS) }),
  ];
  if (process.env.BENCH_JSON) {
    fs.writeFileSync(
      process.env.BENCH_JSON,
      JSON.stringify({ date: new Date().toISOString(), commit: gitState(), cpus: os.cpus().length, node: process.version, seconds: SECONDS, warmup: WARMUP, rounds: ROUNDS, seeded: datasets.map((d) => ({ db: d.db, ...d.seeded })), rows }, null, 2),
    );
  }
  console.log(lines.join("\n"));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
