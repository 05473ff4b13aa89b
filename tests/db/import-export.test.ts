// Import and export (issue #10) through the real entry points (lib/http/boundary.ts), the real
// importers and the data layer, on SQLite and PostgreSQL: CSV (preview, accepted and rejected rows),
// deck JSON (one transaction: a bad note anywhere changes nothing; export → import → export is the
// same), Anki packages (basic, reversed and cloze notes, the image stored as Media and referenced as
// /media/<sha256>, the sound reported; importing again updates instead of duplicating), and who may
// call them: the owner; another instructor, a learner and nobody are refused with the database
// unchanged. Only the session is stubbed (who is signed in).
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../../lib/db/client.ts";
import { renderedCardFields } from "../../lib/decks/cards.ts";
import { createDeck, setDeckPublished } from "../../lib/decks/authoring.ts";
import { MAX_APKG_UPLOAD_BYTES } from "../../lib/import/data.ts";
import type { DeckExport } from "../../lib/import/deck-json.ts";
import { MEDIA_DIR_ENV, storeMedia } from "../../lib/media/store.ts";
import { createNote } from "../../lib/notes/data.ts";
import type { PublicUser } from "../../lib/users/data.ts";
import { buildApkg, type FixtureNote, MP3_BYTES, PNG_1X1 } from "../support/anki-fixtures.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";

vi.mock("../../lib/auth/session.ts", () => ({ currentUser: vi.fn() }));
const { currentUser } = await import("../../lib/auth/session.ts");
const signedIn = vi.mocked(currentUser);

const csvRoute = await import("../../app/api/decks/[deckId]/import/csv/route.ts");
const apkgRoute = await import("../../app/api/decks/[deckId]/import/apkg/route.ts");
const jsonRoute = await import("../../app/api/decks/import/json/route.ts");
const exportRoute = await import("../../app/api/decks/[deckId]/export/route.ts");

const SITE = "http://localhost:3000";
type Handler = (req: Request, ctx: { params?: Promise<Record<string, string>> }) => Promise<Response>;

function call(handler: Handler, method: string, url: string, params: Record<string, string>, body?: BodyInit, type?: string): Promise<Response> {
  const init: RequestInit = { method };
  if (body !== undefined) init.body = body;
  if (type) init.headers = { "content-type": type };
  return handler(new Request(`${SITE}${url}`, init), { params: Promise.resolve(params) });
}

const fileForm = (bytes: Uint8Array | string, name: string) => {
  const form = new FormData();
  form.append("file", new File([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], name));
  return form;
};

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const CSV = [
  "front,back,tags",
  "What is a kernel?,A small matrix slid over the image,cnn",
  "What is stride?,How far the kernel moves,cnn basics",
  ",an empty front,cnn",
  "What is padding?,Pixels added around the image,",
  "too,many,columns,here,and,more",
].join("\n");

const APKG_NOTES: FixtureNote[] = [
  { guid: "basicGuid", model: "basic", fields: ['What is <b>this</b>?<br><img src="cat.png">', "A cat [sound:meow.mp3]"], tags: " Animals " },
  { guid: "revGuid", model: "reversed", fields: ["chat", "cat"], tags: " fr " },
  { guid: "clozeGuid", model: "cloze", fields: ["The {{c1::mitochondria}} is the {{c2::powerhouse}} of the cell", ""] },
];

