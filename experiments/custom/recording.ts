/**
 * An author's experiment as the why view reads it (pure): one frozen version and its browser recording
 * become a `Recording`, the same shape as the committed ones, and its earlier versions the history.
 */
import { canonicalJson } from "../registry/canonical-json.ts";
import type { HistoryEntry } from "../recordings/history.ts";
import { RECORDING_SCHEMA, type Recording } from "../recordings/index.ts";
import type { RuleRevision, RunSummary, Verdict } from "../registry/types.ts";
import { VERDICT_LABEL } from "../registry/vocabulary.ts";
import { sha256Hex } from "../sources/sha256.ts";
import { seedsOf, type CustomDesign } from "./design.ts";
import { definitionOf } from "./definition.ts";
import type { Provenance } from "./submission.ts";

/**
 * What is frozen: the version and the design, canonically serialised. Not the experiment's id, so a
 * deck export imported elsewhere (under a new id) keeps the hash it was frozen with.
 */
export function preregisteredJson(version: number, design: CustomDesign): string {
  return canonicalJson({ version, design });
}

export function designSha256(version: number, design: CustomDesign): string {
  return sha256Hex(preregisteredJson(version, design));
}

/** What a browser recording stores beside the frozen design. */
export interface StoredRecording {
  runs: RunSummary[];
  verdict: Verdict;
  tfjsVersion: string;
  wallMs: number;
  provenance: Provenance;
}

export interface CustomVersion {
  version: number;
  design: CustomDesign;
  sha256: string;
  frozenAt: Date;
  revision: RuleRevision | null;
  recording: StoredRecording | null;
  recordedAt: Date | null;
  recordedBy: string | null;
}

export const revisionsOf = (versions: readonly CustomVersion[], upTo: number): RuleRevision[] =>
  versions.filter((v) => v.version <= upTo && v.revision).map((v) => v.revision!);

/** The version's recording in the committed recordings' shape, or null while it has none. */
export function recordingOf(id: string, versions: readonly CustomVersion[], v: CustomVersion): Recording | null {
  if (!v.recording || !v.recordedAt) return null;
  const def = definitionOf(v.design, { id, version: v.version, revisions: revisionsOf(versions, v.version) });
  const r = v.recording;
  return {
    schema: RECORDING_SCHEMA,
    id,
    version: v.version,
    claim: v.design.claim,
    cardExternalId: "",
    mode: "full",
    config: {
      kind: "trained",
      variants: def.variants as unknown[],
      seeds: def.seeds,
      pilotSeeds: [],
      maxSeeds: def.maxSeeds,
      measures: def.measures,
      decisionRule: def.decisionRule,
      thresholds: def.thresholds,
      limits: def.limits,
      sources: [],
      revisions: def.revisions,
    },
    preregistration: { version: v.version, sha256: v.sha256, frozenAt: v.frozenAt.toISOString() },
    power: [],
    runs: r.runs,
    verdict: r.verdict,
    backend: r.provenance.backend,
    tfjsVersion: r.tfjsVersion,
    provenance: { ...r.provenance, recordedBy: v.recordedBy ?? "the author" },
    wallMs: r.wallMs,
    recordedAt: v.recordedAt.toISOString(),
  };
}

/** Earlier recorded versions, oldest first, as the why view's history reads them. */
export function historyOf(versions: readonly CustomVersion[], current: number): HistoryEntry[] {
  return versions
    .filter((v) => v.version < current && v.recording && v.recordedAt)
    .sort((a, b) => a.version - b.version)
    .map((v) => ({
      version: v.version,
      recordedAt: v.recordedAt!.toISOString(),
      verdict: v.recording!.verdict.verdict,
      verdictLabel: VERDICT_LABEL[v.recording!.verdict.verdict],
      summary: v.recording!.verdict.summary,
      decisionRule: definitionOf(v.design, { id: "", version: v.version, revisions: [] }).decisionRule,
      seeds: seedsOf(v.design),
      runCount: v.recording!.runs.length,
    }));
}
