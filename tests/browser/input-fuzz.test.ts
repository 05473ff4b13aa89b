// Input fuzzing (issue #11) with fast-check, over HTTP against a real `next start`, on SQLite and on
// PostgreSQL: for every entry point that reads a body, a query or an id, generated requests with
// malformed JSON, wrong types, missing and extra fields, text past every limit, awkward Unicode (NUL,
// lone surrogates, right-to-left overrides, zero-width characters), SQL and HTML injection strings,
// and wrong content types. Every answer must be a 4xx with a JSON `error` that names no file and
// carries no stack trace, or a 2xx only when the input was valid by the entry point's own schema;
// never a 5xx; and a refused request must leave every table as it was.
//
// Each endpoint runs FUZZ_RUNS generated requests from a fixed seed (FUZZ_SEED to change it); a
// failure prints the seed and the request, so it can be replayed.
import crypto from "node:crypto";
import fc from "fast-check";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { designSchema } from "../../experiments/custom/design.ts";
import { emailSchema, signUpSchema } from "../../lib/auth/validation.ts";
import { createClassSchema } from "../../lib/classes/api.ts";
import { attachSchema } from "../../lib/experiments/api.ts";
import { deckCreateSchema, deckSettingsSchema, publishSchema } from "../../lib/decks/authoring.ts";
import { deckIdSchema } from "../../lib/decks/ids.ts";
import { MAX_BODY_BYTES } from "../../lib/http/boundary.ts";
import { moveNoteSchema, NOTE_BODY_BYTES, noteSearchSchema, shiftNoteSchema } from "../../lib/notes/api.ts";
import { noteInputSchema } from "../../lib/notes/schema.ts";
import { cardActionInputSchema, gradeInputSchema, offlineAnswerSchema, undoInputSchema } from "../../lib/reviews/validation.ts";
import { actionIds } from "../support/actions.ts";
import { testDatabases } from "../support/databases.ts";
import { ATTEMPT_TABLES, snapshot, startWorld, type Actor, type World } from "../support/world.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261111);
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);

// ---------------------------------------------------------------------------------
// Generators.

const NASTY = [
  "", " ", "\u0000", "a\u0000b", "\uD800", "x\uDFFFy", "\u202Eevil.exe", "\u200B\u200D\uFEFF", "e\u0301\u0301\u0301", "👩‍👩‍👧‍👦", "مرحبا", "\r\n\t",
  "'; DROP TABLE \"User\"; --", "' OR '1'='1", "1; SELECT pg_sleep(5)", "\") OR 1=1 --", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
  "javascript:alert(1)", "{{c1::x}}", "{{c0::}}", "${7*7}", "../../etc/passwd", "%00", "%2e%2e%2f", "\\", "null", "NaN", "-1", "1e309", "__proto__",
];
const nastyString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(65, 81, 201, 255, 5_001, 20_001, 70_000).map((n) => "x".repeat(n)) },
);
/** Anything JSON can carry that a field should not hold. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e300, [], {}, [1, 2], { $ne: null }, { __proto__: { x: 1 } }),
  fc.jsonValue({ maxDepth: 2 }),
);

interface Sent {
  method: string;
  route: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | FormData;
  /** The JSON value sent, when it was JSON. */
  value?: unknown;
  contentType?: string;
}

/** A valid object with one field changed (wrong value, removed, or an extra key), as JSON. */
function mutated(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.nat(), fc.constantFrom("replace", "remove", "extra", "keep"), wrongValue).map(([obj, i, how, value]) => {
    const keys = Object.keys(obj);
    const out: Record<string, unknown> = { ...obj };
    const key = keys.length ? keys[i % keys.length] : "x";
    // An own property, as JSON.parse makes it: `out.__proto__ = v` would set the prototype instead, so the
    // body would go without the key while the oracle judged an object the server never saw.
    const set = (k: string) => Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
    if (how === "replace") set(key);
    else if (how === "remove") delete out[key];
    else if (how === "extra") set(["constructor", "__proto__", "id", "ownerId", "role", "extra"][i % 6]);
    return out;
  });
}

