// Who may do what with an author's experiment: the only place these rules are written. Its owner
// (and administrators) may read its design page, revise it, record it and attach it to cards of
// decks they write; learners only ever see it through a card they may view (the why view), so for
// anyone else it does not exist (404, as for decks).
import type { Db } from "../db/client.ts";
import { hasRole } from "../auth/roles.ts";
import { DomainError } from "../errors.ts";
import type { Viewer } from "../decks/access.ts";
import { isCustomExperimentId } from "@/experiments/custom/definition.ts";
import { experimentById } from "@/experiments/registry/index.ts";
import { EXPERIMENT_NOT_FOUND, loadExperiment, type ExperimentDetail } from "./data.ts";

export function canEditExperiment(experiment: { ownerId: string }, viewer: Viewer): boolean {
  return experiment.ownerId === viewer.id || hasRole(viewer.role, "ADMIN");
}

/** The experiment, if this viewer may change it; 404 otherwise. */
export async function experimentForEditing(db: Db, viewer: Viewer, id: string): Promise<ExperimentDetail> {
  const e = await loadExperiment(db, id);
  if (!e || !canEditExperiment(e, viewer)) throw new DomainError(404, EXPERIMENT_NOT_FOUND);
  return e;
}

/**
 * Whether this viewer may make a card's answer rest on `experimentId`: any registry experiment (they are
 * public evidence), or an experiment of their own. null detaches.
 */
export async function experimentForAttaching(db: Db, viewer: Viewer, experimentId: string | null): Promise<string | null> {
  if (experimentId === null) return null;
  if (!isCustomExperimentId(experimentId)) {
    if (!experimentById(experimentId)) throw new DomainError(400, `There is no experiment ${experimentId} in the registry.`);
    return experimentId;
  }
  const e = await db.experiment.findUnique({ where: { id: experimentId }, select: { ownerId: true } });
  if (!e || !canEditExperiment(e, viewer)) throw new DomainError(404, EXPERIMENT_NOT_FOUND);
  return experimentId;
}
