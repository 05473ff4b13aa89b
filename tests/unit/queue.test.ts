import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  buildQueue,
  countDoneToday,
  interleave,
  isRepeatToday,
  type DeckLimits,
  type DoneToday,
  type QueueCard,
  type QueueCardState,
  type QueueKind,
  type TodayLogEntry,
} from "../../lib/reviews/queue.ts";

const TODAY = 20_522; // 2026-03-10
const NOON = Date.UTC(2026, 2, 10, 12);
const MIN = 60_000;
const LIMITS: DeckLimits = { newCardsPerDay: 20, reviewsPerDay: 200 };
const NONE_DONE: DoneToday = { newCards: 0, reviewCards: 0 };

/** A card learned on an earlier day, due today unless overridden. */
function learned(cardId: string, over: Partial<QueueCardState> = {}): QueueCardState {
  return {
    cardId,
    dueDay: TODAY,
    interval: 6,
    extraReview: false,
    buriedUntilDay: null,
    suspended: false,
    lastReviewedAt: new Date(NOON - 6 * 24 * 60 * MIN),
    lastReviewDay: TODAY - 6,
    ...over,
  };
}

/** A card answered today at `minutesAfterNoon`, still owing a repeat today. */
function answeredToday(cardId: string, minutesAfterNoon: number, over: Partial<QueueCardState> = {}): QueueCardState {
  return learned(cardId, {
    dueDay: TODAY,
    interval: 0,
    lastReviewedAt: new Date(NOON + minutesAfterNoon * MIN),
    lastReviewDay: TODAY,
    ...over,
  });
}

/** A new card that has a state row only because it was buried or suspended before. */
function untouched(cardId: string, over: Partial<QueueCardState> = {}): QueueCardState {
  return learned(cardId, { interval: 0, lastReviewedAt: null, lastReviewDay: null, ...over });
}

interface Setup {
  /** Cards in the deck; position defaults to the index + 1. */
  cards: Array<string | QueueCard>;
  states?: QueueCardState[];
  limits?: Partial<DeckLimits>;
  done?: Partial<DoneToday>;
  today?: number;
}

function queue({ cards, states = [], limits = {}, done = {}, today = TODAY }: Setup) {
  return buildQueue({
    cards: cards.map((c, i) => (typeof c === "string" ? { cardId: c, position: i + 1 } : c)),
    states: new Map(states.map((s) => [s.cardId, s])),
    today,
    limits: { ...LIMITS, ...limits },
    doneToday: { ...NONE_DONE, ...done },
  });
}

const ids = (q: ReturnType<typeof queue>) => q.items.map((i) => i.cardId);
const kinds = (q: ReturnType<typeof queue>) => q.items.map((i) => i.kind);
const shown = (q: ReturnType<typeof queue>) => Object.fromEntries(q.items.map((i) => [i.cardId, i.kind]));

describe("buildQueue: suspended and buried cards", () => {
  it("never shows a suspended card, whether new, due for review or owing a repeat today", () => {
    const q = queue({
      cards: ["new", "new-susp", "rev", "rev-susp", "rep", "rep-susp"],
      states: [
        untouched("new-susp", { suspended: true }),
        learned("rev"),
        learned("rev-susp", { suspended: true, dueDay: TODAY - 30 }),
        answeredToday("rep", 5),
        answeredToday("rep-susp", 1, { suspended: true }),
      ],
    });
    expect(shown(q)).toEqual({ new: "new", rev: "review", rep: "repeat" });
    expect(q.counts).toEqual({ new: 1, review: 1, repeat: 1 });
  });

  it("hides a buried card until its day, then shows it again as what it is", () => {
    const cards = ["new-b", "rev-b", "rep-b", "rev-past"];
    const states = [
      untouched("new-b", { buriedUntilDay: TODAY + 1 }),
      learned("rev-b", { buriedUntilDay: TODAY + 1, dueDay: TODAY - 2 }),
      answeredToday("rep-b", 3, { buriedUntilDay: TODAY + 1 }),
      learned("rev-past", { buriedUntilDay: TODAY - 4 }),
    ];
    expect(shown(queue({ cards, states }))).toEqual({ "rev-past": "review" });
    // The next study day: buriedUntilDay === today lets them back. The repeat owed
    // yesterday is now an ordinary overdue review.
    expect(shown(queue({ cards, states, today: TODAY + 1 }))).toEqual({
      "new-b": "new",
      "rev-b": "review",
      "rep-b": "review",
      "rev-past": "review",
    });
  });
});