/** A JSON body: mostly a mutated valid object, sometimes anything, sometimes not JSON, sometimes too big; the content type varies. */
function jsonBody(valid: fc.Arbitrary<Record<string, unknown>>, limit = MAX_BODY_BYTES): fc.Arbitrary<Pick<Sent, "body" | "value" | "contentType">> {
  const value = fc.oneof({ weight: 6, arbitrary: mutated(valid) }, { weight: 2, arbitrary: wrongValue }, { weight: 1, arbitrary: valid });
  const type = fc.constantFrom("application/json", "application/json", "application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", undefined);
  return fc.oneof(
    { weight: 8, arbitrary: fc.tuple(value, type).map(([v, t]) => ({ body: JSON.stringify(v) ?? "", value: v, contentType: t })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("{", "{\"a\":", "[1,]", "\u0000", "undefined", "{'a':1}", "\uFEFF{}"), type).map(([b, t]) => ({ body: b, contentType: t })) },
    { weight: 1, arbitrary: fc.constant({ body: JSON.stringify({ padding: "x".repeat(limit + 1) }), contentType: "application/json" }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => ({ body: b, contentType: "application/json" })) },
  );
}

/** An id: mostly malformed or unknown, sometimes the real one. */
const idLike = (real: () => string) => fc.oneof({ weight: 3, arbitrary: nastyString.filter((s) => s.length < 3000) }, { weight: 1, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.constant(null).map(() => real()) });
const enc = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, "?")); // a lone surrogate has no URL form
  }
};

// ---------------------------------------------------------------------------------
// Endpoints.

interface Endpoint {
  name: string;
  actor: (w: World) => Actor;
  request: (w: World, v: Record<string, string>) => fc.Arbitrary<Sent>;
  /** Whether a 2xx is allowed for what was sent (default: never). */
  valid?: (s: Sent) => boolean;
  /** JSON `error` required on a 4xx (false for next-auth's own answers and pages). */
  jsonErrors?: boolean;
  /** Tables a refusal may write (sign-in attempts). */
  except?: string[];
}

const parses = (schema: z.ZodType, s: Sent, limit = MAX_BODY_BYTES) =>
  (s.contentType ?? "").split(";")[0].trim() === "application/json" &&
  typeof s.body === "string" && Buffer.byteLength(s.body) <= limit && s.value !== undefined && schema.safeParse(s.value).success;

const jsonRoute = (method: string, route: (w: World, v: Record<string, string>) => string, valid: (w: World, v: Record<string, string>) => fc.Arbitrary<Record<string, unknown>>, limit?: number) =>
  (w: World, v: Record<string, string>) => jsonBody(valid(w, v), limit).map((b): Sent => ({ method, route: route(w, v), headers: {}, ...b }));

const noteArb = fc.record({
  type: fc.constantFrom("BASIC", "REVERSED", "CLOZE"),
  front: fc.oneof(fc.constant("{{c1::kernel}} slides"), fc.string({ minLength: 1, maxLength: 30 })),
  back: fc.string({ maxLength: 30 }),
  tags: fc.oneof(fc.constant("a b"), fc.array(fc.constantFrom("cnn", "x"), { maxLength: 3 })),
});
const owner = (w: World) => w.actors.owner;
const variant = (label: string, lr: number) => ({ label, channels: [4, 8, 8, 8], firstKernel: 3, batchNorm: false, lr, schedule: "constant", bs: 64, steps: 20 });
const DESIGN = {
  claim: "A learning rate of 0.01 beats 0.001 on this small CNN.", firstSeed: 11, seedCount: 3,
  variants: [variant("lr 0.01", 0.01), variant("lr 0.001", 0.001)], rule: { template: "beats", a: "a", b: "b", metric: "validAcc", margin: 1 },
};
const learnerA = (w: World) => w.actors.learnerA;

