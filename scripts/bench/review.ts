// Benchmark (issue #3): grade-then-next-card over HTTP, the app (`next start`) against a
// bare Node `http` + better-sqlite3 server doing the same work (scripts/bench/bare-server.ts).
//
//   npm run bench:review
//
// For each review-log size (1k and 1M rows; one learner, 50k cards in 32 decks): seed
// or reuse a cached database (data/bench/), check that both servers answer alike, then
// bare c=1, bare c=32, app c=1, app c=32, each on a fresh copy of the database and a
// freshly started server, warmed up, then measured with autocannon. Prints a table, and
// as its last line `ratio p95 app/bare: N.NN` (c=32, 1M rows).
//
// Environment (all optional):
//   BENCH_SECONDS=10         measured seconds per cell
//   BENCH_WARMUP_SECONDS=5   warm-up seconds per cell, same connections (not measured)
//   BENCH_LOG_ROWS=1000,1000000   review-log sizes
//   BENCH_CARDS=50000  BENCH_DECKS=32  BENCH_CONCURRENCY=1,32
//   BENCH_SERVERS=bare,app   which servers to measure
//   BENCH_CPU_PROF=dir       run the servers with --cpu-prof, profiles into dir/<cell>/
//                            (summarise with: tsx scripts/bench/profile-summary.ts dir/<cell>)
//   BENCH_JSON=file          also write the results as JSON
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { ensureBuilt, signInOverHttp, startServer } from "../../tests/support/server.ts";
import { cpuBetween, pidsWithEnv, sampleCpu } from "./cpu.ts";
import { fetchHeads, percentile, runLoad, type Heads, type LoadResult, type Target } from "./load.ts";
import { BENCH_LEARNER, BENCH_NEW_CARDS_PER_DAY, BENCH_REVIEWS_PER_DAY, copySeeded, seededDb, type SeededDb } from "./seed.ts";

const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);
const list = (name: string, dflt: string) => (process.env[name] ?? dflt).split(",").map((s) => s.trim()).filter(Boolean);

const SECONDS = num("BENCH_SECONDS", 10);
const WARMUP = num("BENCH_WARMUP_SECONDS", 5);
const CARDS = num("BENCH_CARDS", 50_000);
const DECKS = num("BENCH_DECKS", 32);
const LOG_ROWS = list("BENCH_LOG_ROWS", "1000,1000000").map(Number);
const CONCURRENCY = list("BENCH_CONCURRENCY", "1,32").map(Number);
const SERVERS = list("BENCH_SERVERS", "bare,app") as ("bare" | "app")[];
const CPU_PROF = process.env.BENCH_CPU_PROF;
const CACHE_DIR = path.resolve("data", "bench");

type ServerKind = "bare" | "app";

interface Running {
  target: Target;
  stop: () => Promise<void>;
  /** The server's processes, for CPU accounting. */
  pids: () => number[];
}

const log = (s: string) => console.error(`[bench] ${s}`);

