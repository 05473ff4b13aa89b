// The entry-point boundary (lib/http/boundary.ts): who may call, input checks, body
// limits, cross-site refusal, access through lib/decks/access.ts, and error mapping, for
// route handlers and server actions. The signed-in user is stubbed (lib/auth/session.ts);
// the access rules are the real ones over a stub database.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { redirect } from "next/navigation";
import type { Db } from "../../lib/db/client.ts";
import { deckForReview } from "../../lib/decks/access.ts";
import { deckIdSchema } from "../../lib/decks/ids.ts";
import { DomainError } from "../../lib/errors.ts";
import { action, crossSiteRefusal, MAX_BODY_BYTES, MESSAGES, route } from "../../lib/http/boundary.ts";
import { gradeInputSchema } from "../../lib/reviews/validation.ts";
import type { PublicUser } from "../../lib/users/data.ts";

vi.mock("../../lib/auth/session.ts", () => ({ currentUser: vi.fn() }));
const { currentUser } = await import("../../lib/auth/session.ts");
const signedIn = vi.mocked(currentUser);

const SITE = "https://proofdeck.example";
const learner: PublicUser = { id: "learner1", email: "l@example.com", name: "L", role: "LEARNER", timeZone: "UTC", dayRolloverHour: 4, sessionVersion: 0 };
const instructor: PublicUser = { ...learner, id: "instr1", email: "i@example.com", role: "INSTRUCTOR" };

beforeEach(() => {
  vi.stubEnv("NEXTAUTH_URL", SITE);
  signedIn.mockReset();
  signedIn.mockResolvedValue(learner);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const noParams = { params: Promise.resolve({}) };
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${SITE}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> });

const GRADE = { reviewId: "0b5f3c1e-8a1d-4c63-9d1b-3f2a7c6e9b10", cardId: "cm1abc", grade: 4, durationMs: 5300, expectedVersion: 0 };

