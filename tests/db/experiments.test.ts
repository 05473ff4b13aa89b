// Authors' own experiments (issue #10, "Backing a card with evidence") through the real boundary, the
// real access rules and a real database, on SQLite and PostgreSQL: pre-register, record (the server
// recomputes the verdict; tampered recordings are refused and change nothing), revise on fresh seeds,
// attach to a note's cards, and read back for the why view. Then who may do what: owner, another
// instructor, a learner, nobody. Only the session is stubbed (who is signed in).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../../lib/db/client.ts";
import { createDeck } from "../../lib/decks/authoring.ts";
import { createNote } from "../../lib/notes/data.ts";
import type { PublicUser } from "../../lib/users/data.ts";
import { definitionOf } from "../../experiments/custom/definition.ts";
import type { CustomDesign } from "../../experiments/custom/design.ts";
import { loadExperiment, whyRecording } from "../../lib/experiments/data.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";

vi.mock("../../lib/auth/session.ts", () => ({ currentUser: vi.fn() }));
const { currentUser } = await import("../../lib/auth/session.ts");
const signedIn = vi.mocked(currentUser);

const listRoute = await import("../../app/api/experiments/route.ts");
const detailRoute = await import("../../app/api/experiments/[experimentId]/route.ts");
const versionsRoute = await import("../../app/api/experiments/[experimentId]/versions/route.ts");
const recordingRoute = await import("../../app/api/experiments/[experimentId]/recording/route.ts");
const attachRoute = await import("../../app/api/notes/[noteId]/experiment/route.ts");
const exportRoute = await import("../../app/api/decks/[deckId]/export/route.ts");
const importRoute = await import("../../app/api/decks/import/json/route.ts");

const SITE = "http://localhost:3000";
type Handler = (req: Request, ctx: { params?: Promise<Record<string, string>> }) => Promise<Response>;
function call(handler: Handler, method: string, url: string, params: Record<string, string>, body?: unknown): Promise<Response> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    init.headers = { "content-type": "application/json" };
  }
  return handler(new Request(`${SITE}${url}`, init), { params: Promise.resolve(params) });
}

const variant = (label: string, lr: number) => ({ label, channels: [4, 8, 8, 8], firstKernel: 3, batchNorm: false, lr, schedule: "constant", bs: 64, steps: 20 });
const DESIGN: CustomDesign = {
  claim: "A learning rate of 0.01 beats 0.001 on this small CNN.",
  variants: [variant("lr 0.01", 0.01), variant("lr 0.001", 0.001)] as CustomDesign["variants"],
  firstSeed: 11,
  seedCount: 3,
  rule: { template: "beats", a: "a", b: "b", metric: "validAcc", margin: 1 },
};

