// The review benchmark's PostgreSQL copy of a seeded SQLite file (scripts/bench/seed.ts):
// a template database, migrated with the app's PostgreSQL migrations and filled with the
// same rows, from which every cell gets a fresh database (CREATE DATABASE … TEMPLATE, a
// file copy). Everything is dropped at the end of the run.
import crypto from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { migrate } from "../../lib/db/migrate.ts";
import type { SeededDb } from "./seed.ts";

/** The tables seed.ts fills, parents first. */
const TABLES = ["User", "Deck", "Enrolment", "Card", "CardState", "ReviewLog"];
const BATCH_PARAMS = 30_000; // under PostgreSQL's 65,535 parameters per statement

export interface PgSeeded {
  /** A fresh database for one cell, copied from the template; drop() removes it. */
  fresh: (label: string) => Promise<{ url: string; drop: () => Promise<void> }>;
  dropAll: () => Promise<void>;
}

async function admin(serverUrl: string, sql: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql, params);
  } finally {
    await c.end();
  }
}

const urlOf = (serverUrl: string, name: string) => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

async function dropDb(serverUrl: string, name: string) {
  await admin(serverUrl, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
  await admin(serverUrl, `DROP DATABASE IF EXISTS "${name}"`);
}

/** Copies the seeded SQLite file's rows into a new, migrated PostgreSQL database. */
export async function pgSeeded(seeded: SeededDb, serverUrl: string, log: (s: string) => void): Promise<PgSeeded> {
  const tag = crypto.randomBytes(4).toString("hex");
  const template = `proofdeck_bench_${seeded.spec.logRows}_${tag}`;
  const made: string[] = [template];
  const t0 = Date.now();
  await admin(serverUrl, `CREATE DATABASE "${template}"`);
  const dropAll = async () => {
    for (const name of made.splice(0)) await dropDb(serverUrl, name);
  };
  try {
    await migrate(urlOf(serverUrl, template));
    const src = new Database(seeded.file, { readonly: true });
    const dst = new pg.Client({ connectionString: urlOf(serverUrl, template) });
    await dst.connect();
    try {
      await dst.query("BEGIN");
      for (const table of TABLES) {
        const cols = (src.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; type: string }[]);
        const bools = new Set(cols.filter((c) => c.type.toUpperCase() === "BOOLEAN").map((c) => c.name));
        const names = cols.map((c) => `"${c.name}"`).join(", ");
        const perBatch = Math.floor(BATCH_PARAMS / cols.length);
        let batch: unknown[][] = [];
        const flush = async () => {
          if (batch.length === 0) return;
          const values = batch.map((_, r) => `(${cols.map((__, k) => `$${r * cols.length + k + 1}`).join(", ")})`).join(", ");
          await dst.query(`INSERT INTO "${table}" (${names}) VALUES ${values}`, batch.flat());
          batch = [];
        };
        for (const row of src.prepare(`SELECT * FROM "${table}"`).raw().iterate() as Iterable<unknown[]>) {
          batch.push(row.map((v, k) => (bools.has(cols[k].name) && v !== null ? v === 1 : v)));
          if (batch.length >= perBatch) await flush();
        }
        await flush();
      }
      await dst.query("COMMIT");
      await dst.query("VACUUM ANALYZE");
    } finally {
      src.close();
      await dst.end();
    }
  } catch (err) {
    await dropAll();
    throw err;
  }
  log(`PostgreSQL template ${template} filled in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return {
    dropAll,
    fresh: async (label: string) => {
      const name = `proofdeck_bench_${label.replace(/[^a-z0-9]/gi, "_").toLowerCase()}_${crypto.randomBytes(3).toString("hex")}`;
      await admin(serverUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      made.push(name);
      return {
        url: urlOf(serverUrl, name),
        drop: async () => {
          made.splice(made.indexOf(name), 1);
          await dropDb(serverUrl, name);
        },
      };
    },
  };
}
