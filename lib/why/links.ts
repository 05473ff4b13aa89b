// Where the why view of a card lives, and whether a card has one (its experiment has a committed
// recording, or is an author's: its page shows the recording, or the pre-registration while it has
// none). Pure and tiny, so the review screen's client bundle can use it.
import { isCustomExperimentId } from "@/experiments/custom/ids.ts";
import { RECORDING_IDS } from "@/experiments/recordings/ids.ts";

export function hasWhyView(experimentId: string | null | undefined): boolean {
  return !!experimentId && ((RECORDING_IDS as readonly string[]).includes(experimentId) || isCustomExperimentId(experimentId));
}

export function whyHref(deckId: string, cardId: string, from?: "review"): string {
  return `/decks/${encodeURIComponent(deckId)}/cards/${encodeURIComponent(cardId)}/why${from ? `?from=${from}` : ""}`;
}
