// The words a verdict is shown with (pure). One table for the app, the answer key and the live panel.
import type { VerdictKey } from "./types.ts";

export const VERDICT_LABEL: Record<VerdictKey, string> = {
  supported: "Supported",
  contradicted: "Contradicted",
  "not-shown": "Not shown",
  inconclusive: "Inconclusive",
  "confirmed-in-source": "Confirmed in the fastai source",
};

/** What each verdict means, in one sentence a learner can read. */
export const VERDICT_MEANING: Record<VerdictKey, string> = {
  supported: "Every judged part of the claim held: each 95 % interval lies where the claim says.",
  contradicted: "The data point the other way, or show no effect where the claim predicts one, for at least one judged part.",
  "not-shown": "Nothing went against the claim, but at least one judged part stayed unresolved: its interval still reaches both what the claim predicts and what it rules out, so these runs cannot tell.",
  inconclusive: "The runs could not be judged (a run missing, collapsed, or a measurement not reported).",
  "confirmed-in-source": "An API fact: the cited lines of the fastai source say so; our learner's mirror of it is checked separately.",
};

/** Verdict words of recordings made before this vocabulary (kept in the history as they were shown). */
export const LEGACY_VERDICT_LABEL: Record<string, string> = {
  supported: "Supported",
  "not-supported": "Not supported",
  inconclusive: "Inconclusive",
};

export const MIRROR_LABEL = {
  mirrors: "Our learner mirrors it",
  differs: "Our learner differs",
  "not-reported": "Our learner's run did not report it",
} as const;
