/**
 * Pilot runs (Node): exploratory runs on a definition's pilotSeeds, kept in
 * experiments/recordings/pilots/<id>.json apart from the confirmatory runs, and used only to choose the
 * seed count (`def.plan`). Runs of the latest earlier recording whose variant is unchanged are reused.
 */
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { runSchema, type PilotRecord } from "../recordings/index.ts";
import type { ExperimentDefinition, RunSummary } from "../registry/types.ts";
import { canonicalJson } from "./preregistration.ts";

export const PILOTS_DIR = fileURLToPath(new URL("../recordings/pilots/", import.meta.url));
const HISTORY_DIR = fileURLToPath(new URL("../recordings/history/", import.meta.url));

export const pilotPath = (id: string): string => `${PILOTS_DIR}${id}.json`;

const pilotFileSchema = z.object({ id: z.string(), seeds: z.array(z.number()), note: z.string(), runs: z.array(runSchema) });

export function readPilot(id: string): PilotRecord | undefined {
  const p = pilotPath(id);
  if (!existsSync(p)) return undefined;
  const { seeds, note, runs } = pilotFileSchema.parse(JSON.parse(readFileSync(p, "utf8")));
  return { seeds, note, runs };
}

export function writePilot(id: string, pilot: PilotRecord): void {
  const p = pilotPath(id);
  const tmp = `${p}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify({ id, ...pilot }, null, 1).replace(/\[\n(?:\s*[-\d.eE+]+,\n)*\s*[-\d.eE+]+\n\s*\]/g, (m) => m.replace(/\s+/g, "")) + "\n");
  renameSync(tmp, p);
}

/** The latest earlier recording of an experiment (history/<id>.v<N>.json with the largest N), if any. */
export function latestHistory(id: string): { version: number; recordedAt: string; variants: unknown[]; runs: RunSummary[] } | undefined {
  const files = readdirSync(HISTORY_DIR)
    .map((f) => ({ f, m: new RegExp(`^${id}\\.v(\\d+)\\.json$`).exec(f) }))
    .filter((x) => x.m)
    .sort((a, b) => Number(b.m![1]) - Number(a.m![1]));
  if (files.length === 0) return undefined;
  const raw = JSON.parse(readFileSync(`${HISTORY_DIR}${files[0]!.f}`, "utf8")) as { recordedAt: string; config: { variants: unknown[] }; runs: unknown[] };
  return { version: Number(files[0]!.m![1]), recordedAt: raw.recordedAt, variants: raw.config.variants, runs: raw.runs.map((r) => runSchema.parse(r)) };
}

/** Pilot runs that can be reused from the latest earlier recording: same variant spec, seed among the pilot seeds. */
export function reusableHistoryRuns(def: ExperimentDefinition): { runs: RunSummary[]; from?: string } {
  const h = latestHistory(def.id);
  if (!h) return { runs: [] };
  // Same id and the same training (labels are wording only).
  const key = (v: unknown): string => {
    const { label: _label, ...rest } = JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
    return canonicalJson(rest);
  };
  const same = new Set(def.variants.filter((v) => h.variants.some((old) => key(old) === key(v))).map((v) => v.id));
  const runs = h.runs.filter((r) => same.has(r.variantId) && def.pilotSeeds.includes(r.seed));
  return { runs, from: `version-${h.version} recording of ${h.recordedAt.slice(0, 10)}` };
}

/** (variant, seed) pairs of the pilot design that have no run yet. */
export function missingPilotRuns(def: ExperimentDefinition, have: readonly RunSummary[]): Array<{ variantId: string; seed: number }> {
  const got = new Set(have.map((r) => `${r.variantId}×${r.seed}`));
  return def.pilotSeeds.flatMap((seed) => def.variants.filter((v) => !got.has(`${v.id}×${seed}`)).map((v) => ({ variantId: v.id, seed })));
}
