// The committed fingerprints of the upstream files that SOURCE_EXCERPTS quote (static JSON imports work
// the same in Node, vitest and Next's server bundles). Kept apart from ./excerpts.ts so that code showing
// excerpts does not have to bundle ~180 kB of line hashes.
import hook from "./fastai/fastai-callback-hook.py.json" with { type: "json" };
import core from "./fastai/fastai-callback-core.py.json" with { type: "json" };
import learner from "./fastai/fastai-learner.py.json" with { type: "json" };
import schedule from "./fastai/fastai-callback-schedule.py.json" with { type: "json" };
import basics from "./fastai/fastcore-basics.py.json" with { type: "json" };
import { excerptProblems, type SourceExcerpt } from "./excerpts.ts";
import { asFingerprint, type FileFingerprint } from "./fingerprint.ts";

export const FINGERPRINTS: readonly FileFingerprint[] = [hook, core, learner, schedule, basics].map(asFingerprint);

/** The fingerprint of the file an excerpt quotes (same repo, path and commit), if one is committed. */
export function fingerprintFor(e: Pick<SourceExcerpt, "repo" | "path" | "commit">): FileFingerprint | undefined {
  return FINGERPRINTS.find((f) => f.repo === e.repo && f.path === e.path && f.commit === e.commit);
}

/** Problems with a list of excerpts against the committed fingerprints; [] when every one checks out. */
export function excerptsProblems(excerpts: readonly SourceExcerpt[]): string[] {
  return excerpts.flatMap((e) => {
    const fp = fingerprintFor(e);
    return fp ? excerptProblems(e, fp) : [`excerpt ${e.id}: no fingerprint of ${e.repo}:${e.path}@${e.commit}`];
  });
}
