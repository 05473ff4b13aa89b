// The chapter-13 answer key: the hand-written answers (chapter13.ts) plus, on each card, what its
// experiment found — taken from the committed recording's verdict, which the experiment's decision rule
// computed from the runs. Nothing in the evidence paragraph is written by hand.
import type { Recording } from "../../experiments/recordings/index.ts";
import { recordingFor } from "../../experiments/recordings/all.ts";
import { CHAPTER13_CARDS, type SeedCard } from "./chapter13.ts";

export const VERDICT_LABEL = { supported: "Supported", "not-supported": "Not supported", inconclusive: "Inconclusive" } as const;

const seedsPhrase = (n: number): string => (n === 1 ? "1 seed" : `${n} seeds`);

/** One Markdown paragraph: the verdict, the claim it is about, its summary, and how the runs were made. */
export function evidenceMarkdown(rec: Recording): string {
  const how =
    rec.config.kind === "api-fact"
      ? `our learner doing it live (TensorFlow.js ${rec.tfjsVersion}, ${rec.backend})`
      : `${rec.runs.length} training runs (${seedsPhrase(rec.config.seeds.length)}; MNIST, 8,000 training / 2,000 validation digits; TensorFlow.js ${rec.tfjsVersion}, ${rec.backend})`;
  // The claim comes first: a verdict is about the claim tested, which can be narrower or stronger than the answer's reasoning.
  return `**What our experiment found: ${VERDICT_LABEL[rec.verdict.verdict]}.** Claim tested: ${rec.claim} ${rec.verdict.summary} _Computed from ${how}; open “Why?” for the runs._`;
}

/** The card with its evidence paragraph inserted just before the Sources line. */
export function withEvidence(card: SeedCard, rec: Recording | undefined): SeedCard {
  if (!rec) return card;
  const lines = card.back.split("\n");
  const at = lines.findIndex((l) => l.startsWith("**Sources:**"));
  const i = at < 0 ? lines.length : at;
  return { ...card, back: [...lines.slice(0, i), evidenceMarkdown(rec), "", ...lines.slice(i)].join("\n") };
}

/** The nine cards as the seed writes them. */
export function answerKeyCards(): SeedCard[] {
  return CHAPTER13_CARDS.map((c) => withEvidence(c, recordingFor(c.experimentId)));
}
