// Learners' replications (issue #14) through the real boundary, access rules and database, on SQLite and
// PostgreSQL: a live run contributed from a card's why view is checked against the frozen definition and
// judged by the server; tampered runs are refused with a clear message and change nothing; contributions
// are limited per learner; the experiment's author (an administrator for the registry's) may hide a run,
// which leaves the tally but stays counted. Only the session is stubbed (who is signed in).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../../lib/db/client.ts";
import { createDeck, setDeckPublished } from "../../lib/decks/authoring.ts";
import { createNote, setNoteExperiment } from "../../lib/notes/data.ts";
import type { PublicUser } from "../../lib/users/data.ts";
import { TRAIN_IMAGES, resolveBudget } from "../../experiments/registry/budget.ts";
import { experimentById } from "../../experiments/registry/index.ts";
import { recordingFor } from "../../experiments/recordings/all.ts";
import { replicationTally } from "../../lib/replications/data.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";

vi.mock("../../lib/auth/session.ts", () => ({ currentUser: vi.fn() }));
const { currentUser } = await import("../../lib/auth/session.ts");
const signedIn = vi.mocked(currentUser);
const contributeRoute = await import("../../app/api/replications/route.ts");
const hideRoute = await import("../../app/api/replications/[replicationId]/route.ts");

