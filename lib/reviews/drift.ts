// Drift: where a stored card state is not what the review log replays to (pure). The log is
// the record; a state that differs was written by something other than grading and undo
// (a hand edit, a restore of one table without the other, a bug). db:rebuild-states reports
// it and can rewrite the state from the log.
import { replay, type LogEntryForReplay, type SrsFields } from "./transitions.ts";

export const SRS_KEYS = ["repetitions", "easiness", "interval", "dueDay", "extraReview", "lapses", "lastReviewedAt", "lastReviewDay"] as const;
export type SrsKey = (typeof SRS_KEYS)[number];
type SrsValue = SrsFields[SrsKey];

export interface FieldDrift {
  field: SrsKey;
  stored: SrsValue;
  replayed: SrsValue;
}

export interface CardDrift {
  userId: string;
  cardId: string;
  /** The log has standing answers for this card but no state row exists. */
  missingState: boolean;
  fields: FieldDrift[];
  /** What the log replays to: the state to write back. */
  replayed: SrsFields;
}

const same = (a: SrsValue, b: SrsValue) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

/**
 * The fields where `stored` differs from the replay of `entries` (one learner's log for one card),
 * empty when none. A never-answered card is new whatever its due day (a bury writes one), so the
 * due day is compared only once the log has a standing answer.
 */
export function fieldDrift(stored: SrsFields | null, replayed: SrsFields): FieldDrift[] {
  if (!stored) return replayed.lastReviewedAt === null ? [] : SRS_KEYS.map((field) => ({ field, stored: null, replayed: replayed[field] }));
  return SRS_KEYS.filter((k) => !(k === "dueDay" && replayed.lastReviewedAt === null && stored.lastReviewedAt === null))
    .filter((k) => !same(stored[k], replayed[k]))
    .map((field) => ({ field, stored: stored[field], replayed: replayed[field] }));
}

export interface DriftReport {
  /** Card states and cards with a log that were compared. */
  checked: number;
  drifted: CardDrift[];
}

/** Compares every card state with its log's replay, for the states and log entries given (any learners). */
export function findDrift(
  states: (SrsFields & { userId: string; cardId: string })[],
  log: (LogEntryForReplay & { userId: string; cardId: string })[],
): DriftReport {
  const key = (e: { userId: string; cardId: string }) => `${e.userId}\u0000${e.cardId}`;
  const entries = new Map<string, LogEntryForReplay[]>();
  for (const e of log) {
    const list = entries.get(key(e));
    if (list) list.push(e);
    else entries.set(key(e), [e]);
  }
  const stored = new Map(states.map((s) => [key(s), s]));
  const cards = new Map([...states, ...log].map((e) => [key(e), { userId: e.userId, cardId: e.cardId }]));
  const drifted: CardDrift[] = [];
  for (const [k, { userId, cardId }] of cards) {
    const replayed = replay(entries.get(k) ?? []);
    const fields = fieldDrift(stored.get(k) ?? null, replayed);
    if (fields.length) drifted.push({ userId, cardId, missingState: !stored.has(k), fields, replayed });
  }
  return { checked: cards.size, drifted };
}

/** One line per drifted card: `field stored → replayed` for each differing field. */
export function describeDrift(d: CardDrift, userLabel = d.userId): string {
  const show = (v: SrsValue) => (v instanceof Date ? v.toISOString() : v === null ? "—" : String(v));
  const what = d.missingState ? "no state row; the log says " : "";
  return `${userLabel} card ${d.cardId}: ${what}${d.fields.map((f) => `${f.field} ${show(f.stored)} → ${show(f.replayed)}`).join(", ")}`;
}
