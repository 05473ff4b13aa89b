// Applies the committed migration SQL (prisma/<provider>/migrations/*/migration.sql) in
// order and records each in Prisma's own `_prisma_migrations` table, so `prisma migrate
// deploy` elsewhere sees the same history. Plain SQL through the drivers: no Prisma
// engine binary, no network. Safe to run from several app instances at once.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { providerOf, sqliteFilePath, type DbProvider } from "./provider.ts";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function migrationsDir(provider: DbProvider, root = process.cwd()): string {
  return path.join(root, "prisma", provider, "migrations");
}

export function readMigrations(provider: DbProvider, root = process.cwd()): Migration[] {
  const dir = migrationsDir(provider, root);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

export interface MigrateResult {
  provider: DbProvider;
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(url: string, root = process.cwd()): Promise<MigrateResult> {
  const provider = providerOf(url);
  const migrations = readMigrations(provider, root);
  return provider === "postgres" ? migratePostgres(url, migrations) : migrateSqlite(url, migrations);
}

function checkHistory(done: Map<string, string>, migrations: Migration[]) {
  for (const [name, checksum] of done) {
    const m = migrations.find((x) => x.name === name);
    if (!m) throw new Error(`The database has migration ${name}, which this checkout does not: is the code older than the database?`);
    if (m.checksum !== checksum) throw new Error(`Migration ${name} was edited after it was applied (checksum differs). Write a new migration instead.`);
  }
}

function retryWhileBusy<T>(fn: () => T, timeoutMs = 10_000): T {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return fn();
    } catch (err) {
      if ((err as { code?: string }).code !== "SQLITE_BUSY" || Date.now() >= deadline) throw err;
      // A synchronous 20 ms sleep: this whole migrator is synchronous on SQLite.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

const SQLITE_HISTORY = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;

function migrateSqlite(url: string, migrations: Migration[]): MigrateResult {
  const file = sqliteFilePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const conn = new Database(file, { timeout: 10_000 });
  try {
    // WAL lets readers and one writer work at once; it is a property of the file.
    // Switching to it needs an exclusive lock, and SQLite does not apply the busy
    // timeout to that step: retry while another process has the file busy.
    retryWhileBusy(() => conn.pragma("journal_mode = WAL"));
    // Foreign keys off for the whole run, set OUTSIDE any transaction: SQLite ignores
    // `PRAGMA foreign_keys` inside one, so a table rebuild (create new, copy, drop old,
    // rename — what Prisma writes to add a column) would otherwise cascade-delete every
    // row that points at the dropped table, the review log included. Integrity is checked
    // with `foreign_key_check` before each migration commits instead.
    conn.pragma("foreign_keys = OFF");
    conn.exec(SQLITE_HISTORY);
    const readDone = () =>
      new Map(
        (conn.prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as {
          migration_name: string;
          checksum: string;
        }[]).map((r) => [r.migration_name, r.checksum]),
      );
    checkHistory(readDone(), migrations);
    const applied: string[] = [];
    for (const m of migrations) {
      // One IMMEDIATE transaction per migration: it takes the write lock first, so two
      // processes migrating at once queue, and the second sees what the first applied.
      const didApply = conn.transaction(() => {
        if (readDone().has(m.name)) return false;
        conn.exec(m.sql);
        const broken = conn.prepare("PRAGMA foreign_key_check").all() as { table: string; parent: string }[];
        if (broken.length > 0) {
          const where = [...new Set(broken.map((r) => `${r.table} → ${r.parent}`))].join(", ");
          throw new Error(`Migration ${m.name} would leave ${broken.length} row(s) pointing at nothing (${where}); nothing was applied.`);
        }
        conn
          .prepare(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, current_timestamp, ?, current_timestamp, 1)`)
          .run(crypto.randomUUID(), m.checksum, m.name);
        return true;
      }).immediate();
      if (didApply) applied.push(m.name);
    }
    return { provider: "sqlite", applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    conn.close();
  }
}

const PG_HISTORY = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

// The same advisory lock key Prisma Migrate uses, so they exclude each other too.
const PG_MIGRATION_LOCK = 72707369;

async function migratePostgres(url: string, migrations: Migration[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PG_MIGRATION_LOCK]);
    await client.query(PG_HISTORY);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    checkHistory(done, migrations);
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, now(), 1)`,
          [crypto.randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`);
      }
      applied.push(m.name);
    }
    return { provider: "postgres", applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PG_MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}
