// Rebuilding card states from the review log (npm run db:rebuild-states): every learner's log
// replayed through the same transitions grading uses, compared with the stored states
// (lib/reviews/drift.ts), and with `fix` the drifted states rewritten in one transaction.
import type { Db } from "../db/client.ts";
import { findDrift, type CardDrift } from "./drift.ts";
import { fieldsOf } from "./state.ts";

export interface RebuildReport {
  learners: number;
  logEntries: number;
  /** Card states and cards with a log that were compared. */
  checked: number;
  drifted: (CardDrift & { email: string })[];
  /** States rewritten (with `fix`). */
  fixed: number;
}

const LOG_FIELDS = { id: true, seq: true, userId: true, cardId: true, kind: true, undoesId: true, grade: true, answeredAt: true, reviewDay: true } as const;

/** Compares every learner's card states with their log, one learner at a time (memory stays one learner's). */
export async function rebuildStates(db: Db, opts: { fix?: boolean } = {}): Promise<RebuildReport> {
  const users = await db.user.findMany({ select: { id: true, email: true }, orderBy: { id: "asc" } });
  const report: RebuildReport = { learners: 0, logEntries: 0, checked: 0, drifted: [], fixed: 0 };
  const versions = new Map<string, number>();
  for (const user of users) {
    const [states, log] = await Promise.all([
      db.cardState.findMany({ where: { userId: user.id } }),
      db.reviewLog.findMany({ where: { userId: user.id }, select: LOG_FIELDS }),
    ]);
    if (states.length === 0 && log.length === 0) continue;
    report.learners++;
    report.logEntries += log.length;
    for (const s of states) versions.set(`${s.userId} ${s.cardId}`, s.version);
    const { checked, drifted } = findDrift(states.map((s) => ({ ...fieldsOf(s), userId: s.userId, cardId: s.cardId })), log);
    report.checked += checked;
    report.drifted.push(...drifted.map((d) => ({ ...d, email: user.email })));
  }
  if (opts.fix && report.drifted.length) report.fixed = await rewrite(db, report.drifted, versions);
  return report;
}

/**
 * Writes each drifted state as its log replays, bumping its version so an open review screen sees
 * a conflict rather than overwriting it. All or nothing: a state that changed since it was read
 * (the app still grading) aborts the whole fix, to be run again.
 */
async function rewrite(db: Db, drifted: CardDrift[], versions: Map<string, number>): Promise<number> {
  const cards = await db.card.findMany({ where: { id: { in: [...new Set(drifted.map((d) => d.cardId))] } }, select: { id: true, deckId: true } });
  const deckOf = new Map(cards.map((c) => [c.id, c.deckId]));
  return db.$transaction(async (tx) => {
    for (const d of drifted) {
      // A never-answered card keeps its due day (a bury's), which the queue ignores anyway.
      const { dueDay, ...rest } = d.replayed;
      const data = d.replayed.lastReviewedAt === null ? rest : { ...rest, dueDay };
      const version = versions.get(`${d.userId} ${d.cardId}`);
      if (version === undefined) {
        await tx.cardState.create({ data: { ...d.replayed, userId: d.userId, cardId: d.cardId, deckId: deckOf.get(d.cardId)!, version: 1 } });
        continue;
      }
      const { count } = await tx.cardState.updateMany({ where: { userId: d.userId, cardId: d.cardId, version }, data: { ...data, version: version + 1 } });
      if (count !== 1) throw new Error(`The state of card ${d.cardId} (user ${d.userId}) changed while this ran; nothing was fixed. Run it again.`);
    }
    return drifted.length;
  }, { timeout: 60_000 });
}
