// Where a grade's time goes, and A/B comparisons of lib/ variants: runs the app's own
// grade() (lib/reviews/data.ts, through Prisma and its better-sqlite3 adapter, no HTTP)
// on copies of a seeded benchmark database, with better-sqlite3 instrumented, and prints
// time per grade and each SQL statement's count, prepare and execution time per grade.
//
//   tsx scripts/bench/profile-queries.ts [logRows=1000000] [grades=300] [root …]
//
// Each `root` is a checkout (or a copy of lib/ with a node_modules beside it) whose
// lib/ is loaded; default ".". With several roots, each gets its own database copy and
// Prisma client, and they take turns in batches of 10 grades, so a change in the
// machine's background load hits all of them alike.
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { copySeeded, seededDb } from "./seed.ts";

interface Stat { count: number; prepareMs: number; runMs: number }
const stats = new Map<string, Map<string, Stat>>(); // root → statement → stat
let current = "";
let recording = false;
const now = () => performance.now();
const shape = (sql: string) => sql.replace(/`main`\./g, "").replace(/`/g, "").replace(/\s+/g, " ").slice(0, 150);
const stat = (sql: string) => {
  let byRoot = stats.get(current);
  if (!byRoot) stats.set(current, (byRoot = new Map()));
  const key = shape(sql);
  let s = byRoot.get(key);
  if (!s) byRoot.set(key, (s = { count: 0, prepareMs: 0, runMs: 0 }));
  return s;
};

// Instrument every statement prepared (in each better-sqlite3 copy the roots resolve).
function instrument(DatabaseClass: unknown) {
  const proto = (DatabaseClass as { prototype: { prepare: (sql: string) => Record<string, unknown> } }).prototype;
  const origPrepare = proto.prepare;
  if ((origPrepare as { instrumented?: boolean }).instrumented) return;
  proto.prepare = function (this: unknown, sql: string) {
    const t = now();
    const stmt = origPrepare.call(this, sql) as Record<string, (...a: unknown[]) => unknown>;
    if (recording) stat(sql).prepareMs += now() - t;
    for (const m of ["all", "run", "get", "iterate"] as const) {
      const fn = stmt[m];
      if (typeof fn !== "function") continue;
      stmt[m] = (...args: unknown[]) => {
        const t0 = now();
        try {
          return fn.apply(stmt, args);
        } finally {
          if (recording) {
            const s = stat(sql);
            s.count++;
            s.runMs += now() - t0;
          }
        }
      };
    }
    return stmt;
  };
  (proto.prepare as { instrumented?: boolean }).instrumented = true;
}
instrument(Database);

type DataModule = typeof import("../../lib/reviews/data.ts");
type Db = import("../../lib/db/client.ts").Db;
interface Variant {
  root: string;
  label: string;
  data: DataModule;
  db: Db;
  file: string;
  heads: Map<string, { cardId: string; version: number }>;
  times: number[];
  i: number;
}

const GRADES = [4, 5, 4, 3, 5, 4, 2, 4, 5, 4];

async function main() {
  const logRows = Number(process.argv[2] ?? 1_000_000);
  const grades = Number(process.argv[3] ?? 300);
  const roots = (process.argv.length > 4 ? process.argv.slice(4) : ["."]).map((r) => path.resolve(r));
  const seeded = await seededDb({ cards: 50_000, logRows, decks: 32 }, path.resolve("data", "bench"), (s) => console.error(s));
  const learner = { id: seeded.learnerId, role: "LEARNER" as const, timeZone: "UTC", dayRolloverHour: 4 };

  const variants: Variant[] = [];
  for (const [k, root] of roots.entries()) {
    instrument(createRequire(path.join(root, "package.json"))("better-sqlite3"));
    const file = path.join(os.tmpdir(), `proofdeck-profile-queries-${process.pid}-${k}.db`);
    const url = copySeeded(seeded, file);
    const { createDb } = (await import(path.join(root, "lib/db/client.ts"))) as typeof import("../../lib/db/client.ts");
    const data = (await import(path.join(root, "lib/reviews/data.ts"))) as DataModule;
    const db = createDb(url);
    const heads = new Map<string, { cardId: string; version: number }>();
    for (const deckId of seeded.deckIds) {
      const v = await data.sessionView(db, learner, deckId, new Date());
      if (v.next) heads.set(deckId, { cardId: v.next.cardId, version: v.next.state.version });
    }
    variants.push({ root, label: path.relative(process.cwd(), root) || ".", data, db, file, heads, times: [], i: 0 });
  }

  const batch = async (v: Variant, n: number, keep: boolean) => {
    current = v.label;
    for (let j = 0; j < n; j++, v.i++) {
      const deckId = seeded.deckIds[v.i % seeded.deckIds.length];
      const h = v.heads.get(deckId)!;
      const t = now();
      const r = await v.data.grade(v.db, learner, { reviewId: crypto.randomUUID(), cardId: h.cardId, grade: GRADES[v.i % GRADES.length], durationMs: 2000, expectedVersion: h.version }, new Date());
      if (keep) v.times.push(now() - t);
      if (r.next) v.heads.set(deckId, { cardId: r.next.cardId, version: r.next.state.version });
    }
  };
  for (const v of variants) await batch(v, 64, false); // warm-up: JIT, page cache, Prisma's plan cache
  recording = true;
  for (let done = 0; done < grades; done += 10) for (const v of variants) await batch(v, Math.min(10, grades - done), true);
  recording = false;

  for (const v of variants) {
    await v.db.$disconnect();
    for (const f of [v.file, `${v.file}-wal`, `${v.file}-shm`]) fs.rmSync(f, { force: true });
    const byRoot = stats.get(v.label) ?? new Map<string, Stat>();
    const per = (x: number) => (x / grades).toFixed(3).padStart(7);
    const times = [...v.times].sort((a, b) => a - b);
    const totalRun = [...byRoot.values()].reduce((a, s) => a + s.runMs, 0);
    const totalPrep = [...byRoot.values()].reduce((a, s) => a + s.prepareMs, 0);
    const calls = [...byRoot.values()].reduce((a, s) => a + s.count, 0);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    console.log(`\n${v.label}: ${logRows.toLocaleString("en")} log rows, ${grades} grades in-process`);
    console.log(`grade(): mean ${mean.toFixed(2)} ms, p50 ${times[Math.floor(times.length / 2)].toFixed(2)} ms, p95 ${times[Math.floor(times.length * 0.95)].toFixed(2)} ms`);
    console.log(`SQLite per grade: execute ${per(totalRun)} ms, prepare ${per(totalPrep)} ms, ${(calls / grades).toFixed(1)} statements`);
    if (process.env.PROFILE_STATEMENTS === "0") continue;
    console.log(`  exec ms/grade  prep ms/grade  calls/grade  statement`);
    for (const [sql, s] of [...byRoot].sort((a, b) => b[1].runMs + b[1].prepareMs - a[1].runMs - a[1].prepareMs)) {
      console.log(`  ${per(s.runMs)}        ${per(s.prepareMs)}        ${(s.count / grades).toFixed(2).padStart(5)}    ${sql}`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
