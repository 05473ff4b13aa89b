// Raw statements for the few paths written in SQL where Prisma's own cost shows: the review's hot
// path (issue #12) and the class dashboard's large results (issue #14). On PostgreSQL they go
// straight to `pg` as named prepared statements, on the pool Prisma's adapter uses: Prisma's raw
// queries cost the app about a millisecond of CPU each in parameter and result handling, and more
// per row (docs/benchmarks.md), a prepared statement a fraction of that, and each pooled
// connection parses and plans a statement once. On SQLite (in-process) they stay Prisma's.
// Results come as `pg` reads them: COUNT and SUM as strings (bigint), so callers take Number();
// no timestamps in these statements (they come as JSON text).
import crypto from "node:crypto";
import type { Prisma } from "./generated/sqlite/client.ts";
import { pgPoolOf, type Db } from "./client.ts";

// Statement names by text. The texts are these paths' few fixed statements and their
// variants; past this many, statements go unnamed (parsed each time) rather than pile up.
// A name is made from its text, and the map is kept on globalThis: `next start` loads pages and
// route handlers through two module registries, so this module runs twice in one process, both
// copies on the one pool. Names counted per copy gave one name two texts, and `pg` refuses a
// connection's prepared name used for another statement ("Prepared statements must be unique"):
// a learner's answer failed after a page had named its statements first.
const names: Map<string, string> = ((globalThis as { proofdeckStatementNames?: Map<string, string> }).proofdeckStatementNames ??= new Map());
const MAX_NAMED = 100;

function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `proofdeck_${crypto.createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

export interface RawOptions {
  /**
   * false: an unnamed statement, planned for its values each time. For analytic queries run now
   * and then, whose best plan depends on the values (a prepared statement may switch to a
   * generic plan after five runs); the hot path's index lookups keep theirs.
   */
  prepared?: boolean;
}

async function onPostgres(db: Db, sql: Prisma.Sql, options: RawOptions) {
  const pg = pgPoolOf(db);
  if (!pg) return null;
  pg.log?.(sql.text, JSON.stringify(sql.values));
  const name = options.prepared === false ? undefined : nameOf(sql.text);
  return pg.pool.query({ name, text: sql.text, values: sql.values });
}

/** The rows a SELECT (or a statement with RETURNING) answers. */
export async function rawRows<T>(db: Db, sql: Prisma.Sql, options: RawOptions = {}): Promise<T[]> {
  const result = await onPostgres(db, sql, options);
  return result ? (result.rows as T[]) : db.$queryRaw<T[]>(sql);
}

/** How many rows a write changed. */
export async function rawExecute(db: Db, sql: Prisma.Sql, options: RawOptions = {}): Promise<number> {
  const result = await onPostgres(db, sql, options);
  return result ? (result.rowCount ?? 0) : db.$executeRaw(sql);
}
