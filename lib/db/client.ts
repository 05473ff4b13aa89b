// The one place that builds a Prisma client. Each database has its own generated client
// (Prisma ties a client to one provider); both come from the same models, so they share
// one API and the SQLite client's type stands for both.
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { PrismaClient as PostgresClient } from "./generated/postgres/client.ts";
import { databaseUrl, providerOf, sqliteFilePath } from "./provider.ts";

export type Db = InstanceType<typeof SqliteClient>;

export interface DbOptions {
  /** Sees every SQL statement sent (tests read query plans with it). */
  log?: (query: string, params: string) => void;
}

/**
 * On PostgreSQL, the pool Prisma's adapter uses, lent to the hot path's statements (raw.ts). Prisma
 * ends it on $disconnect and builds its own on a later use; the hot path then builds one too.
 */
interface PgPool {
  config: pg.PoolConfig;
  pool: pg.Pool;
  log?: DbOptions["log"];
}
// Kept on globalThis: a script run by tsx can load this module twice (as ESM and as CommonJS).
const pgPools: WeakMap<object, PgPool> = ((globalThis as { proofdeckPgPools?: WeakMap<object, PgPool> }).proofdeckPgPools ??= new WeakMap());

function newPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  // An idle connection closed by the server (a restart, a test dropping its database) is not a crash.
  pool.on("error", () => {});
  return pool;
}

/** The pg pool behind a PostgreSQL client made by createDb (null for SQLite), and its statement log. */
export function pgPoolOf(client: Db): { pool: pg.Pool; log?: DbOptions["log"] } | null {
  const entry = pgPools.get(client);
  if (!entry) return null;
  if (entry.pool.ending || entry.pool.ended) entry.pool = newPool(entry.config);
  return entry;
}

/** Whether a client talks to PostgreSQL: the few hot paths written in one database's SQL ask (a client not made by createDb counts as SQLite). */
export function isPostgres(client: Db): boolean {
  return pgPools.has(client);
}

export function createDb(url: string = databaseUrl(), options: DbOptions = {}): Db {
  const log = options.log ? [{ emit: "event" as const, level: "query" as const }] : undefined;
  let client: Db;
  if (providerOf(url) === "postgres") {
    const config = { connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) };
    const entry: PgPool = { config, pool: newPool(config), log: options.log };
    const adapter = new PrismaPg(entry.pool, { disposeExternalPool: true });
    client = new PostgresClient({ adapter, log }) as unknown as Db;
    pgPools.set(client, entry);
    // Prisma ends the pool it was given only if it connected; the hot path's own (after a reuse) is ours to end.
    const disconnect = client.$disconnect.bind(client);
    client.$disconnect = async () => {
      await disconnect();
      if (!entry.pool.ending && !entry.pool.ended) await entry.pool.end();
    };
  } else {
    const file = sqliteFilePath(url);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // busy timeout: concurrent writers (two tabs, two processes) wait instead of failing.
    const adapter = new PrismaBetterSqlite3({ url: file, timeout: 10_000 });
    client = new SqliteClient({ adapter, log }) as unknown as Db;
  }
  if (options.log) {
    const onQuery = options.log;
    (client as unknown as { $on(event: "query", cb: (e: { query: string; params: string }) => void): void }).$on("query", (e) => onQuery(e.query, e.params));
  }
  return client;
}

const globalForDb = globalThis as unknown as { proofdeckDb?: Db };

/** Process-wide client for DATABASE_URL (kept across hot reloads in development). */
export function db(): Db {
  globalForDb.proofdeckDb ??= createDb();
  return globalForDb.proofdeckDb;
}
