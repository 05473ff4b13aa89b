// Data access for authors' own experiments (experiments/custom): pre-register a design (version 1),
// revise it (a new version on fresh seeds, its reason kept), record a version once from the author's
// browser (checked against the frozen design, the verdict recomputed here), and read it back for the
// why view. Access (who may do this) is checked by the callers through lib/experiments/access.ts.
import { randomBytes } from "node:crypto";
import type { Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import { designSchema, seedsOf, type CustomDesign } from "@/experiments/custom/design.ts";
import { CUSTOM_ID_PREFIX, definitionOf } from "@/experiments/custom/definition.ts";
import { designSha256, historyOf, recordingOf, revisionsOf, type CustomVersion, type StoredRecording } from "@/experiments/custom/recording.ts";
import { browserOf, checkSubmission, deviceClassOf, type Submission } from "@/experiments/custom/submission.ts";
import type { HistoryEntry } from "@/experiments/recordings/history.ts";
import type { Recording } from "@/experiments/recordings/index.ts";
import type { VerdictKey } from "@/experiments/registry/types.ts";

export const EXPERIMENT_NOT_FOUND = "That experiment does not exist.";

type VersionRow = {
  version: number; design: string; sha256: string; frozenAt: Date; revisionChange: string | null; revisionBecause: string | null;
  afterSeeingResults: boolean; recording: string | null; recordedAt: Date | null; recordedBy: string | null;
};

const VERSION_FIELDS = {
  version: true, design: true, sha256: true, frozenAt: true, revisionChange: true, revisionBecause: true,
  afterSeeingResults: true, recording: true, recordedAt: true, recordedBy: true,
} as const;

function toVersion(r: VersionRow): CustomVersion {
  return {
    version: r.version,
    design: designSchema.parse(JSON.parse(r.design)),
    sha256: r.sha256,
    frozenAt: r.frozenAt,
    revision:
      r.revisionChange && r.revisionBecause
        ? { version: r.version, date: r.frozenAt.toISOString().slice(0, 10), afterSeeingResults: r.afterSeeingResults, change: r.revisionChange, because: r.revisionBecause }
        : null,
    recording: r.recording ? (JSON.parse(r.recording) as StoredRecording) : null,
    recordedAt: r.recordedAt,
    recordedBy: r.recordedBy,
  };
}

export interface ExperimentDetail {
  id: string;
  ownerId: string;
  /** Oldest first; the last is the current version. */
  versions: CustomVersion[];
  /** Cards (not archived) whose answer it backs. */
  cards: { id: string; deckId: string; deckTitle: string; position: number }[];
}

export async function loadExperiment(db: Db, id: string): Promise<ExperimentDetail | null> {
  const e = await db.experiment.findUnique({
    where: { id },
    select: { id: true, ownerId: true, versions: { select: VERSION_FIELDS, orderBy: { version: "asc" } } },
  });
  if (!e) return null;
  const cards = await db.card.findMany({
    where: { experimentId: id, archivedAt: null },
    select: { id: true, deckId: true, position: true, deck: { select: { title: true } } },
    orderBy: [{ deckId: "asc" }, { position: "asc" }],
  });
  return { id: e.id, ownerId: e.ownerId, versions: e.versions.map(toVersion), cards: cards.map((c) => ({ id: c.id, deckId: c.deckId, deckTitle: c.deck.title, position: c.position })) };
}

export interface ExperimentSummary {
  id: string;
  claim: string;
  version: number;
  /** The current version's verdict; null until it is recorded. */
  verdict: VerdictKey | null;
  recordedAt: Date | null;
  frozenAt: Date;
}

/** The author's experiments, newest first, with their current version. */
export async function listExperiments(db: Db, ownerId: string): Promise<ExperimentSummary[]> {
  const rows = await db.experiment.findMany({
    where: { ownerId },
    orderBy: { createdAt: "desc" },
    select: { id: true, versions: { orderBy: { version: "desc" }, take: 1, select: { version: true, design: true, verdict: true, recordedAt: true, frozenAt: true } } },
  });
  return rows.flatMap((r) => {
    const v = r.versions[0];
    if (!v) return [];
    const claim = (JSON.parse(v.design) as { claim: string }).claim;
    return [{ id: r.id, claim, version: v.version, verdict: (v.verdict as VerdictKey | null) ?? null, recordedAt: v.recordedAt, frozenAt: v.frozenAt }];
  });
}

const newId = () => `${CUSTOM_ID_PREFIX}${randomBytes(12).toString("hex")}`;

/** Pre-registers a design as version 1 of a new experiment: frozen (hashed) before any run. */
export async function createExperiment(db: Db, ownerId: string, design: CustomDesign): Promise<{ id: string; version: number; sha256: string }> {
  const id = newId();
  const sha256 = designSha256(1, design);
  await db.experiment.create({
    data: { id, ownerId, versions: { create: { version: 1, design: JSON.stringify(design), sha256 } } },
  });
  return { id, version: 1, sha256 };
}

/** A new experiment of `ownerId` holding versions already checked (an import: lib/experiments/transfer.ts). */
export async function createExperimentRecord(
  db: Pick<Db, "experiment">,
  ownerId: string,
  versions: ReadonlyArray<Omit<Parameters<Db["experimentVersion"]["create"]>[0]["data"], "experiment" | "experimentId">>,
): Promise<string> {
  const id = newId();
  await db.experiment.create({ data: { id, ownerId, versions: { create: versions.map((v) => ({ ...v })) } } });
  return id;
}

export interface Revision {
  change: string;
  because: string;
}

/**
 * A changed design is a new version, never an edit of a frozen one. Its seeds must be fresh (used by
 * no earlier version), so a rule revised after seeing results is judged on runs it has not seen.
 */
export async function reviseExperiment(db: Db, id: string, design: CustomDesign, revision: Revision): Promise<{ version: number; sha256: string; afterSeeingResults: boolean }> {
  return db.$transaction(async (tx) => {
    const rows = await tx.experimentVersion.findMany({ where: { experimentId: id }, select: { version: true, design: true, recordedAt: true }, orderBy: { version: "asc" } });
    if (rows.length === 0) throw new DomainError(404, EXPERIMENT_NOT_FOUND);
    const used = new Set(rows.flatMap((r) => seedsOf(designSchema.parse(JSON.parse(r.design)))));
    const reused = seedsOf(design).filter((s) => used.has(s));
    if (reused.length > 0) {
      const message = `A new version is judged on fresh seeds: ${reused.join(", ")} ${reused.length === 1 ? "was" : "were"} used by an earlier version. Start from seed ${Math.max(...used) + 1} or later.`;
      throw new DomainError(400, message, { fields: { firstSeed: message } });
    }
    const version = rows[rows.length - 1]!.version + 1;
    const afterSeeingResults = rows.some((r) => r.recordedAt !== null);
    const sha256 = designSha256(version, design);
    await tx.experimentVersion.create({
      data: { experimentId: id, version, design: JSON.stringify(design), sha256, revisionChange: revision.change, revisionBecause: revision.because, afterSeeingResults },
    });
    await tx.experiment.update({ where: { id }, data: { updatedAt: new Date() } });
    return { version, sha256, afterSeeingResults };
  });
}

/**
 * Publishes a browser recording of the current version. Refused (nothing saved) unless it names the
 * current version and its frozen hash, the version has no recording yet, and its runs are exactly the
 * design's; the verdict stored is the one the frozen rule gives those runs.
 */
export async function recordExperiment(db: Db, id: string, submission: Submission, recordedBy: string): Promise<{ version: number; verdict: VerdictKey }> {
  return db.$transaction(async (tx) => {
    const current = await tx.experimentVersion.findFirst({ where: { experimentId: id }, orderBy: { version: "desc" }, select: VERSION_FIELDS });
    if (!current) throw new DomainError(404, EXPERIMENT_NOT_FOUND);
    if (submission.version !== current.version)
      throw new DomainError(409, `These runs were made for version ${submission.version}; the current version is ${current.version}. Run it again.`);
    if (submission.sha256 !== current.sha256)
      throw new DomainError(409, "These runs were not made with the pre-registered design (its hash differs). Reload the page and run it again.");
    if (current.recordedAt) throw new DomainError(409, `Version ${current.version} already has its recording. To record again, make a new version (on fresh seeds).`);
    const versions = (await tx.experimentVersion.findMany({ where: { experimentId: id }, select: VERSION_FIELDS, orderBy: { version: "asc" } })).map(toVersion);
    const v = versions[versions.length - 1]!;
    const def = definitionOf(v.design, { id, version: v.version, revisions: revisionsOf(versions, v.version) });
    const checked = checkSubmission(def, submission);
    if (!checked.ok) throw new DomainError(422, checked.error);
    const ua = submission.environment.userAgent;
    const stored: StoredRecording = {
      runs: checked.runs,
      verdict: checked.verdict,
      tfjsVersion: submission.environment.tfjsVersion,
      wallMs: Math.round(submission.environment.wallMs),
      provenance: { where: "browser", backend: submission.environment.backend, userAgent: ua, deviceClass: deviceClassOf(ua), browser: browserOf(ua) },
    };
    // Only a version still without its recording is written: a concurrent second publish changes nothing.
    const written = await tx.experimentVersion.updateMany({
      where: { experimentId: id, version: v.version, recordedAt: null },
      data: { recording: JSON.stringify(stored), verdict: checked.verdict.verdict, recordedAt: new Date(), recordedBy },
    });
    if (written.count !== 1) throw new DomainError(409, `Version ${v.version} already has its recording.`);
    return { version: v.version, verdict: checked.verdict.verdict };
  });
}

/** The latest recorded version as the why view reads it, with the versions before it; null while none is recorded. */
export function whyRecording(e: ExperimentDetail): { recording: Recording; history: HistoryEntry[]; pending: CustomVersion | null } | null {
  const recorded = e.versions.filter((v) => v.recording);
  const last = recorded[recorded.length - 1];
  if (!last) return null;
  const current = e.versions[e.versions.length - 1]!;
  return {
    recording: recordingOf(e.id, e.versions, last)!,
    history: historyOf(e.versions, last.version),
    pending: current.version > last.version ? current : null,
  };
}
