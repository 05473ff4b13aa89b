// Who may do what with the authoring entry points (issue #10), through the real boundary
// (lib/http/boundary.ts), the real access rules (lib/decks/access.ts) and real users in a real
// database, on SQLite and PostgreSQL: the owner (an instructor), another instructor, a learner and
// nobody signed in, against every new route handler, on a draft deck and on a published one.
// Nobody but the owner reads or changes anything of the owner's (401 signed out, 404 where they
// may not know the deck exists, 403 where they may see it but not change it), and every refusal
// leaves the database exactly as it was. Only the session is stubbed (who is signed in).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../../lib/db/client.ts";
import { createDeck, setDeckPublished } from "../../lib/decks/authoring.ts";
import { createNote } from "../../lib/notes/data.ts";
import type { PublicUser } from "../../lib/users/data.ts";
import { MEDIA_DIR_ENV } from "../../lib/media/store.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";

vi.mock("../../lib/auth/session.ts", () => ({ currentUser: vi.fn() }));
const { currentUser } = await import("../../lib/auth/session.ts");
const signedIn = vi.mocked(currentUser);

const decksRoute = await import("../../app/api/decks/route.ts");
const deckRoute = await import("../../app/api/decks/[deckId]/route.ts");
const publishRoute = await import("../../app/api/decks/[deckId]/publish/route.ts");
const deckNotesRoute = await import("../../app/api/decks/[deckId]/notes/route.ts");
const previewRoute = await import("../../app/api/notes/preview/route.ts");
const noteRoute = await import("../../app/api/notes/[noteId]/route.ts");
const restoreRoute = await import("../../app/api/notes/[noteId]/restore/route.ts");
const moveRoute = await import("../../app/api/notes/[noteId]/move/route.ts");
const reorderRoute = await import("../../app/api/notes/[noteId]/reorder/route.ts");
const mediaRoute = await import("../../app/api/media/route.ts");
const serveRoute = await import("../../app/media/[sha256]/route.ts");

const SITE = "http://localhost:3000";
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 9, 9]);
type Handler = (req: Request, ctx: { params?: Promise<Record<string, string>> }) => Promise<Response>;

function call(handler: Handler, method: string, url: string, params: Record<string, string>, body?: unknown): Promise<Response> {
  const init: RequestInit = { method };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { "content-type": "application/json" };
  }
  return handler(new Request(`${SITE}${url}`, init), { params: Promise.resolve(params) });
}

const NOTE = { type: "BASIC", front: "Someone else's **question**", back: "answer", tags: "x" };

interface Target {
  deckId: string;
  noteId: string;
}

/** Every entry point that touches one deck or note of the owner's, as a request. */
function deckAndNoteCalls(t: Target, ownDeckOf: () => string) {
  return {
    "PATCH /api/decks/[deckId]": () => call(deckRoute.PATCH, "PATCH", `/api/decks/${t.deckId}`, { deckId: t.deckId }, { title: "Taken over" }),
    "POST /api/decks/[deckId]/publish": () => call(publishRoute.POST, "POST", `/api/decks/${t.deckId}/publish`, { deckId: t.deckId }, { published: false }),
    "GET /api/decks/[deckId]/notes": () => call(deckNotesRoute.GET, "GET", `/api/decks/${t.deckId}/notes?text=question`, { deckId: t.deckId }),
    "POST /api/decks/[deckId]/notes": () => call(deckNotesRoute.POST, "POST", `/api/decks/${t.deckId}/notes`, { deckId: t.deckId }, NOTE),
    "GET /api/notes/[noteId]": () => call(noteRoute.GET, "GET", `/api/notes/${t.noteId}`, { noteId: t.noteId }),
    "PATCH /api/notes/[noteId]": () => call(noteRoute.PATCH, "PATCH", `/api/notes/${t.noteId}`, { noteId: t.noteId }, NOTE),
    "DELETE /api/notes/[noteId]": () => call(noteRoute.DELETE, "DELETE", `/api/notes/${t.noteId}`, { noteId: t.noteId }),
    "POST /api/notes/[noteId]/restore": () => call(restoreRoute.POST, "POST", `/api/notes/${t.noteId}/restore`, { noteId: t.noteId }),
    "POST /api/notes/[noteId]/move (into their own deck)": () =>
      call(moveRoute.POST, "POST", `/api/notes/${t.noteId}/move`, { noteId: t.noteId }, { deckId: ownDeckOf() }),
    "POST /api/notes/[noteId]/reorder": () => call(reorderRoute.POST, "POST", `/api/notes/${t.noteId}/reorder`, { noteId: t.noteId }, { direction: "up" }),
  } satisfies Record<string, () => Promise<Response>>;
}

