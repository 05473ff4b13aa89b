/**
 * Shared pieces of `experiments:record` and `experiments:verify` (Node only: reads MNIST, uses the
 * wasm backend): the data every recording is made with, and RunSummary/definition → recording JSON.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { initWasmBackend } from "../backend/wasm-node.ts";
import { loadMnistNode } from "../data/load-node.ts";
import { stratifiedSplit } from "../data/mnist.ts";
import { learnerDataFromMnist, type LearnerData } from "../learner/learner.ts";
import type { ExperimentDefinition, RunSummary } from "../registry/types.ts";
import { recordingCurve, type PilotRecord, type Preregistration, type Recording, type RecordingConfig } from "../recordings/index.ts";

/** Folder of the recordings (absolute, resolved from this module). */
export const RECORDINGS_DIR = fileURLToPath(new URL("../recordings/", import.meta.url));

export function recordingPath(id: string): string {
  return fileURLToPath(new URL(`../recordings/${id}.json`, import.meta.url));
}

/** Inits the wasm backend and loads the committed MNIST subset with the default 8,000/2,000 split. */
export async function loadRecordingData(): Promise<LearnerData> {
  await initWasmBackend();
  const mnist = await loadMnistNode();
  const split = stratifiedSplit(mnist.labels);
  return learnerDataFromMnist(mnist, { train: split.train, valid: split.valid });
}

/** Version of the installed @tensorflow/tfjs package. */
export function tfjsVersion(): string {
  const req = createRequire(import.meta.url);
  const pkgPath = req.resolve("@tensorflow/tfjs/package.json");
  return (JSON.parse(readFileSync(pkgPath, "utf8")) as { version: string }).version;
}

/** The definition's settings as plain data (no functions). */
export function configOf(def: ExperimentDefinition): RecordingConfig {
  const cfg: RecordingConfig = {
    kind: def.kind,
    variants: JSON.parse(JSON.stringify(def.variants)) as unknown[],
    seeds: [...def.seeds],
    pilotSeeds: [...def.pilotSeeds],
    maxSeeds: def.maxSeeds,
    measures: [...def.measures],
    decisionRule: def.decisionRule,
    thresholds: structuredClone(def.thresholds),
    limits: def.limits,
    sources: def.sources.map((s) => ({ ...s })),
    revisions: def.revisions.map((r) => ({ ...r })),
  };
  if (def.runGroup !== undefined) cfg.runGroup = def.runGroup;
  return cfg;
}

/** A run as a recording stores it: the curve cut to ≤ 100 points (6 significant digits); all else as is. */
export function recordedRun(run: RunSummary): RunSummary {
  return { ...run, trainLossCurve: recordingCurve(run.trainLossCurve) };
}

/** A pilot run as kept: final numbers and metrics only. */
export function pilotRun(run: RunSummary): RunSummary {
  const { layerStats: _s, layerHist: _h, ...rest } = run;
  return { ...rest, trainLossCurve: [] };
}

export function makeRecording(
  def: ExperimentDefinition,
  runs: RunSummary[],
  wallMs: number,
  extra: { preregistration?: Preregistration; pilot?: PilotRecord } = {},
): Recording {
  const recRuns = runs.map(recordedRun);
  return {
    schema: 2,
    id: def.id,
    version: def.version,
    claim: def.claim,
    cardExternalId: def.cardExternalId,
    mode: "full",
    config: configOf(def),
    ...(extra.preregistration ? { preregistration: extra.preregistration } : {}),
    ...(extra.pilot ? { pilot: extra.pilot } : {}),
    power: extra.pilot ? def.plan(extra.pilot.runs) : [],
    runs: recRuns,
    // Computed from the recorded runs (decide() reads only final/metrics/majorityShare/collapsed, which are kept whole).
    verdict: def.decide(recRuns),
    backend: "wasm",
    tfjsVersion: tfjsVersion(),
    nodeVersion: process.version,
    wallMs: Math.round(wallMs),
    recordedAt: new Date().toISOString(),
  };
}

/** The file text of a recording: one key per line for readable diffs, but arrays of numbers on one line (curves, histograms). */
export function formatRecording(rec: Recording): string {
  // Only arrays JSON.stringify spread over lines (elements each on their own line): strings never hold a raw newline.
  const NUM = String.raw`(?:-?[\d.eE+-]+|null)`;
  const spread = new RegExp(String.raw`\[\n(?:\s*${NUM},\n)*\s*${NUM}\n\s*\]`, "g");
  return JSON.stringify(rec, null, 1).replace(spread, (m) => m.replace(/\s+/g, "")) + "\n";
}