describe.each(testDatabases())("import and export on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "CSV, deck JSON, Anki, authorization" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);
    const users = {} as Record<"owner" | "instructor" | "learner", PublicUser>;
    let mediaDir: string;

    const makeUser = async (key: keyof typeof users, role: "LEARNER" | "INSTRUCTOR") => {
      users[key] = await h.db.user.create({
        data: { email: `${key}-import-${target.provider}@example.com`, name: key, passwordHash: "unused", role },
        select: { id: true, email: true, name: true, role: true, timeZone: true, dayRolloverHour: true, sessionVersion: true },
      });
    };

    const snapshot = async () => {
      const [decks, notes, cards, media] = await Promise.all([
        h.db.deck.findMany({ orderBy: { id: "asc" } }),
        h.db.note.findMany({ orderBy: { id: "asc" } }),
        h.db.card.findMany({ orderBy: { id: "asc" } }),
        h.db.media.findMany({ orderBy: { sha256: "asc" } }),
      ]);
      return JSON.stringify({ decks, notes, cards, media });
    };

    const as = (who: PublicUser | null) => signedIn.mockResolvedValue(who);
    const newDeck = async (title: string) => (await createDeck(h.db, users.owner, { title })).id;

    beforeAll(async () => {
      (globalThis as unknown as { proofdeckDb?: Db }).proofdeckDb = h.db;
      mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-import-media-"));
      vi.stubEnv(MEDIA_DIR_ENV, mediaDir);
      await makeUser("owner", "INSTRUCTOR");
      await makeUser("instructor", "INSTRUCTOR");
      await makeUser("learner", "LEARNER");
    });
    afterAll(() => {
      delete (globalThis as unknown as { proofdeckDb?: Db }).proofdeckDb;
      vi.unstubAllEnvs();
      fs.rmSync(mediaDir, { recursive: true, force: true });
    });
    beforeEach(() => signedIn.mockReset());

    it("CSV: the preview writes nothing; the import makes the 3 good rows and reports the 2 bad ones with reasons", async () => {
      const deckId = await newDeck("CSV deck");
      const before = await snapshot();
      as(users.owner);
      const preview = await call(csvRoute.POST, "POST", `/api/decks/${deckId}/import/csv?preview=1`, { deckId }, CSV, "text/csv");
      expect(preview.status).toBe(200);
      const p = (await preview.json()) as { delimiter: string; header: string[]; preview: string[][]; accepted: number; rejected: Array<{ row: number; reason: string }> };
      expect(p).toMatchObject({ delimiter: ",", header: ["front", "back", "tags"], accepted: 3 });
      expect(p.preview[0]).toEqual(["What is a kernel?", "A small matrix slid over the image", "cnn"]);
      expect(p.rejected.map((r) => r.row)).toEqual([4, 6]);
      expect(await snapshot()).toBe(before);

      as(users.owner);
      const res = await call(csvRoute.POST, "POST", `/api/decks/${deckId}/import/csv`, { deckId }, fileForm(CSV, "cards.csv"));
      expect(res.status, await res.clone().text()).toBe(200);
      const report = (await res.json()) as { created: number; updated: number; skipped: Array<{ item: string; reason: string }> };
      expect(report).toMatchObject({ created: 3, updated: 0, unchanged: 0, cards: 3 });
      expect(report.skipped).toEqual([
        { item: "row 4", reason: expect.stringMatching(/front is empty/) },
        { item: "row 6", reason: expect.stringMatching(/Too many columns/) },
      ]);
      const notes = await h.db.note.findMany({ where: { deckId }, orderBy: { createdAt: "asc" } });
      expect(notes.map((n) => n.front).sort()).toEqual(["What is a kernel?", "What is padding?", "What is stride?"]);
      expect(notes.find((n) => n.front === "What is stride?")!.tags).toBe(" basics cnn ");
      expect(await h.db.card.count({ where: { deckId } })).toBe(3);
    });

    it("CSV: a file with no good row, or not a CSV, imports nothing (422)", async () => {
      const deckId = await newDeck("Empty CSV deck");
      const before = await snapshot();
      as(users.owner);
      expect((await call(csvRoute.POST, "POST", `/api/decks/${deckId}/import/csv`, { deckId }, "front,back\n,x\n", "text/csv")).status).toBe(422);
      as(users.owner);
      expect((await call(csvRoute.POST, "POST", `/api/decks/${deckId}/import/csv`, { deckId }, new Uint8Array([0xff, 0xfe, 0x00]), "text/csv")).status).toBe(422);
      expect(await snapshot()).toBe(before);
    });

    /** A deck with every kind of content: basic with an image, reversed, cloze, a card without a note. */
    const richDeck = async () => {
      const deckId = await newDeck("Round trip");
      await h.db.deck.update({ where: { id: deckId }, data: { description: "All kinds", newCardsPerDay: 7, reviewsPerDay: 70 } });
      const image = await storeMedia(h.db, users.owner.id, PNG_1X1);
      await createNote(h.db, deckId, { type: "BASIC", front: `A picture ![cat](${image.url})`, back: "a cat", tags: ["pets", "img"] }, { externalId: "n-basic" });
      await createNote(h.db, deckId, { type: "REVERSED", front: "chat", back: "cat", tags: "fr" }, { externalId: "n-rev" });
      await createNote(h.db, deckId, { type: "CLOZE", front: "{{c1::Conv}} then {{c2::ReLU}}", back: "extra" }, { externalId: "n-cloze" });
      await h.db.card.create({ data: { ...renderedCardFields("Loose **front**", "loose back"), deckId, externalId: "loose-1", position: 100 } });
      return { deckId, image };
    };

    const exportOf = async (deckId: string): Promise<DeckExport> => {
      as(users.owner);
      const res = await call(exportRoute.GET, "GET", `/api/decks/${deckId}/export`, { deckId });
      expect(res.status, await res.clone().text()).toBe(200);
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.proofdeck\.json"$/);
      return (await res.json()) as DeckExport;
    };

    it("deck JSON: export → import into a new deck → export again gives the same deck (ids that must differ aside)", async () => {
      const { deckId, image } = await richDeck();
      const first = await exportOf(deckId);
      expect(first.notes.map((n) => n.externalId)).toEqual(["n-basic", "n-rev", "n-cloze"]);
      expect(first.cards).toEqual([{ externalId: "loose-1", front: "Loose **front**", back: "loose back", experimentId: null, position: 100 }]);
      expect(first.media).toEqual([{ sha256: image.sha256, mime: "image/png", data: Buffer.from(PNG_1X1).toString("base64") }]);

      as(users.owner);
      const res = await call(jsonRoute.POST, "POST", "/api/decks/import/json", {}, JSON.stringify(first), "application/json");
      expect(res.status, await res.clone().text()).toBe(200);
      const report = (await res.json()) as { deckId: string; created: number; cards: number; media: number };
      expect(report).toMatchObject({ created: 3, updated: 0, unchanged: 0, cards: 1 + 2 + 2 + 1, media: 1 });
      expect(report.deckId).not.toBe(deckId);
      expect(await h.db.deck.findUniqueOrThrow({ where: { id: report.deckId } })).toMatchObject({ ownerId: users.owner.id, published: false, title: "Round trip" });

      const second = await exportOf(report.deckId);
      const comparable = (e: DeckExport) => ({ ...e, exportedAt: undefined, deck: { ...e.deck, slug: undefined } });
      expect(comparable(second)).toEqual(comparable(first));

      // Importing the same export into the copy again: everything unchanged, nothing duplicated.
      as(users.owner);
      const again = await call(jsonRoute.POST, "POST", `/api/decks/import/json?into=${report.deckId}`, {}, fileForm(JSON.stringify(first), "deck.json"));
      expect(again.status, await again.clone().text()).toBe(200);
      expect(await again.json()).toMatchObject({ deckId: report.deckId, created: 0, updated: 0, unchanged: 3, cards: 0 });
      expect(await h.db.note.count({ where: { deckId: report.deckId } })).toBe(3);
      expect(await h.db.card.count({ where: { deckId: report.deckId } })).toBe(6);
    });

    it("deck JSON: a note that fails validation in the middle of the file changes nothing (new deck or existing one)", async () => {
      const { deckId } = await richDeck();
      const good = await exportOf(deckId);
      const bad: DeckExport = structuredClone(good);
      bad.notes.splice(1, 0, { externalId: "n-broken", type: "CLOZE", front: "no deletion here", back: "", tags: [], cards: [{ ordinal: 1 }] });
      bad.notes[2] = { ...bad.notes[2], front: "changed reversed", back: "changed" }; // would be an update
      await h.db.media.deleteMany({}); // the image would be stored again by a successful import
      const before = await snapshot();
      const files = fs.readdirSync(mediaDir).filter((f) => !f.startsWith("."));

      as(users.owner);
      const res = await call(jsonRoute.POST, "POST", "/api/decks/import/json", {}, JSON.stringify(bad), "application/json");
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/n-broken.*deletion/);
      as(users.owner);
      const into = await call(jsonRoute.POST, "POST", `/api/decks/import/json?into=${deckId}`, {}, JSON.stringify(bad), "application/json");
      expect(into.status).toBe(400);
      // Not an export at all, and an image whose bytes do not match its sha256.
      as(users.owner);
      expect((await call(jsonRoute.POST, "POST", "/api/decks/import/json", {}, '{"format":"other"}', "application/json")).status).toBe(400);
      const forged: DeckExport = structuredClone(good);
      forged.media[0].sha256 = "0".repeat(64);
      as(users.owner);
      expect((await call(jsonRoute.POST, "POST", "/api/decks/import/json", {}, JSON.stringify(forged), "application/json")).status).toBe(400);

      expect(await snapshot()).toBe(before);
      expect(fs.readdirSync(mediaDir).filter((f) => !f.startsWith("."))).toEqual(files);
    });

    it("deck JSON: a failure inside the transaction (a card key taken in the target deck) rolls back every write", async () => {
      const { deckId } = await richDeck();
      const data = await exportOf(deckId);
      const other = await newDeck("Target");
      // The target already has a note whose card uses the key the export's second note wants.
      await createNote(h.db, other, { type: "BASIC", front: "squatter" }, { externalId: "squat", cards: [{ ordinal: 0, externalId: data.notes[1].cards[0].externalId! }] });
      const before = await snapshot();
      as(users.owner);
      const res = await call(jsonRoute.POST, "POST", `/api/decks/import/json?into=${other}`, {}, JSON.stringify(data), "application/json");
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: string }).error).toMatch(/nothing was imported/);
      expect(await snapshot()).toBe(before);
    });

    it("Anki: basic, reversed and cloze notes; the image stored as Media at /media/<sha256>; the sound skipped; importing again updates", async () => {
      const deckId = await newDeck("Anki deck");
      const apkg = await buildApkg({ format: "anki21b", notes: APKG_NOTES, media: { "cat.png": PNG_1X1, "meow.mp3": MP3_BYTES } });
      as(users.owner);
      const res = await call(apkgRoute.POST, "POST", `/api/decks/${deckId}/import/apkg`, { deckId }, fileForm(apkg, "deck.apkg"));
      expect(res.status, await res.clone().text()).toBe(200);
      const report = (await res.json()) as { created: number; cards: number; media: number; skipped: Array<{ item: string; reason: string }> };
      expect(report).toMatchObject({ created: 3, updated: 0, unchanged: 0, cards: 1 + 2 + 2, media: 1 });
      expect(report.skipped).toContainEqual({ item: "sound meow.mp3", reason: expect.stringMatching(/no audio/) });

      const hash = sha(PNG_1X1);
      expect(await h.db.media.findUniqueOrThrow({ where: { sha256: hash } })).toMatchObject({ mime: "image/png" });
      expect(fs.existsSync(path.join(mediaDir, hash))).toBe(true);
      const notes = await h.db.note.findMany({ where: { deckId }, include: { cards: true } });
      const byGuid = Object.fromEntries(notes.map((n) => [n.externalId, n]));
      expect(byGuid.basicGuid).toMatchObject({ type: "BASIC", back: "A cat", tags: " animals " });
      expect(byGuid.basicGuid.front).toContain(`(/media/${hash})`);
      expect(byGuid.basicGuid.front).not.toContain("proofdeck-media:");
      expect(byGuid.basicGuid.cards[0].frontHtml).toContain(`src="/media/${hash}"`);
      expect(byGuid.revGuid.cards).toHaveLength(2);
      expect(byGuid.clozeGuid).toMatchObject({ type: "CLOZE" });
      expect(byGuid.clozeGuid.cards.map((c) => c.ordinal).sort()).toEqual([1, 2]);
      const cardIds = (await h.db.card.findMany({ where: { deckId }, orderBy: { id: "asc" } })).map((c) => c.id);

      // The same package again: nothing duplicated.
      as(users.owner);
      const same = await call(apkgRoute.POST, "POST", `/api/decks/${deckId}/import/apkg`, { deckId }, fileForm(apkg, "deck.apkg"));
      expect(await same.json()).toMatchObject({ created: 0, updated: 0, unchanged: 3, cards: 0 });
      // An edited package: the edited note is updated in place (its cards keep their ids).
      const edited = structuredClone(APKG_NOTES);
      edited[1].fields = ["chat", "a cat"];
      edited[2].fields = ["The {{c1::mitochondria}} is the {{c2::powerhouse}} of the {{c3::cell}}", ""];
      as(users.owner);
      const upd = await call(apkgRoute.POST, "POST", `/api/decks/${deckId}/import/apkg`, { deckId }, fileForm(await buildApkg({ format: "anki2", notes: edited, media: { "cat.png": PNG_1X1 } }), "deck.apkg"));
      expect(await upd.json()).toMatchObject({ created: 0, updated: 2, unchanged: 1, cards: 1 });
      expect(await h.db.note.count({ where: { deckId } })).toBe(3);
      const after = (await h.db.card.findMany({ where: { deckId }, orderBy: { id: "asc" } })).map((c) => c.id);
      expect(after).toHaveLength(6);
      expect(after.filter((id) => cardIds.includes(id))).toEqual(cardIds);
      expect((await h.db.note.findFirstOrThrow({ where: { deckId, externalId: "revGuid" } })).back).toBe("a cat");
    });

    it("Anki: a damaged package or one sent without multipart changes nothing", async () => {
      const deckId = await newDeck("Anki refusals");
      const before = await snapshot();
      as(users.owner);
      expect((await call(apkgRoute.POST, "POST", `/api/decks/${deckId}/import/apkg`, { deckId }, fileForm(new Uint8Array([1, 2, 3, 4]), "x.apkg"))).status).toBe(422);
      as(users.owner);
      expect((await call(apkgRoute.POST, "POST", `/api/decks/${deckId}/import/apkg`, { deckId }, new Uint8Array([1, 2, 3]), "application/octet-stream")).status).toBe(415);
      // Larger than the limit (as declared, and as sent): 413 before anything is read.
      const form = fileForm(new Uint8Array([1, 2, 3]), "big.apkg");
      const sized = new Request(`${SITE}/api/decks/${deckId}/import/apkg`, { method: "POST", body: form });
      const headers = new Headers(sized.headers);
      headers.set("content-length", String(MAX_APKG_UPLOAD_BYTES + 1024 * 1024));
      as(users.owner);
      const big = await apkgRoute.POST(new Request(sized, { headers }), { params: Promise.resolve({ deckId }) });
      expect(big.status).toBe(413);
      expect(((await big.json()) as { error: string }).error).toMatch(/larger than 100 MB/);
      expect(await snapshot()).toBe(before);
    });

    it("text holding NUL (U+0000), which PostgreSQL cannot store: a CSV is refused and changes nothing; an Anki note imports without it", async () => {
      const deckId = await newDeck("NUL refusals");
      const before = await snapshot();
      as(users.owner);
      const csv = await call(csvRoute.POST, "POST", `/api/decks/${deckId}/import/csv`, { deckId }, fileForm("front,back\nA fine row,fine\nA row,with a \u0000 inside\n", "nul.csv"));
      expect(csv.status).toBe(400);
      expect(((await csv.json()) as { error: string }).error).toBe("Row 3: back: Text cannot contain the NUL character (U+0000).");
      expect(await snapshot()).toBe(before);
      // Anki fields are HTML, turned into Markdown: the NUL does not survive that, and the rest of the note does.
      const apkg = await buildApkg({ format: "anki21b", notes: [{ guid: "nulGuid", model: "basic", fields: ["Front", "Back with \u0000 in it"] }], media: {} });
      as(users.owner);
      const anki = await call(apkgRoute.POST, "POST", `/api/decks/${deckId}/import/apkg`, { deckId }, fileForm(apkg, "nul.apkg"));
      expect(anki.status, await anki.clone().text()).toBe(200);
      const note = await h.db.note.findFirstOrThrow({ where: { deckId } });
      expect(note.back).not.toContain("\u0000");
      expect(note.back).toMatch(/^Back with\s+in it$/);
    });

    describe("who may import and export", () => {
      let draft: string;
      let published: string;
      let apkg: Uint8Array;
      let exported: string;

      beforeAll(async () => {
        draft = await newDeck("Owner's draft");
        published = await newDeck("Owner's published");
        await setDeckPublished(h.db, published, true);
        for (const id of [draft, published]) await createNote(h.db, id, { type: "BASIC", front: "owner's note", back: "x" });
        await h.db.enrolment.create({ data: { userId: users.learner.id, deckId: published } });
        apkg = await buildApkg({ format: "anki2", notes: APKG_NOTES, media: { "cat.png": PNG_1X1 } });
        as(users.owner);
        exported = JSON.stringify(await exportOf(draft));
      });

      const calls = (deckId: string) => ({
        "POST …/import/csv?preview=1": () => call(csvRoute.POST, "POST", `/api/decks/${deckId}/import/csv?preview=1`, { deckId }, CSV, "text/csv"),
        "POST …/import/csv": () => call(csvRoute.POST, "POST", `/api/decks/${deckId}/import/csv`, { deckId }, CSV, "text/csv"),
        "POST …/import/apkg": () => call(apkgRoute.POST, "POST", `/api/decks/${deckId}/import/apkg`, { deckId }, fileForm(apkg, "x.apkg")),
        "POST /api/decks/import/json?into=": () => call(jsonRoute.POST, "POST", `/api/decks/import/json?into=${deckId}`, {}, exported, "application/json"),
        "GET …/export": () => call(exportRoute.GET, "GET", `/api/decks/${deckId}/export`, { deckId }),
      });

      const refusals: Array<[string, "draft" | "published", number]> = [
        ["nobody", "draft", 401],
        ["nobody", "published", 401],
        ["learner", "draft", 404],
        ["learner", "published", 403],
        ["instructor", "draft", 404],
        ["instructor", "published", 403],
      ];

      it.each(refusals)("%s on the owner's %s deck: refused (%i), database unchanged", async (caller, which, status) => {
        const who = caller === "nobody" ? null : users[caller as "learner" | "instructor"];
        const before = await snapshot();
        const results: Record<string, number> = {};
        const expected: Record<string, number> = {};
        for (const [name, send] of Object.entries(calls(which === "draft" ? draft : published))) {
          as(who);
          const res = await send();
          results[name] = res.status;
          expected[name] = status;
          const body = (await res.json()) as { error?: string; notes?: unknown };
          expect(body.error, name).toBeTruthy();
          expect(body.notes, name).toBeUndefined();
        }
        expect(results).toEqual(expected);
        expect(await snapshot()).toBe(before);
      });

      it("nobody signed in cannot import a deck export as a new deck (401)", async () => {
        const before = await snapshot();
        as(null);
        expect((await call(jsonRoute.POST, "POST", "/api/decks/import/json", {}, exported, "application/json")).status).toBe(401);
        expect(await snapshot()).toBe(before);
      });

      it("a learner imports an export as a new deck of their own", async () => {
        as(users.learner);
        const res = await call(jsonRoute.POST, "POST", "/api/decks/import/json", {}, exported, "application/json");
        expect(res.status, await res.clone().text()).toBe(200);
        const { deckId } = (await res.json()) as { deckId: string };
        expect(await h.db.deck.findUniqueOrThrow({ where: { id: deckId } })).toMatchObject({ ownerId: users.learner.id, published: false });
      });

      it("the owner may use every one of them", async () => {
        for (const [name, send] of Object.entries(calls(published))) {
          as(users.owner);
          const res = await send();
          expect(res.status, `${name}: ${await res.clone().text()}`).toBe(200);
        }
      });
    });
  });
});
