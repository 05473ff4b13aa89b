// Backup and restore, tested by restoring and comparing. SQLite: npm run db:backup while another
// process keeps grading, then npm run db:restore (refused while the database is open, or for a
// damaged or too-new backup). PostgreSQL: the pg_dump -Fc / pg_restore procedure of
// docs/operations.md, run for real when the binaries are installed.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restoreSqlite } from "../../lib/db/backup.ts";
import { createDb, type Db } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { sqliteFilePath } from "../../lib/db/provider.ts";
import { rebuildStates } from "../../lib/reviews/rebuild.ts";
import type { Learner } from "../../lib/reviews/data.ts";
import { testDatabases } from "../support/databases.ts";
import { demoDeck, newLearner, study } from "../support/study.ts";

const [sqlite, postgres] = testDatabases();

/** Runs one of the npm run db:* scripts as an operator would, against this database. */
function run(script: string, url: string, ...args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { env: { ...process.env, DATABASE_URL: url }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out })));
}

/** Every row of a table in a SQLite file, in primary-key order. */
function rowsOf(file: string, table: string, order: string): unknown[] {
  const conn = new Database(file, { readonly: true });
  try {
    return conn.prepare(`SELECT * FROM "${table}" ORDER BY ${order}`).all();
  } finally {
    conn.close();
  }
}

const STUDY_TS = fileURLToPath(new URL("../support/study.ts", import.meta.url));
const CLIENT_TS = fileURLToPath(new URL("../../lib/db/client.ts", import.meta.url));
// The app, as another process: answers cards one after another, printing each recorded review id,
// until its stdin closes.
const WRITER = `
const { createDb } = require(${JSON.stringify(CLIENT_TS)});
const { answer } = require(${JSON.stringify(STUDY_TS)});
const [url, who, cards] = process.argv.slice(1);
const db = createDb(url);
const learner = JSON.parse(who), cardIds = JSON.parse(cards);
let stop = false;
process.stdin.on("data", () => {}).on("end", () => (stop = true));
(async () => {
  for (let i = 0, t = Date.parse("2026-03-10T08:00:00Z"); !stop; i++, t += 60000) {
    const r = await answer(db, learner, cardIds[i % cardIds.length], 3 + (i % 3), new Date(t));
    process.stdout.write(r.review.id + "\\n");
    // SQLite answers synchronously: without a pause the loop would never let stdin's end through.
    await new Promise((r) => setTimeout(r, 5));
  }
  await db.$disconnect();
})();
`;

