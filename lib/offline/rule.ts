// How an answer made offline joins the review log when it reaches the server (pure; docs/offline.md).
// It is appended in the order it arrives, like any answer: the card's state is SM-2 applied to the
// state the log already gives, so "card state = replay of the log" holds whatever else happened. The
// device's clock only stamps it: a time in the future is taken as the moment it arrived.

/** The time the answer is logged at: the device's, but never later than the server's now. */
export function offlineAnswerTime(answeredAt: Date, now: Date): Date {
  return answeredAt.getTime() > now.getTime() ? now : answeredAt;
}

/** The device computed the answer from another version of the card: another device answered it meanwhile. */
export const isMerge = (baseVersion: number, storedVersion: number) => baseVersion !== storedVersion;

export const MERGE_NOTICE =
  "was also answered on another device while you were offline. Both answers are kept; the card is scheduled from the latest one.";

/** What the learner is told after a sync: how many answers went up, and which cards were merged. */
export function syncNotice(sent: number, mergedFronts: string[]): string | null {
  const parts: string[] = [];
  if (sent > 0) parts.push(`${sent} ${sent === 1 ? "answer" : "answers"} made offline ${sent === 1 ? "was" : "were"} saved.`);
  for (const front of mergedFronts) parts.push(`“${front}” ${MERGE_NOTICE}`);
  return parts.length ? parts.join(" ") : null;
}
