import path from "node:path";

export type DbProvider = "sqlite" | "postgres";

/** The embedded default: a SQLite file under data/, nothing to install. */
export const DEFAULT_DATABASE_URL = "file:./data/proofdeck.db";

export function databaseUrl(env: Record<string, string | undefined> = process.env): string {
  return env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
}

export function providerOf(url: string): DbProvider {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgres";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(
    `DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); got "${url.split(":")[0]}:…"`,
  );
}

/** Absolute path of a SQLite `file:` URL; relative paths resolve from the working directory. */
export function sqliteFilePath(url: string, cwd = process.cwd()): string {
  const file = url.replace(/^file:(\/\/)?/, "").split("?")[0];
  if (!file) throw new Error(`DATABASE_URL "${url}" names no SQLite file`);
  return path.resolve(cwd, file);
}