describe("buildQueue: reviews", () => {
  it("shows due reviews most overdue first, ties by card id, whatever the deck order; not-yet-due cards stay out", () => {
    const states = [
      learned("c", { dueDay: TODAY }),
      learned("e", { dueDay: TODAY - 5 }),
      learned("a", { dueDay: TODAY }),
      learned("d", { dueDay: TODAY - 1 }),
      learned("b", { dueDay: TODAY - 5 }),
      learned("later", { dueDay: TODAY + 1 }),
      learned("much-later", { dueDay: TODAY + 40 }),
    ];
    // Deck positions deliberately disagree with the expected order.
    const cards = ["later", "a", "b", "c", "d", "e", "much-later"].map((cardId, i) => ({ cardId, position: 100 - i }));
    const q = queue({ cards, states });
    expect(ids(q)).toEqual(["b", "e", "d", "a", "c"]);
    expect(new Set(kinds(q))).toEqual(new Set(["review"]));
  });

  it("caps reviews at reviews/day less the reviews already done today, keeping the most overdue", () => {
    const states = Array.from({ length: 8 }, (_, i) => learned(`r${i}`, { dueDay: TODAY - i }));
    const cards = states.map((s) => s.cardId);
    expect(ids(queue({ cards, states, limits: { reviewsPerDay: 5 } }))).toEqual(["r7", "r6", "r5", "r4", "r3"]);
    expect(ids(queue({ cards, states, limits: { reviewsPerDay: 5 }, done: { reviewCards: 2 } }))).toEqual(["r7", "r6", "r5"]);
    expect(ids(queue({ cards, states, limits: { reviewsPerDay: 5 }, done: { reviewCards: 5 } }))).toEqual([]);
    // More done than the limit (the limit was lowered today): none, not "all but the last few".
    expect(ids(queue({ cards, states, limits: { reviewsPerDay: 5 }, done: { reviewCards: 7 } }))).toEqual([]);
    // New cards done today do not use up the review budget.
    expect(ids(queue({ cards, states, limits: { reviewsPerDay: 2 }, done: { newCards: 9 } }))).toEqual(["r7", "r6"]);
  });

  it("treats a card failed on an earlier day and not yet repeated as an ordinary overdue review", () => {
    const states = [
      // Failed two days ago (interval 0, due that day), never repeated.
      learned("failed", { interval: 0, dueDay: TODAY - 2, lastReviewDay: TODAY - 2, lastReviewedAt: new Date(NOON - 2 * 24 * 60 * MIN) }),
      // Graded 3 yesterday and the same-day repeat never happened.
      learned("hard", { interval: 15, extraReview: true, dueDay: TODAY - 1, lastReviewDay: TODAY - 1, lastReviewedAt: new Date(NOON - 24 * 60 * MIN) }),
      learned("due", { dueDay: TODAY - 1 }),
      answeredToday("rep", 0),
    ];
    const q = queue({ cards: ["rep", "due", "hard", "failed"], states });
    expect(q.items).toEqual([
      { cardId: "failed", kind: "review" },
      { cardId: "due", kind: "review" },
      { cardId: "hard", kind: "review" },
      { cardId: "rep", kind: "repeat" },
    ]);
    // ... and so it counts against the review cap, unlike today's repeats.
    expect(queue({ cards: ["rep", "due", "hard", "failed"], states, limits: { reviewsPerDay: 1 } }).items).toEqual([
      { cardId: "failed", kind: "review" },
      { cardId: "rep", kind: "repeat" },
    ]);
  });
});

describe("buildQueue: new cards", () => {
  it("offers new cards in deck position order, capped by new cards/day less those started today", () => {
    const cards = [
      { cardId: "p4", position: 4 },
      { cardId: "p1", position: 1 },
      { cardId: "p3", position: 3 },
      { cardId: "p2", position: 2 },
      { cardId: "p5", position: 5 },
    ];
    expect(ids(queue({ cards }))).toEqual(["p1", "p2", "p3", "p4", "p5"]);
    expect(ids(queue({ cards, limits: { newCardsPerDay: 3 } }))).toEqual(["p1", "p2", "p3"]);
    expect(ids(queue({ cards, limits: { newCardsPerDay: 3 }, done: { newCards: 1 } }))).toEqual(["p1", "p2"]);
    expect(ids(queue({ cards, limits: { newCardsPerDay: 3 }, done: { newCards: 3 } }))).toEqual([]);
    expect(ids(queue({ cards, limits: { newCardsPerDay: 3 }, done: { newCards: 8 } }))).toEqual([]);
    // Reviews done today do not use up the new-card budget.
    expect(ids(queue({ cards, limits: { newCardsPerDay: 2 }, done: { reviewCards: 50 } }))).toEqual(["p1", "p2"]);
  });

  it("counts a never-answered card with a state row (unburied, unsuspended, or fully undone) as new", () => {
    const cards = ["a", "b", "c"];
    const states = [untouched("a", { buriedUntilDay: TODAY }), untouched("b"), untouched("c", { dueDay: 0 })];
    const q = queue({ cards, states });
    expect(q.items).toEqual([
      { cardId: "a", kind: "new" },
      { cardId: "b", kind: "new" },
      { cardId: "c", kind: "new" },
    ]);
  });
});