const ENDPOINTS: Endpoint[] = [
  {
    name: "POST /api/reviews", actor: learnerA,
    request: jsonRoute("POST", () => "/api/reviews", (w) => fc.record({ reviewId: fc.uuid({ version: 4 }), cardId: fc.constantFrom(...w.ids.publishedCards), grade: fc.integer({ min: 0, max: 5 }), durationMs: fc.nat(100_000), expectedVersion: fc.nat(3) })),
    valid: (s) => parses(gradeInputSchema, s),
  },
  {
    name: "POST /api/reviews/undo", actor: learnerA,
    request: jsonRoute("POST", () => "/api/reviews/undo", (w) => fc.record({ deckId: fc.constant(w.ids.published), undoId: fc.uuid({ version: 4 }) })),
    valid: (s) => parses(undoInputSchema, s),
  },
  {
    name: "POST /api/cards/[cardId]/actions", actor: learnerA,
    request: (w) => fc.tuple(idLike(() => w.ids.publishedCards[3]), jsonBody(fc.record({ action: fc.constantFrom("bury", "suspend", "unsuspend") })))
      .map(([id, b]): Sent => ({ method: "POST", route: `/api/cards/${enc(id)}/actions`, headers: {}, ...b })),
    valid: (s) => parses(cardActionInputSchema, s),
  },
  {
    name: "POST /api/decks", actor: owner,
    request: jsonRoute("POST", () => "/api/decks", () => fc.record({ title: fc.string({ minLength: 1, maxLength: 20 }), newCardsPerDay: fc.nat(50) }, { requiredKeys: ["title"] })),
    valid: (s) => parses(deckCreateSchema, s),
  },
  {
    name: "PATCH /api/decks/[deckId]", actor: owner,
    request: (w) => fc.tuple(idLike(() => w.ids.draft), jsonBody(fc.record({ title: fc.string({ minLength: 1, maxLength: 20 }), description: fc.string({ maxLength: 20 }), reviewsPerDay: fc.nat(500) }, { requiredKeys: [] })))
      .map(([id, b]): Sent => ({ method: "PATCH", route: `/api/decks/${enc(id)}`, headers: {}, ...b })),
    valid: (s) => parses(deckSettingsSchema, s),
  },
  {
    name: "POST /api/decks/[deckId]/publish", actor: owner,
    request: jsonRoute("POST", (w) => `/api/decks/${w.ids.draft}/publish`, () => fc.record({ published: fc.constant(false) })),
    valid: (s) => parses(publishSchema, s),
  },
  {
    name: "POST /api/decks/[deckId]/notes", actor: owner,
    request: jsonRoute("POST", (w) => `/api/decks/${w.ids.draft}/notes`, () => noteArb, NOTE_BODY_BYTES),
    valid: (s) => parses(noteInputSchema, s, NOTE_BODY_BYTES),
  },
  {
    name: "PATCH /api/notes/[noteId]", actor: owner,
    request: jsonRoute("PATCH", (_w, v) => `/api/notes/${v.note}`, () => noteArb, NOTE_BODY_BYTES),
    valid: (s) => parses(noteInputSchema, s, NOTE_BODY_BYTES),
  },
  {
    name: "POST /api/notes/preview", actor: learnerA,
    request: jsonRoute("POST", () => "/api/notes/preview", () => noteArb, NOTE_BODY_BYTES),
    valid: (s) => parses(noteInputSchema, s, NOTE_BODY_BYTES),
  },
  {
    name: "POST /api/notes/[noteId]/move", actor: owner,
    request: jsonRoute("POST", (_w, v) => `/api/notes/${v.note}/move`, (w) => fc.record({ deckId: fc.constant(w.ids.draft) })),
    valid: (s) => parses(moveNoteSchema, s),
  },
  {
    name: "POST /api/notes/[noteId]/reorder", actor: owner,
    request: jsonRoute("POST", (_w, v) => `/api/notes/${v.note}/reorder`, () => fc.record({ direction: fc.constantFrom("up", "down") })),
    valid: (s) => parses(shiftNoteSchema, s),
  },
  {
    name: "GET /api/decks/[deckId]/notes (query)", actor: owner,
    request: (w) => fc.tuple(idLike(() => w.ids.draft), fc.dictionary(fc.constantFrom("text", "tag", "status", "x"), nastyString.filter((s) => s.length < 5000), { maxKeys: 3 }))
      .map(([id, q]): Sent => ({ method: "GET", route: `/api/decks/${enc(id)}/notes?${Object.entries(q).map(([k, val]) => `${k}=${enc(val)}`).join("&")}`, headers: {}, value: q })),
    valid: (s) => noteSearchSchema.safeParse(s.value).success,
  },
  {
    name: "GET /api/decks/[deckId]/session, /export (ids)", actor: learnerA,
    request: (w) => fc.tuple(idLike(() => w.ids.published), fc.constantFrom("session", "export"))
      .map(([id, what]): Sent => ({ method: "GET", route: `/api/decks/${enc(id)}/${what}`, headers: {}, value: { id, what } })),
    valid: (s) => (s.value as { what: string }).what === "session" && deckIdSchema.safeParse((s.value as { id: string }).id).success,
  },
  {
    name: "POST /api/decks/[deckId]/import/csv", actor: owner,
    request: (w) => fc.tuple(
      fc.oneof(fc.constant("front,back\nq,a\n"), fc.array(fc.array(nastyString.filter((s) => s.length < 300), { maxLength: 4 }).map((r) => r.join(",")), { maxLength: 5 }).map((rows) => rows.join("\n")), fc.uint8Array({ maxLength: 200 })),
      fc.dictionary(fc.constantFrom("preview", "type", "delimiter", "header"), fc.constantFrom("1", "0", "yes", "CLOZE", "tab", "pipe", "", "\u0000"), { maxKeys: 3 }),
      fc.constantFrom("text/csv", "text/plain", "application/json", "multipart/form-data", undefined),
    ).map(([body, q, type]): Sent => ({ method: "POST", route: `/api/decks/${w.ids.draft}/import/csv?${new URLSearchParams(q)}`, headers: {}, body, contentType: type })),
    valid: (s) => s.contentType !== "multipart/form-data", // a CSV may well be acceptable; the server decides
  },
  {
    name: "POST /api/decks/import/json", actor: learnerA,
    request: (_w, v) => fc.oneof(
      jsonBody(fc.constant(JSON.parse(v.exportJson) as Record<string, unknown>), 1_000_000),
      mutatedNote(v.exportJson).map((body) => ({ body, contentType: "application/json" })),
    ).map((b): Sent => ({ method: "POST", route: "/api/decks/import/json", headers: {}, ...b })),
    valid: () => true, // the deck-export parser decides; a 2xx is a real import
  },
  {
    name: "POST /api/decks/[deckId]/import/apkg", actor: owner,
    request: (w) => fc.tuple(fc.uint8Array({ maxLength: 300 }), fc.constantFrom("deck.apkg", "", "../x.apkg", "\u202Egkpa.exe")).map(([bytes, name]): Sent => {
      const form = new FormData();
      form.append("file", new File([Buffer.from(bytes)], name));
      return { method: "POST", route: `/api/decks/${w.ids.draft}/import/apkg`, headers: {}, body: form };
    }),
  },
  {
    name: "POST /api/media", actor: learnerA,
    request: () => fc.tuple(fc.uint8Array({ maxLength: 200 }), fc.constantFrom("a.png", "a.svg", "", "<x>.gif"), fc.boolean()).map(([bytes, name, multipart]): Sent => {
      if (!multipart) return { method: "POST", route: "/api/media", headers: {}, body: bytes, contentType: "image/png" };
      const form = new FormData();
      form.append("file", new File([Buffer.from(bytes)], name, { type: "image/png" }));
      return { method: "POST", route: "/api/media", headers: {}, body: form };
    }),
  },
  {
    name: "POST /api/auth/callback/credentials", actor: (w) => w.actors.anonymous, jsonErrors: false, except: ATTEMPT_TABLES,
    request: () => fc.record({ email: nastyString, password: nastyString, extra: fc.option(nastyString) }).map((f): Sent => ({ method: "POST", route: "/api/auth/callback/credentials", headers: {}, value: f })),
  },
  {
    name: "POST /api/auth/signup", actor: (w) => w.actors.anonymous, except: ATTEMPT_TABLES,
    request: jsonRoute("POST", () => "/api/auth/signup", () => fc.record({ name: fc.string({ minLength: 1, maxLength: 20 }), email: fc.constantFrom("fuzz@example.com", "fuzz2@example.com"), password: fc.constant("a-long-enough-passphrase") }), 4096),
    valid: (s) => parses(signUpSchema, s, 4096),
  },
  {
    name: "POST /api/auth/resend", actor: (w) => w.actors.anonymous, except: ATTEMPT_TABLES,
    request: jsonRoute("POST", () => "/api/auth/resend", () => fc.record({ email: fc.constant("nobody@example.com") }), 1024),
    valid: (s) => parses(z.object({ email: emailSchema }), s, 1024),
  },
  {
    name: "POST /api/reviews/offline", actor: learnerA,
    request: jsonRoute("POST", () => "/api/reviews/offline", (w) => fc.record({ reviewId: fc.uuid({ version: 4 }), cardId: fc.constantFrom(...w.ids.publishedCards), grade: fc.integer({ min: 0, max: 5 }), durationMs: fc.nat(100_000), answeredAt: fc.constant(new Date().toISOString()), baseVersion: fc.nat(2) })),
    valid: (s) => parses(offlineAnswerSchema, s),
  },
  {
    name: "POST /api/experiments", actor: learnerA,
    request: jsonRoute("POST", () => "/api/experiments", () => fc.constant(DESIGN)),
    valid: (s) => parses(designSchema, s),
  },
  {
    name: "PUT /api/notes/[noteId]/experiment", actor: owner,
    request: jsonRoute("PUT", (_w, v) => `/api/notes/${v.note}/experiment`, () => fc.record({ experimentId: fc.constant(null) })),
    valid: (s) => parses(attachSchema, s),
  },
  {
    name: "POST /api/classes, /api/classes/join", actor: owner, except: ATTEMPT_TABLES,
    request: (w) => fc.oneof(
      jsonRoute("POST", () => "/api/classes", () => fc.record({ name: fc.string({ minLength: 1, maxLength: 20 }), deckIds: fc.constant([w.ids.draft]) }))(w, {}),
      jsonRoute("POST", () => "/api/classes/join", () => fc.record({ code: fc.string({ maxLength: 12 }) }))(w, {}),
    ),
    valid: (s) => s.route === "/api/classes" && parses(createClassSchema, s),
  },
  {
    name: "ACTION enrolInDeck", actor: (w) => w.actors.learnerB,
    request: (w, v) => mutated(fc.record({ deckId: fc.constant(w.ids.published) }))
      .map((input): Sent => ({ method: "ACTION", route: `/decks/${w.ids.published}`, headers: { "next-action": v["action:enrolInDeck"] }, value: input })),
    valid: (s) => z.object({ deckId: deckIdSchema }).safeParse(s.value).success,
  },
  {
    name: "PAGE /decks/[deckId] and friends (ids)", actor: learnerA, jsonErrors: false,
    request: (w) => fc.tuple(idLike(() => w.ids.published), fc.constantFrom("", "/review", "/edit", "/import", `/cards/${w.ids.publishedCards[0]}/why`))
      .map(([id, rest]): Sent => ({ method: "GET", route: `/decks/${enc(id)}${rest}`, headers: {} })),
    valid: () => true,
  },
];

