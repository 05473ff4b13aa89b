// Learners' replications: a finished live run contributed (opt-in) from a card's why view. The server
// trusts none of it: the run must be the frozen definition's (its variants × seeds in that mode, the
// planned steps, finite numbers in range, bounded size), its verdict is computed here and a verdict the
// browser claims must agree. Limited per learner and per experiment; the experiment's author (an
// administrator for the registry's) may hide a run, which stays counted as hidden.
import type { Db } from "../db/client.ts";
import { hasRole } from "../auth/roles.ts";
import { canViewDeck, CARD_NOT_FOUND, type Viewer } from "../decks/access.ts";
import { DomainError } from "../errors.ts";
import { browserOf, checkSubmission, deviceClassOf } from "@/experiments/custom/submission.ts";
import { REPLICATION_LIMITS, tally, type ReplicationRow, type Tally } from "@/experiments/live/tally.ts";
import type { VerdictKey } from "@/experiments/registry/types.ts";
import type { Contribution } from "./api.ts";
import { evidenceFor } from "./evidence.ts";

const DAY_MS = 24 * 3600 * 1000;

/** The card the run was made from, if this viewer may see it and it cites this experiment. */
async function cardForViewing(db: Db, viewer: Viewer, cardId: string, experimentId: string) {
  const card = await db.card.findUnique({
    where: { id: cardId },
    select: { experimentId: true, archivedAt: true, deck: { select: { published: true, ownerId: true, archivedAt: true, enrolments: { where: { userId: viewer.id }, select: { userId: true } } } } },
  });
  if (!card || card.archivedAt || card.deck.archivedAt || !canViewDeck(card.deck, viewer, card.deck.enrolments.length > 0)) throw new DomainError(404, CARD_NOT_FOUND);
  if (card.experimentId !== experimentId) throw new DomainError(400, "That card's answer does not rest on this experiment.");
}

export async function contributeReplication(db: Db, viewer: Viewer, c: Contribution, now = new Date()): Promise<{ id: string; verdict: VerdictKey; agrees: boolean }> {
  await cardForViewing(db, viewer, c.cardId, c.experimentId);
  const evidence = await evidenceFor(db, c.experimentId);
  if (!evidence || "pending" in evidence) throw new DomainError(404, "This experiment has no recording to replicate yet.");
  const { def, recording } = evidence;
  if (def.kind !== "trained") throw new DomainError(400, "An API fact is confirmed in the source, not replicated: there is nothing to contribute.");
  if (c.version !== recording.version)
    throw new DomainError(409, `Your run was made with version ${c.version} of this experiment; it is now at version ${recording.version}. Reload the page and run it again.`);
  const checked = checkSubmission(def, c, c.mode);
  if (!checked.ok) throw new DomainError(422, checked.error);

  const since = new Date(now.getTime() - DAY_MS);
  const [mine, all] = await Promise.all([
    db.replication.count({ where: { userId: viewer.id, experimentId: c.experimentId, createdAt: { gte: since } } }),
    db.replication.count({ where: { experimentId: c.experimentId, createdAt: { gte: since } } }),
  ]);
  if (mine >= REPLICATION_LIMITS.perUserPerDay)
    throw new DomainError(429, `You contributed ${mine} runs of this experiment in the last 24 hours, the most one learner may. Thank you; try again tomorrow.`);
  if (all >= REPLICATION_LIMITS.perExperimentPerDay) throw new DomainError(429, "This experiment received as many runs as it takes in a day. Try again tomorrow.");

  const ua = c.environment.userAgent;
  const agrees = checked.verdict.verdict === recording.verdict.verdict;
  const row = await db.replication.create({
    data: {
      experimentId: c.experimentId, experimentVersion: recording.version, userId: viewer.id, mode: c.mode,
      backend: c.environment.backend, tfjsVersion: c.environment.tfjsVersion, deviceClass: deviceClassOf(ua), browser: browserOf(ua),
      runs: JSON.stringify(checked.runs), verdict: checked.verdict.verdict, numbers: JSON.stringify(checked.verdict.numbers), agrees, createdAt: now,
    },
    select: { id: true },
  });
  return { id: row.id, verdict: checked.verdict.verdict, agrees };
}

/** Whether this viewer may hide runs of this experiment: its author, or an administrator. */
export function canModerate(viewer: Viewer, ownerId: string | null): boolean {
  return (ownerId !== null && ownerId === viewer.id) || hasRole(viewer.role, "ADMIN");
}

export async function setReplicationHidden(db: Db, viewer: Viewer, id: string, hidden: boolean, now = new Date()): Promise<{ id: string; hidden: boolean }> {
  const r = await db.replication.findUnique({ where: { id }, select: { experimentId: true } });
  const owner = r ? await experimentOwner(db, r.experimentId) : null;
  if (!r || !canModerate(viewer, owner)) throw new DomainError(404, "That replication does not exist.");
  await db.replication.update({ where: { id }, data: hidden ? { hiddenAt: now, hiddenBy: viewer.id } : { hiddenAt: null, hiddenBy: null } });
  return { id, hidden };
}

async function experimentOwner(db: Db, experimentId: string): Promise<string | null> {
  const e = await db.experiment.findUnique({ where: { id: experimentId }, select: { ownerId: true } });
  return e?.ownerId ?? null;
}

/** The recorded version's replications, tallied against its numbers (hidden ones counted apart). */
export async function replicationTally(db: Db, experimentId: string, version: number, recordedNumbers: Record<string, number>): Promise<{ tally: Tally; rows: ReplicationRow[] }> {
  const rows = (
    await db.replication.findMany({
      where: { experimentId, experimentVersion: version },
      orderBy: { createdAt: "desc" },
      take: 5000,
      select: { id: true, mode: true, backend: true, tfjsVersion: true, deviceClass: true, browser: true, verdict: true, numbers: true, agrees: true, hiddenAt: true, createdAt: true },
    })
  ).map((r): ReplicationRow => ({
    id: r.id, mode: r.mode as ReplicationRow["mode"], backend: r.backend, tfjsVersion: r.tfjsVersion, deviceClass: r.deviceClass, browser: r.browser,
    verdict: r.verdict as VerdictKey, numbers: JSON.parse(r.numbers) as Record<string, number>, agrees: r.agrees, hidden: r.hiddenAt !== null, createdAt: r.createdAt,
  }));
  return { tally: tally(rows, recordedNumbers), rows };
}
