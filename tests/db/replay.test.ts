// A busy database: three learners in three time zones review the demo deck over about
// twenty study days with a seeded random mix of answers, retries, stale screens, double
// submits, undos, buries and suspends. Afterwards every learner's stored card state must
// be exactly what their review log replays to, and the log must tell a consistent story.
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { signUpSchema } from "../../lib/auth/validation.ts";
import { enrol } from "../../lib/decks/data.ts";
import { seedDemo } from "../../lib/decks/seed.ts";
import { DomainError } from "../../lib/errors.ts";
import { changeCard, grade, sessionView, undoLast, type Learner } from "../../lib/reviews/data.ts";
import { applyAnswer, replay, type SrsFields } from "../../lib/reviews/transitions.ts";
import type { GradeInput } from "../../lib/reviews/validation.ts";
import { createUser } from "../../lib/users/data.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";
import { mulberry32 } from "../../experiments/random/mulberry32.ts";

const SEED = Number(process.env.REPLAY_SEED ?? 20_260_310);
const ACTIONS = 300;
const START = new Date("2026-03-10T07:00:00Z");
const MINUTE = 60_000;


const SRS_KEYS = ["repetitions", "easiness", "interval", "dueDay", "extraReview", "lapses", "lastReviewedAt", "lastReviewDay"] as const;
const srsOf = (row: SrsFields): SrsFields => Object.fromEntries(SRS_KEYS.map((k) => [k, row[k]])) as unknown as SrsFields;

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(
    () => {
      throw new Error("expected a DomainError, but the call succeeded");
    },
    (e: unknown) => e,
  );
  if (!(err instanceof DomainError)) throw err;
  return err;
}

