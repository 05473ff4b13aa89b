// The definition and recording a card's evidence stands on, whichever kind it is: a registry experiment
// with its committed recording, or an author's latest recorded version. One place, used by the why
// page, replications and their tally.
import type { Db } from "../db/client.ts";
import type { Viewer } from "../decks/access.ts";
import { deckWithCards } from "../decks/data.ts";
import { loadExperiment, whyRecording } from "../experiments/data.ts";
import { recordingForCard } from "../why/recordings.ts";
import { buildWhyView, type WhyView } from "../why/view.ts";
import { SOURCE_EXCERPTS } from "@/experiments/sources/excerpts.ts";
import { definitionOf, isCustomExperimentId } from "@/experiments/custom/definition.ts";
import type { CustomDesign } from "@/experiments/custom/design.ts";
import type { HistoryEntry } from "@/experiments/recordings/history.ts";
import { historyFor } from "@/experiments/recordings/history.ts";
import type { Recording } from "@/experiments/recordings/index.ts";
import { experimentById } from "@/experiments/registry/index.ts";
import type { ExperimentDefinition } from "@/experiments/registry/types.ts";

export type Evidence =
  | { recording: Recording; history: HistoryEntry[]; def: ExperimentDefinition; custom: { design: CustomDesign; version: number } | null; ownerId: string | null }
  | { pending: { claim: string; version: number; frozenAt: Date; sha256: string } };

/** What the experiment `experimentId` shows now; null when there is no such experiment. */
export async function evidenceFor(db: Db, experimentId: string | null): Promise<Evidence | null> {
  if (!experimentId) return null;
  if (!isCustomExperimentId(experimentId)) {
    const recording = recordingForCard(experimentId);
    const def = experimentById(experimentId);
    return recording && def ? { recording, history: historyFor(recording.id), def, custom: null, ownerId: null } : null;
  }
  const e = await loadExperiment(db, experimentId);
  if (!e) return null;
  const why = whyRecording(e);
  if (!why) {
    const v = e.versions[e.versions.length - 1]!;
    return { pending: { claim: v.design.claim, version: v.version, frozenAt: v.frozenAt, sha256: v.sha256 } };
  }
  const version = why.recording.version;
  const design = e.versions.find((v) => v.version === version)!.design;
  const def = definitionOf(design, { id: e.id, version, revisions: why.recording.config.revisions });
  return { recording: why.recording, history: why.history, def, custom: { design, version }, ownerId: e.ownerId };
}

/**
 * A card's evidence as its why view shows it (the page, and the data route its charts and live run load
 * later): null when the viewer may not see the deck, or the card or its experiment is not there.
 */
export async function cardEvidence(db: Db, viewer: Viewer, deckId: string, cardId: string) {
  const result = await deckWithCards(db, deckId, viewer);
  if (result.status !== "ok") return null;
  const card = result.deck.cards.find((c) => c.id === cardId);
  const evidence = card ? await evidenceFor(db, card.experimentId) : null;
  return card && evidence ? { deck: result.deck, card, evidence } : null;
}

/** The why view of a recording with its history and the fastai source excerpts it cites. */
export function whyViewOf({ recording, history }: { recording: Recording; history: HistoryEntry[] }): WhyView {
  return buildWhyView(recording, { history, excerpts: SOURCE_EXCERPTS[recording.id] ?? [] });
}