const SITE = "http://localhost:3000";
type Handler = (req: Request, ctx: { params?: Promise<Record<string, string>> }) => Promise<Response>;
const call = (handler: Handler, method: string, url: string, params: Record<string, string>, body: unknown) =>
  handler(new Request(`${SITE}${url}`, { method, body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json" } }), { params: Promise.resolve(params) });

const EXPERIMENT = "ch13-batch-size";
const def = experimentById(EXPERIMENT)!;
const recording = recordingFor(EXPERIMENT)!;

/** A quick-mode run of the registry definition, as the browser sends it (numbers made up, shapes exact). */
function quickRuns() {
  return def.quick.seeds.flatMap((seed) =>
    def.variants.map((v) => ({
      variantId: v.id, seed, steps: resolveBudget(def, v, TRAIN_IMAGES, { mode: "quick" }).maxSteps,
      final: { validLoss: 0.5, validAcc: 0.85, trainLoss: 0.45 }, trainLossCurve: [2.3, 1.2, 0.6], metrics: { macs: 248864 }, majorityShare: 0.1135,
    })),
  );
}

describe.each(testDatabases())("replications on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "contribute, refuse, limit, hide, tally" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);
    const users = {} as Record<"owner" | "learner" | "stranger" | "admin", PublicUser>;
    let cardId: string;
    let draftCardId: string;
    let plainCardId: string;
    const as = (who: PublicUser | null) => signedIn.mockResolvedValue(who);
    const contribute = (body: unknown) => call(contributeRoute.POST, "POST", "/api/replications", {}, body);
    const good = () => ({
      cardId, experimentId: EXPERIMENT, version: recording.version, mode: "quick", runs: quickRuns(),
      environment: { backend: "wasm", tfjsVersion: "4.22.0", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36", wallMs: 900 },
    });
    const rows = () => h.db.replication.findMany({ orderBy: { createdAt: "asc" } });

    beforeAll(async () => {
      (globalThis as unknown as { proofdeckDb?: Db }).proofdeckDb = h.db;
      for (const [key, role] of [["owner", "INSTRUCTOR"], ["learner", "LEARNER"], ["stranger", "LEARNER"], ["admin", "ADMIN"]] as const)
        users[key] = await h.db.user.create({
          data: { email: `${key}-rep-${target.provider}@example.com`, name: key, passwordHash: "unused", role },
          select: { id: true, email: true, name: true, role: true, timeZone: true, dayRolloverHour: true, sessionVersion: true },
        });
      const deck = (await createDeck(h.db, users.owner, { title: "Batch sizes" })).id;
      await setDeckPublished(h.db, deck, true);
      const note = await createNote(h.db, deck, { type: "BASIC", front: "Bigger batches?", back: "Less gradient noise" });
      await setNoteExperiment(h.db, note.note.id, EXPERIMENT);
      cardId = note.cards[0]!.id;
      plainCardId = (await createNote(h.db, deck, { type: "BASIC", front: "No evidence", back: "none" })).cards[0]!.id;
      const draft = (await createDeck(h.db, users.owner, { title: "Draft" })).id;
      const hidden = await createNote(h.db, draft, { type: "BASIC", front: "Draft card", back: "x" });
      await setNoteExperiment(h.db, hidden.note.id, EXPERIMENT);
      draftCardId = hidden.cards[0]!.id;
    });
    afterAll(() => {
      delete (globalThis as unknown as { proofdeckDb?: Db }).proofdeckDb;
    });
    beforeEach(() => signedIn.mockReset());

    it("refuses tampered or misplaced runs with a clear message, and stores nothing", async () => {
      const cases: Array<[string, PublicUser | null, unknown, number, RegExp]> = [
        ["signed out", null, good(), 401, /signed out/],
        ["a card on a deck they may not see", users.learner, { ...good(), cardId: draftCardId }, 404, /does not exist/],
        ["a card whose answer rests on no experiment", users.learner, { ...good(), cardId: plainCardId }, 400, /does not rest on this experiment/],
        ["a changed configuration (steps)", users.learner, { ...good(), runs: quickRuns().map((r) => ({ ...r, steps: r.steps + 1 })) }, 422, /the pre-registered design says/],
        ["full-mode seeds sent as quick mode", users.learner, { ...good(), runs: quickRuns().map((r) => ({ ...r, seed: 99 })) }, 422, /not part of the pre-registered design/],
        ["a non-finite number", users.learner, JSON.stringify(good()).replace('"validLoss":0.5', '"validLoss":null'), 400, /validLoss/],
        ["a verdict that does not follow from its runs", users.learner, { ...good(), verdict: "supported" }, 422, /does not follow from the runs/],
        ["an old version", users.learner, { ...good(), version: recording.version + 1 }, 409, /Reload the page and run it again/],
        ["per-layer series (not part of a replication)", users.learner, { ...good(), runs: quickRuns().map((r) => ({ ...r, layerStats: [] })) }, 400, /Unrecognized key/],
      ];
      for (const [what, who, body, status, message] of cases) {
        as(who);
        const res = await contribute(body);
        expect(res.status, what).toBe(status);
        expect(((await res.json()) as { error: string }).error, what).toMatch(message);
      }
      expect(await rows()).toEqual([]);
    });

    it("a learner contributes a run: judged by the server, set against the recording, limited per day", async () => {
      as(users.learner);
      const res = await contribute(good());
      expect(res.status, await res.clone().text()).toBe(200);
      const body = (await res.json()) as { verdict: string; agrees: boolean };
      const expected = def.decide(quickRuns().map((r) => ({ ...r, collapsed: false }))).verdict;
      expect(body.verdict).toBe(expected);
      expect(body.agrees).toBe(expected === recording.verdict.verdict);
      const [stored] = await rows();
      expect(stored).toMatchObject({ userId: users.learner.id, mode: "quick", backend: "wasm", deviceClass: "desktop", browser: "Chrome 131 on Linux", experimentVersion: recording.version });
      expect((await contribute(good())).status).toBe(200);
      expect((await contribute(good())).status).toBe(200);
      const fourth = await contribute(good());
      expect(fourth.status).toBe(429);
      expect(((await fourth.json()) as { error: string }).error).toMatch(/in the last 24 hours/);
      expect(await rows()).toHaveLength(3);
      const { tally } = await replicationTally(h.db, EXPERIMENT, recording.version, recording.verdict.numbers);
      expect(tally).toMatchObject({ runs: 3, hidden: 0, quick: { runs: 3, agree: body.agrees ? 3 : 0 } });
    });

    it("only an administrator hides a registry experiment's run; hidden runs are counted apart", async () => {
      const [first] = await rows();
      const hide = (hidden: boolean) => call(hideRoute.PATCH, "PATCH", `/api/replications/${first!.id}`, { replicationId: first!.id }, { hidden });
      for (const who of [users.learner, users.owner, users.stranger]) {
        as(who);
        expect((await hide(true)).status).toBe(404);
      }
      as(null);
      expect((await hide(true)).status).toBe(401);
      expect((await rows()).every((r) => r.hiddenAt === null)).toBe(true);
      as(users.admin);
      expect((await hide(true)).status).toBe(200);
      const { tally } = await replicationTally(h.db, EXPERIMENT, recording.version, recording.verdict.numbers);
      expect(tally).toMatchObject({ runs: 2, hidden: 1 });
      expect((await hide(false)).status).toBe(200);
    });
  });
});
