// "How this verdict came about" (pure): the definition's revisions merged with the verdicts of earlier
// recordings, oldest first, ending with the current version. Old verdicts keep the words they were shown with.
import type { HistoryEntry } from "@/experiments/recordings/history.ts";
import type { RuleRevision } from "@/experiments/registry/types.ts";
import { day, seedList } from "./format.ts";

export const AFTER_RESULTS_REASON = "a design revised after seeing results is judged only on fresh seeds";

export interface HistoryStep {
  version: number;
  kind: "recorded" | "revised" | "current";
  text: string;
  /** Earlier verdicts: why they no longer stand. */
  superseded: string | null;
}

export interface CurrentVersion {
  version: number;
  seeds: readonly number[];
  recordedAt: string;
  /** The current verdict's words (with the mirror's for an API fact). */
  verdictLabel: string;
  /** Whether no pilot or earlier version used any of the seeds (see design.ts freshness). */
  freshSeeds: boolean;
  /** API facts are confirmed in the source, not judged on seeds. */
  apiFact: boolean;
}

const clause = (s: string): string => s.trim().replace(/[.;]+$/, "");

/** "The book never claims …" continues a sentence as "the book never claims …" (an acronym such as "LR" stays). */
const continuing = (s: string): string => (/^[A-Z](?![A-Z0-9])/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

function revisionText(r: RuleRevision): string {
  return `Design revised on ${r.date}${r.afterSeeingResults ? " after seeing the results" : ""}: ${clause(r.change)}, because ${continuing(clause(r.because))}.`;
}

const sameSeeds = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((s, i) => s === b[i]);

function recordedText(e: HistoryEntry, earlier: readonly HistoryEntry[]): string {
  const same = earlier.some((x) => sameSeeds(x.seeds, e.seeds)) ? "the same " : "";
  const seeds = `${same}seed${e.seeds.length === 1 ? "" : "s"} ${seedList(e.seeds)}`;
  // A re-judged verdict was recomputed from runs already recorded: no new run was made for it.
  const rejudged = e.rejudgedAt ? `, re-judged ${day(e.rejudgedAt)} on the same runs` : "";
  return `Version ${e.version}, recorded ${day(e.recordedAt)} on ${seeds}${rejudged}: ${e.verdictLabel}.`;
}

/**
 * Why an earlier verdict no longer stands: one judged by a rule revised after its results were seen, on
 * seeds that had been seen, could never count; any other was replaced by the next version.
 */
function supersededBy(e: HistoryEntry, revisions: readonly RuleRevision[], earlier: readonly HistoryEntry[], next: number): string {
  const revisedAfter = revisions.some((r) => r.version === e.version && r.afterSeeingResults);
  const seenSeeds = new Set(earlier.flatMap((x) => x.seeds));
  if (revisedAfter && (e.rejudgedAt || e.seeds.some((s) => seenSeeds.has(s)))) return AFTER_RESULTS_REASON;
  return `replaced by version ${next}`;
}

function currentText(c: CurrentVersion, earlier: number): string {
  const prefix = `Version ${c.version}${earlier > 0 ? " (current)" : ""}, recorded ${day(c.recordedAt)}`;
  if (c.apiFact) return `${prefix}: ${c.verdictLabel}.`;
  const seeds = `${c.freshSeeds && earlier > 0 ? "fresh " : ""}seed${c.seeds.length === 1 ? "" : "s"} ${seedList(c.seeds)}`;
  return `${prefix}: judged on ${seeds}: ${c.verdictLabel}.`;
}

/** Revisions and earlier verdicts by version (a revision before the verdict it introduced), then the current one. */
export function historySteps(revisions: readonly RuleRevision[], entries: readonly HistoryEntry[], current: CurrentVersion): HistoryStep[] {
  const earlier = entries.filter((e) => e.version < current.version).sort((a, b) => a.version - b.version);
  const steps: HistoryStep[] = [];
  for (let v = 1; v <= current.version; v++) {
    for (const r of revisions.filter((x) => x.version === v)) steps.push({ version: v, kind: "revised", text: revisionText(r), superseded: null });
    const e = earlier.find((x) => x.version === v);
    if (e) {
      const before = earlier.filter((x) => x.version < v);
      const next = earlier.find((x) => x.version > v)?.version ?? current.version;
      steps.push({ version: v, kind: "recorded", text: recordedText(e, before), superseded: supersededBy(e, revisions, before, next) });
    }
  }
  steps.push({ version: current.version, kind: "current", text: currentText(current, earlier.length), superseded: null });
  return steps;
}
