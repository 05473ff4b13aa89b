// What a learner reviews today in one deck, in what order (pure).
//
// Rules: suspended cards never; buried cards not before their day; due reviews (due day
// ≤ today), most overdue first, capped by the deck's reviews/day less what was reviewed
// today (ties by card id); new cards in deck order up to new cards/day less those started today, spread
// evenly among the reviews; same-day repeats (SM-2's "repeat until ≥ 4" and cards just
// failed) last, the longest-waiting first.

export interface QueueCard {
  cardId: string;
  position: number;
}

export interface QueueCardState {
  cardId: string;
  dueDay: number;
  interval: number;
  extraReview: boolean;
  buriedUntilDay: number | null;
  suspended: boolean;
  /** null: never answered (a new card that was only buried or suspended). */
  lastReviewedAt: Date | null;
  /** Study day of lastReviewedAt. */
  lastReviewDay: number | null;
}

export interface DeckLimits {
  newCardsPerDay: number;
  reviewsPerDay: number;
}

/** Distinct cards answered today (undone answers excluded). */
export interface DoneToday {
  newCards: number;
  reviewCards: number;
}

export type QueueKind = "new" | "review" | "repeat";

export interface QueueItem {
  cardId: string;
  kind: QueueKind;
}

export interface Queue {
  items: QueueItem[];
  counts: Record<QueueKind, number>;
}

/** How many due reviews and new cards the deck's daily limits still allow today. */
export function leftToday(limits: DeckLimits, done: DoneToday): { reviews: number; newCards: number } {
  return { reviews: Math.max(0, limits.reviewsPerDay - done.reviewCards), newCards: Math.max(0, limits.newCardsPerDay - done.newCards) };
}

export const isNewCard = (state: QueueCardState | undefined) => !state || state.lastReviewedAt === null;

export function isRepeatToday(state: QueueCardState, today: number): boolean {
  return state.lastReviewDay === today && state.dueDay <= today && (state.extraReview || state.interval === 0);
}

/**
 * Spreads `b` evenly through `a`, keeping each list's own order. `aDone` and `bDone` items
 * of each were already shown today: the spread is the day's, so building the queue again
 * after each answer carries on with the same pattern instead of starting it over.
 */
export function interleave<T>(a: T[], b: T[], aDone = 0, bDone = 0): T[] {
  const keyed = [
    ...a.map((item, i) => ({ item, key: (aDone + i + 1) / (aDone + a.length + 1), tie: 0 })),
    ...b.map((item, i) => ({ item, key: (bDone + i + 1) / (bDone + b.length + 1), tie: 1 })),
  ];
  return keyed.sort((x, y) => x.key - y.key || x.tie - y.tie).map((k) => k.item);
}

export function buildQueue(input: {
  cards: QueueCard[];
  states: Map<string, QueueCardState>;
  today: number;
  limits: DeckLimits;
  doneToday: DoneToday;
}): Queue {
  const { cards, states, today, limits, doneToday } = input;
  const fresh: QueueCard[] = [];
  const reviews: { card: QueueCard; dueDay: number }[] = [];
  const repeats: { card: QueueCard; at: number }[] = [];

  for (const card of cards) {
    const state = states.get(card.cardId);
    if (state?.suspended) continue;
    if (state?.buriedUntilDay != null && state.buriedUntilDay > today) continue;
    if (isNewCard(state)) fresh.push(card);
    else if (isRepeatToday(state!, today)) repeats.push({ card, at: state!.lastReviewedAt!.getTime() });
    else if (state!.dueDay <= today) reviews.push({ card, dueDay: state!.dueDay });
  }

  const byPosition = (x: QueueCard, y: QueueCard) => x.position - y.position;
  const left = leftToday(limits, doneToday);
  const reviewItems = reviews
    // Ties by card id, the order the due query's index returns them in.
    .sort((x, y) => x.dueDay - y.dueDay || (x.card.cardId < y.card.cardId ? -1 : x.card.cardId > y.card.cardId ? 1 : 0))
    .slice(0, left.reviews)
    .map((r): QueueItem => ({ cardId: r.card.cardId, kind: "review" }));
  const newItems = fresh
    .sort(byPosition)
    .slice(0, left.newCards)
    .map((c): QueueItem => ({ cardId: c.cardId, kind: "new" }));
  const repeatItems = repeats
    .sort((x, y) => x.at - y.at || byPosition(x.card, y.card))
    .map((r): QueueItem => ({ cardId: r.card.cardId, kind: "repeat" }));

  return {
    items: [...interleave(reviewItems, newItems, doneToday.reviewCards, doneToday.newCards), ...repeatItems],
    counts: { new: newItems.length, review: reviewItems.length, repeat: repeatItems.length },
  };
}

export interface TodayLogEntry {
  id: string;
  cardId: string;
  kind: "ANSWER" | "UNDO";
  undoesId: string | null;
  /** null when the card was new before this answer. */
  dueDayBefore: number | null;
}

/** Distinct new and review cards answered today, not counting undone answers. */
export function countDoneToday(entries: TodayLogEntry[]): DoneToday {
  const undone = new Set(entries.filter((e) => e.kind === "UNDO").map((e) => e.undoesId));
  const newCards = new Set<string>();
  const reviewCards = new Set<string>();
  for (const e of entries) {
    if (e.kind !== "ANSWER" || undone.has(e.id)) continue;
    (e.dueDayBefore === null ? newCards : reviewCards).add(e.cardId);
  }
  // A card started today and repeated today is one new card, not also a review.
  for (const id of newCards) reviewCards.delete(id);
  return { newCards: newCards.size, reviewCards: reviewCards.size };
}

/**
 * buildQueue's first item when the due reviews are only counted, not listed (the review screen
 * shows one card): `rest` is the queue built without them (new cards, then repeats), `reviews`
 * how many due reviews the whole queue would hold and `firstReview` the first of them. As in
 * interleave, a review goes first when its key is not above the first new card's.
 */
export function queueHead(rest: Queue, reviews: number, firstReview: string | null, done: DoneToday): QueueItem | null {
  if (reviews > 0 && firstReview !== null) {
    const news = rest.counts.new;
    const reviewKey = (done.reviewCards + 1) / (done.reviewCards + reviews + 1);
    const newKey = (done.newCards + 1) / (done.newCards + news + 1);
    if (news === 0 || reviewKey <= newKey) return { cardId: firstReview, kind: "review" };
  }
  return rest.items[0] ?? null;
}