describe.each(testDatabases())("replaying the review log on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? `after ${ACTIONS} seeded random actions (seed ${SEED})` : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);
    let deckId: string;
    let cardIds: string[];
    const learners: Learner[] = [];
    /** What happened, so the test can show it exercised every path. */
    const tally: Record<string, number> = {};
    const count = (what: string) => (tally[what] = (tally[what] ?? 0) + 1);

    beforeAll(async () => {
      await seedDemo(h.db);
      const deck = await h.db.deck.findFirstOrThrow({ include: { cards: { orderBy: { position: "asc" }, select: { id: true } } } });
      deckId = deck.id;
      cardIds = deck.cards.map((c) => c.id);
      for (const [i, timeZone] of ["UTC", "Pacific/Auckland", "America/Los_Angeles"].entries()) {
        const user = await createUser(h.db, signUpSchema.parse({ name: `Busy ${i}`, email: `busy${i}@example.com`, password: "correct-horse-battery" }));
        await h.db.user.update({ where: { id: user.id }, data: { timeZone } });
        await enrol(h.db, deckId, user);
        learners.push({ id: user.id, role: user.role, timeZone, dayRolloverHour: user.dayRolloverHour });
      }
    });

    it("runs the actions, each with the outcome a learner would expect", async () => {
      const random = mulberry32(SEED);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
      let clock = START.getTime();
      /** Per learner: their answers not yet undone, newest last (what undo walks back). */
      const answers = new Map<string, GradeInput[]>(learners.map((l) => [l.id, []]));
      const versionOf = async (who: Learner, cardId: string) =>
        (await h.db.cardState.findUnique({ where: { userId_cardId: { userId: who.id, cardId } } }))?.version ?? 0;
      const logCount = (who: Learner) => h.db.reviewLog.count({ where: { userId: who.id } });

      for (let step = 0; step < ACTIONS; step++) {
        // Time moves on: minutes to hours, now and then a day or two away.
        clock += random() < 0.03 ? Math.floor((1 + random()) * 24 * 60) * MINUTE : Math.floor(1 + random() * 45) * MINUTE;
        const now = new Date(clock);
        const who = pick(learners);
        const mine = answers.get(who.id)!;
        const roll = random();
        const context = `step ${step} (seed ${SEED})`;

        if (roll < 0.5) {
          // Answer the next card, or (nothing due) a random card early.
          const view = await sessionView(h.db, who, deckId, now);
          const cardId = view.next?.cardId ?? pick(cardIds);
          const state = await h.db.cardState.findUnique({ where: { userId_cardId: { userId: who.id, cardId } } });
          const input = { reviewId: crypto.randomUUID(), cardId, grade: Math.floor(random() * 6), durationMs: Math.floor(random() * 20_000), expectedVersion: state?.version ?? 0, studyAhead: true };
          if (state?.suspended) {
            expect((await rejection(grade(h.db, who, input, now))).status, context).toBe(409);
            count("refused: suspended");
          } else {
            expect((await grade(h.db, who, input, now)).status, context).toBe("recorded");
            mine.push(input);
            count(view.next ? "answered" : "answered early");
          }
        } else if (roll < 0.58) {
          // The network dropped the reply: the client sends the same answer again.
          const last = mine.at(-1);
          if (!last) continue;
          const before = await logCount(who);
          const r = await grade(h.db, who, last, now);
          expect(r.status, context).toBe("duplicate");
          expect(r.review.grade, context).toBe(last.grade);
          expect(await logCount(who), context).toBe(before);
          count("retried");
        } else if (roll < 0.64) {
          // A stale screen: answered from a version another tab has moved past.
          const states = await h.db.cardState.findMany({ where: { userId: who.id, version: { gt: 0 } } });
          if (states.length === 0) continue;
          const state = pick(states);
          const before = await logCount(who);
          const err = await rejection(
            grade(h.db, who, { reviewId: crypto.randomUUID(), cardId: state.cardId, grade: 4, durationMs: 100, expectedVersion: state.version - 1 - Math.floor(random() * state.version), studyAhead: true }, now),
          );
          expect(err.status, context).toBe(409);
          expect(err.details?.state, context).toMatchObject({ version: state.version });
          expect(await logCount(who), context).toBe(before);
          count("stale screen");
        } else if (roll < 0.7) {
          // A double click: two tabs send different answers for the card at once.
          const cardId = pick(cardIds);
          const version = await versionOf(who, cardId);
          const inputs = [0, 1].map(() => ({ reviewId: crypto.randomUUID(), cardId, grade: Math.floor(random() * 6), durationMs: 500, expectedVersion: version, studyAhead: true }));
          const results = await Promise.allSettled(inputs.map((input) => grade(h.db, who, input, now)));
          const ok = results.flatMap((r, i) => (r.status === "fulfilled" ? [inputs[i]] : []));
          const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
          for (const e of refused) expect(e, context).toBeInstanceOf(DomainError);
          const suspended = (await h.db.cardState.findUnique({ where: { userId_cardId: { userId: who.id, cardId } } }))?.suspended;
          expect(ok.length, context).toBe(suspended ? 0 : 1);
          mine.push(...ok);
          count(suspended ? "refused: suspended" : "double submit");
        } else if (roll < 0.74) {
          // The same request twice at once (a retry racing the original).
          const cardId = pick(cardIds);
          const input = { reviewId: crypto.randomUUID(), cardId, grade: Math.floor(random() * 6), durationMs: 500, expectedVersion: await versionOf(who, cardId), studyAhead: true };
          const results = await Promise.allSettled([grade(h.db, who, input, now), grade(h.db, who, input, now)]);
          const statuses = results.map((r) => (r.status === "fulfilled" ? r.value.status : (r.reason as DomainError).status)).sort();
          const suspended = (await h.db.cardState.findUnique({ where: { userId_cardId: { userId: who.id, cardId } } }))?.suspended;
          expect(statuses, context).toEqual(suspended ? [409, 409] : ["duplicate", "recorded"]);
          if (!suspended) mine.push(input);
          count(suspended ? "refused: suspended" : "sent twice at once");
        } else if (roll < 0.84) {
          // Undo walks back this learner's answers, newest first.
          if (mine.length === 0) {
            expect((await rejection(undoLast(h.db, who, deckId, crypto.randomUUID(), now))).message, context).toBe("There is no answer to undo.");
            count("nothing to undo");
          } else {
            const r = await undoLast(h.db, who, deckId, crypto.randomUUID(), now);
            const expected = mine.pop()!;
            expect(r.undone, context).toEqual({ reviewId: expected.reviewId, cardId: expected.cardId });
            count("undone");
          }
        } else if (roll < 0.9) {
          await changeCard(h.db, who, pick(cardIds), "bury", now);
          count("buried");
        } else if (roll < 0.95) {
          await changeCard(h.db, who, pick(cardIds), "suspend", now);
          count("suspended");
        } else {
          await changeCard(h.db, who, pick(cardIds), "unsuspend", now);
          count("unsuspended");
        }
      }

      // The run covered every path, over many study days.
      for (const what of ["answered", "retried", "stale screen", "double submit", "sent twice at once", "undone", "buried", "suspended", "unsuspended"]) {
        expect(tally[what] ?? 0, `${what} in ${JSON.stringify(tally)}`).toBeGreaterThan(0);
      }
      expect(clock - START.getTime()).toBeGreaterThan(12 * 24 * 60 * MINUTE);
    });

    it("every stored card state is exactly what its log replays to", async () => {
      let checked = 0;
      for (const who of learners) {
        const [states, log] = await Promise.all([
          h.db.cardState.findMany({ where: { userId: who.id } }),
          h.db.reviewLog.findMany({ where: { userId: who.id }, select: { id: true, seq: true, cardId: true, kind: true, undoesId: true, grade: true, answeredAt: true, reviewDay: true } }),
        ]);
        const byCard = new Map<string, typeof log>();
        for (const e of log) byCard.set(e.cardId, [...(byCard.get(e.cardId) ?? []), e]);
        for (const [cardId, entries] of byCard) {
          const state = states.find((s) => s.cardId === cardId);
          expect(state, `state for ${who.timeZone} card ${cardId}`).toBeDefined();
          expect(srsOf(state!), `${who.timeZone} card ${cardId}`).toEqual(srsOf(replay(entries)));
          checked++;
        }
        // No answered card without a log (a lost log row).
        for (const s of states.filter((s) => s.lastReviewedAt !== null)) {
          expect(byCard.has(s.cardId), `log for ${who.timeZone} card ${s.cardId}`).toBe(true);
        }
      }
      expect(checked).toBeGreaterThanOrEqual(learners.length * 5);
    });

    it("every log entry's before and after states are what the earlier entries replay to", async () => {
      for (const who of learners) {
        const log = await h.db.reviewLog.findMany({ where: { userId: who.id }, orderBy: { seq: "asc" } });
        const ids = new Set(log.map((e) => e.id));
        for (const [i, e] of log.entries()) {
          const context = `${who.timeZone} ${e.kind} ${e.id}`;
          const earlier = log.slice(0, i).filter((x) => x.cardId === e.cardId);
          const before = replay(earlier);
          expect(
            { repetitions: e.repetitionsBefore, easiness: e.easinessBefore, interval: e.intervalBefore, extraReview: e.extraReviewBefore },
            context,
          ).toEqual({ repetitions: before.repetitions, easiness: before.easiness, interval: before.interval, extraReview: before.extraReview });
          if (e.kind === "ANSWER") {
            expect(e.dueDayBefore, context).toBe(before.lastReviewedAt === null ? null : before.dueDay);
            const after = applyAnswer(before, e.grade!, e.reviewDay, e.answeredAt);
            expect(
              { repetitions: e.repetitionsAfter, easiness: e.easinessAfter, interval: e.intervalAfter, extraReview: e.extraReviewAfter, dueDay: e.dueDayAfter },
              context,
            ).toEqual({ repetitions: after.repetitions, easiness: after.easiness, interval: after.interval, extraReview: after.extraReview, dueDay: after.dueDay });
          } else {
            // An undo points at an earlier answer of the same card and learner, never twice.
            const target = earlier.find((x) => x.id === e.undoesId);
            expect(target?.kind, context).toBe("ANSWER");
            expect(ids.has(e.undoesId!), context).toBe(true);
            const after = replay(log.slice(0, i + 1).filter((x) => x.cardId === e.cardId));
            expect({ repetitions: e.repetitionsAfter, interval: e.intervalAfter, dueDay: e.dueDayAfter }, context).toEqual({
              repetitions: after.repetitions,
              interval: after.interval,
              dueDay: after.dueDay,
            });
          }
        }
        // Study days never go back for a learner.
        const days = log.map((e) => e.reviewDay);
        expect(days, who.timeZone).toEqual([...days].sort((a, b) => a - b));
      }
    });
  });
});