describe("route: who may call", () => {
  it("answers 401 to nobody signed in, before reading the body or running the handler", async () => {
    signedIn.mockResolvedValue(null);
    const handler = vi.fn();
    const res = await json(await route({ auth: "LEARNER", body: gradeInputSchema }, handler)(post("/api/reviews", GRADE), noParams));
    expect(res).toEqual({ status: 401, body: { error: MESSAGES.signedOut } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers 403 when the role is too low, and reads the role afresh on every request", async () => {
    const handler = vi.fn(() => ({ done: true }));
    const instructorsOnly = route({ auth: "INSTRUCTOR" }, handler);
    signedIn.mockResolvedValueOnce(instructor);
    expect(await json(await instructorsOnly(new Request(`${SITE}/x`), noParams))).toEqual({ status: 200, body: { done: true } });
    // Demoted in the database since: refused at once, whatever the session token says.
    signedIn.mockResolvedValueOnce({ ...instructor, role: "LEARNER" });
    expect(await json(await instructorsOnly(new Request(`${SITE}/x`), noParams))).toEqual({ status: 403, body: { error: "Only instructors can do this." } });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(signedIn).toHaveBeenCalledTimes(2);
  });

  it("a public route reads no user and gets null", async () => {
    const handler = vi.fn(({ user }: { user: null }) => ({ user }));
    expect(await json(await route({ auth: "public" }, handler)(new Request(`${SITE}/x`), noParams))).toEqual({ status: 200, body: { user: null } });
    expect(signedIn).not.toHaveBeenCalled();
  });
});

describe("route: access through lib/decks/access.ts", () => {
  const deck = (facts: { ownerId: string; published: boolean; enrolled: boolean; archived?: boolean }) =>
    ({
      // deckForReview's one statement (the deck with the enrolment as a column), as SQLite answers it: booleans as 0/1.
      $queryRaw: async () => [{
        id: "deck1", title: "D", ownerId: facts.ownerId, published: Number(facts.published), archived: Number(facts.archived ?? false),
        newCardsPerDay: 20, reviewsPerDay: 200, enrolled: Number(facts.enrolled),
      }],
    }) as unknown as Db;
  const sessionRoute = (db: Db, handler = vi.fn(({ access }: { access: { id: string } }) => ({ deckId: access.id }))) =>
    route({ auth: "LEARNER", params: z.object({ deckId: deckIdSchema }), access: ({ user, params }) => deckForReview(db, user, params.deckId) }, handler);
  const get = (r: ReturnType<typeof sessionRoute>) => r(new Request(`${SITE}/api/decks/deck1/session`), { params: Promise.resolve({ deckId: "deck1" }) });

  it("hands the checked deck to the handler when the learner is enrolled", async () => {
    expect(await json(await get(sessionRoute(deck({ ownerId: "someone", published: true, enrolled: true }))))).toEqual({ status: 200, body: { deckId: "deck1" } });
  });

  it("403 for a published deck the learner has not added", async () => {
    const handler = vi.fn();
    const res = await json(await get(sessionRoute(deck({ ownerId: "someone", published: true, enrolled: false }), handler)));
    expect(res).toEqual({ status: 403, body: { error: "Add this deck to your decks to review it." } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("404 for someone else's draft and for an archived deck (their existence is not revealed)", async () => {
    for (const facts of [
      { ownerId: "someone", published: false, enrolled: false },
      { ownerId: learner.id, published: true, enrolled: true, archived: true },
    ]) {
      expect(await json(await get(sessionRoute(deck(facts))))).toEqual({ status: 404, body: { error: "That deck does not exist." } });
    }
  });

  it("the owner may review a deck without being enrolled", async () => {
    expect((await get(sessionRoute(deck({ ownerId: learner.id, published: false, enrolled: false })))).status).toBe(200);
  });
});

describe("route: input", () => {
  const grade = route({ auth: "LEARNER", body: gradeInputSchema }, ({ body }) => ({ got: body }));

  it("passes the parsed body to the handler", async () => {
    expect(await json(await grade(post("/api/reviews", GRADE), noParams))).toEqual({ status: 200, body: { got: GRADE } });
  });

  it("400 naming the field, with every issue and where it was", async () => {
    const res = await json(await grade(post("/api/reviews", { ...GRADE, grade: 9, durationMs: -1 }), noParams));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("grade: grade must be from 0 to 5.");
    expect(res.body.issues).toEqual([
      { in: "body", path: ["grade"], message: "grade must be from 0 to 5." },
      { in: "body", path: ["durationMs"], message: "durationMs cannot be negative." },
    ]);
  });

  it("400 for params and query, naming the field", async () => {
    const r = route({ auth: "LEARNER", params: z.object({ deckId: deckIdSchema }), query: z.object({ from: z.enum(["review"]).optional() }) }, () => ({}));
    const bad = await json(await r(new Request(`${SITE}/api/decks/x/session`), { params: Promise.resolve({ deckId: "no/such" }) }));
    expect(bad).toMatchObject({ status: 400, body: { error: "deckId: Malformed deck id.", issues: [{ in: "params", path: ["deckId"] }] } });
    const badQuery = await json(await r(new Request(`${SITE}/api/decks/d1/session?from=elsewhere`), { params: Promise.resolve({ deckId: "d1" }) }));
    expect(badQuery).toMatchObject({ status: 400, body: { issues: [{ in: "query", path: ["from"] }] } });
    expect(String(badQuery.body.error)).toMatch(/^from: /);
  });

  it("400 for a body that is not JSON", async () => {
    expect(await json(await grade(post("/api/reviews", "{not json"), noParams))).toEqual({ status: 400, body: { error: MESSAGES.notJson } });
  });

  it("415 unless the body is declared application/json", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const res = await json(await grade(post("/api/reviews", GRADE, { "content-type": type }), noParams));
      expect(res, type).toEqual({ status: 415, body: { error: MESSAGES.jsonOnly } });
    }
    const untyped = new Request(`${SITE}/api/reviews`, { method: "POST", body: new Blob([JSON.stringify(GRADE)]) });
    expect((await grade(untyped, noParams)).status).toBe(415);
    // Parameters after the media type are fine.
    expect((await grade(post("/api/reviews", GRADE, { "content-type": "application/json; charset=utf-8" }), noParams)).status).toBe(200);
  });

  it("413 for a body over 64 KiB, counted as it streams in, whatever content-length says (or without one)", async () => {
    const chunk = new TextEncoder().encode(" ".repeat(16 * 1024));
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(chunk);
      },
    });
    const streamed = new Request(`${SITE}/api/reviews`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: endless,
      duplex: "half",
    } as RequestInit);
    expect(await json(await grade(streamed, noParams))).toEqual({ status: 413, body: { error: MESSAGES.tooLarge(MAX_BODY_BYTES) } });
    expect(pulled).toBeLessThanOrEqual(MAX_BODY_BYTES / chunk.byteLength + 2); // stopped reading at the limit

    const big = JSON.stringify({ ...GRADE, padding: "x".repeat(MAX_BODY_BYTES) });
    expect((await grade(post("/api/reviews", big), noParams)).status).toBe(413);
    expect((await grade(post("/api/reviews", GRADE, { "content-length": String(MAX_BODY_BYTES + 1) }), noParams)).status).toBe(413);
    // Just under the limit is read.
    const fits = JSON.stringify(GRADE).padEnd(MAX_BODY_BYTES, " ");
    expect((await grade(post("/api/reviews", fits), noParams)).status).toBe(200);
  });
});

