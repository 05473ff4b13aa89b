// SQLite backup and restore (npm run db:backup / db:restore; PostgreSQL: pg_dump and pg_restore,
// docs/operations.md). A backup is SQLite's online backup of the live file, safe while the app
// writes; a restore checks the backup, makes sure no process has the database open, keeps the
// replaced file beside it and puts the backup in its place with one rename.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { readMigrations } from "./migrate.ts";
import { providerOf, sqliteFilePath } from "./provider.ts";

export interface BackupSummary {
  file: string;
  bytes: number;
  /** Migrations applied in the backed-up database, oldest first. */
  migrations: string[];
  reviewLogRows: number;
}

function sqliteFileOf(url: string): string {
  if (providerOf(url) !== "sqlite") {
    throw new Error("db:backup and db:restore are for SQLite; back up PostgreSQL with pg_dump and restore with pg_restore (docs/operations.md).");
  }
  return sqliteFilePath(url);
}

/**
 * Checks a database file as a restore would: SQLite's integrity_check, and a migration history this
 * checkout knows (a backup made by newer code would not run here). Throws with the reason.
 */
export function verifyBackup(file: string, root = process.cwd()): BackupSummary {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist.`);
  // A read-only look at a WAL-mode file leaves empty -wal and -shm files it cannot remove itself.
  const sidecars = ["-wal", "-shm"].map((s) => file + s).filter((f) => !fs.existsSync(f));
  try {
    return inspect(file, root);
  } finally {
    for (const f of sidecars) fs.rmSync(f, { force: true });
  }
}

function inspect(file: string, root: string): BackupSummary {
  let conn: Database.Database;
  try {
    conn = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new Error(`${file} cannot be opened as a SQLite database: ${(err as Error).message}`);
  }
  try {
    const check = (() => {
      try {
        return conn.pragma("integrity_check", { simple: false }) as { integrity_check: string }[];
      } catch (err) {
        return [{ integrity_check: (err as Error).message }];
      }
    })();
    if (check.length !== 1 || check[0]!.integrity_check !== "ok") {
      throw new Error(`${file} fails SQLite's integrity check: ${check.slice(0, 5).map((r) => r.integrity_check).join("; ")}`);
    }
    const hasHistory = conn.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
    if (!hasHistory) throw new Error(`${file} is not a Proofdeck database: it has no migrations table.`);
    const migrations = (conn.prepare(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`).all() as { migration_name: string }[]).map((r) => r.migration_name);
    const known = new Set(readMigrations("sqlite", root).map((m) => m.name));
    const unknown = migrations.filter((m) => !known.has(m));
    if (migrations.length === 0) throw new Error(`${file} has no applied migrations.`);
    if (unknown.length) throw new Error(`${file} was made by newer code: this checkout lacks migration ${unknown.join(", ")}.`);
    const reviewLogRows = (conn.prepare(`SELECT COUNT(*) AS n FROM "ReviewLog"`).get() as { n: number }).n;
    return { file, bytes: fs.statSync(file).size, migrations, reviewLogRows };
  } finally {
    conn.close();
  }
}

/** Copies the live database to `dest` with SQLite's online backup, then verifies the copy. */
export async function backupSqlite(url: string, dest: string): Promise<BackupSummary> {
  const live = sqliteFileOf(url);
  if (!fs.existsSync(live)) throw new Error(`There is no database at ${live}.`);
  const target = path.resolve(dest);
  if (fs.existsSync(target)) throw new Error(`${target} already exists; choose a new file name.`);
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  const conn = new Database(live, { fileMustExist: true, timeout: 10_000 });
  try {
    // All remaining pages in one step, under one read transaction: a consistent snapshot that WAL
    // lets the app keep writing through (small steps would restart whenever the app commits).
    await conn.backup(partial, { progress: () => 0x7fffffff });
  } finally {
    conn.close();
  }
  // One self-contained file (no -wal beside it), whatever the live database's journal mode.
  const copy = new Database(partial);
  copy.pragma("journal_mode = DELETE");
  copy.close();
  try {
    verifyBackup(partial);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
  fs.renameSync(partial, target);
  return verifyBackup(target);
}

export interface RestoreResult extends BackupSummary {
  /** Where the replaced database was kept, or null when there was none. */
  previous: string | null;
}

/**
 * Replaces the live database with `backup`. Refuses while any process has the database open: SQLite
 * cannot leave WAL mode then, so a busy switch to rollback mode proves the app is still running.
 */
export function restoreSqlite(url: string, backup: string, now = new Date()): RestoreResult {
  const live = sqliteFileOf(url);
  verifyBackup(backup);
  fs.mkdirSync(path.dirname(live), { recursive: true });
  // The copy lands beside the live file (same file system, so the final rename is atomic) and is
  // checked again there: that is the file the app will open.
  const incoming = `${live}.restoring`;
  fs.rmSync(incoming, { force: true });
  fs.copyFileSync(backup, incoming);
  const summary = (() => {
    try {
      const checked = verifyBackup(incoming);
      // The app's journal mode (lib/db/migrate.ts sets it too): readers and a writer at once.
      const conn = new Database(incoming);
      conn.pragma("journal_mode = WAL");
      conn.close();
      return checked;
    } catch (err) {
      fs.rmSync(incoming, { force: true });
      throw err;
    }
  })();

  let previous: string | null = null;
  if (fs.existsSync(live)) {
    assertNotInUse(live, incoming);
    previous = `${live}.before-restore-${now.toISOString().replace(/\D/g, "").slice(0, 14)}`;
    // A second name for the old file, so that one rename swaps the databases and there is never a
    // moment without one (an app starting then would create an empty database).
    fs.linkSync(live, previous);
  }
  fs.renameSync(incoming, live);
  return { ...summary, file: live, previous };
}

function assertNotInUse(live: string, incoming: string): void {
  const conn = new Database(live, { fileMustExist: true, timeout: 0 });
  try {
    // Checkpoints the WAL into the file and removes -wal and -shm, which must not outlive the swap
    // (SQLite would replay an old -wal into the new file); refused while another connection is open.
    conn.pragma("journal_mode = DELETE");
  } catch (err) {
    fs.rmSync(incoming, { force: true });
    if ((err as { code?: string }).code === "SQLITE_BUSY") {
      throw new Error(`${live} is in use (the app is running, or another process has it open). Stop the app, then restore; nothing was changed.`);
    }
    throw err;
  } finally {
    conn.close();
  }
}
