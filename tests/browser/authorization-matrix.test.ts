// Authorization matrix (issue #11), over HTTP against a real `next start`: every route handler,
// page and server action, for five actors (anonymous, learner A enrolled in the owner's published
// deck, learner B enrolled in nothing of the owner's, the deck owner as an instructor, another
// instructor). Each row is one request per actor with the status it must answer; the refusals run
// first and must leave every table exactly as it was; no answer shown to anyone but the owner may
// hold the owner's draft text, and none shown to another actor learner A's address.
//
// The rows are checked against the app's files: a route handler (app/**/route.ts, each exported
// method), page (app/**/page.tsx) or server action ("use server" files) without a row fails the
// test, so a new entry point cannot slip in unreviewed.
//
// Server actions are called as the browser calls them: POST to a page that uses them with the
// Next-Action header naming the action's id (read from the build's server-reference-manifest), the
// arguments as the JSON React encodes, and the action's result read back from the RSC answer.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MESSAGES } from "../../lib/http/boundary.ts";
import { DECK_NOT_FOUND } from "../../lib/decks/access.ts";
import { actionIds, callAction } from "../support/actions.ts";
import { buildApkg } from "../support/anki-fixtures.ts";
import type { CustomDesign } from "../../experiments/custom/design.ts";
import { createClass, createJoinCode } from "../../lib/classes/data.ts";
import { createExperiment } from "../../lib/experiments/data.ts";
import { DEMO_INSTRUCTOR } from "../../lib/users/demo.ts";
import { testDatabases } from "../support/databases.ts";
import { ACTORS, ATTEMPT_TABLES, DRAFT_SECRET, send, snapshot, startWorld, type Actor, type ActorName, type World } from "../support/world.ts";

type Expect = Record<ActorName, number>;
/** anonymous, learner A, learner B, owner, other instructor. */
const st = (anonymous: number, learnerA: number, learnerB: number, owner: number, otherInstructor: number): Expect => ({
  anonymous, learnerA, learnerB, owner, otherInstructor,
});
const PUBLIC = st(200, 200, 200, 200, 200);
const SIGNED_IN = st(401, 200, 200, 200, 200);
/** The owner's published deck: learners and the other instructor may see it but not write it. */
const WRITE_PUBLISHED = st(401, 403, 403, 200, 403);
/** The owner's draft: nobody else may even know it exists. */
const WRITE_DRAFT = st(401, 404, 404, 200, 404);
const REVIEW_PUBLISHED = st(401, 200, 403, 200, 403);
const PAGE_SIGNED_IN = st(307, 200, 200, 200, 200);
const PAGE_EDIT_PUBLISHED = st(307, 403, 403, 200, 403);
const PAGE_DRAFT = st(307, 404, 404, 200, 404);
const OWNER_ONLY = st(401, 404, 404, 200, 404);
/** Learners are refused for their role first; the other instructor does not know the class exists. */
const CLASS_INSTRUCTOR = st(401, 403, 403, 200, 404);

interface Ctx {
  w: World;
  a: Actor;
  /** Values made once, before the rows run (see beforeAll). */
  v: Record<string, string>;
}
interface Row {
  /** "GET /api/decks/[deckId]/session", "PAGE /decks/[deckId]", "ACTION enrolInDeck". */
  entry: string;
  on: string;
  expect: Expect;
  call: (c: Ctx) => Promise<Response>;
  /** More checks on an answer (the status already matched). */
  check?: (c: Ctx, res: Response, text: string) => void;
  /** The database must stay unchanged even when the answer is a 2xx (answers that must not tell anything). */
  writesNothing?: boolean;
}

const json = (method: string, route: (c: Ctx) => string, body?: (c: Ctx) => unknown) => (c: Ctx) =>
  send(c.w, c.a, method, route(c), body ? { json: body(c) } : {});
const get = (route: (c: Ctx) => string) => json("GET", route);
const uuid = () => crypto.randomUUID();