describe("route: cross-site requests", () => {
  const handler = vi.fn(() => ({ ok: true }));
  const change = route({ auth: "LEARNER", body: z.object({}) }, handler);
  const from = (headers: Record<string, string>, method = "POST") =>
    new Request(`${SITE}/api/reviews/undo`, { method, headers: { "content-type": "application/json", ...headers }, body: method === "GET" ? undefined : "{}" });

  it("403 with a clear message for another site's Origin, before anything else happens", async () => {
    handler.mockClear();
    const res = await json(await change(from({ origin: "https://evil.example" }), noParams));
    expect(res).toEqual({ status: 403, body: { error: MESSAGES.crossSite("https://evil.example") } });
    expect(res.body.error).toMatch(/another site \(https:\/\/evil\.example\)/);
    expect(handler).not.toHaveBeenCalled();
    expect(signedIn).not.toHaveBeenCalled();
  });

  it.each([
    ["the site's own Origin (NEXTAUTH_URL)", { origin: SITE }],
    ["an Origin with the request's own Host", { origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }],
    ["no Origin, fetch metadata same-origin", { "sec-fetch-site": "same-origin" }],
    ["no Origin and no fetch metadata (not a browser)", {}],
  ])("allows %s", async (_what, headers) => {
    expect((await change(from(headers), noParams)).status).toBe(200);
  });

  it.each([
    ["Origin null", { origin: "null" }],
    ["a same-host Origin on another port", { origin: "https://proofdeck.example:8443" }],
    ["a sibling subdomain", { origin: "https://evil.proofdeck.example" }],
    ["no Origin, fetch metadata cross-site", { "sec-fetch-site": "cross-site" }],
    ["no Origin, fetch metadata same-site (a sibling subdomain)", { "sec-fetch-site": "same-site" }],
  ])("refuses %s", async (_what, headers) => {
    expect((await change(from(headers), noParams)).status).toBe(403);
  });

  it("lets safe methods through from anywhere (links, images)", () => {
    expect(crossSiteRefusal(new Request(`${SITE}/x`, { headers: { origin: "https://evil.example" } }))).toBeNull();
    expect(crossSiteRefusal(new Request(`${SITE}/x`, { method: "HEAD", headers: { origin: "https://evil.example" } }))).toBeNull();
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(crossSiteRefusal(new Request(`${SITE}/x`, { method, headers: { origin: "https://evil.example" } })), method).not.toBeNull();
    }
  });

  it("without NEXTAUTH_URL, the Host header decides", () => {
    const req = (origin: string) => new Request("http://localhost:3000/x", { method: "POST", headers: { origin, host: "localhost:3000" } });
    expect(crossSiteRefusal(req("http://localhost:3000"), undefined)).toBeNull();
    expect(crossSiteRefusal(req("http://localhost:4000"), undefined)).not.toBeNull();
  });
});

