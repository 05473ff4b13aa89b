/**
 * Pre-registration (Node): a definition's pre-registered content — claim, variants, seeds, measures,
 * decision rule and its thresholds — serialised canonically and hashed, and the ledger of frozen versions
 * (experiments/recordings/preregistrations.json) that `experiments:record` writes BEFORE any
 * confirmatory run and checks on every later run.
 */
import { createHash } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { canonicalJson } from "../registry/canonical-json.ts";
import type { ExperimentDefinition } from "../registry/types.ts";

export const LEDGER_PATH = fileURLToPath(new URL("../recordings/preregistrations.json", import.meta.url));

export interface LedgerEntry {
  version: number;
  sha256: string;
  frozenAt: string;
  seeds: number[];
}

/** experiment id → its frozen versions, oldest first. */
export type Ledger = Record<string, LedgerEntry[]>;

export { canonicalJson };

/** Everything about a definition that is pre-registered (functions are represented by what they read: thresholds and the rule's text). */
export function preregisteredContent(def: ExperimentDefinition): Record<string, unknown> {
  return {
    id: def.id,
    version: def.version,
    cardExternalId: def.cardExternalId,
    claim: def.claim,
    kind: def.kind,
    variants: def.variants,
    seeds: def.seeds,
    pilotSeeds: def.pilotSeeds,
    maxSeeds: def.maxSeeds,
    measures: def.measures,
    decisionRule: def.decisionRule,
    thresholds: def.thresholds,
    runGroup: def.runGroup,
  };
}

export function definitionSha256(def: ExperimentDefinition): string {
  return createHash("sha256").update(canonicalJson(preregisteredContent(def))).digest("hex");
}

export type FreezeResult = { ok: true; entry: LedgerEntry; ledger: Ledger; isNew: boolean } | { ok: false; error: string };

/**
 * Freezes the definition's current version in the ledger, or refuses:
 * - the version is already frozen with another hash (changed without a version bump);
 * - the version is older than one already frozen;
 * - a new version > 1 states no revision for itself;
 * - a new version reuses a seed of its pilot or of an earlier version (a revised rule is judged on fresh seeds only).
 */
export function freeze(ledger: Ledger, def: ExperimentDefinition, now: Date): FreezeResult {
  const sha256 = definitionSha256(def);
  const entries = ledger[def.id] ?? [];
  const same = entries.find((e) => e.version === def.version);
  if (same) {
    if (same.sha256 === sha256) return { ok: true, entry: same, ledger, isNew: false };
    return {
      ok: false,
      error:
        `${def.id}: the definition changed since version ${def.version} was frozen on ${same.frozenAt} (sha256 ${same.sha256.slice(0, 12)}… → ${sha256.slice(0, 12)}…) ` +
        "without a version bump. Bump `version`, add a revision saying what changed and why, and choose fresh seeds.",
    };
  }
  const latest = Math.max(0, ...entries.map((e) => e.version));
  if (def.version < latest) return { ok: false, error: `${def.id}: version ${def.version} is older than the frozen version ${latest}.` };
  if (def.version > 1 && !def.revisions.some((r) => r.version === def.version))
    return { ok: false, error: `${def.id}: version ${def.version} has no revision entry saying what changed and why.` };
  const used = new Set([...def.pilotSeeds, ...entries.flatMap((e) => e.seeds)]);
  const reused = def.seeds.filter((s) => used.has(s));
  if (def.kind === "trained" && reused.length > 0)
    return { ok: false, error: `${def.id}: seed(s) ${reused.join(", ")} were already used by the pilot or an earlier version; a new version is judged on fresh seeds.` };
  const entry: LedgerEntry = { version: def.version, sha256, frozenAt: now.toISOString(), seeds: [...def.seeds] };
  return { ok: true, entry, ledger: { ...ledger, [def.id]: [...entries, entry] }, isNew: true };
}

export function readLedger(path = LEDGER_PATH): Ledger {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Ledger;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw e;
  }
}

export function writeLedger(ledger: Ledger, path = LEDGER_PATH): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const sorted = Object.fromEntries(Object.keys(ledger).sort().map((k) => [k, ledger[k]]));
  writeFileSync(tmp, JSON.stringify(sorted, null, 1) + "\n");
  renameSync(tmp, path);
}
