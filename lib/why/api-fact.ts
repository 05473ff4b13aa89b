// An API fact's evidence (pure): the cited lines of the fastai source, shown as they are at a pinned
// commit, and, separately, whether our learner mirrors the behaviour. Not an experiment: nothing is judged
// on seeds, so the page words it apart from trained verdicts.
import type { Verdict } from "@/experiments/registry/types.ts";
import { MIRROR_LABEL } from "@/experiments/registry/vocabulary.ts";
import type { SourceExcerpt } from "@/experiments/sources/excerpts.ts";
import { utcDateTime } from "./format.ts";

/** What the page reads of an excerpt. */
export type ExcerptInput = Pick<SourceExcerpt, "id" | "repo" | "path" | "commit" | "lines" | "excerpt" | "url" | "shows" | "fileSha256" | "gitBlobSha1" | "fetchedAt">;

export interface ExcerptView {
  id: string;
  /** "fastai/callback/hook.py@1a2b3c4, lines 10–20". */
  location: string;
  repo: string;
  url: string;
  shows: string;
  /** Each source line with its number in the file. */
  code: Array<{ n: number; text: string }>;
  /** How the copy can be checked against the file. */
  provenance: string;
}

export type MirrorKey = NonNullable<Verdict["mirror"]>;

export interface ApiFactView {
  /** "Confirmed in the fastai source (fastai/callback/hook.py@1a2b3c4, lines 10–20)". */
  headline: string;
  /** The places alone, "fastai/callback/hook.py@1a2b3c4, lines 10–20" (the headline's parenthesis), or "". */
  where: string;
  excerpts: ExcerptView[];
  mirror: { key: MirrorKey; label: string };
}

export const shortCommit = (sha: string): string => sha.slice(0, 7);

const range = ([a, b]: readonly [number, number]): string => (a === b ? `${a}` : `${a}–${b}`);
const linesWord = (ranges: ReadonlyArray<readonly [number, number]>): string =>
  ranges.length === 1 && ranges[0]![0] === ranges[0]![1] ? "line" : "lines";

export function excerptLocation(e: Pick<ExcerptInput, "path" | "commit" | "lines">): string {
  return `${e.path}@${shortCommit(e.commit)}, ${linesWord([e.lines])} ${range(e.lines)}`;
}

/**
 * Where excerpts come from, one entry per file at its commit with its line ranges in file order:
 * "fastai/learner.py@1a2b3c4, lines 98–104, 230–236". Eleven excerpts from three files read as three places.
 */
export function groupedLocations(excerpts: ReadonlyArray<Pick<ExcerptInput, "path" | "commit" | "lines">>): string[] {
  const byFile = new Map<string, Array<readonly [number, number]>>();
  for (const e of excerpts) {
    const key = `${e.path}@${shortCommit(e.commit)}`;
    byFile.set(key, [...(byFile.get(key) ?? []), e.lines]);
  }
  return [...byFile].map(([file, ranges]) => {
    const sorted = [...new Map([...ranges].sort((x, y) => x[0] - y[0] || x[1] - y[1]).map((r) => [range(r), r])).values()];
    return `${file}, ${linesWord(sorted)} ${sorted.map(range).join(", ")}`;
  });
}

/** The excerpt's lines numbered from its first line; a trailing newline adds no empty last line. */
export function numberedLines(excerpt: string, first: number): Array<{ n: number; text: string }> {
  const lines = excerpt.replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");
  return lines.map((text, i) => ({ n: first + i, text }));
}

export function excerptView(e: ExcerptInput): ExcerptView {
  return {
    id: e.id,
    location: excerptLocation(e),
    repo: e.repo,
    url: e.url,
    shows: e.shows,
    code: numberedLines(e.excerpt, e.lines[0]),
    provenance: `Copied ${utcDateTime(e.fetchedAt)} from ${e.repo} at commit ${e.commit}; git blob ${e.gitBlobSha1}, file sha256 ${e.fileSha256}.`,
  };
}

export function apiFactView(verdict: Pick<Verdict, "mirror">, excerpts: readonly ExcerptInput[]): ApiFactView {
  const key: MirrorKey = verdict.mirror ?? "not-reported";
  const where = groupedLocations(excerpts).join("; ");
  return {
    headline: where ? `Confirmed in the fastai source (${where})` : "Confirmed in the fastai source",
    where,
    excerpts: excerpts.map(excerptView),
    mirror: { key, label: MIRROR_LABEL[key] },
  };
}
