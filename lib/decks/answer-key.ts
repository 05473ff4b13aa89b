// The chapter-13 answer key: the hand-written answers (chapter13.ts) plus, on each card, what its evidence
// found — taken from the committed recording's verdict, which the definition's decision rule computed from
// the runs (or, for API facts, the pinned fastai source). Nothing in the evidence paragraph is written by
// hand, and the Sources line is rebuilt from the recording's sources as links a reader can open.
import type { Recording } from "../../experiments/recordings/index.ts";
import { recordingFor } from "../../experiments/recordings/all.ts";
import { historyFor } from "../../experiments/recordings/history.ts";
import { VERDICT_LABEL } from "../../experiments/registry/vocabulary.ts";
import { SOURCE_EXCERPTS, lineRange, type SourceExcerpt } from "../../experiments/sources/excerpts.ts";
import { CHAPTER13_CARDS, type SeedCard } from "./chapter13.ts";

export { VERDICT_LABEL };

/** The excerpts an API-fact card quotes (the why view shows all of them). */
const CARD_EXCERPTS: Record<string, readonly string[]> = {
  "ch13-activation-stats": ["activation-stats-hook", "activation-stats-after-batch"],
  "ch13-callback-access": ["learner-add-cb", "callback-name"],
};

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const short = (commit: string): string => commit.slice(0, 7);

/** "`fastai/learner.py`@5bc369c, lines 113–118" */
export const excerptPlace = (e: Pick<SourceExcerpt, "path" | "commit" | "lines">): string => `\`${e.path}\`@${short(e.commit)}, ${lineRange(e.lines)}`;

function quoted(e: SourceExcerpt): string {
  return [`[${excerptPlace(e)}](${e.url}):`, "", "```python", e.excerpt, "```"].join("\n");
}

/** How the verdict came about when a rule was revised after seeing results: the earlier verdicts, then fresh seeds. */
function revisionNote(rec: Recording): string {
  const revised = rec.config.revisions.filter((r) => r.afterSeeingResults);
  if (revised.length === 0) return "";
  const earlier = historyFor(rec.id)
    .map((h, i, all) => `version ${h.version}${i > 0 && h.seeds.join() === all[i - 1]!.seeds.join() ? " (judged on the same seeds)" : ""}: “${h.verdictLabel}”`)
    .join("; ");
  const seeds = rec.config.seeds;
  return ` The pre-registered design was revised after seeing earlier results (${earlier}, in the words of the time); the verdict above comes from ${plural(seeds.length, "fresh seed")} (${seeds[0]}–${seeds[seeds.length - 1]}) run under version ${rec.version}, frozen before they ran.`;
}

/** When the pilot's spread asked for more seeds than the budget allows, the card says so. */
function budgetNote(rec: Recording): string {
  const over = rec.power.filter((p) => p.seedsNeeded > rec.config.maxSeeds);
  if (over.length === 0) return "";
  const parts = over.map((p) => `${p.check} would need ${p.seedsNeeded > 200 ? "more than 200" : p.seedsNeeded}`);
  return ` The seed budget (${rec.config.maxSeeds} seeds) does not allow resolving every margin with 80 % power: ${parts.join("; ")}.`;
}

/** The evidence paragraph(s) of one card, in Markdown. */
export function evidenceMarkdown(rec: Recording): string {
  if (rec.config.kind === "api-fact") {
    const wanted = CARD_EXCERPTS[rec.id] ?? [];
    const excerpts = (SOURCE_EXCERPTS[rec.id] ?? []).filter((e) => wanted.includes(e.id));
    const label = VERDICT_LABEL[rec.verdict.verdict];
    // The summary opens with the verdict's own words ("Confirmed in the fastai source (…)"): bold them rather than repeat them.
    const head = rec.verdict.summary.startsWith(label) ? `**${label}**${rec.verdict.summary.slice(label.length)}` : `**${label}.** ${rec.verdict.summary}`;
    return [head, ...excerpts.map(quoted), `_Open “Why?” for every cited line and to watch our learner do it live (TensorFlow.js ${rec.tfjsVersion})._`].join("\n\n");
  }
  const seeds = rec.config.seeds.length;
  const how = `${plural(rec.runs.length, "training run")} on ${plural(seeds, "fresh seed")} (MNIST, 8,000 training / 2,000 validation digits; TensorFlow.js ${rec.tfjsVersion}, ${rec.backend}), judged by version ${rec.version} of the rule, pre-registered before the runs`;
  return (
    `**What our experiment found: ${VERDICT_LABEL[rec.verdict.verdict]}.** Claim tested: ${rec.claim} ${rec.verdict.summary}${revisionNote(rec)}${budgetNote(rec)} ` +
    `_Limits: ${rec.config.limits}_ _Computed from ${how}; open “Why?” for the intervals, the runs and the history._`
  );
}

/** The recording's sources as one Markdown line of links. */
export function sourcesMarkdown(rec: Recording): string {
  return `**Sources:** ${rec.config.sources.map((s) => `[${s.text.replace(/([[\]])/g, "\\$1")}](${s.href})`).join("; ")}.`;
}

/** The card with its evidence inserted before the Sources line, which is replaced by linked sources. */
export function withEvidence(card: SeedCard, rec: Recording | undefined): SeedCard {
  if (!rec) return card;
  const lines = card.back.split("\n");
  const at = lines.findIndex((l) => l.startsWith("**Sources:**"));
  const body = at < 0 ? lines : lines.slice(0, at);
  while (body.length > 0 && body[body.length - 1] === "") body.pop();
  return { ...card, back: [...body, "", evidenceMarkdown(rec), "", sourcesMarkdown(rec)].join("\n") };
}

/** The nine cards as the seed writes them. */
export function answerKeyCards(): SeedCard[] {
  return CHAPTER13_CARDS.map((c) => withEvidence(c, recordingFor(c.experimentId)));
}
