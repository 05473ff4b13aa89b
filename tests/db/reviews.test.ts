// Daily review against a real database (SQLite file and PostgreSQL): the queue a learner
// sees, grading with idempotent review ids and optimistic versions, undo, bury/suspend,
// access, and study days in the learner's time zone.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client.ts";
import { enrol } from "../../lib/decks/data.ts";
import { seedDemo } from "../../lib/decks/seed.ts";
import { DomainError } from "../../lib/errors.ts";
import { changeCard, cardFlags, grade, sessionView, studyDay, undoLast, type GradeResult, type Learner } from "../../lib/reviews/data.ts";
import { gradeInputSchema, type GradeInput } from "../../lib/reviews/validation.ts";
import { localDayNumber } from "../../lib/srs/day.ts";
import { previewGrades } from "../../lib/srs/preview.ts";
import { NEW_CARD } from "../../lib/srs/sm2.ts";
import { DEMO_LEARNER } from "../../lib/users/demo.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";
import { domainError as reviewError } from "../support/errors.ts";

const NOW = new Date("2026-03-10T12:00:00Z");
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const TODAY = localDayNumber(NOW, "UTC", 4);
/** Day number of an ISO calendar date. */
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;

/** A clock for one test: each call to tick() is a little later, days() jumps ahead. */
function clock(start = NOW) {
  let ms = start.getTime();
  return {
    tick: (minutes = 1) => new Date((ms += minutes * MINUTE)),
    days: (n = 1) => new Date((ms += n * DAY)),
    get now() {
      return new Date(ms);
    },
  };
}


type Grader = (who: Learner, input: GradeInput, when: Date) => Promise<Pick<GradeResult, "status" | "review">>;
interface Instance {
  grade: Grader;
  close(): Promise<void>;
}

const CLIENT_TS = fileURLToPath(new URL("../../lib/db/client.ts", import.meta.url));
const DATA_TS = fileURLToPath(new URL("../../lib/reviews/data.ts", import.meta.url));
// A second app process: grades the requests it reads from stdin (one JSON line each) and
// answers each with one JSON line, a result or the error it threw.
const WORKER = `
const { createDb } = require(${JSON.stringify(CLIENT_TS)});
const { grade } = require(${JSON.stringify(DATA_TS)});
const db = createDb(process.argv[1]);
db.user.count().then(() => process.stdout.write("ready\\n"));
require("node:readline").createInterface({ input: process.stdin })
  .on("line", async (line) => {
    const { id, who, input, when } = JSON.parse(line);
    let out;
    try {
      const r = await grade(db, who, input, new Date(when));
      out = { id, result: { status: r.status, review: r.review } };
    } catch (e) {
      out = { id, error: { name: e.name, status: e.status, message: e.message, details: e.details, code: e.code } };
    }
    process.stdout.write(JSON.stringify(out) + "\\n");
  })
  .on("close", () => db.$disconnect().then(() => process.exit(0)));
`;

/**
 * Another app instance on the same database. On PostgreSQL: a second Prisma client in
 * this process. On SQLite: a second process, as two instances on one SQLite file would
 * be; in one process two better-sqlite3 connections cannot wait for each other (the busy
 * wait blocks the only thread, so the holder of the lock never gets to commit).
 */
async function secondInstance(provider: string, url: string): Promise<Instance> {
  if (provider !== "sqlite") {
    const db = createDb(url);
    return { grade: (who, input, when) => grade(db, who, input, when), close: () => db.$disconnect() };
  }
  const child = spawn(process.execPath, ["--import", "tsx", "-e", WORKER, url], { cwd: process.cwd(), stdio: ["pipe", "pipe", "pipe"] });
  const pending = new Map<number, { resolve: (v: Pick<GradeResult, "status" | "review">) => void; reject: (e: unknown) => void }>();
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  let buffered = "";
  let markReady: () => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    child.on("exit", (code) => {
      const err = new Error(`second instance exited (${code}): ${stderr}`);
      reject(err);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
  });
  child.stdout.on("data", (d) => {
    buffered += d;
    let nl: number;
    while ((nl = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line === "ready") {
        markReady();
        continue;
      }
      const msg = JSON.parse(line) as { id: number; result?: Pick<GradeResult, "status" | "review">; error?: { name: string; status: 409; message: string; details?: Record<string, unknown>; code?: string } };
      const p = pending.get(msg.id)!;
      pending.delete(msg.id);
      if (msg.result) p.resolve(msg.result);
      else if (msg.error?.name === "DomainError") p.reject(new DomainError(msg.error.status, msg.error.message, msg.error.details));
      else p.reject(Object.assign(new Error(`${msg.error?.name} ${msg.error?.code ?? ""}: ${msg.error?.message}`), { code: msg.error?.code }));
    }
  });
  await ready;
  let next = 0;
  return {
    grade: (who, input, when) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        pending.set(id, { resolve, reject });
        child.stdin.write(`${JSON.stringify({ id, who, input, when: when.toISOString() })}\n`);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        child.on("exit", () => resolve());
        child.stdin.end();
      }),
  };
}

describe("gradeInputSchema", () => {
  const ok = { reviewId: "0b5f3c1e-8a1d-4c63-9d1b-3f2a7c6e9b10", cardId: "cm1abc", grade: 4, durationMs: 5300, expectedVersion: 0 };
  const problems = (input: unknown) => {
    const r = gradeInputSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  };

  it("accepts a well-formed answer", () => {
    expect(gradeInputSchema.parse(ok)).toEqual(ok);
  });

  it.each([
    ["grade 6", { ...ok, grade: 6 }, "grade", "grade must be from 0 to 5."],
    ["grade -1", { ...ok, grade: -1 }, "grade", "grade must be from 0 to 5."],
    ["grade 2.5", { ...ok, grade: 2.5 }, "grade", "grade must be a whole number from 0 to 5."],
    ['grade "4"', { ...ok, grade: "4" }, "grade", "grade must be a number."],
    ["a missing reviewId", { ...ok, reviewId: undefined }, "reviewId", "reviewId must be a UUID made by the client for this answer."],
    ["a reviewId that is not a UUID", { ...ok, reviewId: "answer-1" }, "reviewId", "reviewId must be a UUID made by the client for this answer."],
    ["a negative duration", { ...ok, durationMs: -5 }, "durationMs", "durationMs cannot be negative."],
    ["a duration over a day", { ...ok, durationMs: DAY + 1 }, "durationMs", "durationMs is longer than a day."],
    ["a negative expectedVersion", { ...ok, expectedVersion: -1 }, "expectedVersion", "expectedVersion cannot be negative."],
    ["a fractional expectedVersion", { ...ok, expectedVersion: 1.5 }, "expectedVersion", "expectedVersion must be a whole number."],
  ])("rejects %s with a message naming the field", (_name, input, path, message) => {
    expect(problems(input)).toEqual([{ path, message }]);
  });
});