describe("SQLite: npm run db:backup while the app writes, then npm run db:restore", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-backup-"));
  const backup = path.join(dir, "backup.db");
  let url: string;
  let live: string;
  let db: Db;
  let learner: Learner;
  let cardIds: string[];
  afterAll(async () => {
    await db?.$disconnect();
    await sqlite.dropAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeAll(async () => {
    url = await sqlite.create();
    live = sqliteFilePath(url);
    await migrate(url);
    db = createDb(url);
    let deckId: string;
    ({ deckId, cardIds } = await demoDeck(db));
    learner = await newLearner(db, deckId);
    await db.$disconnect();
  });

  it("the backup is a consistent snapshot: a prefix of the log, states that match it exactly, integrity ok", async () => {
    const writer = spawn(process.execPath, ["--import", "tsx", "-e", WRITER, url, JSON.stringify(learner), JSON.stringify(cardIds)], { stdio: ["pipe", "pipe", "pipe"] });
    const recorded: string[] = [];
    let stderr = "";
    writer.stderr.on("data", (d) => (stderr += d));
    writer.stdout.on("data", (d) => recorded.push(...String(d).split("\n").filter(Boolean)));
    const exited = new Promise<number | null>((r) => writer.on("exit", r));
    const untilRecorded = async (n: number) => {
      while (recorded.length < n) {
        if (writer.exitCode !== null) throw new Error(`the writer stopped: ${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await untilRecorded(10);
    const before = recorded.length;
    const made = await run("scripts/db-backup.ts", url, backup);
    const after = recorded.length;
    await untilRecorded(after + 10);
    writer.stdin.end();
    expect(await exited).toBe(0);

    expect(made.code, made.out).toBe(0);
    expect(made.out).toMatch(/backup written to .*backup\.db: [\d.]+ MB, integrity ok, \d+ migrations/);
    expect(after, "answers recorded while the backup ran").toBeGreaterThan(before);
    const inBackup = rowsOf(backup, "ReviewLog", `"seq"`) as { id: string; seq: number }[];
    const inLive = rowsOf(live, "ReviewLog", `"seq"`) as { id: string }[];
    expect(inBackup.length).toBeGreaterThanOrEqual(before);
    expect(inBackup.length).toBeLessThan(inLive.length);
    expect(inBackup).toEqual(inLive.slice(0, inBackup.length));
    const copy = createDb(`file:${backup}`);
    try {
      const check = await rebuildStates(copy);
      expect(check.drifted).toEqual([]);
      expect(check.logEntries).toBe(inBackup.length);
    } finally {
      await copy.$disconnect();
    }
    expect(fs.existsSync(`${backup}-wal`)).toBe(false);
  });

  it("restore refuses while the database is open elsewhere, a damaged backup and one made by newer code; nothing changes", async () => {
    const liveRows = () => rowsOf(live, "ReviewLog", `"id"`);
    const rows = liveRows();

    const app = createDb(url);
    await app.user.count();
    expect(() => restoreSqlite(url, backup)).toThrow(/is in use \(the app is running, or another process has it open\)\. Stop the app/);
    await app.$disconnect();

    const damaged = path.join(dir, "damaged.db");
    const bytes = fs.readFileSync(backup);
    bytes.fill(0x5a, 4096, 3 * 4096);
    fs.writeFileSync(damaged, bytes);
    const refusedDamaged = await run("scripts/db-restore.ts", url, damaged);
    expect(refusedDamaged.code).toBe(1);
    expect(refusedDamaged.out).toMatch(/restore refused: .*damaged\.db (fails SQLite's integrity check|cannot be opened)/);

    const newer = path.join(dir, "newer.db");
    fs.copyFileSync(backup, newer);
    const conn = new Database(newer);
    conn.prepare(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ('x', 'x', current_timestamp, '29990101000000_future', 1)`).run();
    conn.close();
    expect(() => restoreSqlite(url, newer)).toThrow(/was made by newer code: this checkout lacks migration 29990101000000_future/);

    expect(liveRows()).toEqual(rows);
    expect(fs.readdirSync(path.dirname(live)).filter((f) => f.includes("restoring") || f.includes("before-restore"))).toEqual([]);
  });

  it("with the app stopped, the backup replaces the database; the replaced file is kept; the app's migrations are up to date", async () => {
    const laterRows = rowsOf(live, "ReviewLog", `"id"`).length;
    const restored = await run("scripts/db-restore.ts", url, backup);
    expect(restored.code, restored.out).toBe(0);
    expect(restored.out).toMatch(/restored .* integrity ok, \d+ migrations, \d+ review-log rows/);
    const kept = /the replaced database is kept as (\S+)/.exec(restored.out)![1]!;

    for (const [table, order] of [["ReviewLog", `"id"`], ["CardState", `"userId", "cardId"`], ["User", `"id"`], ["Card", `"id"`], ["_prisma_migrations", `"migration_name"`]] as const) {
      expect(rowsOf(live, table, order), table).toEqual(rowsOf(backup, table, order));
    }
    expect(rowsOf(kept, "ReviewLog", `"id"`)).toHaveLength(laterRows);
    expect((await migrate(url)).applied).toEqual([]);
    const conn = new Database(live);
    expect(conn.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(conn.pragma("integrity_check", { simple: true })).toBe("ok");
    conn.close();
  });
});

/** pg_dump or pg_restore: on PATH, else the newest under /usr/lib/postgresql/<version>/bin (Debian). */
function pgTool(name: string): string | null {
  if (spawnSync(name, ["--version"]).status === 0) return name;
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => path.join(root, v, "bin", name)).find((p) => fs.existsSync(p)) ?? null;
}
const pgDump = pgTool("pg_dump");
const pgRestore = pgTool("pg_restore");

describe.skipIf(!postgres!.available || !pgDump || !pgRestore)("PostgreSQL: pg_dump -Fc, pg_restore into a fresh database (docs/operations.md)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-pgdump-"));
  afterAll(async () => {
    await postgres!.dropAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("restores every row of the review log and the card states, with the append-only triggers and the migration history", async () => {
    const url = await postgres!.create();
    await migrate(url);
    const db = createDb(url);
    try {
      const { deckId, cardIds } = await demoDeck(db);
      await study(db, [await newLearner(db, deckId), await newLearner(db, deckId)], deckId, cardIds, 30);
    } finally {
      await db.$disconnect();
    }
    const dump = path.join(dir, "proofdeck.dump");
    const dumped = spawnSync(pgDump!, ["-Fc", "-f", dump, "-d", url], { encoding: "utf8" });
    expect(dumped.status, dumped.stderr).toBe(0);
    const fresh = await postgres!.create();
    const restored = spawnSync(pgRestore!, ["--no-owner", "--exit-on-error", "-d", fresh, dump], { encoding: "utf8" });
    expect(restored.status, restored.stderr).toBe(0);

    const tables = async (u: string, fn: (c: pg.Client) => Promise<unknown>) => {
      const c = new pg.Client({ connectionString: u });
      await c.connect();
      try {
        return await fn(c);
      } finally {
        await c.end();
      }
    };
    const snapshot = (u: string) =>
      tables(u, async (c) => {
        const names = (await c.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`)).rows.map((r) => r.table_name);
        const counts = Object.fromEntries(await Promise.all(names.map(async (n) => [n, Number((await c.query(`SELECT COUNT(*) AS n FROM "${n}"`)).rows[0].n)])));
        const log = (await c.query(`SELECT * FROM "ReviewLog" ORDER BY "id"`)).rows;
        const states = (await c.query(`SELECT * FROM "CardState" ORDER BY "userId", "cardId"`)).rows;
        return { counts, log, states };
      });
    const [a, b] = (await Promise.all([snapshot(url), snapshot(fresh)])) as { counts: Record<string, number>; log: unknown[]; states: unknown[] }[];
    expect(b!.counts).toEqual(a!.counts);
    expect(a!.counts.ReviewLog).toBeGreaterThan(20);
    expect(b!.log).toEqual(a!.log);
    expect(b!.states).toEqual(a!.states);

    expect((await migrate(fresh)).applied).toEqual([]);
    await expect(tables(fresh, (c) => c.query(`DELETE FROM "ReviewLog"`))).rejects.toThrow(/ReviewLog is append-only/);
    const copy = createDb(fresh);
    try {
      expect((await rebuildStates(copy)).drifted).toEqual([]);
    } finally {
      await copy.$disconnect();
    }
  });
});
