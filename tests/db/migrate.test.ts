import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../lib/db/client.ts";
import { migrate, migrationsDir, readMigrations, type MigrateResult } from "../../lib/db/migrate.ts";
import { testDatabases, type TestDatabase } from "../support/databases.ts";

const CHILD = path.resolve(__dirname, "../support/migrate-child.ts");

/** A copy of the repository's migrations for `provider` in a temp root, to edit freely. */
function copyMigrations(provider: TestDatabase["provider"]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-migrations-"));
  fs.cpSync(migrationsDir(provider), migrationsDir(provider, root), { recursive: true });
  return root;
}

function addMigration(provider: TestDatabase["provider"], root: string, name: string, sql: string) {
  const dir = path.join(migrationsDir(provider, root), name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql);
}

/** Runs migrate(url) in `n` separate processes released at the same moment. */
async function migrateInProcesses(url: string, n: number): Promise<Array<MigrateResult | { error: string }>> {
  const children = Array.from({ length: n }, () =>
    spawn(process.execPath, ["--import", "tsx", CHILD, url], { cwd: process.cwd(), stdio: ["pipe", "pipe", "pipe"] }),
  );
  const outputs = children.map((child) => {
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const ready = new Promise<void>((resolve, reject) => {
      const check = () => (out.includes("ready\n") ? resolve() : undefined);
      child.stdout.on("data", check);
      child.on("exit", (code) => reject(new Error(`child exited (${code}) before it was ready: ${err}`)));
    });
    const done = new Promise<MigrateResult | { error: string }>((resolve, reject) => {
      child.on("exit", () => {
        const line = out.split("\n").filter(Boolean).at(-1) ?? "";
        try {
          resolve(JSON.parse(line));
        } catch {
          reject(new Error(`child printed no result: ${out} ${err}`));
        }
      });
    });
    return { ready, done };
  });
  await Promise.all(outputs.map((o) => o.ready));
  for (const child of children) child.stdin.end("go\n");
  return Promise.all(outputs.map((o) => o.done));
}

/**
 * Another process writes to the SQLite file (rollback-journal mode, SQLite's default, as
 * on a brand-new file or one made by the Prisma CLI) and holds its write transaction open
 * for `holdMs`; resolves once it holds the lock.
 */