describe("interleave / buildQueue: new cards spread evenly among reviews", () => {
  /** Lengths of the runs of `kind` between the other kind's items, including both ends. */
  function runsOf(seq: QueueKind[], kind: QueueKind): number[] {
    const runs = [0];
    for (const k of seq) {
      if (k === kind) runs[runs.length - 1]++;
      else runs.push(0);
    }
    return runs;
  }

  function mixed(reviews: number, fresh: number) {
    const states = Array.from({ length: reviews }, (_, i) => learned(`r${String(i).padStart(3, "0")}`, { dueDay: TODAY - reviews + i }));
    const cards = [...states.map((s) => s.cardId), ...Array.from({ length: fresh }, (_, i) => `n${i}`)];
    return queue({ cards, states, limits: { newCardsPerDay: 100 } });
  }

  it("4 reviews and 2 new cards: R N R R N R", () => {
    expect(kinds(mixed(4, 2))).toEqual(["review", "new", "review", "review", "new", "review"]);
  });

  it("spreads new cards among reviews so that no stretch between new cards is more than one review longer than another, and vice versa", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), (reviews, fresh) => {
        const q = mixed(reviews, fresh);
        const seq = kinds(q);
        expect(seq.filter((k) => k === "review")).toHaveLength(reviews);
        expect(seq.filter((k) => k === "new")).toHaveLength(fresh);
        if (fresh > 0 && reviews > 0) {
          const reviewRuns = runsOf(seq, "review"); // reviews before, between and after the new cards
          const newRuns = runsOf(seq, "new");
          expect(Math.max(...reviewRuns) - Math.min(...reviewRuns)).toBeLessThanOrEqual(1);
          expect(Math.max(...newRuns) - Math.min(...newRuns)).toBeLessThanOrEqual(1);
        }
        // Every prefix holds its fair share of new cards, to within one card.
        let seen = 0;
        seq.forEach((k, i) => {
          if (k === "new") seen++;
          expect(Math.abs(seen - ((i + 1) * fresh) / (reviews + fresh))).toBeLessThan(1);
        });
        // Each kind keeps its own order: reviews most overdue first, new cards by position.
        expect(q.items.filter((i) => i.kind === "review").map((i) => i.cardId)).toEqual(
          Array.from({ length: reviews }, (_, i) => `r${String(i).padStart(3, "0")}`),
        );
        expect(q.items.filter((i) => i.kind === "new").map((i) => i.cardId)).toEqual(Array.from({ length: fresh }, (_, i) => `n${i}`));
      }),
    );
  });

  it("keeps the same spread through the session, when the queue is built again after each answer", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }), (reviews, fresh) => {
        const planned = kinds(mixed(reviews, fresh));
        // Answer the head of the queue, one card at a time, as the review screen does.
        const states = new Map(
          Array.from({ length: reviews }, (_, i) => learned(`r${String(i).padStart(3, "0")}`, { dueDay: TODAY - reviews + i })).map((s) => [s.cardId, s]),
        );
        const cards = [...states.keys(), ...Array.from({ length: fresh }, (_, i) => `n${i}`)].map((cardId, i) => ({ cardId, position: i + 1 }));
        const done = { newCards: 0, reviewCards: 0 };
        const seen: QueueKind[] = [];
        for (let step = 0; step < reviews + fresh; step++) {
          const head = buildQueue({ cards, states, today: TODAY, limits: { newCardsPerDay: fresh, reviewsPerDay: reviews }, doneToday: done }).items[0];
          seen.push(head.kind);
          if (head.kind === "new") done.newCards++;
          else done.reviewCards++;
          // Graded 4: due tomorrow, out of today's queue.
          states.set(head.cardId, answeredToday(head.cardId, step, { interval: 1, dueDay: TODAY + 1 }));
        }
        expect(seen).toEqual(planned);
      }),
    );
  });

  it("interleave keeps every item of both lists exactly once, each list in its own order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 30 }), fc.array(fc.string(), { maxLength: 30 }), (a, b) => {
        const out = interleave<number | string>(a, b);
        expect(out).toHaveLength(a.length + b.length);
        expect(out.filter((x) => typeof x === "number")).toEqual(a);
        expect(out.filter((x) => typeof x === "string")).toEqual(b);
      }),
    );
  });
});