/** The card version this actor sees (0 while the card is new to them). */
async function versionOf(c: Ctx, cardId: string): Promise<number> {
  if (!c.a.id) return 0;
  const s = await c.w.db.cardState.findUnique({ where: { userId_cardId: { userId: c.a.id, cardId } }, select: { version: true } });
  return s?.version ?? 0;
}
const grade = (card: (c: Ctx) => string) => async (c: Ctx) => {
  const cardId = card(c);
  return send(c.w, c.a, "POST", "/api/reviews", { json: { reviewId: uuid(), cardId, grade: 4, durationMs: 900, expectedVersion: await versionOf(c, cardId) } });
};
const offline = (card: (c: Ctx) => string) => async (c: Ctx) => {
  const cardId = card(c);
  const body = { reviewId: uuid(), cardId, grade: 4, durationMs: 900, answeredAt: new Date().toISOString(), baseVersion: await versionOf(c, cardId) };
  return send(c.w, c.a, "POST", "/api/reviews/offline", { json: body });
};
const upload = (route: (c: Ctx) => string, file: (c: Ctx) => File | Promise<File>) => async (c: Ctx) => {
  const form = new FormData();
  form.append("file", await file(c));
  return send(c.w, c.a, "POST", route(c), { body: form });
};
const PNG = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));
const NOTE = { type: "BASIC", front: "Matrix **front**", back: "back", tags: "m" };
const variant = (label: string, lr: number) => ({ label, channels: [4, 8, 8, 8], firstKernel: 3, batchNorm: false, lr, schedule: "constant", bs: 64, steps: 20 });
/** The owner's experiment (its claim is the owner's alone to see). */
const DESIGN = {
  claim: `A learning rate of 0.01 beats 0.001 on this small CNN (${DRAFT_SECRET}).`,
  variants: [variant("lr 0.01", 0.01), variant("lr 0.001", 0.001)],
  firstSeed: 11, seedCount: 3,
  rule: { template: "beats", a: "a", b: "b", metric: "validAcc", margin: 1 },
};
/** Runs for a design, as a browser would send them (with the given pre-registration hash). */
const submission = (sha256: string) => ({
  version: 1, sha256, verdict: "supported",
  runs: [0, 1, 2].flatMap((i) => (["a", "b"] as const).map((v) => ({
    variantId: v, seed: 11 + i, steps: 20, final: { validAcc: v === "a" ? 0.9 : 0.8, validLoss: 0.5, trainLoss: 0.4 },
    trainLossCurve: Array.from({ length: 20 }, (_, k) => 2.3 - k / 20), metrics: { macs: 12345 }, majorityShare: 0.1135, collapsed: false,
  }))),
  environment: { backend: "wasm", tfjsVersion: "4.22.0", userAgent: "matrix", wallMs: 1000 },
});
const CSV = "front,back\nWhat is a stride?,How far the kernel moves\n";

/** A server action called over HTTP; the Response's status stands for the action's outcome. */
async function action(c: Ctx, name: string, page: string, args: unknown[]): Promise<Response> {
  const { status, result, text } = await callAction(c.w.baseUrl, c.a.cookie, c.v[`action:${name}`], page, args);
  if (status !== 200) return new Response(text, { status });
  if (!result) throw new Error(`no action result in ${text.slice(0, 300)}`);
  // Actions answer no status of their own: 401 signed out, 404 no such deck, 422 any other refusal.
  return new Response(JSON.stringify(result), { status: result.ok ? 200 : result.error === MESSAGES.signedOut ? 401 : result.error === DECK_NOT_FOUND ? 404 : 422 });
}

const P = (c: Ctx) => c.w.ids.published;
const D = (c: Ctx) => c.w.ids.draft;

