// Answers made offline, replayed when the connection returns (lib/reviews/offline.ts), on SQLite and
// PostgreSQL: each recorded once whatever the order and however often it is sent, its state computed by
// SM-2 on the server, and a card answered on two devices keeping both answers with the latest's state.
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../../lib/errors.ts";
import { fieldsOf, sessionView } from "../../lib/reviews/data.ts";
import { findDrift } from "../../lib/reviews/drift.ts";
import { recordOfflineAnswer, todaySnapshot } from "../../lib/reviews/offline.ts";
import { applyAnswer, NEW_FIELDS } from "../../lib/reviews/transitions.ts";
import { offlineAnswerSchema, type OfflineAnswerInput } from "../../lib/reviews/validation.ts";
import { localDayNumber } from "../../lib/srs/day.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";
import { answer, demoDeck, newLearner } from "../support/study.ts";

const NOW = new Date("2026-03-10T12:00:00Z");
const MINUTE = 60_000;
const TODAY = localDayNumber(NOW, "UTC", 4);
const at = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE);

const offline = (cardId: string, grade: number, answeredAt: Date, baseVersion: number): OfflineAnswerInput =>
  offlineAnswerSchema.parse({ reviewId: crypto.randomUUID(), cardId, grade, durationMs: 2500, answeredAt: answeredAt.toISOString(), baseVersion });

describe.each(testDatabases())("offline answers on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "with the demo deck" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);
    let deckId: string;
    let cardIds: string[];
    beforeAll(async () => {
      ({ deckId, cardIds } = await demoDeck(h.db));
    });

    const stateOf = (userId: string, cardId: string) => h.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId, cardId } } });
    async function noDrift(userId: string) {
      const log = await h.db.reviewLog.findMany({ where: { userId }, orderBy: { seq: "asc" } });
      const states = await h.db.cardState.findMany({ where: { userId } });
      expect(findDrift(states.map((s) => ({ ...fieldsOf(s), userId, cardId: s.cardId })), log).drifted).toEqual([]);
      return log;
    }

    it("snapshots today's whole queue with HTML and states, and records a replayed batch once, sent twice and out of order", async () => {
      const who = await newLearner(h.db, deckId);
      const snap = await todaySnapshot(h.db, who, deckId, NOW);
      expect(snap.today).toBe(TODAY);
      expect(snap.cards).toHaveLength(9);
      expect(snap.cards[0]).toMatchObject({ kind: "new", state: null });
      expect(snap.cards[0]!.frontHtml).toContain("<");

      // Three answers made offline: card A failed (0) then passed (4) as a repeat, card B perfect.
      const [a, b] = [snap.cards[0]!.cardId, snap.cards[1]!.cardId];
      const batch = [offline(a, 0, at(1), 0), offline(b, 5, at(2), 0), offline(a, 4, at(3), 1)];
      for (const x of batch) expect((await recordOfflineAnswer(h.db, who, x, at(30))).status).toBe("recorded");
      // The connection dropped before the acknowledgements arrived: the device sends all three again, last first.
      for (const x of [...batch].reverse()) {
        const again = await recordOfflineAnswer(h.db, who, x, at(31));
        expect(again).toMatchObject({ status: "duplicate", review: { id: x.reviewId, cardId: x.cardId, grade: x.grade } });
      }
      const log = await noDrift(who.id);
      expect(log.map((e) => [e.id, e.grade])).toEqual(batch.map((x) => [x.reviewId, x.grade]));
      // Stamped with the device's times, on the day they were made; states are SM-2's.
      expect(log.map((e) => e.answeredAt.toISOString())).toEqual(batch.map((x) => new Date(x.answeredAt).toISOString()));
      const expectA = applyAnswer(applyAnswer(NEW_FIELDS, 0, TODAY, at(1)), 4, TODAY, at(3));
      expect(await stateOf(who.id, a)).toMatchObject({ repetitions: expectA.repetitions, interval: 1, dueDay: TODAY + 1, version: 2 });
      expect(await stateOf(who.id, b)).toMatchObject({ repetitions: 1, interval: 1, dueDay: TODAY + 1, version: 1 });
      // The session carries on after them: two cards answered, seven left.
      expect((await sessionView(h.db, who, deckId, at(32))).remaining.total).toBe(7);
    });

    it("accepts an answer whose card is no longer due or whose version moved, computing the state itself", async () => {
      const who = await newLearner(h.db, deckId);
      const card = cardIds[2]!;
      // Answered online (now due tomorrow), then again offline from a copy taken before: still logged.
      await answer(h.db, who, card, 5, at(1));
      const late = await recordOfflineAnswer(h.db, who, offline(card, 1, at(5), 0), at(20));
      expect(late).toMatchObject({ status: "recorded", merged: true, review: { state: { repetitions: 0, interval: 0, lapses: 1, dueDay: TODAY } } });
      await noDrift(who.id);
      // A time in the future is taken as the moment it arrived.
      const future = await recordOfflineAnswer(h.db, who, offline(card, 4, at(24 * 60), 2), at(21));
      expect(future.review.answeredAt).toBe(at(21).toISOString());
      expect(future.merged).toBe(false);
    });

    it("same card on two devices: both answers stay in the log, the card takes the latest's state, and the device is told", async () => {
      const who = await newLearner(h.db, deckId);
      const card = cardIds[3]!;
      // The phone went offline with version 0 and graded 5 at 12:05; the laptop graded 3 at 12:10, online.
      const phone = offline(card, 5, at(5), 0);
      const laptop = await answer(h.db, who, card, 3, at(10));
      const synced = await recordOfflineAnswer(h.db, who, phone, at(40));
      expect(synced.merged).toBe(true);
      const log = await noDrift(who.id);
      expect(log.map((e) => e.id)).toEqual([laptop.review.id, phone.reviewId]);
      // Latest in the log: SM-2 applies the phone's 5 to the laptop's state (a 3 left it in same-day repeats, which a 5 ends).
      expect(await stateOf(who.id, card)).toMatchObject({ repetitions: 1, extraReview: false, interval: 1, dueDay: TODAY + 1, version: 2 });
    });

    it("refuses a review id used for another answer, and an answer from a learner not enrolled", async () => {
      const who = await newLearner(h.db, deckId);
      const first = offline(cardIds[4]!, 4, at(1), 0);
      await recordOfflineAnswer(h.db, who, first, at(2));
      const reused = recordOfflineAnswer(h.db, who, { ...first, grade: 2 }, at(3));
      await expect(reused).rejects.toBeInstanceOf(DomainError);
      await expect(reused).rejects.toMatchObject({ status: 409 });
      const stranger = { ...(await newLearner(h.db, deckId)) };
      await h.db.enrolment.deleteMany({ where: { userId: stranger.id } });
      await expect(recordOfflineAnswer(h.db, stranger, offline(cardIds[4]!, 4, at(1), 0), at(2))).rejects.toMatchObject({ status: 403 });
      expect(await h.db.reviewLog.count({ where: { userId: stranger.id } })).toBe(0);
    });
  });
});
