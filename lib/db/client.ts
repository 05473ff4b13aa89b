// The one place that builds a Prisma client. Each database has its own generated client
// (Prisma ties a client to one provider); both come from the same models, so they share
// one API and the SQLite client's type stands for both.
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { PrismaClient as PostgresClient } from "./generated/postgres/client.ts";
import { databaseUrl, providerOf, sqliteFilePath, type DbProvider } from "./provider.ts";

export type Db = InstanceType<typeof SqliteClient>;

export interface DbOptions {
  /** Sees every SQL statement sent (tests read query plans with it). */
  log?: (query: string, params: string) => void;
}

// Kept on globalThis: a script run by tsx can load this module twice (as ESM and as CommonJS).
const providers: WeakMap<object, DbProvider> = ((globalThis as { proofdeckDbProviders?: WeakMap<object, DbProvider> }).proofdeckDbProviders ??= new WeakMap());

/** Which database a client (made by createDb) talks to: the few hot paths written in one database's SQL ask. */
export function providerOfDb(client: Db): DbProvider {
  const provider = providers.get(client);
  if (!provider) throw new Error("providerOfDb: this client was not made by createDb");
  return provider;
}

export function createDb(url: string = databaseUrl(), options: DbOptions = {}): Db {
  const log = options.log ? [{ emit: "event" as const, level: "query" as const }] : undefined;
  let client: Db;
  if (providerOf(url) === "postgres") {
    const adapter = new PrismaPg({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
    client = new PostgresClient({ adapter, log }) as unknown as Db;
  } else {
    const file = sqliteFilePath(url);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // busy timeout: concurrent writers (two tabs, two processes) wait instead of failing.
    const adapter = new PrismaBetterSqlite3({ url: file, timeout: 10_000 });
    client = new SqliteClient({ adapter, log }) as unknown as Db;
  }
  providers.set(client, providerOf(url));
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
