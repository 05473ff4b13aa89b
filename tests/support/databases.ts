// The databases the DB tests run on: always a fresh SQLite file in a temp dir, and
// PostgreSQL when TEST_POSTGRES_URL points at a server (each test gets its own freshly
// created database there, dropped afterwards). Without TEST_POSTGRES_URL the PostgreSQL
// cases are still listed, as skipped, and one loud line on stderr says so.
//
// Usage in a test file:
//
//   describe.each(testDatabases())("$label", (target) => {
//     describe.skipIf(!target.available)("...", () => {
//       const h = useMigratedDb(target);   // beforeAll/afterAll: create, migrate, connect; disconnect, drop
//       it("...", async () => { await h.db.user.count(); });
//     });
//   });
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { createDb, type Db } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import type { DbProvider } from "../../lib/db/provider.ts";

export const POSTGRES_SKIP_NOTICE = "SKIPPED: PostgreSQL suite (set TEST_POSTGRES_URL to run it)";

export interface TestDatabase {
  provider: DbProvider;
  /** "SQLite" or "PostgreSQL", for test names. */
  label: string;
  /** False when the suite for this database must be skipped (PostgreSQL without TEST_POSTGRES_URL). */
  available: boolean;
  /** Makes a new, empty database and returns its URL. */
  create(): Promise<string>;
  /** Removes one database create() made. */
  drop(url: string): Promise<void>;
  /** Removes every database create() made and not yet dropped. Safe to call more than once. */
  dropAll(): Promise<void>;
}

export function testDatabases(env: NodeJS.ProcessEnv = process.env): TestDatabase[] {
  const postgresUrl = env.TEST_POSTGRES_URL?.trim();
  if (!postgresUrl) announcePostgresSkipped();
  return [sqliteTarget(), postgresTarget(postgresUrl)];
}

function sqliteTarget(): TestDatabase {
  const dirs = new Map<string, string>(); // url -> temp dir
  const target: TestDatabase = {
    provider: "sqlite",
    label: "SQLite",
    available: true,
    async create() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-test-"));
      const url = `file:${path.join(dir, "test.db")}`;
      dirs.set(url, dir);
      return url;
    },
    async drop(url) {
      const dir = dirs.get(url);
      dirs.delete(url);
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
    async dropAll() {
      for (const url of [...dirs.keys()]) await target.drop(url);
    },
  };
  return target;
}

function postgresTarget(serverUrl: string | undefined): TestDatabase {
  const names = new Map<string, string>(); // url -> database name
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  const target: TestDatabase = {
    provider: "postgres",
    label: "PostgreSQL",
    available: Boolean(serverUrl),
    async create() {
      if (!serverUrl) throw new Error("TEST_POSTGRES_URL is not set");
      const name = `proofdeck_test_${crypto.randomBytes(6).toString("hex")}`;
      await admin((c) => c.query(`CREATE DATABASE "${name}"`));
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      names.set(url.toString(), name);
      return url.toString();
    },
    async drop(url) {
      const name = names.get(url);
      names.delete(url);
      if (!name) return;
      await admin(async (c) => {
        // Anything still connected (a pool not yet closed) would make DROP DATABASE fail.
        await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
        await c.query(`DROP DATABASE IF EXISTS "${name}"`);
      });
    },
    async dropAll() {
      for (const url of [...names.keys()]) await target.drop(url);
    },
  };
  return target;
}

/**
 * Prints the skip notice once per test run, however many test files (each in its own
 * worker process) call testDatabases(). The workers of one run share a parent, the
 * vitest process; the first worker to create the marker file for that parent prints.
 */
function announcePostgresSkipped() {
  const marker = path.join(os.tmpdir(), `proofdeck-pg-skip-notice-${runId()}`);
  try {
    fs.writeFileSync(marker, String(process.pid), { flag: "wx" });
  } catch {
    return; // another file of this run has printed it
  }
  removeStaleMarkers();
  process.stderr.write(`\n!!!!! ${POSTGRES_SKIP_NOTICE} !!!!!\n\n`);
}

/** The vitest process's pid plus its start time, so a reused pid is a new run. */
function runId(): string {
  const ppid = process.ppid;
  try {
    // Field 22 of /proc/<pid>/stat is the start time; the command name (field 2) may hold spaces.
    const stat = fs.readFileSync(`/proc/${ppid}/stat`, "utf8");
    const start = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
    return `${ppid}-${start}`;
  } catch {
    return String(ppid);
  }
}

function removeStaleMarkers() {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const m = /^proofdeck-pg-skip-notice-(\d+)/.exec(name);
    if (!m || Number(m[1]) === process.ppid) continue;
    try {
      process.kill(Number(m[1]), 0); // still running: leave its marker alone
    } catch {
      fs.rmSync(path.join(os.tmpdir(), name), { force: true });
    }
  }
}

export interface DbHandle {
  readonly url: string;
  readonly db: Db;
}

/**
 * One fresh, migrated database for the enclosing describe block: made in beforeAll,
 * disconnected and dropped in afterAll.
 */
export function useMigratedDb(target: TestDatabase): DbHandle {
  let url: string | undefined;
  let client: Db | undefined;
  beforeAll(async () => {
    url = await target.create();
    await migrate(url);
    client = createDb(url);
  });
  afterAll(async () => {
    await client?.$disconnect();
    if (url) await target.drop(url);
  });
  return {
    get url() {
      if (!url) throw new Error("database not created yet (use it inside a test or hook)");
      return url;
    },
    get db() {
      if (!client) throw new Error("database not created yet (use it inside a test or hook)");
      return client;
    },
  };
}
