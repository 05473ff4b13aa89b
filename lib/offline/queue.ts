// Review on the device (pure): today's snapshot from the server (lib/reviews/offline.ts) plus the
// answers made here, folded with the server's own modules: SM-2 through applyAnswer, today's order
// through buildQueue, the daily limits through countDoneToday. What the device shows offline is what the
// server would show, until another device changes the card (then the server's rule decides: docs/offline.md).
import type { SnapshotState, TodaySnapshot } from "../reviews/offline.ts";
import { buildQueue, countDoneToday, isNewCard, type QueueCardState } from "../reviews/queue.ts";
import type { ReviewCard, SessionView } from "../reviews/session.ts";
import { fieldsOf, viewOf, type StateRow } from "../reviews/state.ts";
import { applyAnswer } from "../reviews/transitions.ts";
import { previewGrades } from "../srs/preview.ts";

/** An answer made on the device, kept (IndexedDB) until the server acknowledges it. */
export interface PendingAnswer {
  reviewId: string;
  deckId: string;
  cardId: string;
  grade: number;
  durationMs: number;
  answeredAt: string;
  /** The card version the answer was computed from. */
  baseVersion: number;
}

function rowOf(snap: TodaySnapshot, cardId: string, s: SnapshotState | null): StateRow | null {
  return s ? { ...s, userId: snap.userId, cardId, deckId: snap.deckId, lastReviewedAt: s.lastReviewedAt ? new Date(s.lastReviewedAt) : null } : null;
}

/** The snapshot after one more answer: the card's state by SM-2, today's log one entry longer. */
export function applyToSnapshot(snap: TodaySnapshot, a: Pick<PendingAnswer, "reviewId" | "cardId" | "grade" | "answeredAt">): TodaySnapshot {
  const card = snap.cards.find((c) => c.cardId === a.cardId);
  if (!card) return snap;
  const row = rowOf(snap, a.cardId, card.state);
  const before = fieldsOf(row);
  const next = applyAnswer(before, a.grade, snap.today, new Date(a.answeredAt));
  const state: SnapshotState = {
    suspended: false,
    ...card.state,
    ...next,
    lastReviewedAt: next.lastReviewedAt!.toISOString(),
    buriedUntilDay: null,
    version: (card.state?.version ?? 0) + 1,
  };
  return {
    ...snap,
    cards: snap.cards.map((c) => (c === card ? { ...c, state } : c)),
    todayLog: [...snap.todayLog, { id: a.reviewId, cardId: a.cardId, kind: "ANSWER", undoesId: null, dueDayBefore: isNewCard(row ?? undefined) ? null : before.dueDay }],
  };
}

/** A new answer to the card on screen, computed from the version the device holds. */
export function pendingAnswer(snap: TodaySnapshot, cardId: string, grade: number, durationMs: number, reviewId: string, at: Date): PendingAnswer {
  const card = snap.cards.find((c) => c.cardId === cardId);
  return { reviewId, deckId: snap.deckId, cardId, grade, durationMs, answeredAt: at.toISOString(), baseVersion: card?.state?.version ?? 0 };
}

/** The snapshot with the answers not yet acknowledged applied, in the order they were made. */
export const withPending = (snap: TodaySnapshot, pending: PendingAnswer[]) => pending.reduce(applyToSnapshot, snap);

/** What the review screen shows: the remaining counts and the next card, as the server's sessionView would. */
export function localView(snap: TodaySnapshot): SessionView {
  const states = new Map<string, QueueCardState>();
  for (const c of snap.cards) {
    const row = rowOf(snap, c.cardId, c.state);
    if (row) states.set(c.cardId, row);
  }
  const queue = buildQueue({
    cards: snap.cards.map((c) => ({ cardId: c.cardId, position: c.position })),
    states,
    today: snap.today,
    limits: snap.limits,
    doneToday: countDoneToday(snap.todayLog),
  });
  const head = queue.items[0];
  const card = head && snap.cards.find((c) => c.cardId === head.cardId)!;
  let next: ReviewCard | null = null;
  if (card && head) {
    const row = rowOf(snap, card.cardId, card.state);
    next = {
      cardId: card.cardId, deckId: card.deckId, kind: head.kind, position: card.position,
      frontHtml: card.frontHtml, backHtml: card.backHtml, experimentId: card.experimentId,
      state: viewOf(row),
      previews: previewGrades(fieldsOf(row)).map((p) => ({ quality: p.quality, label: p.label, dueInDays: p.dueInDays })),
    };
  }
  return { today: snap.today, remaining: { ...queue.counts, total: queue.items.length }, next };
}

/** A card's front as one short line of text, for notices ("“What is a stride?” was also answered…"). */
export function frontLine(html: string, max = 60): string {
  const text = html
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
