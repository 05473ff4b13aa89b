// The recording behind a card, for the why view. Server-side only: experiments/recordings/all.ts bundles
// the nine JSON files into the server build, and the page hands the browser shaped data (plus the one
// recording the live panel needs), never the whole set.
import { recordingFor } from "@/experiments/recordings/all.ts";
import type { Recording } from "@/experiments/recordings/index.ts";

/** The parsed recording for a card's experimentId, or null when the card has none. */
export function recordingForCard(experimentId: string | null | undefined): Recording | null {
  return experimentId ? (recordingFor(experimentId) ?? null) : null;
}
