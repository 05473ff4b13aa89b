import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_DATABASE_URL, databaseUrl, providerOf, sqliteFilePath } from "../../lib/db/provider.ts";

describe("providerOf", () => {
  it.each([
    ["file:./data/proofdeck.db", "sqlite"],
    ["file:/var/lib/proofdeck/app.db", "sqlite"],
    ["postgresql://app:secret@db.internal:5432/proofdeck", "postgres"],
    ["postgres://app@localhost/proofdeck", "postgres"],
    ["POSTGRESQL://app@localhost/proofdeck", "postgres"],
  ])("%s is %s", (url, provider) => {
    expect(providerOf(url)).toBe(provider);
  });

  it("refuses an unsupported URL with a message naming both accepted forms", () => {
    expect(() => providerOf("mysql://root:hunter2@localhost/proofdeck")).toThrow(
      'DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); got "mysql:…"',
    );
  });

  it("does not echo credentials from the rejected URL", () => {
    let message = "";
    try {
      providerOf("mysql://root:hunter2@localhost/proofdeck");
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).not.toBe("");
    expect(message).not.toContain("hunter2");
    expect(message).not.toContain("root");
  });

  it.each(["./data/proofdeck.db", "", "sqlite:./x.db", "postgresql:/missing-slash"])("refuses %j", (url) => {
    expect(() => providerOf(url)).toThrow(/DATABASE_URL must start with "file:"/);
  });
});

describe("sqliteFilePath", () => {
  it("resolves a relative path from the working directory", () => {
    expect(sqliteFilePath("file:./data/proofdeck.db", "/srv/app")).toBe("/srv/app/data/proofdeck.db");
    expect(sqliteFilePath("file:data/proofdeck.db", "/srv/app")).toBe("/srv/app/data/proofdeck.db");
  });

  it("keeps an absolute path, with or without file://", () => {
    expect(sqliteFilePath("file:/tmp/x/test.db", "/srv/app")).toBe("/tmp/x/test.db");
    expect(sqliteFilePath("file:///tmp/x/test.db", "/srv/app")).toBe("/tmp/x/test.db");
  });

  it("drops query parameters", () => {
    expect(sqliteFilePath("file:./dev.db?connection_limit=1", "/srv/app")).toBe("/srv/app/dev.db");
  });

  it("defaults to the process working directory", () => {
    expect(sqliteFilePath("file:./a.db")).toBe(path.resolve(process.cwd(), "a.db"));
  });

  it("refuses a URL that names no file", () => {
    expect(() => sqliteFilePath("file:")).toThrow('DATABASE_URL "file:" names no SQLite file');
    expect(() => sqliteFilePath("file:?mode=memory")).toThrow(/names no SQLite file/);
  });
});

describe("databaseUrl", () => {
  it("uses DATABASE_URL, trimmed", () => {
    expect(databaseUrl({ DATABASE_URL: "  postgresql://x@y/z " })).toBe("postgresql://x@y/z");
  });

  it("falls back to the embedded SQLite file when unset or blank", () => {
    expect(DEFAULT_DATABASE_URL).toBe("file:./data/proofdeck.db");
    expect(databaseUrl({})).toBe(DEFAULT_DATABASE_URL);
    expect(databaseUrl({ DATABASE_URL: "  " })).toBe(DEFAULT_DATABASE_URL);
  });
});