describe.each(testDatabases())("daily review on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "with the demo deck" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);
    let deckId: string;
    /** The deck's cards in position order. */
    let cards: { id: string; position: number }[];
    let learner: Learner;
    let made = 0;

    beforeAll(async () => {
      await seedDemo(h.db);
      const user = await h.db.user.findUniqueOrThrow({ where: { email: DEMO_LEARNER.email } });
      learner = { id: user.id, role: user.role, timeZone: user.timeZone, dayRolloverHour: user.dayRolloverHour };
      const deck = await h.db.deck.findFirstOrThrow({ include: { cards: { orderBy: { position: "asc" }, select: { id: true, position: true } } } });
      deckId = deck.id;
      cards = deck.cards;
    });

    afterEach(async () => {
      // Tests that change the deck's limits put them back even when they fail.
      await h.db.deck.update({ where: { id: deckId }, data: { newCardsPerDay: 20, reviewsPerDay: 200 } });
    });

    /** A new learner enrolled in the demo deck (or not), so each test starts from scratch. */
    async function newLearner(opts: { timeZone?: string; enrolled?: boolean } = {}): Promise<Learner> {
      const user = await h.db.user.create({
        data: { email: `learner${++made}@example.com`, name: `Learner ${made}`, passwordHash: "not-used", timeZone: opts.timeZone ?? "UTC" },
      });
      if (opts.enrolled !== false) await enrol(h.db, deckId, user);
      return { id: user.id, role: user.role, timeZone: user.timeZone, dayRolloverHour: user.dayRolloverHour };
    }

    const stateOf = (who: Learner, cardId: string) => h.db.cardState.findUnique({ where: { userId_cardId: { userId: who.id, cardId } } });
    const logOf = (who: Learner, cardId?: string) =>
      h.db.reviewLog.findMany({ where: { userId: who.id, ...(cardId ? { cardId } : {}) }, orderBy: [{ answeredAt: "asc" }, { createdAt: "asc" }] });

    /** Grades a card from its stored version (an up-to-date screen) unless told otherwise. */
    async function answer(who: Learner, cardId: string, q: number, when: Date, opts: { reviewId?: string; expectedVersion?: number; studyAhead?: boolean } = {}) {
      const expectedVersion = opts.expectedVersion ?? (await stateOf(who, cardId))?.version ?? 0;
      const reviewId = opts.reviewId ?? crypto.randomUUID();
      return grade(h.db, who, { reviewId, cardId, grade: q, durationMs: 4000, expectedVersion, ...(opts.studyAhead ? { studyAhead: true } : {}) }, when);
    }

    /** Grades whatever the session shows next, with the version it shows; returns the card shown and the result. */
    async function answerNext(who: Learner, q: number, when: Date) {
      const view = await sessionView(h.db, who, deckId, when);
      if (!view.next) throw new Error("nothing to review");
      const result = await grade(
        h.db,
        who,
        { reviewId: crypto.randomUUID(), cardId: view.next.cardId, grade: q, durationMs: 4000, expectedVersion: view.next.state.version },
        when,
      );
      return { shown: view.next, result };
    }

    const setLimits = (limits: { newCardsPerDay?: number; reviewsPerDay?: number }) => h.db.deck.update({ where: { id: deckId }, data: limits });

    // -------------------------------------------------------------------------------
    describe("sessionView", () => {
      it("shows a fresh learner all nine cards as new, card 1 first, with the grade buttons' intervals", async () => {
        const view = await sessionView(h.db, learner, deckId, NOW);
        expect(view.today).toBe(TODAY);
        expect(view.remaining).toEqual({ new: 9, review: 0, repeat: 0, total: 9 });
        expect(view.next).toMatchObject({ cardId: cards[0].id, deckId, kind: "new", position: 1 });
        expect(view.next!.frontHtml.length).toBeGreaterThan(0);
        expect(view.next!.backHtml.length).toBeGreaterThan(0);
        expect(view.next!.state).toEqual({ repetitions: 0, easiness: 2.5, interval: 0, dueDay: null, extraReview: false, lapses: 0, suspended: false, buriedUntilDay: null, version: 0 });
        expect(view.next!.previews).toEqual(previewGrades(NEW_CARD).map((p) => ({ quality: p.quality, label: p.label, dueInDays: p.dueInDays })));
        expect(view.next!.previews.map((p) => p.label)).toEqual(["today", "today", "today", "today", "1 day", "1 day"]);
      });

      it("refuses a learner who is not enrolled (403), and an unknown deck (404)", async () => {
        const outsider = await newLearner({ enrolled: false });
        const err = await reviewError(sessionView(h.db, outsider, deckId, NOW));
        expect(err.status).toBe(403);
        expect(err.message).toBe("Add this deck to your decks to review it.");
        expect((await reviewError(sessionView(h.db, learner, "nosuchdeck", NOW))).status).toBe(404);
      });
    });

    // -------------------------------------------------------------------------------
    describe("grade", () => {
      it("records the answer with the client's review id and the state before and after, and moves on to the next card", async () => {
        const who = await newLearner();
        const reviewId = crypto.randomUUID();
        const card = cards[0].id;
        const r = await answer(who, card, 4, NOW, { reviewId });
        expect(r.status).toBe("recorded");
        expect(r.review).toEqual({
          id: reviewId,
          cardId: card,
          grade: 4,
          state: { repetitions: 1, easiness: 2.5, interval: 1, dueDay: TODAY + 1, extraReview: false, lapses: 0 },
        });
        expect(r.today).toBe(TODAY);
        expect(r.remaining).toEqual({ new: 8, review: 0, repeat: 0, total: 8 });
        expect(r.next).toMatchObject({ cardId: cards[1].id, position: 2, kind: "new" });

        const log = await logOf(who);
        expect(log).toHaveLength(1);
        expect(log[0]).toMatchObject({
          id: reviewId, userId: who.id, cardId: card, deckId, kind: "ANSWER", undoesId: null, grade: 4,
          repetitionsBefore: 0, easinessBefore: 2.5, intervalBefore: 0, dueDayBefore: null, extraReviewBefore: false,
          repetitionsAfter: 1, easinessAfter: 2.5, intervalAfter: 1, dueDayAfter: TODAY + 1, extraReviewAfter: false,
          answeredAt: NOW, reviewDay: TODAY, durationMs: 4000,
        });
        expect(await stateOf(who, card)).toMatchObject({
          deckId, repetitions: 1, easiness: 2.5, interval: 1, dueDay: TODAY + 1, extraReview: false, lapses: 0,
          lastReviewedAt: NOW, lastReviewDay: TODAY, suspended: false, buriedUntilDay: null, version: 1,
        });
      });

      it("a retry with the same review id is a duplicate: same answer back, nothing written; a different answer under that id is a 409", async () => {
        const who = await newLearner();
        const reviewId = crypto.randomUUID();
        const card = cards[0].id;
        const first = await answer(who, card, 5, NOW, { reviewId, expectedVersion: 0 });
        const stateAfter = await stateOf(who, card);

        const retry = await answer(who, card, 5, new Date(NOW.getTime() + 5000), { reviewId, expectedVersion: 0 });
        expect(retry.status).toBe("duplicate");
        expect(retry.review).toEqual(first.review);
        expect(retry.next?.cardId).toBe(first.next?.cardId);
        expect(retry.remaining).toEqual(first.remaining);
        expect(await logOf(who)).toHaveLength(1);
        expect(await stateOf(who, card)).toEqual(stateAfter);

        for (const changed of [
          () => answer(who, card, 3, NOW, { reviewId, expectedVersion: 0 }),
          () => answer(who, cards[1].id, 5, NOW, { reviewId, expectedVersion: 0 }),
        ]) {
          const err = await reviewError(changed());
          expect(err.status).toBe(409);
          expect(err.message).toBe("That review id was already used for a different answer. Make a new id for each answer.");
        }
        expect(await logOf(who)).toHaveLength(1);
        expect(await stateOf(who, card)).toEqual(stateAfter);
        expect(await stateOf(who, cards[1].id)).toBeNull();
      });

      it("a retry of an answer that made a lapse reports the same lapse count as the original answer", async () => {
        const who = await newLearner();
        const t = clock();
        const card = cards[0].id;
        await answer(who, card, 5, t.tick());
        const reviewId = crypto.randomUUID();
        const first = await answer(who, card, 1, t.days(1), { reviewId });
        expect(first.review.state.lapses).toBe(1);
        const retry = await answer(who, card, 1, t.tick(), { reviewId, expectedVersion: 1 });
        expect(retry.status).toBe("duplicate");
        expect(retry.review).toEqual(first.review);
      });

      it("an answer from a stale screen (old version) is a 409 carrying the card's current state, and writes nothing", async () => {
        const who = await newLearner();
        const t = clock();
        const card = cards[0].id;
        await answer(who, card, 3, t.tick()); // version 1, repeat today
        const before = await stateOf(who, card);
        const logBefore = await logOf(who);

        const staleId = crypto.randomUUID();
        const err = await reviewError(answer(who, card, 5, t.tick(), { expectedVersion: 0, reviewId: staleId }));
        expect(err.status).toBe(409);
        expect(err.message).toBe("This card was answered in another tab or on another device. Its current state is shown.");
        expect(err.details).toEqual({
          state: { repetitions: 1, easiness: 2.36, interval: 1, dueDay: TODAY, extraReview: true, lapses: 0, suspended: false, buriedUntilDay: null, version: 1 },
        });
        expect(await logOf(who)).toEqual(logBefore);
        expect(await stateOf(who, card)).toEqual(before);

        // The refused review id was not used up: resent with the current version it is recorded.
        const resent = await answer(who, card, 5, t.tick(), { expectedVersion: 1, reviewId: staleId });
        expect(resent.status).toBe("recorded");
        expect((await stateOf(who, card))?.version).toBe(2);
      });

      it("refuses an unknown card (404) and a learner not enrolled in the card's deck (403), writing nothing", async () => {
        const outsider = await newLearner({ enrolled: false });
        const err = await reviewError(answer(outsider, cards[0].id, 4, NOW));
        expect(err.status).toBe(403);
        expect((await reviewError(answer(learner, "nosuchcard", 4, NOW))).status).toBe(404);
        expect(await logOf(outsider)).toEqual([]);
        expect(await h.db.cardState.count({ where: { userId: outsider.id } })).toBe(0);
      });

      it("refuses a review id another learner already used (409) and writes nothing for this learner", async () => {
        const a = await newLearner();
        const b = await newLearner();
        const reviewId = crypto.randomUUID();
        await answer(a, cards[0].id, 4, NOW, { reviewId });
        for (const q of [4, 2]) {
          const err = await reviewError(answer(b, cards[0].id, q, NOW, { reviewId }));
          expect(err.status).toBe(409);
        }
        expect(await logOf(b)).toEqual([]);
        expect(await stateOf(b, cards[0].id)).toBeNull();
        expect(await logOf(a)).toHaveLength(1);
      });
    });

    // -------------------------------------------------------------------------------
    describe("grade: only cards due today, unless studying ahead", () => {
      it("refuses a card scheduled for a later day with a 409 and its state, changes nothing, and grades it when asked to study ahead", async () => {
        const who = await newLearner();
        const cardId = cards[0].id;
        await answer(who, cardId, 5, NOW); // due tomorrow
        const before = await stateOf(who, cardId);
        const err = await reviewError(answer(who, cardId, 5, new Date(NOW.getTime() + MINUTE)));
        expect(err).toMatchObject({ status: 409, message: "This card is not due today. Choose to study ahead to review it early." });
        expect(err.details).toMatchObject({ state: { version: before!.version, dueDay: before!.dueDay } });
        expect(await stateOf(who, cardId)).toEqual(before);
        expect(await logOf(who, cardId)).toHaveLength(1);
        const ahead = await answer(who, cardId, 5, new Date(NOW.getTime() + 2 * MINUTE), { studyAhead: true });
        expect(ahead.status).toBe("recorded");
        expect(await logOf(who, cardId)).toHaveLength(2);
      });

      it("twenty 5s through the API: refused after the first without study-ahead; with it, the interval stops at the cap", async () => {
        const who = await newLearner();
        const cardId = cards[1].id;
        await answer(who, cardId, 5, NOW);
        await reviewError(answer(who, cardId, 5, new Date(NOW.getTime() + MINUTE)));
        for (let i = 1; i < 20; i++) await answer(who, cardId, 5, new Date(NOW.getTime() + (i + 1) * MINUTE), { studyAhead: true });
        expect((await stateOf(who, cardId))!.interval).toBe(36_500);
      });
    });

    // -------------------------------------------------------------------------------
    describe("grade: two answers at once", () => {
      /** A second app instance on the same database (see secondInstance). */
      let other: Instance;
      beforeAll(async () => {
        other = await secondInstance(target.provider, h.url);
      });
      afterAll(async () => {
        await other?.close();
      });
      const here: Grader = (who, input, when) => grade(h.db, who, input, when);

      /** Two grades of one card from the same version at once: exactly one is recorded, the other is a 409. */
      async function race(who: Learner, cardId: string, version: number, graders: [Grader, Grader]) {
        const ids = [crypto.randomUUID(), crypto.randomUUID()];
        const grades = [5, 1];
        const when = new Date(NOW.getTime() + version * DAY + MINUTE);
        const results = await Promise.allSettled(
          // studyAhead: these races are about versions; "a day later" can fall on the same study day (DST).
          graders.map((g, i) => g(who, { reviewId: ids[i], cardId, grade: grades[i], durationMs: 1000, expectedVersion: version, studyAhead: true }, when)),
        );
        const won = results.flatMap((r, i) => (r.status === "fulfilled" ? [i] : []));
        const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
        expect(won).toHaveLength(1);
        expect(results[won[0]]).toMatchObject({ status: "fulfilled", value: { status: "recorded" } });
        expect(lost).toHaveLength(1);
        expect(lost[0]).toBeInstanceOf(DomainError); // not a database error (a 500 for the user)
        expect(lost[0]).toMatchObject({ status: 409, message: "This card was answered in another tab or on another device. Its current state is shown." });

        const log = await h.db.reviewLog.findMany({ where: { userId: who.id, cardId, answeredAt: when } });
        expect(log.map((l) => [l.id, l.grade])).toEqual([[ids[won[0]], grades[won[0]]]]);
        const state = await stateOf(who, cardId);
        expect(state).toMatchObject({ version: version + 1, repetitions: log[0].repetitionsAfter, interval: log[0].intervalAfter, lastReviewedAt: when });
      }

      it("two tabs grade the same card from the same version: one is recorded, the other gets a 409 (one client)", async () => {
        const who = await newLearner();
        for (const card of cards.slice(0, 3)) {
          await race(who, card.id, 0, [here, here]); // the card's first answer (no state row yet)
          await race(who, card.id, 1, [here, here]); // a later answer (the row exists)
        }
      });

      it("two app instances grade the same card from the same version: one is recorded, the other gets a 409 (two clients)", async () => {
        const who = await newLearner();
        for (const card of cards.slice(0, 4)) {
          await race(who, card.id, 0, [here, other.grade]);
          await race(who, card.id, 1, [other.grade, here]);
        }
      });

      it("the same answer sent twice at once is recorded once, and both requests succeed", async () => {
        const who = await newLearner();
        for (const [i, graders] of ([[here, here], [here, other.grade], [other.grade, here]] as [Grader, Grader][]).entries()) {
          const cardId = cards[i].id;
          for (const version of [0, 1]) {
            const reviewId = crypto.randomUUID();
            const when = new Date(NOW.getTime() + version * DAY + MINUTE);
            const input = { reviewId, cardId, grade: 5, durationMs: 1000, expectedVersion: version, studyAhead: true };
            const results = await Promise.all(graders.map((g) => g(who, input, when)));
            expect(results.map((r) => r.status).sort()).toEqual(["duplicate", "recorded"]);
            expect(results[0].review).toEqual(results[1].review);
            expect(await h.db.reviewLog.count({ where: { id: reviewId } })).toBe(1);
            expect((await stateOf(who, cardId))?.version).toBe(version + 1);
          }
          expect(await logOf(who, cardId)).toHaveLength(2);
        }
      });

      it("one review id sent at once with two different grades: one is recorded, the other is refused, not reported as recorded", async () => {
        const who = await newLearner();
        for (const [i, graders] of ([[here, here], [here, other.grade]] as [Grader, Grader][]).entries()) {
          const cardId = cards[i].id;
          const reviewId = crypto.randomUUID();
          const results = await Promise.allSettled(
            [5, 1].map((q, j) => graders[j](who, { reviewId, cardId, grade: q, durationMs: 1000, expectedVersion: 0 }, NOW)),
          );
          const recorded = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
          expect(recorded.map((r) => r.status)).toEqual(["recorded"]);
          const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
          expect(refused).toHaveLength(1);
          expect(refused[0]).toMatchObject({ status: 409 });
          expect(await h.db.reviewLog.findMany({ where: { id: reviewId }, select: { grade: true } })).toEqual([{ grade: recorded[0].review.grade }]);
        }
      });
    });

    // -------------------------------------------------------------------------------
    describe("daily limits", () => {
      it("offers no more new cards once new cards/day are started, and the next ones the next study day", async () => {
        await setLimits({ newCardsPerDay: 3 });
        const who = await newLearner();
        const t = clock();
        expect((await sessionView(h.db, who, deckId, t.now)).remaining).toEqual({ new: 3, review: 0, repeat: 0, total: 3 });

        const shown: number[] = [];
        for (const q of [5, 4, 1]) shown.push((await answerNext(who, q, t.tick())).shown.position);
        expect(shown).toEqual([1, 2, 3]);
        // Card 3 was failed: it comes back today, as a repeat, and is still one new card.
        let view = await sessionView(h.db, who, deckId, t.tick());
        expect(view.remaining).toEqual({ new: 0, review: 0, repeat: 1, total: 1 });
        expect(view.next).toMatchObject({ cardId: cards[2].id, kind: "repeat" });
        await answerNext(who, 4, t.tick());
        view = await sessionView(h.db, who, deckId, t.tick(60 * 8)); // 8 pm: still today
        expect(view).toMatchObject({ today: TODAY, next: null, remaining: { new: 0, review: 0, repeat: 0, total: 0 } });

        // 4 AM the next day: the three cards are due, and three more new cards.
        const nextDay = new Date(Date.UTC(2026, 2, 11, 4));
        expect((await sessionView(h.db, who, deckId, new Date(nextDay.getTime() - 1))).remaining.total).toBe(0);
        view = await sessionView(h.db, who, deckId, nextDay);
        expect(view.today).toBe(TODAY + 1);
        expect(view.remaining).toEqual({ new: 3, review: 3, repeat: 0, total: 6 });
        const positions: string[] = [];
        let when = nextDay;
        for (let i = 0; i < 6; i++) {
          const { shown: s } = await answerNext(who, 5, (when = new Date(when.getTime() + MINUTE)));
          positions.push(`${s.kind}:${s.position}`);
        }
        // New cards 4–6 in order, spread among the reviews (R N R N R N).
        expect(positions.filter((p) => p.startsWith("new"))).toEqual(["new:4", "new:5", "new:6"]);
        expect(positions.map((p) => p.split(":")[0])).toEqual(["review", "new", "review", "new", "review", "new"]);
        expect((await sessionView(h.db, who, deckId, when)).next).toBeNull();
      });

      it("caps reviews per day, counting the reviews already done today", async () => {
        const who = await newLearner();
        const t = clock();
        for (let i = 0; i < 9; i++) await answerNext(who, 5, t.tick()); // all nine due tomorrow
        await setLimits({ reviewsPerDay: 4, newCardsPerDay: 0 });

        const day2 = t.days(1);
        expect((await sessionView(h.db, who, deckId, day2)).remaining).toEqual({ new: 0, review: 4, repeat: 0, total: 4 });
        await answerNext(who, 5, t.tick());
        await answerNext(who, 4, t.tick());
        // 9 due, 2 done: 2 left under the cap of 4 (not 4 again).
        expect((await sessionView(h.db, who, deckId, t.tick())).remaining).toEqual({ new: 0, review: 2, repeat: 0, total: 2 });
        // A review failed today comes back today even though the cap is then reached.
        const failed = await answerNext(who, 1, t.tick());
        await answerNext(who, 5, t.tick());
        const view = await sessionView(h.db, who, deckId, t.tick());
        expect(view.remaining).toEqual({ new: 0, review: 0, repeat: 1, total: 1 });
        expect(view.next).toMatchObject({ cardId: failed.shown.cardId, kind: "repeat" });
        await answerNext(who, 5, t.tick());
        expect((await sessionView(h.db, who, deckId, t.tick())).remaining.total).toBe(0);

        // The five left over are still due the next day (overdue), under a fresh cap.
        expect((await sessionView(h.db, who, deckId, t.days(1))).remaining).toEqual({ new: 0, review: 4, repeat: 0, total: 4 });
      });

      it.each([
        [4, 2, "R N R R N R"],
        [8, 1, "R R R R N R R R R"],
        [2, 4, "N R N N R N"],
      ])("over a whole session, %i reviews and %i new cards come spread evenly: %s", async (reviews, fresh, expected) => {
        const who = await newLearner();
        const t = clock();
        await setLimits({ newCardsPerDay: reviews });
        for (let i = 0; i < reviews; i++) await answerNext(who, 5, t.tick()); // due tomorrow
        await setLimits({ newCardsPerDay: fresh });
        t.days(1);
        expect((await sessionView(h.db, who, deckId, t.tick())).remaining).toEqual({ new: fresh, review: reviews, repeat: 0, total: reviews + fresh });
        const seen: string[] = [];
        for (let i = 0; i < reviews + fresh; i++) seen.push((await answerNext(who, 4, t.tick())).shown.kind === "new" ? "N" : "R");
        expect(seen.join(" ")).toBe(expected);
      });
    });

    // -------------------------------------------------------------------------------
    describe("same-day repeats", () => {
      it("a 3 brings the card back after all other cards today; below 4 it stays, 4+ clears it; the next day it is due by its interval", async () => {
        const who = await newLearner();
        const t = clock();
        const hard = await answerNext(who, 3, t.tick());
        expect(hard.shown.position).toBe(1);
        expect(hard.result.review.state).toMatchObject({ repetitions: 1, interval: 1, extraReview: true, dueDay: TODAY });
        expect(hard.result.remaining).toEqual({ new: 8, review: 0, repeat: 1, total: 9 });

        // Card 2 is failed: also back today, after card 1 (the older answer).
        const failed = await answerNext(who, 0, t.tick());
        expect(failed.shown.position).toBe(2);
        for (let i = 0; i < 7; i++) {
          const { shown } = await answerNext(who, 5, t.tick());
          expect(shown).toMatchObject({ kind: "new", position: 3 + i });
        }

        let view = await sessionView(h.db, who, deckId, t.tick());
        expect(view.remaining).toEqual({ new: 0, review: 0, repeat: 2, total: 2 });
        expect(view.next).toMatchObject({ cardId: cards[0].id, kind: "repeat" });
        expect(view.next!.previews.map((p) => p.label)).toEqual(["today", "today", "today", "today", "1 day", "1 day"]);

        // The repeat graded 2 changes nothing and stays owed; card 2's answer is now the
        // older one, so card 2 comes next.
        await answerNext(who, 2, t.tick());
        expect(await stateOf(who, cards[0].id)).toMatchObject({ repetitions: 1, interval: 1, extraReview: true, dueDay: TODAY, lapses: 0 });
        view = await sessionView(h.db, who, deckId, t.tick());
        expect(view.remaining.repeat).toBe(2);
        expect(view.next).toMatchObject({ cardId: cards[1].id, kind: "repeat" });

        // Card 2's next answer is ordinary (n = 1, I = 1); card 1 then cleared with a 4.
        const again = await answerNext(who, 4, t.tick());
        expect(again.result.review.state).toMatchObject({ repetitions: 1, interval: 1, extraReview: false, dueDay: TODAY + 1 });
        const cleared = await answerNext(who, 4, t.tick());
        expect(cleared.shown.cardId).toBe(cards[0].id);
        expect(cleared.result.review.state).toMatchObject({ repetitions: 1, interval: 1, extraReview: false, dueDay: TODAY + 1 });
        expect(cleared.result.review.state.easiness).toBeCloseTo(2.36, 12);
        expect(cleared.result.next).toBeNull();
        expect(cleared.result.remaining.total).toBe(0);

        // Today: nine new cards counted once each, whatever the repeats.
        // The next day: all nine due (I = 1), as reviews, no repeats.
        view = await sessionView(h.db, who, deckId, t.days(1));
        expect(view.remaining).toEqual({ new: 0, review: 9, repeat: 0, total: 9 });
      });

      it("a 3 on a card under review sets its new interval, which counts from the day it is cleared", async () => {
        const who = await newLearner();
        const t = clock();
        const card = cards[0].id;
        await answer(who, card, 5, t.tick()); // n=1, EF 2.6, I=1
        await answer(who, card, 4, t.days(1)); // n=2, I=6
        const day7 = t.days(6);
        const hard = await answer(who, card, 3, day7); // n=3, EF 2.46, I=15, repeat today
        expect(hard.review.state).toMatchObject({ repetitions: 3, interval: 15, extraReview: true, dueDay: TODAY + 7 });
        const view = await sessionView(h.db, who, deckId, t.tick());
        expect(view.remaining.repeat).toBe(1);
        expect(view.next!.cardId).not.toBe(card); // new cards first
        const done = await answer(who, card, 5, t.tick());
        expect(done.review.state).toMatchObject({ repetitions: 3, interval: 15, extraReview: false, dueDay: TODAY + 7 + 15 });
      });
    });

    // -------------------------------------------------------------------------------
    describe("undo", () => {
      const srs = (s: Awaited<ReturnType<typeof stateOf>>) =>
        s && {
          repetitions: s.repetitions, easiness: s.easiness, interval: s.interval, dueDay: s.dueDay, extraReview: s.extraReview, lapses: s.lapses,
          lastReviewedAt: s.lastReviewedAt, lastReviewDay: s.lastReviewDay, suspended: s.suspended, buriedUntilDay: s.buriedUntilDay,
        };

      it("restores the card exactly as before the answer, keeps the answer in the log and adds an UNDO entry pointing at it", async () => {
        const who = await newLearner();
        const t = clock();
        const card = cards[0].id;
        await answer(who, card, 5, t.tick());
        const before = await stateOf(who, card);
        const lapse = await answer(who, card, 1, t.days(1));
        expect(lapse.review.state.lapses).toBe(1);

        const r = await undoLast(h.db, who, deckId, crypto.randomUUID(), t.tick());
        expect(r.undone).toEqual({ reviewId: lapse.review.id, cardId: card });
        // The restored card is shown again first.
        expect(r.next).toMatchObject({ cardId: card, kind: "review", state: { repetitions: 1, lapses: 0, version: 3 } });
        const after = await stateOf(who, card);
        expect(srs(after)).toEqual(srs(before));
        expect(after!.version).toBe(before!.version + 2);

        const log = await logOf(who, card);
        expect(log.map((l) => l.kind)).toEqual(["ANSWER", "ANSWER", "UNDO"]);
        expect(log[1].id).toBe(lapse.review.id);
        expect(log[2]).toMatchObject({
          kind: "UNDO", undoesId: lapse.review.id, grade: null,
          repetitionsBefore: 0, intervalBefore: 0, repetitionsAfter: 1, intervalAfter: 1, dueDayAfter: before!.dueDay,
        });
      });

      it("a lost response then another press (a new undo id, the same answer) undoes that answer once, not the one before", async () => {
        const who = await newLearner();
        const t = clock();
        const a = await answerNext(who, 4, t.tick());
        const b = await answerNext(who, 5, t.tick());
        const first = await undoLast(h.db, who, deckId, crypto.randomUUID(), t.tick(), undefined, { answerId: b.result.review.id });
        expect(first.undone.reviewId).toBe(b.result.review.id);
        expect(first.previousAnswerId).toBe(a.result.review.id);
        // The response was lost; the learner presses Undo again, for the answer their screen still shows.
        const second = await undoLast(h.db, who, deckId, crypto.randomUUID(), t.tick(), undefined, { answerId: b.result.review.id });
        expect(second.undone.reviewId).toBe(b.result.review.id);
        expect((await logOf(who)).map((l) => l.kind)).toEqual(["ANSWER", "ANSWER", "UNDO"]);
        expect(srs(await stateOf(who, cards[0].id))).toMatchObject({ repetitions: 1 }); // a still stands
        // Asking to undo an answer that is no longer the latest changes nothing.
        await answerNext(who, 5, t.tick());
        const stale = await reviewError(undoLast(h.db, who, deckId, crypto.randomUUID(), t.tick(), undefined, { answerId: a.result.review.id }));
        expect(stale).toMatchObject({ status: 409, message: "That answer is no longer the latest one; nothing was undone." });
      });

      it("the same undo sent twice at once is applied once, and both requests succeed", async () => {
        const who = await newLearner();
        const t = clock();
        const a = await answerNext(who, 4, t.tick());
        const b = await answerNext(who, 5, t.tick());
        const undoId = crypto.randomUUID();
        const when = t.tick();
        const results = await Promise.all([0, 1].map(() => undoLast(h.db, who, deckId, undoId, when, undefined, { answerId: b.result.review.id })));
        expect(results.map((r) => r.undone.reviewId)).toEqual([b.result.review.id, b.result.review.id]);
        expect((await logOf(who)).filter((l) => l.kind === "UNDO")).toHaveLength(1);
        expect(srs(await stateOf(who, cards[0].id))).toMatchObject({ repetitions: 1 });
        expect(a.result.status).toBe("recorded");
      });

      it("undoing twice walks back two answers, then says there is nothing to undo", async () => {
        const who = await newLearner();
        const t = clock();
        expect((await reviewError(undoLast(h.db, who, deckId, crypto.randomUUID(), t.tick()))).message).toBe("There is no answer to undo.");

        const a = await answerNext(who, 4, t.tick());
        const b = await answerNext(who, 2, t.tick());
        const c = await answerNext(who, 5, t.tick());
        expect([a, b, c].map((x) => x.shown.position)).toEqual([1, 2, 3]);

        expect((await undoLast(h.db, who, deckId, crypto.randomUUID(), t.tick())).undone.reviewId).toBe(c.result.review.id);
        expect((await undoLast(h.db, who, deckId, crypto.randomUUID(), t.tick())).undone.reviewId).toBe(b.result.review.id);
        expect(srs(await stateOf(who, cards[1].id))).toMatchObject({ repetitions: 0, interval: 0, lastReviewedAt: null, lastReviewDay: null, lapses: 0 });
        expect(srs(await stateOf(who, cards[2].id))).toMatchObject({ repetitions: 0, lastReviewedAt: null });
        // Card 1 keeps its answer.
        expect(srs(await stateOf(who, cards[0].id))).toMatchObject({ repetitions: 1, interval: 1, dueDay: TODAY + 1 });
        const view = await sessionView(h.db, who, deckId, t.tick());
        expect(view.remaining).toEqual({ new: 8, review: 0, repeat: 0, total: 8 });
        expect(view.next).toMatchObject({ position: 2, kind: "new" });

        expect((await undoLast(h.db, who, deckId, crypto.randomUUID(), t.tick())).undone.reviewId).toBe(a.result.review.id);
        const err = await reviewError(undoLast(h.db, who, deckId, crypto.randomUUID(), t.tick()));
        expect(err.status).toBe(409);
        expect(err.message).toBe("There is no answer to undo.");
        expect((await logOf(who)).map((l) => l.kind)).toEqual(["ANSWER", "ANSWER", "ANSWER", "UNDO", "UNDO", "UNDO"]);
      });

      it("an undone new card is new again and gives back its place in today's new-card budget", async () => {
        await setLimits({ newCardsPerDay: 2 });
        const who = await newLearner();
        const t = clock();
        await answerNext(who, 5, t.tick());
        const second = await answerNext(who, 5, t.tick());
        expect(second.result.remaining.total).toBe(0);
        const r = await undoLast(h.db, who, deckId, crypto.randomUUID(), t.tick());
        expect(r.next).toMatchObject({ cardId: cards[1].id, kind: "new", state: { dueDay: null, repetitions: 0 } });
        expect(r.remaining).toEqual({ new: 1, review: 0, repeat: 0, total: 1 });
        const again = await answerNext(who, 4, t.tick());
        expect(again.shown.cardId).toBe(cards[1].id);
        expect(again.result.remaining.total).toBe(0);
        // Its log entry says it was new when answered again.
        const log = await logOf(who, cards[1].id);
        expect(log.at(-1)).toMatchObject({ kind: "ANSWER", dueDayBefore: null });
      });

      it("a retried undo (same undo id) undoes one answer, not two", async () => {
        const who = await newLearner();
        const t = clock();
        const a = await answerNext(who, 5, t.tick());
        const b = await answerNext(who, 5, t.tick());
        const undoId = crypto.randomUUID();
        const first = await undoLast(h.db, who, deckId, undoId, t.tick());
        const retry = await undoLast(h.db, who, deckId, undoId, t.tick());
        expect(first.undone.reviewId).toBe(b.result.review.id);
        expect(retry.undone.reviewId).toBe(b.result.review.id);
        expect(await h.db.reviewLog.count({ where: { userId: who.id, kind: "UNDO" } })).toBe(1);
        // The first answer still stands.
        const state = await h.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: who.id, cardId: a.shown.cardId } } });
        expect(state.repetitions).toBe(1);
      });

      it("an undone review gives back its place in today's review budget", async () => {
        const who = await newLearner();
        const t = clock();
        for (let i = 0; i < 3; i++) await answerNext(who, 5, t.tick());
        await setLimits({ reviewsPerDay: 2, newCardsPerDay: 0 });
        t.days(1);
        await answerNext(who, 5, t.tick());
        await answerNext(who, 5, t.tick());
        expect((await sessionView(h.db, who, deckId, t.tick())).remaining.total).toBe(0);
        const r = await undoLast(h.db, who, deckId, crypto.randomUUID(), t.tick());
        expect(r.remaining).toEqual({ new: 0, review: 1, repeat: 0, total: 1 });
        expect(r.next).toMatchObject({ cardId: r.undone.cardId, kind: "review" });
      });

      it("undoes only the learner's own answers", async () => {
        const who = await newLearner();
        const t = clock();
        await answer(who, cards[0].id, 5, t.tick());
        const other = await newLearner();
        await answer(other, cards[0].id, 5, t.tick());
        // Another learner's answers are not this learner's to undo.
        expect((await undoLast(h.db, who, deckId, crypto.randomUUID(), t.tick())).undone.cardId).toBe(cards[0].id);
        expect((await reviewError(undoLast(h.db, who, deckId, crypto.randomUUID(), t.tick()))).message).toBe("There is no answer to undo.");
        expect((await stateOf(other, cards[0].id))?.repetitions).toBe(1);
      });
    });

    // -------------------------------------------------------------------------------
    describe("bury and suspend", () => {
      it("a buried card leaves today's queue and comes back the next study day", async () => {
        const who = await newLearner();
        const t = clock();
        const r = await changeCard(h.db, who, cards[0].id, "bury", t.tick());
        expect(r.card).toMatchObject({ buriedUntilDay: TODAY + 1, suspended: false, dueDay: null });
        expect(r.remaining).toEqual({ new: 8, review: 0, repeat: 0, total: 8 });
        expect(r.next).toMatchObject({ position: 2 });
        expect(await cardFlags(h.db, who.id, deckId, TODAY)).toEqual(new Map([[cards[0].id, { suspended: false, buried: true }]]));

        // A failed card buried: not again today, an ordinary review tomorrow.
        const failed = await answerNext(who, 0, t.tick());
        expect(failed.shown.position).toBe(2);
        const buried = await changeCard(h.db, who, cards[1].id, "bury", t.tick());
        expect(buried.remaining).toEqual({ new: 7, review: 0, repeat: 0, total: 7 });
        for (let i = 0; i < 7; i++) expect((await answerNext(who, 5, t.tick())).shown.position).toBe(3 + i);
        expect((await sessionView(h.db, who, deckId, t.tick())).next).toBeNull();

        const view = await sessionView(h.db, who, deckId, t.days(1));
        expect(view.remaining).toEqual({ new: 1, review: 8, repeat: 0, total: 9 });
        expect(await cardFlags(h.db, who.id, deckId, view.today)).toEqual(new Map());
        // The failed card (due yesterday) is the most overdue review; the buried new card is
        // back, spread among the reviews.
        const queue: string[] = [];
        for (let i = 0; i < 9; i++) {
          const { shown } = await answerNext(who, 5, t.tick());
          queue.push(`${shown.kind}:${shown.position}`);
        }
        expect(queue[0]).toBe("review:2");
        expect(queue.filter((k) => k.startsWith("new"))).toEqual(["new:1"]);
      });

      it("a suspended card leaves the queue until unsuspended, and cannot be graded meanwhile", async () => {
        const who = await newLearner();
        const t = clock();
        await answer(who, cards[0].id, 5, t.tick()); // due tomorrow
        const s = await changeCard(h.db, who, cards[0].id, "suspend", t.tick());
        expect(s.card).toMatchObject({ suspended: true, repetitions: 1 });
        const s2 = await changeCard(h.db, who, cards[1].id, "suspend", t.tick()); // a new card
        expect(s2.remaining).toEqual({ new: 7, review: 0, repeat: 0, total: 7 });
        expect(s2.next).toMatchObject({ position: 3 });

        const err = await reviewError(answer(who, cards[1].id, 5, t.tick()));
        expect(err.status).toBe(409);
        expect(err.message).toBe("This card is suspended. Unsuspend it to review it.");
        expect(await logOf(who, cards[1].id)).toEqual([]);

        // Days later: still out, and not counted as due.
        let view = await sessionView(h.db, who, deckId, t.days(10));
        expect(view.remaining).toEqual({ new: 7, review: 0, repeat: 0, total: 7 });
        expect(await cardFlags(h.db, who.id, deckId, view.today)).toEqual(
          new Map([
            [cards[0].id, { suspended: true, buried: false }],
            [cards[1].id, { suspended: true, buried: false }],
          ]),
        );

        const u = await changeCard(h.db, who, cards[0].id, "unsuspend", t.tick());
        expect(u.card).toMatchObject({ suspended: false, repetitions: 1, dueDay: TODAY + 1 });
        expect(u.remaining).toEqual({ new: 7, review: 1, repeat: 0, total: 8 });
        await changeCard(h.db, who, cards[1].id, "unsuspend", t.tick());
        view = await sessionView(h.db, who, deckId, t.tick());
        expect(view.remaining).toEqual({ new: 8, review: 1, repeat: 0, total: 9 });
        expect((await answer(who, cards[1].id, 5, t.tick())).status).toBe("recorded");
      });

      it("a new card back from burial, or unsuspended, is shown with its current version, so answering it from the screen is recorded", async () => {
        const who = await newLearner();
        const t = clock();
        await changeCard(h.db, who, cards[0].id, "bury", t.tick());
        const showsCurrentVersion = async (cardId: string, when: Date) => {
          const view = await sessionView(h.db, who, deckId, when);
          expect(view.next).toMatchObject({ cardId, kind: "new" });
          expect(view.next!.state.version).toBe((await stateOf(who, cardId))!.version);
          expect((await answerNext(who, 4, when)).result.status).toBe("recorded");
        };
        await showsCurrentVersion(cards[0].id, t.days(1));
        await changeCard(h.db, who, cards[1].id, "suspend", t.tick());
        await changeCard(h.db, who, cards[1].id, "unsuspend", t.tick());
        await showsCurrentVersion(cards[1].id, t.tick());
      });

      it("refuses bury, suspend and undo for a learner not enrolled (403)", async () => {
        const outsider = await newLearner({ enrolled: false });
        for (const action of ["bury", "suspend", "unsuspend"] as const) {
          expect((await reviewError(changeCard(h.db, outsider, cards[0].id, action, NOW))).status).toBe(403);
        }
        expect((await reviewError(undoLast(h.db, outsider, deckId, crypto.randomUUID(), NOW))).status).toBe(403);
        expect(await h.db.cardState.count({ where: { userId: outsider.id } })).toBe(0);
      });
    });

    // -------------------------------------------------------------------------------
    describe("study days in the learner's time zone", () => {
      it("today follows each learner's local date, rolling over at 4 AM local time", async () => {
        const auckland = await newLearner({ timeZone: "Pacific/Auckland" }); // UTC+13 in March
        const la = await newLearner({ timeZone: "America/Los_Angeles" }); // UTC−7 from 8 March 2026

        // 12:00 UTC on 10 March is 01:00 on 11 March in Auckland (before 4 AM: still the 10th)
        // and 05:00 on 10 March in Los Angeles.
        const first = new Date("2026-03-10T12:00:00Z");
        for (const who of [auckland, la]) {
          const r = await answer(who, cards[0].id, 5, first);
          expect(r.today).toBe(dayOf("2026-03-10"));
          expect(r.review.state.dueDay).toBe(dayOf("2026-03-11"));
        }

        // 4 AM on 11 March in Auckland is 15:00 UTC on the 10th.
        expect(await sessionView(h.db, auckland, deckId, new Date("2026-03-10T14:59:59Z"))).toMatchObject({ today: dayOf("2026-03-10"), remaining: { review: 0 } });
        expect(await sessionView(h.db, auckland, deckId, new Date("2026-03-10T15:00:00Z"))).toMatchObject({ today: dayOf("2026-03-11"), remaining: { review: 1 } });
        // At that same instant it is 08:00 on the 10th in Los Angeles.
        expect(await sessionView(h.db, la, deckId, new Date("2026-03-10T15:00:00Z"))).toMatchObject({ today: dayOf("2026-03-10"), remaining: { review: 0 } });
        // 4 AM on 11 March in Los Angeles is 11:00 UTC on the 11th.
        expect(await sessionView(h.db, la, deckId, new Date("2026-03-11T10:59:59Z"))).toMatchObject({ today: dayOf("2026-03-10"), remaining: { review: 0 } });
        expect(await sessionView(h.db, la, deckId, new Date("2026-03-11T11:00:00Z"))).toMatchObject({ today: dayOf("2026-03-11"), remaining: { review: 1 } });
      });

      it("new cards per day start again at the local rollover, not at midnight UTC", async () => {
        await setLimits({ newCardsPerDay: 1 });
        const la = await newLearner({ timeZone: "America/Los_Angeles" });
        // 23:30 on 9 March in LA (06:30 UTC on the 10th): one new card for 9 March.
        await answerNext(la, 5, new Date("2026-03-10T06:30:00Z"));
        // 03:59 LA, still 9 March by the study day: nothing new, though it is the 10th in UTC.
        expect((await sessionView(h.db, la, deckId, new Date("2026-03-10T10:59:00Z"))).remaining.new).toBe(0);
        expect((await sessionView(h.db, la, deckId, new Date("2026-03-10T11:00:00Z"))).remaining.new).toBe(1);
      });

      it("today never goes back to a day already reviewed when the learner moves west", async () => {
        const who = await newLearner({ timeZone: "Pacific/Auckland" });
        const at = new Date("2026-03-10T15:30:00Z"); // 04:30 on 11 March in Auckland
        expect((await answer(who, cards[0].id, 5, at)).today).toBe(dayOf("2026-03-11"));
        const moved = { ...who, timeZone: "America/Los_Angeles" }; // 08:30 on 10 March there
        expect(await studyDay(h.db, moved, new Date(at.getTime() + MINUTE))).toBe(dayOf("2026-03-11"));
      });
    });
  });
});