/** The runs a browser would send for DESIGN (A clearly better: supported). */
function submission(sha256: string, version = 1, firstSeed = 11) {
  const runs = [0, 1, 2].flatMap((i) =>
    (["a", "b"] as const).map((v) => ({
      variantId: v, seed: firstSeed + i, steps: 20,
      final: v === "a" ? { validAcc: 0.9 + i / 100, validLoss: 0.4, trainLoss: 0.35 } : { validAcc: 0.8 + i / 200, validLoss: 0.7, trainLoss: 0.65 },
      trainLossCurve: Array.from({ length: 20 }, (_, k) => 2.3 - k / 20), metrics: { macs: 12345 }, majorityShare: 0.1135, collapsed: false,
    })),
  );
  return {
    version, sha256, runs, verdict: "supported",
    environment: { backend: "webgl", tfjsVersion: "4.22.0", userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile/15E148 Safari/604.1", wallMs: 4321 },
  };
}

describe.each(testDatabases())("author experiments on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "pre-register, record, revise, attach; and who may" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);
    const users = {} as Record<"owner" | "instructor" | "learner", PublicUser>;
    let deckId: string;
    let noteId: string;
    let otherNoteId: string;

    const as = (who: PublicUser | null) => signedIn.mockResolvedValue(who);
    const snapshot = async () =>
      JSON.stringify({
        experiments: await h.db.experiment.findMany({ orderBy: { id: "asc" } }),
        versions: await h.db.experimentVersion.findMany({ orderBy: [{ experimentId: "asc" }, { version: "asc" }] }),
        notes: await h.db.note.findMany({ orderBy: { id: "asc" }, select: { id: true, experimentId: true } }),
        cards: await h.db.card.findMany({ orderBy: { id: "asc" }, select: { id: true, experimentId: true } }),
      });

    beforeAll(async () => {
      (globalThis as unknown as { proofdeckDb?: Db }).proofdeckDb = h.db;
      for (const [key, role] of [["owner", "INSTRUCTOR"], ["instructor", "INSTRUCTOR"], ["learner", "LEARNER"]] as const)
        users[key] = await h.db.user.create({
          data: { email: `${key}-xp-${target.provider}@example.com`, name: key === "owner" ? "Ada Owner" : key, passwordHash: "unused", role },
          select: { id: true, email: true, name: true, role: true, timeZone: true, dayRolloverHour: true, sessionVersion: true },
        });
      deckId = (await createDeck(h.db, users.owner, { title: "CNN intuitions" })).id;
      noteId = (await createNote(h.db, deckId, { type: "REVERSED", front: "Higher LR?", back: "Faster, up to a point" })).note.id;
      const otherDeck = (await createDeck(h.db, users.instructor, { title: "Theirs" })).id;
      otherNoteId = (await createNote(h.db, otherDeck, { type: "BASIC", front: "Q", back: "A" })).note.id;
    });
    afterAll(() => {
      delete (globalThis as unknown as { proofdeckDb?: Db }).proofdeckDb;
    });
    beforeEach(() => signedIn.mockReset());

    let id: string;
    let sha256: string;

    it("an author pre-registers a design: frozen at once, with a hash, listed as not recorded", async () => {
      as(users.owner);
      const res = await call(listRoute.POST, "POST", "/api/experiments", {}, DESIGN);
      expect(res.status).toBe(200);
      ({ id, sha256 } = (await res.json()) as { id: string; sha256: string });
      expect(id).toMatch(/^custom-[0-9a-f]{24}$/);
      expect(sha256).toMatch(/^[0-9a-f]{64}$/);
      const list = (await (await call(listRoute.GET, "GET", "/api/experiments", {})).json()) as Array<{ id: string; verdict: string | null }>;
      expect(list).toEqual([expect.objectContaining({ id, verdict: null, version: 1 })]);
      // Out of bounds: refused with the field named, nothing saved.
      const before = await snapshot();
      const bad = await call(listRoute.POST, "POST", "/api/experiments", {}, { ...DESIGN, variants: [variant("x", 3), variant("y", 0.01)] });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/variants\.0\.lr: Learning rate must be at most 0\.5/);
      expect(await snapshot()).toBe(before);
    });

    it("a tampered recording is refused with a clear message and changes nothing", async () => {
      as(users.owner);
      const before = await snapshot();
      const post = (body: unknown) => call(recordingRoute.POST, "POST", `/api/experiments/${id}/recording`, { experimentId: id }, body);
      const cases: Array<[string, unknown, number, RegExp]> = [
        ["another design's hash", submission("0".repeat(64)), 409, /not made with the pre-registered design/],
        ["a changed configuration (steps)", { ...submission(sha256), runs: submission(sha256).runs.map((r) => ({ ...r, steps: 40 })) }, 422, /trained 40 steps; the pre-registered design says 20/],
        ["seeds that were not pre-registered", { ...submission(sha256), runs: submission(sha256).runs.map((r) => ({ ...r, seed: r.seed + 100 })) }, 422, /not part of the pre-registered design/],
        ["a verdict that does not follow from its runs", { ...submission(sha256), verdict: "contradicted" }, 422, /does not follow from the runs/],
        ["a non-finite number (JSON null)", JSON.stringify(submission(sha256)).replace('"validAcc":0.9,', '"validAcc":null,'), 400, /validAcc/],
        ["an accuracy above 1", { ...submission(sha256), runs: submission(sha256).runs.map((r, i) => (i ? r : { ...r, final: { ...r.final, validAcc: 7 } })) }, 400, /between 0 and 1/],
        ["a version that is not the current one", submission(sha256, 2), 409, /made for version 2; the current version is 1/],
      ];
      for (const [what, body, status, message] of cases) {
        const res = await post(body);
        expect(res.status, what).toBe(status);
        expect(((await res.json()) as { error: string }).error, what).toMatch(message);
      }
      const huge = await post({ ...submission(sha256), environment: { ...submission(sha256).environment, userAgent: "x".repeat(600 * 1024) } });
      expect(huge.status).toBe(413);
      expect(await snapshot()).toBe(before);
    });

    it("the owner's browser recording is stored with the verdict the server computed, once", async () => {
      as(users.owner);
      const res = await call(recordingRoute.POST, "POST", `/api/experiments/${id}/recording`, { experimentId: id }, submission(sha256));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ version: 1, verdict: "supported" });
      const def = definitionOf(DESIGN, { id, version: 1, revisions: [] });
      const e = (await loadExperiment(h.db, id))!;
      expect(e.versions[0]!.recording!.verdict).toEqual(JSON.parse(JSON.stringify(def.decide(e.versions[0]!.recording!.runs))));
      const why = whyRecording(e)!;
      expect(why.recording.provenance).toMatchObject({ where: "browser", backend: "webgl", deviceClass: "phone", browser: "Safari 17 on iOS", recordedBy: "Ada Owner" });
      expect(why.recording.preregistration).toMatchObject({ version: 1, sha256 });
      const again = await call(recordingRoute.POST, "POST", `/api/experiments/${id}/recording`, { experimentId: id }, submission(sha256));
      expect(again.status).toBe(409);
      expect(((await again.json()) as { error: string }).error).toMatch(/already has its recording/);
    });

    it("a revision is a new version on fresh seeds, marked as made after seeing the results; learners see the recorded one until it is recorded", async () => {
      as(users.owner);
      const revise = (firstSeed: number) =>
        call(versionsRoute.POST, "POST", `/api/experiments/${id}/versions`, { experimentId: id }, { design: { ...DESIGN, firstSeed, rule: { ...DESIGN.rule, margin: 2 } }, change: "margin 1 → 2 pp", because: "1 pp is within seed noise" });
      const reused = await revise(12);
      expect(reused.status).toBe(400);
      expect(((await reused.json()) as { error: string }).error).toMatch(/fresh seeds: 12, 13 were used by an earlier version\. Start from seed 14/);
      const res = await revise(14);
      expect(res.status).toBe(200);
      const v2 = (await res.json()) as { version: number; sha256: string; afterSeeingResults: boolean };
      expect(v2).toMatchObject({ version: 2, afterSeeingResults: true });
      let why = whyRecording((await loadExperiment(h.db, id))!)!;
      expect(why.recording.version).toBe(1);
      expect(why.pending?.version).toBe(2);
      expect((await call(recordingRoute.POST, "POST", `/api/experiments/${id}/recording`, { experimentId: id }, submission(v2.sha256, 2, 14))).status).toBe(200);
      why = whyRecording((await loadExperiment(h.db, id))!)!;
      expect(why.recording.version).toBe(2);
      expect(why.history.map((x) => x.version)).toEqual([1]);
      expect(why.recording.config.revisions).toEqual([expect.objectContaining({ version: 2, afterSeeingResults: true, because: "1 pp is within seed noise" })]);
    });

    it("the owner backs a note's cards with it (or a registry experiment), and detaches it", async () => {
      as(users.owner);
      const put = (experimentId: string | null) => call(attachRoute.PUT, "PUT", `/api/notes/${noteId}/experiment`, { noteId }, { experimentId });
      expect((await put(id)).status).toBe(200);
      const cards = await h.db.card.findMany({ where: { noteId }, select: { experimentId: true } });
      expect(cards).toEqual([{ experimentId: id }, { experimentId: id }]);
      expect((await put("ch13-batch-size")).status).toBe(200);
      expect((await put("ch13-no-such-thing")).status).toBe(400);
      expect((await put(null)).status).toBe(200);
      expect(await h.db.card.findMany({ where: { noteId, experimentId: { not: null } } })).toEqual([]);
      expect((await put(id)).status).toBe(200);
    });

    it("a deck export carries it with every version and recording, and imports back identically; tampering refuses the whole import", async () => {
      as(users.owner);
      const exported = async (deck: string) => (await (await call(exportRoute.GET, "GET", `/api/decks/${deck}/export`, { deckId: deck })).json()) as {
        notes: Array<{ experimentId: string | null }>;
        experiments: Array<{ id: string; versions?: Array<{ sha256: string; design: CustomDesign; recording: { verdict: { verdict: string } } | null }> }>;
      };
      const first = await exported(deckId);
      expect(first.notes.map((n) => n.experimentId)).toEqual([id]);
      expect(first.experiments).toHaveLength(1);
      expect(first.experiments[0]!.versions!.map((v) => v.recording?.verdict.verdict)).toEqual(["supported", "supported"]);
      const importAs = (who: PublicUser, file: unknown) => {
        as(who);
        return call(importRoute.POST, "POST", "/api/decks/import/json", {}, file);
      };

      // The owner's copy reuses their experiment: the export of the copy is the same export.
      const mine = await importAs(users.owner, first);
      expect(mine.status, await mine.clone().text()).toBe(200);
      const copy = ((await mine.json()) as { deckId: string }).deckId;
      as(users.owner);
      const again = await exported(copy);
      const comparable = (e: object) => ({ ...e, exportedAt: undefined, deck: undefined });
      expect(comparable(again)).toEqual(comparable(first));

      // Another author gets an experiment of their own: a new id, the same frozen versions and verdicts.
      const theirs = await importAs(users.instructor, first);
      expect(theirs.status, await theirs.clone().text()).toBe(200);
      const theirDeck = ((await theirs.json()) as { deckId: string }).deckId;
      const theirNote = await h.db.note.findFirstOrThrow({ where: { deckId: theirDeck } });
      expect(theirNote.experimentId).toMatch(/^custom-/);
      expect(theirNote.experimentId).not.toBe(id);
      const copied = (await loadExperiment(h.db, theirNote.experimentId!))!;
      expect(copied.ownerId).toBe(users.instructor.id);
      expect(copied.versions.map((v) => v.sha256)).toEqual(first.experiments[0]!.versions!.map((v) => v.sha256));

      // Tampered: a design changed after freezing, runs of another design, a verdict that does not follow.
      const before = await snapshot();
      const decks = await h.db.deck.count();
      const tampered = (edit: (v: NonNullable<(typeof first)["experiments"][number]["versions"]>) => void) => {
        const file = structuredClone(first);
        edit(file.experiments[0]!.versions!);
        return importAs(users.learner, file);
      };
      const cases: Array<[string, Promise<Response>, RegExp]> = [
        ["a changed design", tampered((v) => (v[0]!.design.claim = "Something the runs never tested at all.")), /does not match its pre-registration hash/],
        ["a changed verdict", tampered((v) => (v[1]!.recording!.verdict.verdict = "contradicted")), /does not follow from the runs/],
        ["a changed configuration", tampered((v) => ((v[0]!.recording as unknown as { runs: Array<{ steps: number }> }).runs[0]!.steps = 99)), /trained 99 steps/],
      ];
      for (const [what, res, message] of cases) {
        const r = await res;
        expect(r.status, what).toBe(400);
        expect(((await r.json()) as { error: string }).error, what).toMatch(message);
      }
      expect(await snapshot()).toBe(before);
      expect(await h.db.deck.count()).toBe(decks);

      // Citing someone else's experiment by id, without it: imported without it, and said so.
      const bare = { ...structuredClone(first), experiments: [] };
      const res = await importAs(users.learner, bare);
      expect(res.status).toBe(200);
      const report = (await res.json()) as { deckId: string; skipped: Array<{ item: string; reason: string }> };
      expect(report.skipped).toEqual([{ item: id, reason: expect.stringMatching(/not in the file and is not yours/) }]);
      expect((await h.db.note.findFirstOrThrow({ where: { deckId: report.deckId } })).experimentId).toBeNull();
    });

    it("nobody else reads, changes, records or attaches it: 401 signed out, 404 for everyone else; the database unchanged", async () => {
      const e = (await loadExperiment(h.db, id))!;
      const sha = e.versions[e.versions.length - 1]!.sha256;
      const calls = {
        "GET /api/experiments/[id]": () => call(detailRoute.GET, "GET", `/api/experiments/${id}`, { experimentId: id }),
        "POST /api/experiments/[id]/versions": () =>
          call(versionsRoute.POST, "POST", `/api/experiments/${id}/versions`, { experimentId: id }, { design: { ...DESIGN, firstSeed: 500 }, change: "taken over", because: "mine now" }),
        "POST /api/experiments/[id]/recording": () => call(recordingRoute.POST, "POST", `/api/experiments/${id}/recording`, { experimentId: id }, submission(sha, 3, 500)),
        "PUT /api/notes/[theirNote]/experiment (the owner's experiment)": () =>
          call(attachRoute.PUT, "PUT", `/api/notes/${otherNoteId}/experiment`, { noteId: otherNoteId }, { experimentId: id }),
        "PUT /api/notes/[ownersNote]/experiment": () => call(attachRoute.PUT, "PUT", `/api/notes/${noteId}/experiment`, { noteId }, { experimentId: null }),
      } satisfies Record<string, () => Promise<Response>>;
      const expected: Record<string, Record<string, number>> = {
        nobody: Object.fromEntries(Object.keys(calls).map((k) => [k, 401])),
        // Neither may know the experiment (or the owner's draft deck) exists.
        learner: Object.fromEntries(Object.keys(calls).map((k) => [k, 404])),
        instructor: Object.fromEntries(Object.keys(calls).map((k) => [k, 404])),
      };
      const before = await snapshot();
      for (const who of ["nobody", "learner", "instructor"] as const) {
        const results: Record<string, number> = {};
        for (const [name, send] of Object.entries(calls)) {
          as(who === "nobody" ? null : users[who]);
          const res = await send();
          results[name] = res.status;
          expect(((await res.json()) as { error?: string }).error, `${who} ${name}`).toBeTruthy();
        }
        expect(results, who).toEqual(expected[who]);
      }
      as(null);
      expect((await call(listRoute.GET, "GET", "/api/experiments", {})).status).toBe(401);
      expect((await call(listRoute.POST, "POST", "/api/experiments", {}, DESIGN)).status).toBe(401);
      // Another author's list does not show it (only their own imported copy).
      as(users.instructor);
      const theirs = (await (await call(listRoute.GET, "GET", "/api/experiments", {})).json()) as Array<{ id: string }>;
      expect(theirs.length).toBe(1);
      expect(theirs.map((x) => x.id)).not.toContain(id);
      expect(await snapshot()).toBe(before);
      // Malformed and unknown ids.
      as(users.owner);
      expect((await call(detailRoute.GET, "GET", "/api/experiments/x", { experimentId: "../x" })).status).toBe(400);
      expect((await call(detailRoute.GET, "GET", "/api/experiments/custom-00000000", { experimentId: "custom-00000000" })).status).toBe(404);
    });
  });
});