describe.each(testDatabases())("authoring authorization on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "owner, another instructor, a learner, nobody" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);
    const users = {} as Record<"owner" | "instructor" | "learner" | "admin", PublicUser>;
    const own = {} as Record<"instructor" | "learner" | "admin", string>; // each caller's own deck
    let draft: Target;
    let published: Target;
    let mediaDir: string;

    const makeUser = async (key: keyof typeof users, role: "LEARNER" | "INSTRUCTOR" | "ADMIN") => {
      const u = await h.db.user.create({
        data: { email: `${key}-${target.provider}@example.com`, name: key, passwordHash: "unused", role },
        select: { id: true, email: true, name: true, role: true, timeZone: true, dayRolloverHour: true, sessionVersion: true },
      });
      users[key] = u;
    };

    /** Everything the entry points could change, in a stable order. */
    const snapshot = async () => {
      const [decks, notes, cards, states, media, enrolments] = await Promise.all([
        h.db.deck.findMany({ orderBy: { id: "asc" } }),
        h.db.note.findMany({ orderBy: { id: "asc" } }),
        h.db.card.findMany({ orderBy: { id: "asc" } }),
        h.db.cardState.findMany({ orderBy: [{ userId: "asc" }, { cardId: "asc" }] }),
        h.db.media.findMany({ orderBy: { sha256: "asc" } }),
        h.db.enrolment.findMany({ orderBy: [{ userId: "asc" }, { deckId: "asc" }] }),
      ]);
      return JSON.stringify({ decks, notes, cards, states, media, enrolments });
    };

    beforeAll(async () => {
      (globalThis as unknown as { proofdeckDb?: Db }).proofdeckDb = h.db;
      mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-authz-media-"));
      vi.stubEnv(MEDIA_DIR_ENV, mediaDir);
      await makeUser("owner", "INSTRUCTOR");
      await makeUser("instructor", "INSTRUCTOR");
      await makeUser("learner", "LEARNER");
      await makeUser("admin", "ADMIN");
      const make = async (published: boolean): Promise<Target> => {
        const deck = await createDeck(h.db, users.owner, { title: published ? "Published" : "Draft" });
        if (published) await setDeckPublished(h.db, deck.id, true);
        const { note } = await createNote(h.db, deck.id, NOTE);
        await createNote(h.db, deck.id, { type: "BASIC", front: "second" });
        return { deckId: deck.id, noteId: note.id };
      };
      draft = await make(false);
      published = await make(true);
      for (const key of ["instructor", "learner", "admin"] as const) own[key] = (await createDeck(h.db, users[key], { title: `${key}'s deck` })).id;
      // The learner studies the published deck: seeing it is not writing it.
      await h.db.enrolment.create({ data: { userId: users.learner.id, deckId: published.deckId } });
    });
    afterAll(() => {
      delete (globalThis as unknown as { proofdeckDb?: Db }).proofdeckDb;
      vi.unstubAllEnvs();
      fs.rmSync(mediaDir, { recursive: true, force: true });
    });
    beforeEach(() => signedIn.mockReset());

    const as = (who: PublicUser | null) => signedIn.mockResolvedValue(who);

    // [caller, deck] → the status every deck/note entry point must answer.
    const refusals: Array<[string, "draft" | "published", number, number]> = [
      // caller, deck, status, status for publishing
      ["nobody", "draft", 401, 401],
      ["nobody", "published", 401, 401],
      ["learner", "draft", 404, 403], // publishing needs the instructor role first
      ["learner", "published", 403, 403],
      ["instructor", "draft", 404, 404],
      ["instructor", "published", 403, 403],
    ];

    it.each(refusals)("%s on the owner's %s deck: refused (%i), database unchanged", async (caller, which, status, publishStatus) => {
      const who = caller === "nobody" ? null : users[caller as "learner" | "instructor"];
      const t = which === "draft" ? draft : published;
      const ownDeck = caller === "nobody" ? own.learner : own[caller as "learner" | "instructor"];
      const before = await snapshot();
      const results: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const [name, send] of Object.entries(deckAndNoteCalls(t, () => ownDeck))) {
        as(who);
        const res = await send();
        results[name] = res.status;
        expected[name] = name.includes("publish") ? publishStatus : status;
        const body = (await res.json()) as { error?: string; notes?: unknown; note?: unknown };
        expect(body.error, name).toBeTruthy();
        expect(body.notes ?? body.note, name).toBeUndefined();
      }
      expect(results).toEqual(expected);
      expect(await snapshot()).toBe(before);
    });

    it("the owner cannot move a note into a deck that is not theirs (404 for a draft), nor anyone into the owner's", async () => {
      const before = await snapshot();
      as(users.owner);
      expect((await call(moveRoute.POST, "POST", `/api/notes/${draft.noteId}/move`, { noteId: draft.noteId }, { deckId: own.instructor })).status).toBe(404);
      // The instructor's own note, moved into the owner's published deck: seeing it is not writing it.
      const theirs = await createNote(h.db, own.instructor, { type: "BASIC", front: "theirs" });
      const mid = await snapshot();
      as(users.instructor);
      expect((await call(moveRoute.POST, "POST", `/api/notes/${theirs.note.id}/move`, { noteId: theirs.note.id }, { deckId: published.deckId })).status).toBe(403);
      expect((await call(moveRoute.POST, "POST", `/api/notes/${theirs.note.id}/move`, { noteId: theirs.note.id }, { deckId: draft.deckId })).status).toBe(404);
      expect(await snapshot()).toBe(mid);
      expect(before).not.toBe(mid);
    });

    it("nobody signed in can create no deck, upload nothing and preview nothing (401)", async () => {
      const before = await snapshot();
      as(null);
      const form = new FormData();
      form.append("file", new File([PNG], "x.png", { type: "image/png" }));
      expect((await call(decksRoute.POST, "POST", "/api/decks", {}, { title: "Mine" })).status).toBe(401);
      expect((await call(mediaRoute.POST, "POST", "/api/media", {}, form)).status).toBe(401);
      expect((await call(previewRoute.POST, "POST", "/api/notes/preview", {}, NOTE)).status).toBe(401);
      expect(await snapshot()).toBe(before);
      expect(fs.readdirSync(mediaDir)).toEqual([]);
    });

    it("unknown and malformed ids: 404 and 400, for the owner too", async () => {
      as(users.owner);
      expect((await call(deckRoute.PATCH, "PATCH", "/api/decks/nosuchdeck", { deckId: "nosuchdeck" }, { title: "x" })).status).toBe(404);
      expect((await call(noteRoute.GET, "GET", "/api/notes/nosuchnote", { noteId: "nosuchnote" })).status).toBe(404);
      expect((await call(noteRoute.GET, "GET", "/api/notes/x", { noteId: "../etc" })).status).toBe(400);
    });

    it("any signed-in user creates a private deck of their own, uploads images and previews notes", async () => {
      as(users.learner);
      const res = await call(decksRoute.POST, "POST", "/api/decks", {}, { title: "Learner's notes", newCardsPerDay: 5 });
      expect(res.status).toBe(200);
      const deck = (await res.json()) as { id: string; published: boolean };
      expect(await h.db.deck.findUniqueOrThrow({ where: { id: deck.id } })).toMatchObject({ ownerId: users.learner.id, published: false, newCardsPerDay: 5 });
      // …and writes in it, but may not publish it (instructors only).
      as(users.learner);
      expect((await call(deckNotesRoute.POST, "POST", `/api/decks/${deck.id}/notes`, { deckId: deck.id }, NOTE)).status).toBe(200);
      as(users.learner);
      expect((await call(publishRoute.POST, "POST", `/api/decks/${deck.id}/publish`, { deckId: deck.id }, { published: true })).status).toBe(403);

      const form = new FormData();
      form.append("file", new File([PNG], "x.png", { type: "image/png" }));
      as(users.learner);
      const up = await call(mediaRoute.POST, "POST", "/api/media", {}, form);
      expect(up.status).toBe(200);
      const { sha256 } = (await up.json()) as { sha256: string };
      expect(await h.db.media.findUniqueOrThrow({ where: { sha256 } })).toMatchObject({ mime: "image/png", uploaderId: users.learner.id });
      as(null);
      const served = await serveRoute.GET(new Request(`${SITE}/media/${sha256}`), { params: Promise.resolve({ sha256 }) });
      expect(served.status).toBe(200);
      expect(served.headers.get("content-type")).toBe("image/png");

      as(users.learner);
      const preview = await call(previewRoute.POST, "POST", "/api/notes/preview", {}, { type: "CLOZE", front: "{{c1::a}} and {{c2::b}}" });
      expect(((await preview.json()) as { cards: unknown[] }).cards).toHaveLength(2);
      as(users.learner);
      const bad = await call(previewRoute.POST, "POST", "/api/notes/preview", {}, { type: "CLOZE", front: "no deletion" });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { fields: Record<string, string> }).fields.front).toMatch(/at least one deletion/);
    });

    it("the owner may do everything; an admin may write but not publish another's deck", async () => {
      const t = published;
      const ok = async (who: PublicUser, res: Promise<Response>) => {
        as(who);
        const r = await res;
        expect(r.status, await r.clone().text()).toBe(200);
        return r.json();
      };
      const calls = deckAndNoteCalls(t, () => draft.deckId);
      as(users.owner);
      expect(((await ok(users.owner, calls["GET /api/decks/[deckId]/notes"]())) as { notes: unknown[] }).notes).toHaveLength(1);
      await ok(users.owner, calls["PATCH /api/decks/[deckId]"]());
      await ok(users.owner, calls["POST /api/decks/[deckId]/publish"]());
      await ok(users.owner, calls["POST /api/decks/[deckId]/notes"]());
      await ok(users.owner, calls["GET /api/notes/[noteId]"]());
      await ok(users.owner, calls["PATCH /api/notes/[noteId]"]());
      await ok(users.owner, calls["POST /api/notes/[noteId]/reorder"]());
      await ok(users.owner, calls["DELETE /api/notes/[noteId]"]());
      await ok(users.owner, calls["POST /api/notes/[noteId]/restore"]());
      await ok(users.owner, calls["POST /api/notes/[noteId]/move (into their own deck)"]());
      expect((await h.db.note.findUniqueOrThrow({ where: { id: t.noteId } })).deckId).toBe(draft.deckId);
      expect(await h.db.deck.findUniqueOrThrow({ where: { id: t.deckId } })).toMatchObject({ title: "Taken over", published: false });

      const admin = deckAndNoteCalls(draft, () => own.admin);
      await ok(users.admin, admin["PATCH /api/decks/[deckId]"]());
      await ok(users.admin, admin["GET /api/decks/[deckId]/notes"]());
      as(users.admin);
      expect((await admin["POST /api/decks/[deckId]/publish"]()).status).toBe(403);
    });
  });
});