const ROWS: Row[] = [
  // Review.
  { entry: "GET /api/decks/[deckId]/session", on: "published", expect: REVIEW_PUBLISHED, call: get((c) => `/api/decks/${P(c)}/session`) },
  { entry: "GET /api/decks/[deckId]/session", on: "draft", expect: WRITE_DRAFT, call: get((c) => `/api/decks/${D(c)}/session`) },
  { entry: "POST /api/reviews", on: "published card", expect: REVIEW_PUBLISHED, call: grade((c) => c.w.ids.publishedCards[0]) },
  { entry: "POST /api/reviews", on: "draft card", expect: WRITE_DRAFT, call: grade((c) => c.w.ids.draftCard) },
  { entry: "POST /api/reviews/undo", on: "published", expect: REVIEW_PUBLISHED, call: json("POST", () => "/api/reviews/undo", (c) => ({ deckId: P(c), undoId: uuid() })) },
  { entry: "POST /api/reviews/undo", on: "draft", expect: WRITE_DRAFT, call: json("POST", () => "/api/reviews/undo", (c) => ({ deckId: D(c), undoId: uuid() })) },
  { entry: "POST /api/cards/[cardId]/actions", on: "published card", expect: REVIEW_PUBLISHED, call: json("POST", (c) => `/api/cards/${c.w.ids.publishedCards[1]}/actions`, () => ({ action: "bury" })) },
  { entry: "POST /api/cards/[cardId]/actions", on: "draft card", expect: WRITE_DRAFT, call: json("POST", (c) => `/api/cards/${c.w.ids.draftCard}/actions`, () => ({ action: "suspend" })) },
  // Writing decks.
  { entry: "POST /api/decks", on: "-", expect: SIGNED_IN, call: json("POST", () => "/api/decks", () => ({ title: "Mine" })) },
  { entry: "PATCH /api/decks/[deckId]", on: "published", expect: WRITE_PUBLISHED, call: json("PATCH", (c) => `/api/decks/${P(c)}`, () => ({ title: "Owner's published deck" })) },
  { entry: "PATCH /api/decks/[deckId]", on: "draft", expect: WRITE_DRAFT, call: json("PATCH", (c) => `/api/decks/${D(c)}`, () => ({ newCardsPerDay: 7 })) },
  { entry: "POST /api/decks/[deckId]/publish", on: "published", expect: WRITE_PUBLISHED, call: json("POST", (c) => `/api/decks/${P(c)}/publish`, () => ({ published: true })) },
  // Learners are refused for their role before the deck is looked at.
  { entry: "POST /api/decks/[deckId]/publish", on: "draft", expect: st(401, 403, 403, 200, 404), call: json("POST", (c) => `/api/decks/${D(c)}/publish`, () => ({ published: false })) },
  { entry: "GET /api/decks/[deckId]/notes", on: "published", expect: WRITE_PUBLISHED, call: get((c) => `/api/decks/${P(c)}/notes`) },
  { entry: "GET /api/decks/[deckId]/notes", on: "draft", expect: WRITE_DRAFT, call: get((c) => `/api/decks/${D(c)}/notes?text=question`) },
  { entry: "POST /api/decks/[deckId]/notes", on: "published", expect: WRITE_PUBLISHED, call: json("POST", (c) => `/api/decks/${P(c)}/notes`, () => NOTE) },
  { entry: "POST /api/decks/[deckId]/notes", on: "draft", expect: WRITE_DRAFT, call: json("POST", (c) => `/api/decks/${D(c)}/notes`, () => NOTE) },
  { entry: "POST /api/notes/preview", on: "-", expect: SIGNED_IN, call: json("POST", () => "/api/notes/preview", () => NOTE) },
  { entry: "GET /api/notes/[noteId]", on: "published", expect: WRITE_PUBLISHED, call: get((c) => `/api/notes/${c.v.publishedNote}`) },
  { entry: "GET /api/notes/[noteId]", on: "draft", expect: WRITE_DRAFT, call: get((c) => `/api/notes/${c.v.draftNote}`) },
  { entry: "PATCH /api/notes/[noteId]", on: "published", expect: WRITE_PUBLISHED, call: json("PATCH", (c) => `/api/notes/${c.v.publishedNote}`, () => ({ type: "BASIC", front: "Published question 0", back: "answer 0", tags: "p" })) },
  { entry: "PATCH /api/notes/[noteId]", on: "draft", expect: WRITE_DRAFT, call: json("PATCH", (c) => `/api/notes/${c.v.draftNote}`, () => ({ type: "BASIC", front: `Draft question ${DRAFT_SECRET}`, back: DRAFT_SECRET })) },
  { entry: "POST /api/notes/[noteId]/reorder", on: "published", expect: WRITE_PUBLISHED, call: json("POST", (c) => `/api/notes/${c.v.publishedNote}/reorder`, () => ({ direction: "down" })) },
  { entry: "DELETE /api/notes/[noteId]", on: "published", expect: WRITE_PUBLISHED, call: json("DELETE", (c) => `/api/notes/${c.v.spareNote}`) },
  { entry: "DELETE /api/notes/[noteId]", on: "draft", expect: WRITE_DRAFT, call: json("DELETE", (c) => `/api/notes/${c.v.draftNote}`) },
  { entry: "POST /api/notes/[noteId]/restore", on: "published", expect: WRITE_PUBLISHED, call: json("POST", (c) => `/api/notes/${c.v.spareNote}/restore`) },
  { entry: "POST /api/notes/[noteId]/restore", on: "draft", expect: WRITE_DRAFT, call: json("POST", (c) => `/api/notes/${c.v.draftNote}/restore`) },
  { entry: "POST /api/notes/[noteId]/move", on: "published note into the draft", expect: WRITE_PUBLISHED, call: json("POST", (c) => `/api/notes/${c.v.movingNote}/move`, (c) => ({ deckId: D(c) })) },
  { entry: "POST /api/media", on: "-", expect: SIGNED_IN, call: upload(() => "/api/media", () => new File([PNG], "dot.png", { type: "image/png" })) },
  { entry: "GET /media/[sha256]", on: "an uploaded image", expect: PUBLIC, call: get((c) => `/media/${c.v.mediaSha}`) },
  // Import and export.
  { entry: "GET /api/decks/[deckId]/export", on: "published", expect: WRITE_PUBLISHED, call: get((c) => `/api/decks/${P(c)}/export`) },
  { entry: "GET /api/decks/[deckId]/export", on: "draft", expect: WRITE_DRAFT, call: get((c) => `/api/decks/${D(c)}/export`) },
  { entry: "POST /api/decks/[deckId]/import/csv", on: "published (preview)", expect: WRITE_PUBLISHED, call: (c) => send(c.w, c.a, "POST", `/api/decks/${P(c)}/import/csv?preview=1`, { body: CSV, headers: { "content-type": "text/csv" } }) },
  { entry: "POST /api/decks/[deckId]/import/csv", on: "draft", expect: WRITE_DRAFT, call: (c) => send(c.w, c.a, "POST", `/api/decks/${D(c)}/import/csv`, { body: CSV, headers: { "content-type": "text/csv" } }) },
  { entry: "POST /api/decks/[deckId]/import/apkg", on: "published", expect: WRITE_PUBLISHED, call: upload((c) => `/api/decks/${P(c)}/import/apkg`, async () => new File([Buffer.from(await apkg())], "deck.apkg")) },
  { entry: "POST /api/decks/[deckId]/import/apkg", on: "draft", expect: WRITE_DRAFT, call: upload((c) => `/api/decks/${D(c)}/import/apkg`, async () => new File([Buffer.from(await apkg())], "deck.apkg")) },
  { entry: "POST /api/decks/import/json", on: "a new deck", expect: SIGNED_IN, call: (c) => send(c.w, c.a, "POST", "/api/decks/import/json", { body: c.v.exportJson, headers: { "content-type": "application/json" } }) },
  { entry: "POST /api/decks/import/json", on: "?into=published", expect: WRITE_PUBLISHED, call: (c) => send(c.w, c.a, "POST", `/api/decks/import/json?into=${P(c)}`, { body: c.v.exportJson, headers: { "content-type": "application/json" } }) },
  { entry: "POST /api/decks/import/json", on: "?into=draft", expect: WRITE_DRAFT, call: (c) => send(c.w, c.a, "POST", `/api/decks/import/json?into=${D(c)}`, { body: c.v.exportJson, headers: { "content-type": "application/json" } }) },
  // next-auth: everyone reads only their own session; nobody signs in as learner A without the password.
  {
    entry: "GET /api/auth/[...nextauth]", on: "/api/auth/session", expect: PUBLIC, call: get(() => "/api/auth/session"),
    check: (c, _res, text) => {
      const session = JSON.parse(text) as { user?: { email?: string } };
      expect(session.user?.email ?? null).toBe(c.a.email);
    },
  },
  {
    entry: "POST /api/auth/[...nextauth]", on: "learner A's account, wrong password", expect: st(401, 401, 401, 401, 401),
    call: async (c) => {
      const csrf = await send(c.w, c.a, "GET", "/api/auth/csrf");
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const cookie = [c.a.cookie, ...csrf.headers.getSetCookie().map((s) => s.split(";")[0])].filter(Boolean).join("; ");
      return fetch(`${c.w.baseUrl}/api/auth/callback/credentials`, {
        method: "POST", redirect: "manual",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken, email: c.w.actors.learnerA.email!, password: "not-the-password", json: "true" }),
      });
    },
    check: (_c, res) => expect(res.headers.getSetCookie().some((s) => /session-token=[^;]+/.test(s))).toBe(false),
  },
  // Sign-up and confirmation mails: the same answer whoever asks, about an address that has an account.
  {
    entry: "POST /api/auth/signup", on: "learner A's address", expect: PUBLIC, writesNothing: true,
    call: json("POST", () => "/api/auth/signup", (c) => ({ name: "Someone", email: c.w.actors.learnerA.email, password: "a-long-enough-passphrase" })),
  },
  { entry: "POST /api/auth/resend", on: "learner A's address", expect: PUBLIC, writesNothing: true, call: json("POST", () => "/api/auth/resend", (c) => ({ email: c.w.actors.learnerA.email })) },
  // Offline review.
  { entry: "GET /api/decks/[deckId]/today", on: "published", expect: REVIEW_PUBLISHED, call: get((c) => `/api/decks/${P(c)}/today`) },
  { entry: "GET /api/decks/[deckId]/today", on: "draft", expect: WRITE_DRAFT, call: get((c) => `/api/decks/${D(c)}/today`) },
  { entry: "POST /api/reviews/offline", on: "published card", expect: REVIEW_PUBLISHED, call: offline((c) => c.w.ids.publishedCards[2]) },
  { entry: "POST /api/reviews/offline", on: "draft card", expect: WRITE_DRAFT, call: offline((c) => c.w.ids.draftCard) },
  // Authors' experiments: only their author sees or changes one (404 to everyone else).
  { entry: "GET /api/experiments", on: "each one's own", expect: SIGNED_IN, call: get(() => "/api/experiments") },
  { entry: "POST /api/experiments", on: "a new design", expect: SIGNED_IN, call: json("POST", () => "/api/experiments", () => ({ ...DESIGN, claim: "A new claim made in the matrix test." })) },
  { entry: "GET /api/experiments/[experimentId]", on: "the owner's", expect: OWNER_ONLY, call: get((c) => `/api/experiments/${c.v.experiment}`) },
  {
    entry: "POST /api/experiments/[experimentId]/versions", on: "the owner's", expect: OWNER_ONLY,
    call: json("POST", (c) => `/api/experiments/${c.v.experiment}/versions`, () => ({ design: { ...DESIGN, firstSeed: 101 }, change: "fresh seeds", because: "the matrix test" })),
  },
  // The owner's runs are refused for their hash (409) only after access: the others never get that far.
  { entry: "POST /api/experiments/[experimentId]/recording", on: "the owner's", expect: st(401, 404, 404, 409, 404), call: json("POST", (c) => `/api/experiments/${c.v.experiment}/recording`, () => submission("0".repeat(64))) },
  { entry: "PUT /api/notes/[noteId]/experiment", on: "published note, the owner's experiment", expect: WRITE_PUBLISHED, call: json("PUT", (c) => `/api/notes/${c.v.publishedNote}/experiment`, (c) => ({ experimentId: c.v.experiment })) },
  // Classes: their instructors manage them; members are refused (403), everyone else is told they do not exist.
  { entry: "POST /api/classes", on: "the owner's draft", expect: st(401, 403, 403, 200, 404), call: json("POST", () => "/api/classes", (c) => ({ name: "A class", deckIds: [D(c)] })) },
  { entry: "POST /api/classes/[classId]/codes", on: "the owner's class", expect: CLASS_INSTRUCTOR, call: json("POST", (c) => `/api/classes/${c.v.class}/codes`, () => ({ days: 7 })) },
  { entry: "DELETE /api/classes/[classId]/codes/[codeId]", on: "a spare code", expect: CLASS_INSTRUCTOR, call: json("DELETE", (c) => `/api/classes/${c.v.class}/codes/${c.v.spareCode}`) },
  { entry: "GET /api/classes/[classId]/dashboard", on: "the owner's class", expect: CLASS_INSTRUCTOR, call: get((c) => `/api/classes/${c.v.class}/dashboard`) },
  { entry: "GET /api/classes/[classId]/export", on: "the owner's class", expect: CLASS_INSTRUCTOR, call: get((c) => `/api/classes/${c.v.class}/export?table=learners`) },
  { entry: "POST /api/classes/[classId]/instructors", on: "the demo instructor", expect: CLASS_INSTRUCTOR, call: json("POST", (c) => `/api/classes/${c.v.class}/instructors`, () => ({ email: DEMO_INSTRUCTOR.email })) },
  { entry: "POST /api/classes/join", on: "a wrong code", expect: st(401, 404, 404, 404, 404), call: json("POST", () => "/api/classes/join", () => ({ code: "NOPE-NOPE" })) },
  // Public assets (the experiments' data and runtime), the same for everyone.
  { entry: "GET /assets/mnist/[version]/[file]", on: "the committed digits", expect: PUBLIC, call: get((c) => c.v.mnistUrl) },
  { entry: "GET /assets/tfjs-wasm/[version]/[file]", on: "the installed binaries", expect: PUBLIC, call: get((c) => c.v.wasmUrl) },
  // Pages.
  { entry: "PAGE /", on: "-", expect: PUBLIC, call: get(() => "/") },
  { entry: "PAGE /signin", on: "-", expect: st(200, 307, 307, 307, 307), call: get(() => "/signin") },
  { entry: "PAGE /signup", on: "-", expect: st(200, 307, 307, 307, 307), call: get(() => "/signup") },
  { entry: "PAGE /decks", on: "-", expect: PAGE_SIGNED_IN, call: get(() => "/decks") },
  { entry: "PAGE /decks/new", on: "-", expect: PAGE_SIGNED_IN, call: get(() => "/decks/new") },
  { entry: "PAGE /instructor", on: "-", expect: st(307, 403, 403, 200, 200), call: get(() => "/instructor") },
  { entry: "PAGE /decks/[deckId]", on: "published", expect: PAGE_SIGNED_IN, call: get((c) => `/decks/${P(c)}`) },
  { entry: "PAGE /decks/[deckId]", on: "draft", expect: PAGE_DRAFT, call: get((c) => `/decks/${D(c)}`) },
  // Learner B and the other instructor get the page's "add this deck first", not the cards.
  { entry: "PAGE /decks/[deckId]/review", on: "published", expect: PAGE_SIGNED_IN, call: get((c) => `/decks/${P(c)}/review`) },
  { entry: "PAGE /decks/[deckId]/review", on: "draft", expect: PAGE_DRAFT, call: get((c) => `/decks/${D(c)}/review`) },
  { entry: "PAGE /decks/[deckId]/edit", on: "published", expect: PAGE_EDIT_PUBLISHED, call: get((c) => `/decks/${P(c)}/edit`) },
  { entry: "PAGE /decks/[deckId]/edit", on: "draft", expect: PAGE_DRAFT, call: get((c) => `/decks/${D(c)}/edit`) },
  { entry: "PAGE /decks/[deckId]/import", on: "published", expect: PAGE_EDIT_PUBLISHED, call: get((c) => `/decks/${P(c)}/import`) },
  { entry: "PAGE /decks/[deckId]/import", on: "draft", expect: PAGE_DRAFT, call: get((c) => `/decks/${D(c)}/import`) },
  { entry: "PAGE /decks/[deckId]/cards/[cardId]/why", on: "a chapter-13 card", expect: PAGE_SIGNED_IN, call: get((c) => `/decks/${c.w.ids.chapter13}/cards/${c.w.ids.chapter13Card}/why`) },
  // A draft card has no evidence page, not even for its owner.
  { entry: "PAGE /decks/[deckId]/cards/[cardId]/why", on: "a draft card", expect: st(307, 404, 404, 404, 404), call: get((c) => `/decks/${D(c)}/cards/${c.w.ids.draftCard}/why`) },
  // The why view's charts and recording, loaded by the page when scrolled near: whoever may see the page.
  { entry: "GET /api/decks/[deckId]/cards/[cardId]/why", on: "a chapter-13 card", expect: st(401, 200, 200, 200, 200), call: get((c) => `/api/decks/${c.w.ids.chapter13}/cards/${c.w.ids.chapter13Card}/why?part=recording`) },
  { entry: "GET /api/decks/[deckId]/cards/[cardId]/why", on: "a draft card", expect: st(401, 404, 404, 404, 404), call: get((c) => `/api/decks/${D(c)}/cards/${c.w.ids.draftCard}/why?part=charts`) },
  { entry: "PAGE /experiments", on: "-", expect: PAGE_SIGNED_IN, call: get(() => "/experiments") },
  { entry: "PAGE /experiments/new", on: "-", expect: PAGE_SIGNED_IN, call: get(() => "/experiments/new") },
  { entry: "PAGE /experiments/[experimentId]", on: "the owner's", expect: PAGE_DRAFT, call: get((c) => `/experiments/${c.v.experiment}`) },
  { entry: "PAGE /experiments/[experimentId]/revise", on: "the owner's", expect: PAGE_DRAFT, call: get((c) => `/experiments/${c.v.experiment}/revise`) },
  { entry: "PAGE /signup/check-inbox", on: "-", expect: PUBLIC, call: get(() => "/signup/check-inbox") },
  { entry: "PAGE /verify-email", on: "a wrong token", expect: PUBLIC, writesNothing: true, call: get(() => "/verify-email?token=not-a-token") },
  { entry: "PAGE /stats", on: "-", expect: PAGE_SIGNED_IN, call: get(() => "/stats") },
  // Statistics and a card's history: for whoever studies the deck; anyone else is told there is nothing.
  { entry: "PAGE /decks/[deckId]/stats", on: "published", expect: st(307, 200, 404, 200, 404), call: get((c) => `/decks/${P(c)}/stats`) },
  { entry: "PAGE /decks/[deckId]/stats", on: "draft", expect: PAGE_DRAFT, call: get((c) => `/decks/${D(c)}/stats`) },
  { entry: "PAGE /decks/[deckId]/cards/[cardId]/history", on: "published card", expect: st(307, 200, 404, 200, 404), call: get((c) => `/decks/${P(c)}/cards/${c.w.ids.publishedCards[0]}/history`) },
  { entry: "PAGE /decks/[deckId]/cards/[cardId]/history", on: "draft card", expect: PAGE_DRAFT, call: get((c) => `/decks/${D(c)}/cards/${c.w.ids.draftCard}/history`) },
  { entry: "PAGE /classes", on: "-", expect: PAGE_SIGNED_IN, call: get(() => "/classes") },
  { entry: "PAGE /classes/[classId]", on: "the owner's class", expect: st(307, 403, 403, 200, 404), call: get((c) => `/classes/${c.v.class}`) },
  { entry: "PAGE /classes/[classId]/me", on: "the owner's class", expect: st(307, 200, 404, 404, 404), call: get((c) => `/classes/${c.v.class}/me`) },
  { entry: "PAGE /classes/join/[code]", on: "a wrong code", expect: PAGE_SIGNED_IN, call: get(() => "/classes/join/NOPE-NOPE") },
  // Replications: only the owner may see the draft card, and is told its answer does not rest on that experiment.
  {
    entry: "POST /api/replications", on: "a draft card", expect: st(401, 404, 404, 400, 404),
    call: json("POST", () => "/api/replications", (c) => {
      const { sha256: _none, ...runs } = submission("0".repeat(64));
      return { ...runs, cardId: c.w.ids.draftCard, experimentId: c.v.experiment, mode: "quick" };
    }),
  },
  { entry: "PATCH /api/replications/[replicationId]", on: "an unknown one", expect: st(401, 404, 404, 404, 404), call: json("PATCH", () => "/api/replications/nosuchreplication", () => ({ hidden: true })) },
  // Last: these change who is in the class and who studies what.
  { entry: "DELETE /api/classes/[classId]/membership", on: "the owner's class", expect: st(401, 200, 404, 404, 404), call: json("DELETE", (c) => `/api/classes/${c.v.class}/membership`) },
  // The owner teaches the class (409); anyone else signed in may join with a valid code.
  { entry: "POST /api/classes/join", on: "a valid code", expect: st(401, 200, 200, 409, 200), call: json("POST", () => "/api/classes/join", (c) => ({ code: c.v.joinCode })) },
  { entry: "ACTION enrolInDeck", on: "draft", expect: WRITE_DRAFT, call: (c) => action(c, "enrolInDeck", `/decks/${P(c)}`, [{ deckId: D(c) }]) },
  { entry: "ACTION enrolInDeck", on: "published", expect: SIGNED_IN, call: (c) => action(c, "enrolInDeck", `/decks/${P(c)}`, [{ deckId: P(c) }]) },
];

