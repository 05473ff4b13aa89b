// Appending to the review log in order. Each entry takes the learner's next sequence number
// inside the writing transaction; the app servers' clocks (answeredAt) may disagree, the
// sequence cannot. Two transactions of one learner that read the same highest number (two
// devices answering different cards at once on PostgreSQL) collide on the unique
// (userId, seq) index: the loser runs again and takes the next number.
import { DomainError } from "../errors.ts";
import type { Tx } from "./state.ts";

/**
 * How many times a write that lost the race for a sequence number runs again before giving up (409).
 * Each round has a winner, so this many writes of one learner at the same moment all get through.
 */
export const SEQ_ATTEMPTS = 10;

/** A short random pause before running again, so the losers of one round do not collide again at once. */
export const pauseBeforeRetry = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));

/** The learner's next log sequence number: one probe of the unique (userId, seq) index. */
export async function nextSeq(tx: Tx, userId: string): Promise<number> {
  const last = await tx.reviewLog.findFirst({ where: { userId }, orderBy: { seq: "desc" }, select: { seq: true } });
  return (last?.seq ?? 0) + 1;
}

/** Every attempt lost the race for a sequence number: nothing was written, the client may send it again. */
export function busy(): DomainError {
  return new DomainError(409, "Another answer of yours was being recorded at the same moment. Nothing was recorded for this one; try again.");
}