describe("buildQueue: same-day repeats", () => {
  it("come after every review and new card, the oldest answer first", () => {
    const states = [
      answeredToday("failed-late", 30), // q < 3 at 12:30: interval 0
      answeredToday("hard-early", 10, { interval: 15, extraReview: true }), // q = 3 at 12:10
      answeredToday("failed-first", 1), // 12:01
      learned("rev1", { dueDay: TODAY - 3 }),
      learned("rev2", { dueDay: TODAY }),
    ];
    const q = queue({ cards: ["failed-late", "hard-early", "failed-first", "rev1", "rev2", "n1", "n2"], states });
    expect(ids(q)).toEqual(["rev1", "n1", "rev2", "n2", "failed-first", "hard-early", "failed-late"]);
    expect(kinds(q).slice(4)).toEqual(["repeat", "repeat", "repeat"]);
    expect(q.counts).toEqual({ new: 2, review: 2, repeat: 3 });
  });

  it("are not held back by the daily caps (a card failed today always comes back today)", () => {
    const states = [answeredToday("f1", 1), answeredToday("f2", 2, { interval: 1, extraReview: true }), learned("rev")];
    const q = queue({ cards: ["f1", "f2", "rev", "n"], states, limits: { newCardsPerDay: 1, reviewsPerDay: 1 }, done: { newCards: 1, reviewCards: 1 } });
    expect(q.items).toEqual([
      { cardId: "f1", kind: "repeat" },
      { cardId: "f2", kind: "repeat" },
    ]);
  });

  it("a card answered today with 4 or 5 is done for the day", () => {
    const states = [answeredToday("good", 5, { interval: 1, dueDay: TODAY + 1 }), answeredToday("cleared", 6, { interval: 15, dueDay: TODAY + 15 })];
    expect(queue({ cards: ["good", "cleared"], states }).items).toEqual([]);
  });
});

describe("isRepeatToday", () => {
  it("is true only for a card answered today that is still due today and failed (interval 0) or owes an extra review", () => {
    expect(isRepeatToday(answeredToday("x", 0), TODAY)).toBe(true);
    expect(isRepeatToday(answeredToday("x", 0, { interval: 15, extraReview: true }), TODAY)).toBe(true);
    expect(isRepeatToday(answeredToday("x", 0, { interval: 1, dueDay: TODAY + 1 }), TODAY)).toBe(false);
    // Answered yesterday: an ordinary review today.
    expect(isRepeatToday(answeredToday("x", 0), TODAY + 1)).toBe(false);
    expect(isRepeatToday(learned("x", { interval: 0, dueDay: TODAY - 1, lastReviewDay: TODAY - 1 }), TODAY)).toBe(false);
  });
});

describe("countDoneToday", () => {
  let n = 0;
  const answer = (cardId: string, dueDayBefore: number | null, id = `a${++n}`): TodayLogEntry => ({ id, cardId, kind: "ANSWER", undoesId: null, dueDayBefore });
  const undo = (of: TodayLogEntry): TodayLogEntry => ({ id: `u-${of.id}`, cardId: of.cardId, kind: "UNDO", undoesId: of.id, dueDayBefore: TODAY });

  it("counts distinct new and review cards", () => {
    expect(countDoneToday([])).toEqual({ newCards: 0, reviewCards: 0 });
    expect(
      countDoneToday([answer("n1", null), answer("n2", null), answer("r1", TODAY - 2), answer("r1", TODAY), answer("r2", TODAY)]),
    ).toEqual({ newCards: 2, reviewCards: 2 });
  });

  it("counts a card started today and repeated today once, as a new card", () => {
    expect(countDoneToday([answer("c", null), answer("c", TODAY), answer("c", TODAY)])).toEqual({ newCards: 1, reviewCards: 0 });
  });

  it("does not count undone answers", () => {
    const first = answer("n1", null);
    const review = answer("r1", TODAY - 1);
    expect(countDoneToday([first, undo(first), review, undo(review)])).toEqual({ newCards: 0, reviewCards: 0 });
    // Undone and answered again: one card.
    expect(countDoneToday([first, undo(first), answer("n1", null)])).toEqual({ newCards: 1, reviewCards: 0 });
    // A repeat undone leaves the card counted by its first answer.
    const repeat = answer("n2", TODAY);
    expect(countDoneToday([answer("n2", null), repeat, undo(repeat)])).toEqual({ newCards: 1, reviewCards: 0 });
    // The undo entry itself is never counted.
    expect(countDoneToday([undo(answer("zz", null))])).toEqual({ newCards: 0, reviewCards: 0 });
  });
});
