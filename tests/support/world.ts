// A small world for the security tests over HTTP (authorization matrix, input fuzzing): its own
// database (SQLite file or PostgreSQL), migrated and seeded with the demo deck, its own `next start`
// and media folder, and five actors made directly in the database (not through sign-up, so these
// tests do not depend on its screens) and signed in over HTTP with real next-auth sessions:
// anonymous, learner A (enrolled in the owner's published deck), learner B (enrolled in nothing of
// the owner's), the deck owner (an instructor) and another instructor.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { hashPassword } from "../../lib/auth/password.ts";
import { createDb, type Db } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { providerOf } from "../../lib/db/provider.ts";
import { createDeck, setDeckPublished } from "../../lib/decks/authoring.ts";
import { seedDemo } from "../../lib/decks/seed.ts";
import { CHAPTER13_DECK } from "../../lib/decks/chapter13.ts";
import { MEDIA_DIR_ENV } from "../../lib/media/store.ts";
import { createNote } from "../../lib/notes/data.ts";
import type { TestDatabase } from "./databases.ts";
import { signInOverHttp, startServer, type RunningServer } from "./server.ts";

export const ACTORS = ["anonymous", "learnerA", "learnerB", "owner", "otherInstructor"] as const;
export type ActorName = (typeof ACTORS)[number];

export interface Actor {
  name: ActorName;
  /** null for anonymous. */
  id: string | null;
  email: string | null;
  /** The Cookie header to send ("" for anonymous). */
  cookie: string;
}

/** Text only the owner's draft deck holds: no one else may ever be shown it. */
export const DRAFT_SECRET = "draft-secret-7f3a9c";
export const PASSWORD = "security-tests-passphrase";

export interface World {
  baseUrl: string;
  databaseUrl: string;
  db: Db;
  mediaDir: string;
  actors: Record<ActorName, Actor>;
  /** The owner's published deck (learner A studies it), its draft, and the seeded chapter-13 deck. */
  ids: { published: string; draft: string; chapter13: string; chapter13Card: string; publishedCards: string[]; draftCard: string };
  server: RunningServer;
  stop(): Promise<void>;
}

export async function startWorld(target: TestDatabase): Promise<World> {
  const databaseUrl = await target.create();
  await migrate(databaseUrl);
  const db = createDb(databaseUrl);
  await seedDemo(db);
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-world-media-"));

  const hash = await hashPassword(PASSWORD);
  const tag = crypto.randomBytes(3).toString("hex");
  const actors = { anonymous: { name: "anonymous", id: null, email: null, cookie: "" } } as Record<ActorName, Actor>;
  const roles: Record<Exclude<ActorName, "anonymous">, "LEARNER" | "INSTRUCTOR"> = {
    learnerA: "LEARNER", learnerB: "LEARNER", owner: "INSTRUCTOR", otherInstructor: "INSTRUCTOR",
  };
  for (const [name, role] of Object.entries(roles) as [Exclude<ActorName, "anonymous">, "LEARNER" | "INSTRUCTOR"][]) {
    const email = `${name.toLowerCase()}-${tag}@example.com`;
    const u = await db.user.create({ data: { email, name, role, passwordHash: hash, emailVerifiedAt: new Date() }, select: { id: true } });
    actors[name] = { name, id: u.id, email, cookie: "" };
  }
  const owner = { id: actors.owner.id!, role: "INSTRUCTOR" as const };
  const published = await createDeck(db, owner, { title: "Owner's published deck" });
  await setDeckPublished(db, published.id, true);
  const draft = await createDeck(db, owner, { title: `Owner's draft ${DRAFT_SECRET}`, description: DRAFT_SECRET });
  const publishedCards: string[] = [];
  for (let i = 0; i < 6; i++) {
    const { cards } = await createNote(db, published.id, { type: "BASIC", front: `Published question ${i}`, back: `answer ${i}`, tags: "p" });
    publishedCards.push(cards[0].id);
  }
  const draftNote = await createNote(db, draft.id, { type: "BASIC", front: `Draft question ${DRAFT_SECRET}`, back: DRAFT_SECRET });
  await db.enrolment.create({ data: { userId: actors.learnerA.id!, deckId: published.id } });
  const chapter13 = await db.deck.findUniqueOrThrow({ where: { slug: CHAPTER13_DECK.slug }, select: { id: true } });
  const whyCard = await db.card.findFirstOrThrow({ where: { deckId: chapter13.id, experimentId: { not: null } }, select: { id: true } });

  const savedMedia = process.env[MEDIA_DIR_ENV];
  process.env[MEDIA_DIR_ENV] = mediaDir; // startServer hands the environment to the server
  let server: RunningServer;
  try {
    server = await startServer({ databaseUrl });
  } finally {
    if (savedMedia === undefined) delete process.env[MEDIA_DIR_ENV];
    else process.env[MEDIA_DIR_ENV] = savedMedia;
  }
  for (const name of ACTORS) {
    const a = actors[name];
    if (!a.email) continue;
    const r = await signInOverHttp(server.baseUrl, a.email, PASSWORD);
    if (r.status !== 200 || !r.cookie.includes("session-token")) throw new Error(`sign-in of ${name} failed: ${r.status} ${r.error}`);
    a.cookie = r.cookie;
  }

  return {
    baseUrl: server.baseUrl, databaseUrl, db, mediaDir, actors, server,
    ids: { published: published.id, draft: draft.id, chapter13: chapter13.id, chapter13Card: whyCard.id, publishedCards, draftCard: draftNote.cards[0].id },
    async stop() {
      await server.stop();
      await db.$disconnect();
      await target.drop(databaseUrl);
      fs.rmSync(mediaDir, { recursive: true, force: true });
    },
  };
}

const TABLES_SQL = {
  sqlite: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  postgres: "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
};

/**
 * A digest of every row of every table (`except` left out), per table: equal digests mean nothing
 * was written. Rows are sorted by their text, so the order the database returns them in does not
 * matter. PostgreSQL digests in one query (the database's own md5), SQLite row by row here.
 */
export async function snapshot(w: Pick<World, "db" | "databaseUrl">, except: string[] = []): Promise<Record<string, string>> {
  const kind = providerOf(w.databaseUrl);
  const tables = (await w.db.$queryRawUnsafe<{ name: string }[]>(TABLES_SQL[kind])).map((r) => r.name).filter((t) => !except.includes(t));
  const out: Record<string, string> = {};
  if (kind === "postgres") {
    const sql = tables
      .map((t) => `SELECT '${t}' AS name, count(*)::int AS n, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS h FROM "${t}" x`)
      .join(" UNION ALL ");
    for (const r of await w.db.$queryRawUnsafe<{ name: string; n: number; h: string }[]>(sql)) out[r.name] = `${r.n}:${r.h}`;
    return out;
  }
  for (const t of tables) {
    const rows = await w.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${t}"`);
    const lines = rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).sort();
    out[t] = `${rows.length}:${crypto.createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 16)}`;
  }
  return out;
}

/** Tables a refused request may still write: sign-in attempts are recorded by design. */
export const ATTEMPT_TABLES = ["AuthAttempt"];

/** A request from an actor: Cookie set, JSON body when `json` is given; redirects are not followed. */
export function send(world: World, actor: Actor, method: string, route: string, init: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  if (actor.cookie) headers.cookie = actor.cookie;
  let body = init.body;
  if (init.json !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(init.json);
  }
  return fetch(world.baseUrl + route, { method, headers, body, redirect: "manual" });
}