let apkgBytes: Promise<Uint8Array> | undefined;
const apkg = () => (apkgBytes ??= buildApkg({ format: "anki21", notes: [{ guid: "matrix-guid-1", model: "basic", fields: ["Anki front", "Anki back"] }] }));

// ---------------------------------------------------------------------------------
// The app's entry points, from its files.

function filesUnder(dir: string, name: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p, name));
    else if (name(e.name)) out.push(p);
  }
  return out;
}

/** "app/(auth)/signup/page.tsx" → "/signup"; route groups are not part of the URL. */
const urlOf = (file: string) => "/" + path.dirname(path.relative("app", file)).split(path.sep).filter((s) => s !== "." && !/^\(.*\)$/.test(s)).join("/");

function entryPoints(): string[] {
  const out: string[] = [];
  for (const file of filesUnder("app", (f) => f === "route.ts")) {
    const src = fs.readFileSync(file, "utf8");
    const methods = new Set<string>();
    for (const m of src.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)) methods.add(m[1]);
    for (const m of src.matchAll(/export\s*\{([^}]*)\}/g)) for (const n of m[1].matchAll(/\bas\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)) methods.add(n[1]);
    for (const m of methods) out.push(`${m} ${urlOf(file)}`);
  }
  for (const file of filesUnder("app", (f) => /^page\.(tsx|ts|jsx|js)$/.test(f))) out.push(`PAGE ${urlOf(file)}`);
  for (const file of filesUnder("app", (f) => /\.(ts|tsx)$/.test(f))) {
    const src = fs.readFileSync(file, "utf8");
    if (!/^\s*["']use server["']/.test(src)) continue;
    for (const m of src.matchAll(/export\s+(?:const|async\s+function)\s+(\w+)/g)) out.push(`ACTION ${m[1]}`);
  }
  return out.sort();
}

// ---------------------------------------------------------------------------------

// SQLite only: the rules are the same code on both databases (tests/db/authoring-access.test.ts runs
// the authoring guards on both); tests/browser/input-fuzz.test.ts runs over HTTP on PostgreSQL too.
describe.each(testDatabases().filter((t) => t.provider === "sqlite"))("authorization matrix on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "every entry point × anonymous, learner A, learner B, owner, other instructor" : "(set TEST_POSTGRES_URL to run)", () => {
    let w: World;
    const v: Record<string, string> = {};

    beforeAll(async () => {
      w = await startWorld(target);
      const noteOf = async (deckId: string, front: string) => (await w.db.note.findFirstOrThrow({ where: { deckId, front: { contains: front } }, select: { id: true } })).id;
      v.publishedNote = await noteOf(w.ids.published, "Published question 0");
      v.spareNote = await noteOf(w.ids.published, "Published question 4");
      v.movingNote = await noteOf(w.ids.published, "Published question 5");
      v.draftNote = await noteOf(w.ids.draft, "Draft question");
      const owner = w.actors.owner;
      const upload = await send(w, owner, "POST", "/api/media", { body: (() => { const f = new FormData(); f.append("file", new File([PNG], "x.png")); return f; })() });
      v.mediaSha = ((await upload.json()) as { sha256: string }).sha256;
      v.exportJson = await (await send(w, owner, "GET", `/api/decks/${w.ids.published}/export`)).text();
      const { MNIST_FILE_NAME } = await import("../../experiments/live/assets.ts");
      const digits = fs.readFileSync(path.join("experiments", "data", MNIST_FILE_NAME));
      v.mnistUrl = `/assets/mnist/${crypto.createHash("sha256").update(digits).digest("hex").slice(0, 16)}/${MNIST_FILE_NAME}`;
      const wasmVersion = (JSON.parse(fs.readFileSync("node_modules/@tensorflow/tfjs-backend-wasm/package.json", "utf8")) as { version: string }).version;
      v.wasmUrl = `/assets/tfjs-wasm/${wasmVersion}/tfjs-backend-wasm.wasm`;
      for (const [name, id] of Object.entries(actionIds())) v[`action:${name}`] = id;
      v.experiment = (await createExperiment(w.db, owner.id!, DESIGN as CustomDesign)).id;
      const ownerViewer = { id: owner.id!, role: "INSTRUCTOR" as const };
      v.class = (await createClass(w.db, ownerViewer, "Owner's class", [w.ids.published])).id;
      await w.db.classMember.create({ data: { classId: v.class, userId: w.actors.learnerA.id! } });
      v.spareCode = (await createJoinCode(w.db, v.class, owner.id!, 7, new Date())).id;
      v.joinCode = (await createJoinCode(w.db, v.class, owner.id!, 7, new Date())).code;
    });
    afterAll(async () => {
      await w?.stop();
    });

    it("has a row for every route handler, page and server action, and none for one that is gone", () => {
      const covered = new Set(ROWS.map((r) => r.entry));
      const present = entryPoints();
      expect(present.filter((e) => !covered.has(e)), "entry points without a row in ROWS").toEqual([]);
      expect([...covered].filter((e) => !present.includes(e)), "rows for entry points that no longer exist").toEqual([]);
      for (const e of present.filter((e) => e.startsWith("ACTION "))) expect(v[`action:${e.slice(7)}`], `${e} in the build`).toBeTruthy();
    });

    // One test per row, in order (later rows rely on what earlier ones did, e.g. an answer before its undo).
    it.each(ROWS.map((row) => [`${row.entry} (${row.on})`, row] as const))("%s", async (key, row) => {
      const got = {} as Expect;
      const problems: string[] = [];
      // Refusals first, each against an unchanged database; then the actors who may.
      const order = [...ACTORS].sort((a, b) => Number(row.expect[a] < 400) - Number(row.expect[b] < 400));
      for (const name of order) {
        const c: Ctx = { w, a: w.actors[name], v };
        const before = row.expect[name] >= 400 || row.writesNothing ? await snapshot(w, ATTEMPT_TABLES) : null;
        const res = await row.call(c);
        const text = await res.text();
        got[name] = res.status;
        if (res.status !== row.expect[name]) {
          problems.push(`as ${name}: ${res.status} ${text.slice(0, 200)}`);
          continue;
        }
        if (before) expect(await snapshot(w, ATTEMPT_TABLES), `${key} as ${name} changed the database`).toEqual(before);
        if (res.status >= 400 && !row.entry.startsWith("PAGE") && !row.entry.includes("[...nextauth]")) {
          expect((JSON.parse(text) as { error?: string }).error, `${key} as ${name}: a message`).toBeTruthy();
        }
        if (name !== "owner" && text.includes(DRAFT_SECRET)) problems.push(`as ${name}: shows the owner's draft`);
        // The owner teaches learner A's class: its dashboard names its members.
        if (name !== "learnerA" && name !== "owner" && text.includes(w.actors.learnerA.email!)) problems.push(`as ${name}: shows learner A's address`);
        row.check?.(c, res, text);
      }
      expect(problems).toEqual([]);
      expect(got).toEqual(row.expect);
    });
  });
});
