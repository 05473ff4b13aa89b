// Today's session in a deck: the study day, the due queue (one indexed query per part; on
// PostgreSQL the parts go together, postgres.ts),
// and the next card for the review screen, with the HTML stored when the card was written
// (lib/decks/cards.ts): no Markdown runs here.
import { isPostgres, type Db } from "../db/client.ts";
import { deckForReview, type DeckForReview } from "../decks/access.ts";
import { currentStudyDay } from "../srs/day.ts";
import { previewGrades } from "../srs/preview.ts";
import { buildQueue, countDoneToday, leftToday, queueHead, type DoneToday, type Queue, type QueueCardState, type QueueKind } from "./queue.ts";
import { cardWithStateOnPostgres, queueReadsOnPostgres } from "./postgres.ts";
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

/** What is left today in a deck, by kind: what the deck page, the review page and the statistics call "due today". */
export type Remaining = Record<QueueKind, number> & { total: number };

export interface SessionView {
  today: number;
  remaining: Remaining;
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

/** Most overdue first, ties by card id: the order of the (userId, deckId, dueDay, cardId) index. */
const DUE_ORDER = [{ dueDay: "asc" as const }, { cardId: "asc" as const }];

/** What every view of today's queue starts from: what was done today, and the filters that follow from it. */
async function todayIn(db: Db, learner: Learner, deck: DeckForReview, today: number) {
  const userId = learner.id;
  const deckId = deck.id;
  // Archived cards keep their learners' states but leave the queue. Listed per deck (few,
  // usually none; from the Card (deckId, archivedAt, …) index) rather than joined into the due
  // query: a join on Card would take the due query off its (userId, deckId, dueDay, cardId) index order.
  const [todays, archived] = await Promise.all([
    db.reviewLog.findMany({ where: { userId, deckId, reviewDay: today }, select: { id: true, cardId: true, kind: true, undoesId: true, dueDayBefore: true } }),
    db.card.findMany({ where: { deckId, archivedAt: { not: null } }, select: { id: true } }).then((cards) => cards.map((c) => c.id)),
  ]);
  const done = countDoneToday(todays);
  const left = leftToday(deck, done);
  const live = archived.length ? { cardId: { notIn: archived } } : {};
  const available = { suspended: false, OR: [{ buriedUntilDay: null }, { buriedUntilDay: { lte: today } }], ...live };
  const repeatToday = { lastReviewDay: today, OR: [{ extraReview: true }, { interval: 0 }] };
  return {
    done,
    reviewsLeft: left.reviews,
    newLeft: left.newCards,
    dueWhere: { userId, deckId, dueDay: { lte: today }, lastReviewedAt: { not: null }, ...available, NOT: repeatToday },
    repeatsWhere: { userId, deckId, dueDay: { lte: today }, ...available, ...repeatToday, lastReviewedAt: { not: null } },
    freshQuery: {
      where: {
        deckId,
        archivedAt: null,
        cardStates: { none: { userId, OR: [{ lastReviewedAt: { not: null } }, { suspended: true }, { buriedUntilDay: { gt: today } }] } },
      },
      orderBy: { position: "asc" as const },
      select: { id: true, position: true },
    },
  };
}

/** The queue from new cards, repeats and (some of) the due rows, as buildQueue orders it. */
function queueOf(due: StateRow[], repeats: StateRow[], fresh: { id: string; position: number }[], deck: DeckForReview, today: number, done: DoneToday) {
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

/** Today's whole queue and the state rows it read (the offline snapshot: lib/reviews/offline.ts). */
export async function queueFor(db: Db, learner: Learner, deck: DeckForReview, today: number): Promise<{ queue: Queue; states: Map<string, StateRow> }> {
  const t = await todayIn(db, learner, deck, today);
  const [due, repeats, fresh] = await Promise.all([
    t.reviewsLeft === 0 ? [] : db.cardState.findMany({ where: t.dueWhere, orderBy: DUE_ORDER, take: t.reviewsLeft }),
    db.cardState.findMany({ where: t.repeatsWhere }),
    t.newLeft === 0 ? [] : db.card.findMany({ ...t.freshQuery, take: t.newLeft }),
  ]);
  return queueOf(due, repeats, fresh, deck, today, t.done);
}

/** queueTop's reads as Prisma queries: what was done today, then the queue's parts together. */
async function queueReads(db: Db, learner: Learner, deck: DeckForReview, today: number) {
  const t = await todayIn(db, learner, deck, today);
  const [reviews, dueHead, repeats, fresh] = await Promise.all([
    // In the due index's order: without it Prisma orders the counted rows by primary key (a sort).
    t.reviewsLeft === 0 ? 0 : db.cardState.count({ where: t.dueWhere, orderBy: DUE_ORDER, take: t.reviewsLeft }),
    t.reviewsLeft === 0 ? null : db.cardState.findFirst({ where: t.dueWhere, orderBy: DUE_ORDER }),
    db.cardState.findMany({ where: t.repeatsWhere }),
    t.newLeft === 0 ? [] : db.card.findMany({ ...t.freshQuery, take: t.newLeft }),
  ]);
  return { done: t.done, reviews, dueHead, repeats, fresh };
}

/**
 * What the review screen needs of today's queue: its counts and its first card. The due reviews
 * are counted in SQL (up to the day's limit) and only their first row is read, instead of
 * loading every due card to show one (hundreds when a learner is behind); the first card and
 * the counts are buildQueue's (queueHead, tests/unit/queue.test.ts). On PostgreSQL these reads
 * are one statement (postgres.ts), each round trip costing the app and the database CPU; on SQLite
 * they run in-process and stay Prisma queries.
 */
async function queueTop(db: Db, learner: Learner, deck: DeckForReview, today: number) {
  const { done, reviews, dueHead, repeats, fresh } = isPostgres(db)
    ? await queueReadsOnPostgres(db, { userId: learner.id, deck, today })
    : await queueReads(db, learner, deck, today);
  // New cards and repeats as buildQueue orders them (no reviews: they are counted, not listed).
  const { queue, states } = queueOf([], repeats, fresh, deck, today, done);
  if (dueHead) states.set(dueHead.cardId, dueHead);
  const head = queueHead(queue, reviews, dueHead?.cardId ?? null, done);
  return { counts: { ...queue.counts, review: reviews }, total: queue.items.length + reviews, head, states };
}

export async function reviewCard(db: Db, learner: Learner, cardId: string, kind: QueueKind, known?: StateRow | null): Promise<ReviewCard> {
  const { card, state } = isPostgres(db)
    ? await cardWithStateOnPostgres(db, learner.id, cardId)
    : await Promise.all([
        db.card.findUniqueOrThrow({ where: { id: cardId }, select: { id: true, deckId: true, position: true, frontHtml: true, backHtml: true, experimentId: true } }),
        known !== undefined ? known : db.cardState.findUnique({ where: { userId_cardId: { userId: learner.id, cardId } } }),
      ]).then(([card, state]) => ({ card, state }));
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

/** Today's remaining queue in a deck, without the card to show next (the statistics' "due today"). */
export async function remainingToday(db: Db, learner: Learner, deck: DeckForReview, today: number): Promise<Remaining> {
  const { counts, total } = await queueTop(db, learner, deck, today);
  return { ...counts, total };
}

/** Today's remaining queue and the card to show next. */
export async function sessionView(db: Db, learner: Learner, deckId: string, now: Date, deck?: DeckForReview, knownToday?: number): Promise<SessionView> {
  deck ??= await deckForReview(db, learner, deckId);
  const today = knownToday ?? (await studyDay(db, learner, now));
  const { counts, total, head, states } = await queueTop(db, learner, deck, today);
  return {
    today,
    remaining: { ...counts, total },
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