async function holdSqliteWriteLock(file: string, holdMs: number): Promise<{ done: Promise<void> }> {
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(process.argv[1]);
    db.exec('CREATE TABLE IF NOT EXISTS "OtherProcess" ("id" INTEGER)');
    db.prepare("BEGIN IMMEDIATE").run();
    db.prepare('INSERT INTO "OtherProcess" VALUES (1)').run();
    process.stdout.write("locked\\n");
    setTimeout(() => { db.prepare("COMMIT").run(); db.close(); }, ${holdMs});
  `;
  const child = spawn(process.execPath, ["-e", script, file], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
  const done = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d) => String(d).includes("locked") && resolve());
    child.on("exit", (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
  return { done };
}

describe.each(testDatabases())("migrate() on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "on a fresh database" : "(set TEST_POSTGRES_URL to run)", () => {
    const expected = readMigrations(target.provider).map((m) => m.name);
    const clients: Db[] = [];
    const roots: string[] = [];
    const connect = (url: string) => {
      const db = createDb(url);
      clients.push(db);
      return db;
    };
    const history = (db: Db) =>
      db.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
        `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`,
      );

    afterAll(async () => {
      for (const db of clients) await db.$disconnect();
      await target.dropAll();
      for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
    });

    it("has at least one committed migration to apply", () => {
      expect(expected.length).toBeGreaterThan(0);
    });

    it("applies every migration to an empty database, and nothing the second time", async () => {
      const url = await target.create();
      const first = await migrate(url);
      expect(first).toEqual({ provider: target.provider, applied: expected, alreadyApplied: 0 });

      const db = connect(url);
      // The schema is usable through Prisma, and the history is recorded for `prisma migrate`.
      expect(await db.user.count()).toBe(0);
      expect(await db.authAttempt.count()).toBe(0);
      expect(await history(db)).toEqual(
        readMigrations(target.provider).map((m) => ({ migration_name: m.name, checksum: m.checksum })),
      );

      const second = await migrate(url);
      expect(second).toEqual({ provider: target.provider, applied: [], alreadyApplied: expected.length });
      expect(await history(db)).toHaveLength(expected.length);
    });

    it("applies only a migration added later", async () => {
      const url = await target.create();
      const root = copyMigrations(target.provider);
      roots.push(root);
      await migrate(url, root);
      addMigration(target.provider, root, "29990101000000_add_scratch", `CREATE TABLE "Scratch" ("id" TEXT PRIMARY KEY NOT NULL);`);

      const result = await migrate(url, root);
      expect(result).toEqual({ provider: target.provider, applied: ["29990101000000_add_scratch"], alreadyApplied: expected.length });
      expect(await connect(url).$queryRawUnsafe(`SELECT count(*) AS n FROM "Scratch"`)).toHaveLength(1);
    });

    it("refuses to run when an applied migration was edited since", async () => {
      const url = await target.create();
      const root = copyMigrations(target.provider);
      roots.push(root);
      await migrate(url, root);

      const name = expected[0];
      const file = path.join(migrationsDir(target.provider, root), name, "migration.sql");
      fs.appendFileSync(file, `\nCREATE TABLE "Sneaky" ("id" TEXT PRIMARY KEY NOT NULL);\n`);
      addMigration(target.provider, root, "29990101000000_add_scratch", `CREATE TABLE "Scratch" ("id" TEXT PRIMARY KEY NOT NULL);`);

      await expect(migrate(url, root)).rejects.toThrow(
        `Migration ${name} was edited after it was applied (checksum differs). Write a new migration instead.`,
      );
      // Nothing was applied: neither the edit nor the new migration behind it.
      const db = connect(url);
      expect((await history(db)).map((r) => r.migration_name)).toEqual(expected);
      await expect(db.$queryRawUnsafe(`SELECT count(*) FROM "Scratch"`)).rejects.toThrow();
      await expect(db.$queryRawUnsafe(`SELECT count(*) FROM "Sneaky"`)).rejects.toThrow();
    });

    it("refuses to run when the database has a migration this checkout lacks", async () => {
      const url = await target.create();
      const root = copyMigrations(target.provider);
      roots.push(root);
      addMigration(target.provider, root, "29990101000000_add_scratch", `CREATE TABLE "Scratch" ("id" TEXT PRIMARY KEY NOT NULL);`);
      await migrate(url, root);

      // An older checkout: the repository's own migrations, without add_note.
      await expect(migrate(url)).rejects.toThrow(
        "The database has migration 29990101000000_add_scratch, which this checkout does not: is the code older than the database?",
      );
    });

    it("rolls back a migration that fails part-way and does not record it", async () => {
      const url = await target.create();
      const root = copyMigrations(target.provider);
      roots.push(root);
      await migrate(url, root);
      addMigration(
        target.provider,
        root,
        "29990101000000_broken",
        `CREATE TABLE "Scratch" ("id" TEXT PRIMARY KEY NOT NULL);\nINSERT INTO "NoSuchTable" ("id") VALUES ('x');\n`,
      );

      await expect(migrate(url, root)).rejects.toThrow(/NoSuchTable/);
      const db = connect(url);
      expect((await history(db)).map((r) => r.migration_name)).toEqual(expected);
      await expect(db.$queryRawUnsafe(`SELECT count(*) FROM "Scratch"`)).rejects.toThrow();

      // Fixed, it applies cleanly.
      fs.writeFileSync(path.join(migrationsDir(target.provider, root), "29990101000000_broken", "migration.sql"), `CREATE TABLE "Scratch" ("id" TEXT PRIMARY KEY NOT NULL);\n`);
      expect((await migrate(url, root)).applied).toEqual(["29990101000000_broken"]);
    });

    it("two concurrent migrate() calls on one fresh database both succeed and apply each migration once", async () => {
      const url = await target.create();
      const [a, b] = await Promise.all([migrate(url), migrate(url)]);
      expect([...a.applied, ...b.applied]).toEqual(expected);
      expect(a.applied.length + a.alreadyApplied).toBe(expected.length);
      expect(b.applied.length + b.alreadyApplied).toBe(expected.length);
      expect((await history(connect(url))).map((r) => r.migration_name)).toEqual(expected);
    });

    it("two app processes migrating one fresh database at once both succeed and apply each migration once", async () => {
      const url = await target.create();
      const results = await migrateInProcesses(url, 2);
      for (const r of results) expect(r).not.toHaveProperty("error");
      // Each migration applied by exactly one of them. Which process applied which can vary (CI once saw the
      // init applied by the second), so the two lists joined need not be in order; the history's order is checked below.
      const applied = (results as MigrateResult[]).flatMap((r) => r.applied);
      expect([...applied].sort()).toEqual([...expected].sort());
      expect((await history(connect(url))).map((r) => r.migration_name)).toEqual(expected);
    });

    // The deterministic form of the race above: switching the file to WAL needs an
    // exclusive lock, and migrate() must wait for another process's write (within its
    // 10 s busy timeout) instead of failing at once with "database is locked".
    if (target.provider === "sqlite") it("waits for another process writing to the SQLite file instead of failing with 'database is locked'", async () => {
      const url = await target.create();
      const holder = await holdSqliteWriteLock(url.slice("file:".length), 500);
      try {
        const result = await migrate(url);
        expect(result.applied).toEqual(expected);
      } finally {
        await holder.done;
      }
      expect((await history(connect(url))).map((r) => r.migration_name)).toEqual(expected);
    });
  });
});
