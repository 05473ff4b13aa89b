// How one answer changes a learner's stored card state, and how the review log replays
// into that state (pure). Grading and replay share `applyAnswer`, so the stored state
// is by construction what the log says; the replay check finds lost or doubled writes.
import { NEW_CARD, sm2, type Sm2State } from "../srs/sm2.ts";
import { dueInDays } from "../srs/preview.ts";

export interface SrsFields extends Sm2State {
  dueDay: number;
  lapses: number;
  lastReviewedAt: Date | null;
  lastReviewDay: number | null;
}

export const NEW_FIELDS: SrsFields = { ...NEW_CARD, dueDay: 0, lapses: 0, lastReviewedAt: null, lastReviewDay: null };

export function applyAnswer(before: SrsFields, grade: number, today: number, at: Date): SrsFields {
  const next = sm2(before, grade);
  // A lapse: a learned card forgotten (SM-2 starts it again). Extra reviews change nothing.
  const lapsed = grade < 3 && !before.extraReview && before.repetitions > 0;
  const days = dueInDays(next);
  return {
    ...next,
    dueDay: days === 0 ? today : today + days,
    lapses: before.lapses + (lapsed ? 1 : 0),
    lastReviewedAt: at,
    lastReviewDay: today,
  };
}

export interface LogEntryForReplay {
  id: string;
  /** The learner's log order (ReviewLog.seq): answers apply in this order, whatever their clocks said. */
  seq: number;
  kind: "ANSWER" | "UNDO";
  undoesId: string | null;
  grade: number | null;
  answeredAt: Date;
  reviewDay: number;
}

/** The state a card's log leads to: every answer not undone, in log order. */
export function replay(entries: LogEntryForReplay[]): SrsFields {
  const undone = new Set(entries.filter((e) => e.kind === "UNDO").map((e) => e.undoesId));
  return entries
    .filter((e) => e.kind === "ANSWER" && !undone.has(e.id))
    .sort((a, b) => a.seq - b.seq)
    .reduce((state, e) => applyAnswer(state, e.grade!, e.reviewDay, e.answeredAt), NEW_FIELDS);
}
