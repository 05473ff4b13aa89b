// Authors' experiments in a deck export (lib/import/deck-json.ts `experiments`), and back. An export
// carries every frozen version (design, hash, when frozen, why revised) and its recording. An import
// trusts none of it: each design must parse within bounds and match its pre-registration hash, each
// recording must be exactly its design's runs, and its verdict is recomputed; anything else refuses the
// whole import. Imported experiments belong to the importer (the author's own experiment is reused
// when it is theirs already), so nobody attaches an experiment they do not own by writing its id in a file.
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import type { Tx } from "../notes/data.ts";
import { designSchema } from "@/experiments/custom/design.ts";
import { definitionOf, isCustomExperimentId } from "@/experiments/custom/definition.ts";
import { designSha256, type StoredRecording } from "@/experiments/custom/recording.ts";
import { BACKENDS, DEVICE_CLASSES, checkSubmission, submissionSchema } from "@/experiments/custom/submission.ts";
import { experimentById } from "@/experiments/registry/index.ts";
import type { RuleRevision } from "@/experiments/registry/types.ts";
import { createExperimentRecord } from "./data.ts";

const versionSchema = z.strictObject({
  version: z.number().int().positive(),
  design: z.unknown(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  frozenAt: z.iso.datetime(),
  revision: z.strictObject({ change: z.string().min(1).max(500), because: z.string().min(1).max(500), afterSeeingResults: z.boolean() }).nullable(),
  recording: z
    .strictObject({
      runs: z.array(z.unknown()),
      verdict: z.strictObject({ verdict: z.string() }).loose(),
      tfjsVersion: z.string().max(20),
      wallMs: z.number().finite().min(0),
      provenance: z.strictObject({ where: z.literal("browser"), backend: z.enum(BACKENDS), userAgent: z.string().max(400), deviceClass: z.enum(DEVICE_CLASSES), browser: z.string().max(100) }),
    })
    .nullable(),
  recordedAt: z.iso.datetime().nullable(),
  recordedBy: z.string().max(200).nullable(),
});
export type ExportedVersion = z.input<typeof versionSchema>;

/** What a deck export says about one experiment its cards cite. */
export interface ExportedExperiment {
  id: string;
  versions?: unknown[];
}

/** The experiments cited by a deck's cards: registry ones by id, authors' with every version. */
export async function exportExperiments(db: Db, ids: Iterable<string>): Promise<ExportedExperiment[]> {
  const out: ExportedExperiment[] = [];
  for (const id of [...new Set(ids)].sort()) {
    if (!isCustomExperimentId(id)) {
      out.push({ id });
      continue;
    }
    const rows = await db.experimentVersion.findMany({ where: { experimentId: id }, orderBy: { version: "asc" } });
    if (rows.length === 0) continue;
    out.push({
      id,
      versions: rows.map(
        (r): ExportedVersion => ({
          version: r.version,
          design: JSON.parse(r.design),
          sha256: r.sha256,
          frozenAt: r.frozenAt.toISOString(),
          revision: r.revisionChange && r.revisionBecause ? { change: r.revisionChange, because: r.revisionBecause, afterSeeingResults: r.afterSeeingResults } : null,
          recording: r.recording ? (JSON.parse(r.recording) as ExportedVersion["recording"]) : null,
          recordedAt: r.recordedAt?.toISOString() ?? null,
          recordedBy: r.recordedBy,
        }),
      ),
    });
  }
  return out;
}

type CheckedVersion = {
  version: number; design: string; sha256: string; frozenAt: Date; revisionChange: string | null; revisionBecause: string | null;
  afterSeeingResults: boolean; recording: string | null; verdict: string | null; recordedAt: Date | null; recordedBy: string | null;
};

/** One exported experiment's versions, each checked as the server checks a design and a recording. */
export function checkExportedVersions(id: string, raw: readonly unknown[]): CheckedVersion[] {
  const fail = (what: string): never => {
    throw new DomainError(400, `experiments (${id}): ${what}; nothing was imported.`);
  };
  if (raw.length === 0 || raw.length > 50) fail("an experiment needs 1 to 50 versions");
  const revisions: RuleRevision[] = [];
  return raw.map((value, i) => {
    const v = versionSchema.safeParse(value);
    if (!v.success) return fail(`version ${i + 1} is malformed (${v.error.issues[0]!.path.join(".")}: ${v.error.issues[0]!.message})`);
    const { version, sha256, frozenAt, revision, recording, recordedAt, recordedBy } = v.data;
    if (version !== i + 1) fail(`versions must be numbered 1, 2, 3…; found ${version} at position ${i + 1}`);
    const design = designSchema.safeParse(v.data.design);
    if (!design.success) return fail(`version ${version}'s design is not valid (${design.error.issues[0]!.path.join(".")}: ${design.error.issues[0]!.message})`);
    if (designSha256(version, design.data) !== sha256) fail(`version ${version}'s design does not match its pre-registration hash (changed after it was frozen)`);
    if (revision) revisions.push({ version, date: frozenAt.slice(0, 10), afterSeeingResults: revision.afterSeeingResults, change: revision.change, because: revision.because });
    let stored: StoredRecording | null = null;
    if (recording) {
      if (!recordedAt || Date.parse(recordedAt) < Date.parse(frozenAt)) fail(`version ${version} was recorded before it was frozen`);
      const def = definitionOf(design.data, { id, version, revisions: [...revisions] });
      const submission = submissionSchema.safeParse({
        version, sha256, verdict: recording.verdict.verdict, runs: recording.runs,
        environment: { backend: recording.provenance.backend, tfjsVersion: recording.tfjsVersion, userAgent: recording.provenance.userAgent, wallMs: recording.wallMs },
      });
      if (!submission.success) return fail(`version ${version}'s recording is not valid (${submission.error.issues[0]!.path.join(".")}: ${submission.error.issues[0]!.message})`);
      const checked = checkSubmission(def, submission.data);
      if (!checked.ok) return fail(`version ${version}'s recording: ${checked.error}`);
      stored = { runs: checked.runs, verdict: checked.verdict, tfjsVersion: recording.tfjsVersion, wallMs: recording.wallMs, provenance: recording.provenance };
    }
    return {
      version, design: JSON.stringify(design.data), sha256, frozenAt: new Date(frozenAt),
      revisionChange: revision?.change ?? null, revisionBecause: revision?.because ?? null, afterSeeingResults: revision?.afterSeeingResults ?? false,
      recording: stored ? JSON.stringify(stored) : null, verdict: stored?.verdict.verdict ?? null, recordedAt: stored ? new Date(recordedAt!) : null, recordedBy: stored ? recordedBy : null,
    };
  });
}

export interface ExperimentResolution {
  /** The id a note's experimentId becomes in the importer's database (null: dropped). */
  resolve(id: string | null | undefined): string | null;
  /** Ids cited in the file that could not be kept, with why. */
  dropped: Map<string, string>;
}

/**
 * Creates (or reuses) the file's authors' experiments for `ownerId`, inside the import's transaction,
 * and says what each cited id becomes: a registry id stays; an author's experiment in the file becomes
 * the importer's copy; one not in the file stays only if the importer owns it.
 */
export async function importExperiments(tx: Tx, ownerId: string, experiments: readonly ExportedExperiment[], cited: Iterable<string>): Promise<ExperimentResolution> {
  const map = new Map<string, string | null>();
  const dropped = new Map<string, string>();
  for (const e of experiments) {
    if (!isCustomExperimentId(e.id)) continue;
    if (!e.versions) continue;
    const versions = checkExportedVersions(e.id, e.versions);
    const existing = await tx.experiment.findUnique({ where: { id: e.id }, select: { ownerId: true, versions: { select: { version: true, sha256: true }, orderBy: { version: "asc" } } } });
    const same = existing && existing.ownerId === ownerId && existing.versions.length === versions.length && existing.versions.every((v, i) => v.sha256 === versions[i]!.sha256);
    map.set(e.id, same ? e.id : await createExperimentRecord(tx, ownerId, versions));
  }
  for (const id of new Set(cited)) {
    if (map.has(id)) continue;
    if (!isCustomExperimentId(id)) {
      if (experimentById(id)) map.set(id, id);
      else {
        map.set(id, null);
        dropped.set(id, `There is no experiment ${id} in this Proofdeck's registry; the notes were imported without it.`);
      }
      continue;
    }
    const own = await tx.experiment.findUnique({ where: { id }, select: { ownerId: true } });
    if (own?.ownerId === ownerId) map.set(id, id);
    else {
      map.set(id, null);
      dropped.set(id, `Experiment ${id} is not in the file and is not yours; the notes were imported without it.`);
    }
  }
  return { resolve: (id) => (id ? (map.get(id) ?? null) : null), dropped };
}
