// Where the why view of a card lives, and whether a card has one (its experiment has a committed
// recording). Pure and tiny, so the review screen's client bundle can use it.
import { RECORDING_IDS } from "@/experiments/recordings/index.ts";

export function hasWhyView(experimentId: string | null | undefined): boolean {
  return !!experimentId && (RECORDING_IDS as readonly string[]).includes(experimentId);
}

export function whyHref(deckId: string, cardId: string, from?: "review"): string {
  return `/decks/${encodeURIComponent(deckId)}/cards/${encodeURIComponent(cardId)}/why${from ? `?from=${from}` : ""}`;
}