async function startBare(seeded: SeededDb, dbFile: string, label: string): Promise<Running> {
  const token = crypto.randomBytes(24).toString("base64url");
  const profile = CPU_PROF ? [`--cpu-prof`, `--cpu-prof-dir=${path.resolve(CPU_PROF, label)}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, "--import", "tsx", path.join("scripts", "bench", "bare-server.ts")], {
    env: { ...process.env, NODE_ENV: "production", DATABASE_FILE: dbFile, BENCH_TOKEN: token, BENCH_USER_ID: seeded.learnerId, PORT: "0" },
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
    target: { url: `http://127.0.0.1:${port}`, cookie: `bench_session=${token}`, deckIds: seeded.deckIds },
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

async function startApp(seeded: SeededDb, dbFile: string, label: string): Promise<Running> {
  const saved = process.env.NODE_OPTIONS;
  if (CPU_PROF) {
    // --cpu-prof is not allowed in NODE_OPTIONS: profile through the inspector instead.
    process.env.BENCH_CPU_PROF_DIR = path.resolve(CPU_PROF, label);
    process.env.NODE_OPTIONS = `${saved ?? ""} --require ${path.resolve("scripts", "bench", "cpu-profile-preload.cjs")}`.trim();
  }
  let server;
  try {
    server = await startServer({ databaseUrl: `file:${dbFile}` });
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
  const pids = pidsWithEnv(`DATABASE_URL=file:${dbFile}`);
  return { target: { url: `http://127.0.0.1:${port}`, cookie: signIn.cookie, deckIds: seeded.deckIds }, stop: server.stop, pids: () => pids };
}

function start(kind: ServerKind, seeded: SeededDb, dbFile: string, label: string) {
  return kind === "bare" ? startBare(seeded, dbFile, label) : startApp(seeded, dbFile, label);
}

function tmpDbFile(label: string) {
  return path.join(os.tmpdir(), `proofdeck-bench-${process.pid}-${label}.db`);
}

function removeDb(file: string) {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

/** Both servers, each on a fresh copy: the same next cards, and the same answers to the same grades. */
async function verifySameWork(seeded: SeededDb): Promise<string> {
  const files = { bare: tmpDbFile("verify-bare"), app: tmpDbFile("verify-app") };
  copySeeded(seeded, files.bare);
  copySeeded(seeded, files.app);
  const started: Running[] = [];
  let servers: { bare: Running; app: Running };
  try {
    const bare = await startBare(seeded, files.bare, "verify-bare");
    started.push(bare);
    servers = { bare, app: await startApp(seeded, files.app, "verify-app") };
  } catch (err) {
    for (const s of started) await s.stop();
    removeDb(files.bare);
    removeDb(files.app);
    throw err;
  }
  try {
    const get = async (s: Running, deckId: string) => (await fetch(`${s.target.url}/api/decks/${deckId}/session`, { headers: { cookie: s.target.cookie } })).json();
    const post = async (s: Running, body: unknown) => {
      const res = await fetch(`${s.target.url}/api/reviews`, { method: "POST", headers: { cookie: s.target.cookie, "content-type": "application/json" }, body: JSON.stringify(body) });
      return { status: res.status, json: await res.json() };
    };
    let compared = 0;
    for (const deckId of seeded.deckIds) {
      const [a, b] = [await get(servers.app, deckId), await get(servers.bare, deckId)];
      if (!isDeepStrictEqual(a, b)) throw new Error(`session views differ for deck ${deckId}:\napp  ${JSON.stringify(a).slice(0, 400)}\nbare ${JSON.stringify(b).slice(0, 400)}`);
      compared++;
    }
    // A few grades in some decks, including a fail, a 3 and a version conflict.
    for (const deckId of seeded.deckIds.slice(0, 4)) {
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
    return `${compared} responses identical (session views of all ${seeded.deckIds.length} decks, grades, a conflict)`;
  } finally {
    await servers.bare.stop();
    await servers.app.stop();
    removeDb(files.bare);
    removeDb(files.app);
  }
}

interface Row {
  logRows: number;
  server: ServerKind;
  connections: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  ok: number;
  non2xx: number;
  non2xxByStatus: Record<string, number>;
  errors: number;
  timeouts: number;
  exhausted: number;
  avgBytes: number;
  /** CPU cores used during the measured seconds by the server + load generator, and by other processes. */
  cpuOurs: number;
  cpuOthers: number;
  /** The server's own CPU time in the measured seconds per grade request counted in them (ms). */
  serverCpuMsPerReq: number;
  load1: number;
}

function rowOf(logRows: number, server: ServerKind, r: LoadResult, cpu: { ours: number; others: number; serverMs: number }): Row {
  const non2xx = Object.values(r.non2xx).reduce((a, b) => a + b, 0);
  return {
    logRows, server, connections: r.connections,
    rps: r.ok / r.seconds,
    p50: percentile(r.latencies, 50), p95: percentile(r.latencies, 95), p99: percentile(r.latencies, 99),
    ok: r.ok, non2xx, non2xxByStatus: r.non2xx, errors: r.errors, timeouts: r.timeouts, exhausted: r.exhausted,
    avgBytes: r.ok ? r.bytes / r.ok : 0,
    cpuOurs: cpu.ours, cpuOthers: cpu.others, load1: os.loadavg()[0],
    serverCpuMsPerReq: cpu.serverMs / Math.max(1, r.ok + non2xx),
  };
}

async function measure(seeded: SeededDb, kind: ServerKind, connections: number): Promise<Row> {
  const label = `${kind}-c${connections}-${seeded.spec.logRows}`;
  const file = tmpDbFile(label);
  copySeeded(seeded, file);
  let server: Running;
  try {
    server = await start(kind, seeded, file, label);
  } catch (err) {
    removeDb(file);
    throw err;
  }
  try {
    const heads: Heads = await fetchHeads(server.target);
    const pids = server.pids();
    let before = sampleCpu(pids);
    const warm = setTimeout(() => (before = sampleCpu(pids)), WARMUP * 1000);
    const r = await runLoad(server.target, heads, connections, SECONDS, WARMUP);
    clearTimeout(warm);
    const row = rowOf(seeded.spec.logRows, kind, r, cpuBetween(before, sampleCpu(pids)));
    log(`${label}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, server CPU ${row.serverCpuMsPerReq.toFixed(2)} ms/answer, non-2xx ${row.non2xx}${row.exhausted ? `, EXHAUSTED ${row.exhausted}` : ""}, CPU ours ${row.cpuOurs.toFixed(2)} / others ${row.cpuOthers.toFixed(2)} cores, load ${row.load1.toFixed(1)}`);
    return row;
  } finally {
    await server.stop();
    removeDb(file);
  }
}

const fmtRows = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

function table(rows: Row[]): string {
  const head = ["log rows", "server", "conc.", "req/s", "p50 ms", "p95 ms", "p99 ms", "2xx", "non-2xx", "server CPU ms/req", "others' CPU"];
  const body = rows.map((r) => [
    fmtRows(r.logRows), r.server, String(r.connections), r.rps.toFixed(0), r.p50.toFixed(2), r.p95.toFixed(2), r.p99.toFixed(2), String(r.ok),
    String(r.non2xx + r.errors + r.timeouts) + (r.exhausted ? ` (+${r.exhausted} exhausted)` : ""),
    Number.isFinite(r.serverCpuMsPerReq) ? r.serverCpuMsPerReq.toFixed(2) : "n/a",
    Number.isFinite(r.cpuOthers) ? r.cpuOthers.toFixed(2) : "n/a",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  return [line(head), `|${widths.map((w, i) => (i < 2 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|")}|`, ...body.map(line)].join("\n");
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
  log(`${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}, commit ${gitState()}`);
  log(`${CARDS} cards in ${DECKS} decks (reviews/day ${BENCH_REVIEWS_PER_DAY}, new/day ${BENCH_NEW_CARDS_PER_DAY} per deck); ${WARMUP} s warm-up + ${SECONDS} s per cell`);
  if (SERVERS.includes("app")) {
    log("checking the app build (builds if the sources changed)…");
    ensureBuilt();
  }

  const rows: Row[] = [];
  const seededAll: SeededDb[] = [];
  for (const logRows of LOG_ROWS) {
    const seeded = await seededDb({ cards: CARDS, logRows, decks: DECKS }, CACHE_DIR, log);
    seededAll.push(seeded);
    log(`${fmtRows(logRows)} log rows: ${seeded.cached ? "cached" : "seeded"} ${path.relative(process.cwd(), seeded.file)} (${(seeded.bytes / 2 ** 20).toFixed(0)} MiB, ${seeded.dueToday} cards due today)`);
    if (SERVERS.includes("app") && SERVERS.includes("bare")) log(`same work: ${await verifySameWork(seeded)}`);
    for (const kind of SERVERS) for (const c of CONCURRENCY) rows.push(await measure(seeded, kind, c));
  }

  const find = (logRows: number, server: ServerKind, c: number) => rows.find((r) => r.logRows === logRows && r.server === server && r.connections === c);
  const lines: string[] = [];
  lines.push(
    "", table(rows), "",
    `server CPU ms/req: the server processes' CPU time during the measured seconds per request sent in them (busy machines inflate latencies far more than this).`,
    `others' CPU: cores used by processes other than this benchmark and its server during the measured seconds (of ${os.cpus().length}).`, "",
  );
  const small = Math.min(...LOG_ROWS);
  const big = Math.max(...LOG_ROWS);
  const ratio = (a?: Row, b?: Row) => (a && b ? (a.p95 / b.p95).toFixed(2) : "n/a");
  lines.push(`ratio p95 app/bare (${fmtRows(small)} rows, c=${maxC}): ${ratio(find(small, "app", maxC), find(small, "bare", maxC))}`);
  lines.push(`p95 ${fmtRows(big)}/${fmtRows(small)} (app, c=${maxC}): ${ratio(find(big, "app", maxC), find(small, "app", maxC))}`);
  lines.push(`p95 ${fmtRows(big)}/${fmtRows(small)} (bare, c=${maxC}): ${ratio(find(big, "bare", maxC), find(small, "bare", maxC))}`);
  lines.push(`total time ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  lines.push(`ratio p95 app/bare: ${ratio(find(big, "app", maxC), find(big, "bare", maxC))}`);
  if (process.env.BENCH_JSON) {
    fs.writeFileSync(
      process.env.BENCH_JSON,
      JSON.stringify({ date: new Date().toISOString(), commit: gitState(), cpus: os.cpus().length, node: process.version, seconds: SECONDS, warmup: WARMUP, seeded: seededAll, rows }, null, 2),
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
