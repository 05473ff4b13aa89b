// The review screen's first card from counted reviews (queueHead, lib/reviews/session.ts) is
// always the first card of the whole queue buildQueue makes, with the same counts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildQueue, queueHead, type QueueCardState } from "../../lib/reviews/queue.ts";

const TODAY = 20_522;
const NOON = Date.UTC(2026, 2, 10, 12);

const learned = (cardId: string, dueDay: number): QueueCardState => ({
  cardId, dueDay, interval: 6, extraReview: false, buriedUntilDay: null, suspended: false,
  lastReviewedAt: new Date(NOON - 6 * 86_400_000), lastReviewDay: TODAY - 6,
});
const repeat = (cardId: string, minutes: number): QueueCardState => ({
  ...learned(cardId, TODAY), interval: 0, lastReviewedAt: new Date(NOON + minutes * 60_000), lastReviewDay: TODAY,
});

describe("queueHead", () => {
  it("picks buildQueue's first card, from the number of due reviews and the first of them only", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 40 }), // due reviews, days overdue
        fc.integer({ min: 0, max: 30 }), // new cards in the deck
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 4 }), // repeats, minutes after noon
        fc.record({ newCards: fc.integer({ min: 0, max: 25 }), reviewCards: fc.integer({ min: 0, max: 60 }) }),
        fc.record({ newCardsPerDay: fc.integer({ min: 0, max: 25 }), reviewsPerDay: fc.integer({ min: 0, max: 60 }) }),
        (overdue, newCount, repeatAt, done, limits) => {
          const reviews = overdue.map((d, i) => learned(`r${String(i).padStart(2, "0")}`, TODAY - d));
          const repeats = repeatAt.map((m, i) => repeat(`p${i}`, m));
          const fresh = Array.from({ length: newCount }, (_, i) => ({ cardId: `n${i}`, position: i + 1 }));
          const asCards = (states: QueueCardState[]) => states.map((s) => ({ cardId: s.cardId, position: 0 }));
          const build = (states: QueueCardState[]) =>
            buildQueue({ cards: [...asCards(states), ...fresh], states: new Map(states.map((s) => [s.cardId, s])), today: TODAY, limits, doneToday: done });

          const whole = build([...reviews, ...repeats]);
          const rest = build(repeats);
          const due = whole.counts.review;
          const first = whole.items.find((i) => i.kind === "review")?.cardId ?? null;
          expect(queueHead(rest, due, first, done)).toEqual(whole.items[0] ?? null);
          expect({ ...rest.counts, review: due }).toEqual(whole.counts);
          expect(rest.items.length + due).toBe(whole.items.length);
        },
      ),
      { numRuns: 500 },
    );
  });
});