/** A deck export with one note's front replaced by something nasty. */
function mutatedNote(exportJson: string): fc.Arbitrary<string> {
  return fc.tuple(nastyString, wrongValue).map(([front, other]) => {
    const data = JSON.parse(exportJson) as { notes: Record<string, unknown>[] };
    if (data.notes[0]) data.notes[0] = { ...data.notes[0], front, tags: other };
    return JSON.stringify(data);
  });
}

// ---------------------------------------------------------------------------------

async function sendOne(w: World, actor: Actor, s: Sent): Promise<Response> {
  const headers: Record<string, string> = { ...s.headers };
  if (actor.cookie) headers.cookie = actor.cookie;
  if (s.contentType !== undefined && !(s.body instanceof FormData)) headers["content-type"] = s.contentType;
  if (s.method === "ACTION") {
    return fetch(w.baseUrl + s.route, { method: "POST", redirect: "manual", headers: { ...headers, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8" }, body: JSON.stringify([s.value]) });
  }
  if (s.route === "/api/auth/callback/credentials") {
    const csrf = await fetch(`${w.baseUrl}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const form = new URLSearchParams({ csrfToken, json: "true" });
    for (const [k, val] of Object.entries(s.value as Record<string, string | null>)) if (val !== null) form.set(k, val);
    return fetch(w.baseUrl + s.route, { method: "POST", redirect: "manual", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body: form });
  }
  let body = s.body as BodyInit | undefined;
  if (body instanceof Uint8Array) body = Buffer.from(body);
  return fetch(w.baseUrl + s.route, { method: s.method, redirect: "manual", headers, body });
}

const STACK = /\n\s+at\s|node_modules|\/work\/|\.tsx?:\d+|Error: |prisma|SQLITE_|violates/i;

const describeSent = (s: Sent) =>
  JSON.stringify({ ...s, body: typeof s.body === "string" ? s.body.slice(0, 300) : s.body instanceof FormData ? "[form]" : s.body ? `[${s.body.length} bytes]` : undefined, value: undefined });

describe.each(testDatabases())(`input fuzzing (seed ${SEED}, ${RUNS} runs an endpoint) on $label`, (target) => {
  describe.skipIf(!target.available)(target.available ? "every input entry point" : "(set TEST_POSTGRES_URL to run)", () => {
    let w: World;
    const v: Record<string, string> = {};

    beforeAll(async () => {
      w = await startWorld(target);
      v.note = (await w.db.note.findFirstOrThrow({ where: { deckId: w.ids.published }, select: { id: true } })).id;
      const res = await fetch(`${w.baseUrl}/api/decks/${w.ids.published}/export`, { headers: { cookie: w.actors.owner.cookie } });
      v.exportJson = await res.text();
      for (const [name, id] of Object.entries(actionIds())) v[`action:${name}`] = id;
    });
    afterAll(async () => {
      await w?.stop();
    });

    it.each(ENDPOINTS.map((e) => [e.name, e] as const))("%s: 4xx with a message, or 2xx for valid input; never 5xx; refusals write nothing", async (_name, e) => {
      let before = await snapshot(w, e.except);
      await fc.assert(
        fc.asyncProperty(e.request(w, v), async (s) => {
          const res = await sendOne(w, e.actor(w), s);
          const text = await res.text();
          const what = `${res.status} for ${describeSent(s)}: ${text.slice(0, 300)}`;
          // A 5xx names its cause: the server's log ends with the error it caught.
          if (res.status >= 500) expect.fail(`${what}\nserver log (last 3,000 characters):\n${w.server.log().slice(-3000)}`);
          if (res.status >= 200 && res.status < 300) {
            if (s.method === "ACTION" && !/"ok":true/.test(text)) {
              // A refused action answers 200 with { ok: false, error }.
              expect(text, what).toMatch(/"ok":false,"error":"[^"]+"/);
              expect(text, what).not.toMatch(STACK);
              expect(await snapshot(w, e.except), `a refused action changed the database: ${what}`).toEqual(before);
              return;
            }
            expect(e.valid?.(s) ?? false, `2xx for input the schema refuses: ${what}`).toBe(true);
            before = await snapshot(w, e.except); // an accepted request may write
            return;
          }
          expect(res.status, what).toBeGreaterThanOrEqual(300);
          expect(text, what).not.toMatch(STACK);
          if (res.status >= 400 && e.jsonErrors !== false) {
            const error = (JSON.parse(text) as { error?: unknown }).error;
            expect(typeof error === "string" && error.trim().length > 0, what).toBe(true);
          }
          expect(await snapshot(w, e.except), `a refused request changed the database: ${what}`).toEqual(before);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    });
  });
});