describe("route: errors", () => {
  it("a DomainError becomes its status, message and details", async () => {
    const r = route({ auth: "LEARNER" }, () => {
      throw new DomainError(409, "This card was answered in another tab.", { state: { version: 2 } });
    });
    expect(await json(await r(new Request(`${SITE}/x`), noParams))).toEqual({ status: 409, body: { error: "This card was answered in another tab.", state: { version: 2 } } });
  });

  it("anything else is logged and answered 500 with a generic message, never the raw error", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const r = route({ auth: "LEARNER" }, () => {
      throw new Error("SQLITE_BUSY: database is locked at /srv/data/proofdeck.db");
    });
    const res = await json(await r(new Request(`${SITE}/api/x`), noParams));
    expect(res).toEqual({ status: 500, body: { error: MESSAGES.unexpected } });
    expect(JSON.stringify(res.body)).not.toMatch(/SQLITE|srv/);
    expect(logged).toHaveBeenCalledOnce();
    expect(String(logged.mock.calls[0][0])).toContain("GET /api/x");
  });

  it("a Response from the handler is sent as it is; other results as no-store JSON", async () => {
    const raw = await route({ auth: "public" }, () => new Response("hi", { status: 202 }))(new Request(`${SITE}/x`), noParams);
    expect([raw.status, await raw.text()]).toEqual([202, "hi"]);
    const data = await route({ auth: "public" }, () => ({ a: 1 }))(new Request(`${SITE}/x`), noParams);
    expect(data.headers.get("cache-control")).toBe("no-store");
    expect(data.headers.get("content-type")).toMatch(/^application\/json/);
  });
});

describe("action", () => {
  const enrolLike = (handler = vi.fn(async () => "enrolled")) =>
    action({ name: "test", auth: "LEARNER", input: z.object({ deckId: deckIdSchema }) }, handler);

  it("resolves to { ok: true, data } with the checked input and the user", async () => {
    const handler = vi.fn(async ({ user, input }: { user: PublicUser; input: { deckId: string } }) => `${user.id}:${input.deckId}`);
    expect(await action({ name: "t", auth: "LEARNER", input: z.object({ deckId: deckIdSchema }) }, handler)({ deckId: " d1 " })).toEqual({ ok: true, data: "learner1:d1" });
  });

  it("{ ok: false } for nobody signed in and for a role too low, without running the handler", async () => {
    const handler = vi.fn();
    signedIn.mockResolvedValueOnce(null);
    expect(await enrolLike(handler)({ deckId: "d1" })).toEqual({ ok: false, error: MESSAGES.signedOut });
    expect(await action({ name: "t", auth: "INSTRUCTOR" }, handler)(undefined)).toEqual({ ok: false, error: "Only instructors can do this." });
    expect(handler).not.toHaveBeenCalled();
  });

  it("a zod failure names the field, with per-field messages for the form", async () => {
    const r = await enrolLike()({ deckId: "not a deck!" });
    expect(r).toEqual({ ok: false, error: "deckId: Malformed deck id.", fields: { deckId: "Malformed deck id." } });
  });

  it("reads FormData as an object", async () => {
    const form = new FormData();
    form.set("deckId", "d1");
    expect(await enrolLike(vi.fn(async () => "from a form"))(form)).toEqual({ ok: true, data: "from a form" });
  });

  it("the access check's DomainError comes back as { ok: false, error }", async () => {
    const refused = action(
      {
        name: "t",
        auth: "LEARNER",
        input: z.object({ deckId: deckIdSchema }),
        access: () => {
          throw new DomainError(403, "That deck is not published yet.");
        },
      },
      vi.fn(),
    );
    expect(await refused({ deckId: "d1" })).toEqual({ ok: false, error: "That deck is not published yet." });
  });

  it("a DomainError with fields and details keeps them", async () => {
    const r = await action({ name: "t", auth: "public" }, () => {
      throw new DomainError(409, "Taken.", { fields: { email: "Taken." }, hint: 1 });
    })(undefined);
    expect(r).toEqual({ ok: false, error: "Taken.", fields: { email: "Taken." }, details: { hint: 1 } });
    expect(signedIn).not.toHaveBeenCalled();
  });

  it("an unexpected error is logged and comes back as a generic message, not thrown", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const r = await enrolLike(vi.fn(async () => {
      throw new TypeError("cannot read properties of undefined (reading 'id')");
    }))({ deckId: "d1" });
    expect(r).toEqual({ ok: false, error: MESSAGES.unexpected });
    expect(logged).toHaveBeenCalledOnce();
    expect(String(logged.mock.calls[0][0])).toContain("action test");
  });

  it("Next's redirect() passes through (Next turns it into the navigation)", async () => {
    const going = enrolLike(vi.fn(async () => redirect("/decks")))({ deckId: "d1" });
    await expect(going).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT/) });
  });
});
