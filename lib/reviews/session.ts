// Today's session in a deck: the study day, the due queue (one indexed query per part),
// and the next card for the review screen, with the HTML stored when the card was written
// (lib/decks/cards.ts): no Markdown runs here.
import type { Db } from "../db/client.ts";
import { deckForReview, type DeckForReview } from "../decks/access.ts";
import { currentStudyDay } from "../srs/day.ts";
import { previewGrades } from "../srs/preview.ts";
import { buildQueue, countDoneToday, type Queue, type QueueCardState, type QueueKind } from "./queue.ts";
import { fieldsOf, viewOf, type CardStateView, type Learner, type StateRow } from "./state.ts";

export interface ReviewCard {
  cardId: string;
  deckId: string;
  kind: QueueKind;
  position: number;
  frontHtml: string;
  backHtml: string;
  experimentId: string | null;
  state: CardStateView;
  previews: { quality: number; label: string; dueInDays: number }[];
}

export interface SessionView {
  today: number;
  remaining: Record<QueueKind, number> & { total: number };
  next: ReviewCard | null;
}

/** The learner's study day now; never earlier than a day they already reviewed on. */
export async function studyDay(db: Db, learner: Learner, now: Date): Promise<number> {
  // ORDER BY … DESC LIMIT 1 is one probe of the (userId, reviewDay) index. (Prisma's
  // aggregate _max wraps the scan in a subquery that defeats SQLite's min/max shortcut
  // and reads every log row of the learner: ~100 ms at 1M rows.)
  const last = await db.reviewLog.findFirst({ where: { userId: learner.id }, orderBy: { reviewDay: "desc" }, select: { reviewDay: true } });
  return currentStudyDay(now, learner.timeZone, learner.dayRolloverHour, last?.reviewDay);
}

/** Today's queue and the state rows it read (the offline snapshot reuses it: lib/reviews/offline.ts). */
export async function queueFor(db: Db, learner: Learner, deck: DeckForReview, today: number): Promise<{ queue: Queue; states: Map<string, StateRow> }> {
  const userId = learner.id;
  const deckId = deck.id;
  const [todays, archived] = await Promise.all([
    db.reviewLog.findMany({
      where: { userId, deckId, reviewDay: today },
      select: { id: true, cardId: true, kind: true, undoesId: true, dueDayBefore: true },
    }),
    // Archived cards keep their learners' states but leave the queue. Listed per deck (few,
    // usually none) rather than joined into the due query: a join on Card would take the
    // due query off its (userId, deckId, dueDay, cardId) index order.
    db.card.findMany({ where: { deckId, archivedAt: { not: null } }, select: { id: true } }),
  ]);
  const done = countDoneToday(todays);
  const reviewsLeft = Math.max(0, deck.reviewsPerDay - done.reviewCards);
  const newLeft = Math.max(0, deck.newCardsPerDay - done.newCards);
  const live = archived.length ? { cardId: { notIn: archived.map((c) => c.id) } } : {};
  const available = { suspended: false, OR: [{ buriedUntilDay: null }, { buriedUntilDay: { lte: today } }], ...live };
  const repeatToday = { lastReviewDay: today, OR: [{ extraReview: true }, { interval: 0 }] };

  const [due, repeats, fresh] = await Promise.all([
    reviewsLeft === 0
      ? []
      : db.cardState.findMany({
          where: { userId, deckId, dueDay: { lte: today }, lastReviewedAt: { not: null }, ...available, NOT: repeatToday },
          orderBy: [{ dueDay: "asc" }, { cardId: "asc" }],
          take: reviewsLeft,
        }),
    db.cardState.findMany({ where: { userId, deckId, dueDay: { lte: today }, ...available, ...repeatToday, lastReviewedAt: { not: null } } }),
    newLeft === 0
      ? []
      : db.card.findMany({
          where: {
            deckId,
            archivedAt: null,
            cardStates: {
              none: { userId, OR: [{ lastReviewedAt: { not: null } }, { suspended: true }, { buriedUntilDay: { gt: today } }] },
            },
          },
          orderBy: { position: "asc" },
          take: newLeft,
          select: { id: true, position: true },
        }),
  ]);

  const states = new Map<string, StateRow>();
  for (const s of [...due, ...repeats]) states.set(s.cardId, s);
  const toQueueState = (s: StateRow): QueueCardState => s;
  const queue = buildQueue({
    cards: [...states.values()].map((s) => ({ cardId: s.cardId, position: 0 })).concat(fresh.map((c) => ({ cardId: c.id, position: c.position }))),
    states: new Map([...states].map(([k, v]) => [k, toQueueState(v)])),
    today,
    limits: deck,
    doneToday: done,
  });
  return { queue, states };
}

export async function reviewCard(db: Db, learner: Learner, cardId: string, kind: QueueKind, known?: StateRow | null): Promise<ReviewCard> {
  const [card, state] = await Promise.all([
    db.card.findUniqueOrThrow({ where: { id: cardId }, select: { id: true, deckId: true, position: true, frontHtml: true, backHtml: true, experimentId: true } }),
    known !== undefined ? known : db.cardState.findUnique({ where: { userId_cardId: { userId: learner.id, cardId } } }),
  ]);
  return {
    cardId: card.id,
    deckId: card.deckId,
    kind,
    position: card.position,
    frontHtml: card.frontHtml,
    backHtml: card.backHtml,
    experimentId: card.experimentId,
    state: viewOf(state),
    previews: previewGrades(fieldsOf(state)).map((p) => ({ quality: p.quality, label: p.label, dueInDays: p.dueInDays })),
  };
}

/** Today's remaining queue and the card to show next. */
export async function sessionView(db: Db, learner: Learner, deckId: string, now: Date, deck?: DeckForReview, knownToday?: number): Promise<SessionView> {
  deck ??= await deckForReview(db, learner, deckId);
  const today = knownToday ?? (await studyDay(db, learner, now));
  const { queue, states } = await queueFor(db, learner, deck, today);
  const head = queue.items[0];
  return {
    today,
    remaining: { ...queue.counts, total: queue.items.length },
    // New cards come without their state row, which exists after an undo, a bury or a suspend.
    next: head ? await reviewCard(db, learner, head.cardId, head.kind, states.get(head.cardId)) : null,
  };
}

/** Cards this learner suspended or buried in a deck (for the deck page). */
export async function cardFlags(db: Db, userId: string, deckId: string, today: number) {
  const rows = await db.cardState.findMany({
    where: { userId, deckId, OR: [{ suspended: true }, { buriedUntilDay: { gt: today } }] },
    select: { cardId: true, suspended: true, buriedUntilDay: true },
  });
  return new Map(rows.map((r) => [r.cardId, { suspended: r.suspended, buried: (r.buriedUntilDay ?? 0) > today }]));
}
