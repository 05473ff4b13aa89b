// The learner's stored card state as the review code reads and writes it, and the
// conflict (409) reviewing answers with when another tab or device wrote first.
import type { Db } from "../db/client.ts";
import type { Role } from "../auth/roles.ts";
import { DomainError } from "../errors.ts";
import { NEW_FIELDS, type SrsFields } from "./transitions.ts";

export interface Learner {
  id: string;
  role: Role;
  timeZone: string;
  dayRolloverHour: number;
}

export interface CardStateView {
  repetitions: number;
  easiness: number;
  interval: number;
  dueDay: number | null;
  extraReview: boolean;
  lapses: number;
  suspended: boolean;
  buriedUntilDay: number | null;
  version: number;
}

export type StateRow = {
  userId: string;
  cardId: string;
  deckId: string;
  repetitions: number;
  easiness: number;
  interval: number;
  dueDay: number;
  extraReview: boolean;
  lapses: number;
  buriedUntilDay: number | null;
  suspended: boolean;
  lastReviewedAt: Date | null;
  lastReviewDay: number | null;
  version: number;
};

export const fieldsOf = (row: StateRow | null): SrsFields =>
  row
    ? {
        repetitions: row.repetitions, easiness: row.easiness, interval: row.interval, extraReview: row.extraReview,
        dueDay: row.dueDay, lapses: row.lapses, lastReviewedAt: row.lastReviewedAt, lastReviewDay: row.lastReviewDay,
      }
    : NEW_FIELDS;

export const viewOf = (row: StateRow | null): CardStateView => ({
  repetitions: row?.repetitions ?? 0,
  easiness: row?.easiness ?? 2.5,
  interval: row?.interval ?? 0,
  dueDay: row && row.lastReviewedAt ? row.dueDay : null,
  extraReview: row?.extraReview ?? false,
  lapses: row?.lapses ?? 0,
  suspended: row?.suspended ?? false,
  buriedUntilDay: row?.buriedUntilDay ?? null,
  version: row?.version ?? 0,
});

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Starts a write transaction with a write, so that on SQLite it takes the database's write
 * lock first, waiting out other processes' writers under the busy timeout. Reading first
 * would pin a snapshot that another process's commit makes stale, and SQLite then fails
 * the first write at once with SQLITE_BUSY (Prisma's P1008, a 500) instead of waiting.
 * Matches no row (versions start at 0), found by primary key; harmless on PostgreSQL,
 * whose row locks already serialise the writers.
 */
export async function lockForWrite(tx: Tx, userId: string, cardId: string): Promise<void> {
  await tx.cardState.updateMany({ where: { userId, cardId, version: -1 }, data: { version: -1 } });
}

export function conflict(row: StateRow | null): DomainError {
  return new DomainError(409, "This card was answered in another tab or on another device. Its current state is shown.", row ? { state: viewOf(row) } : undefined);
}
