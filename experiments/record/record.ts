/**
 * `npm run experiments:record [id ...]` — runs registry experiments (default: all nine) in FULL mode on the
 * tfjs wasm backend and writes experiments/recordings/<id>.json for each (temp file + rename).
 * `npm run experiments:record -- --pilot [id ...]` — runs only the pilot: the exploratory runs on each
 * definition's pilotSeeds (reusing unchanged runs of the latest earlier recording), writes
 * recordings/pilots/<id>.json and prints the power plan: how many confirmatory seeds each needs.
 *
 * `npm run experiments:record -- --recompute [id ...]` — no training: recomputes each verdict (and power plan) from
 * the SAME recorded runs, for a change of wording or a fix in how a frozen rule is computed; refused when the
 * definition's hash is not the one its recording was pre-registered with (a changed rule needs fresh seeds).
 *
 * Before any confirmatory run, each trained definition is frozen in recordings/preregistrations.json
 * (sha256 of its pre-registered content). Recording refuses when a frozen version's content changed
 * without a version bump, when a new version reuses seeds, or when the seed count is not the one the
 * power plan gives. Definitions with the same runGroup (cards 7 and 9) train their shared runs once.
 */
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { parseRecording } from "../recordings/index.ts";
import { seedCount } from "../registry/plan.ts";
import { EXPERIMENTS, experimentById } from "../registry/index.ts";
import type { ExperimentDefinition, RunSummary } from "../registry/types.ts";
import type { LearnerData } from "../learner/learner.ts";
import { runExperiment, type ExperimentProgress, type ExperimentResult } from "../runner/run-experiment.ts";
import { runVariant } from "../runner/run-variant.ts";
import { formatRecording, loadRecordingData, makeRecording, pilotRun, recordingPath } from "./common.ts";
import { missingPilotRuns, readPilot, reusableHistoryRuns, writePilot } from "./pilot.ts";
import { definitionSha256, freeze, readLedger, writeLedger } from "./preregistration.ts";

function fmtS(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "?";
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

function bar(frac: number, width = 24): string {
  const n = Math.max(0, Math.min(width, Math.round(frac * width)));
  return "[" + "#".repeat(n) + "-".repeat(width - n) + "]";
}

function fail(msg: string): never {
  console.error(`experiments:record: ${msg}`);
  process.exit(2);
}

function definitionsFromArgs(): ExperimentDefinition[] {
  const ids = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const defs = ids.map((id) => experimentById(id) ?? fail(`unknown experiment id ${JSON.stringify(id)}; known: ${EXPERIMENTS.map((e) => e.id).join(", ")}`));
  return defs.length > 0 ? defs : [...EXPERIMENTS];
}

/** The plan's seed count, or a refusal when the definition uses another. */
function checkSeedCount(def: ExperimentDefinition): void {
  if (def.kind !== "trained") return;
  const pilot = readPilot(def.id) ?? fail(`${def.id}: no pilot runs yet; run \`npm run experiments:record -- --pilot ${def.id}\` first.`);
  const missing = missingPilotRuns(def, pilot.runs);
  if (missing.length > 0) fail(`${def.id}: the pilot lacks ${missing.length} run(s) (e.g. ${missing[0]!.variantId} × seed ${missing[0]!.seed}); run the pilot again.`);
  const want = seedCount(def.plan(pilot.runs), def.maxSeeds);
  if (def.seeds.length !== want) fail(`${def.id}: the power plan asks for ${want} confirmatory seeds, the definition has ${def.seeds.length}.`);
}

async function pilot(defs: ExperimentDefinition[], data: LearnerData): Promise<void> {
  for (const def of defs.filter((d) => d.kind === "trained")) {
    const have = readPilot(def.id);
    const reused = have ? { runs: [] as RunSummary[] } : reusableHistoryRuns(def);
    const runs = [...(have?.runs ?? []), ...reused.runs.map(pilotRun)];
    const todo = missingPilotRuns(def, runs);
    for (const [i, job] of todo.entries()) {
      const variant = def.variants.find((v) => v.id === job.variantId)!;
      process.stderr.write(`pilot ${def.id}: ${i + 1}/${todo.length} ${job.variantId} × seed ${job.seed}\n`);
      runs.push(pilotRun(await runVariant(def, variant, job.seed, data, { mode: "full" })));
    }
    const note =
      have?.note ??
      [reused.runs.length ? `${reused.runs.length} run(s) reused from the ${reused.from} (same variants and seeds)` : "", todo.length ? `${todo.length} pilot-only run(s) made ${new Date().toISOString().slice(0, 10)}` : ""]
        .filter(Boolean)
        .join("; ") + ". Exploratory: used only to choose the seed count, never judged.";
    writePilot(def.id, { seeds: def.pilotSeeds, note, runs });
    const plans = def.plan(runs);
    console.log(`\n${def.id} (v${def.version}): ${runs.length} pilot runs; seeds needed: ${seedCount(plans, def.maxSeeds)} (budget ${def.maxSeeds}), definition has ${def.seeds.length}`);
    for (const p of plans)
      console.log(`  ${p.check.padEnd(58)} pilot ${p.unit === "share of seed-matched pairs" ? "share" : "sd"} ${p.pilotSpread.toPrecision(3)} (n ${p.pilotN}) → ${p.seedsNeeded}${p.seedsNeeded > def.maxSeeds ? "  (over budget)" : ""}`);
  }
}

/** `--recompute`: the same runs, the same frozen rule, the verdict computed again. */
function recompute(defs: ExperimentDefinition[]): void {
  for (const def of defs) {
    const file = recordingPath(def.id);
    const rec = parseRecording(JSON.parse(readFileSync(file, "utf8")));
    if (rec.version !== def.version) fail(`${def.id}: the recording is version ${rec.version}, the definition version ${def.version}; record it anew.`);
    if (rec.preregistration && rec.preregistration.sha256 !== definitionSha256(def))
      fail(`${def.id}: the definition is not the one pre-registered for this recording (sha256 differs); a changed rule is judged on fresh seeds.`);
    const next = { ...rec, verdict: def.decide(rec.runs), power: rec.pilot ? def.plan(rec.pilot.runs) : rec.power };
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, formatRecording(next));
    renameSync(tmp, file);
    console.log(`${def.id.padEnd(32)} ${rec.verdict.verdict} → ${next.verdict.verdict}`);
  }
}

async function main(): Promise<void> {
  const defs = definitionsFromArgs();
  if (process.argv.includes("--recompute")) return recompute(defs);
  if (process.argv.includes("--pilot")) return pilot(defs, await loadRecordingData());

  // Refuse before training anything: seed counts and the freeze of every definition.
  for (const def of defs) checkSeedCount(def);
  let ledger = readLedger();
  const frozen = new Map<string, { version: number; sha256: string; frozenAt: string }>();
  for (const def of defs.filter((d) => d.kind === "trained")) {
    const r = freeze(ledger, def, new Date());
    if (!r.ok) fail(r.error);
    ledger = r.ledger;
    frozen.set(def.id, { version: r.entry.version, sha256: r.entry.sha256, frozenAt: r.entry.frozenAt });
  }
  writeLedger(ledger); // written before the first confirmatory run

  const data = await loadRecordingData();
  const tty = process.stderr.isTTY;
  const tAll = performance.now();
  const summary: Array<{ id: string; verdict: string; wallMs: number; bytes: number }> = [];
  const groupRuns = new Map<string, ExperimentResult>();
  for (const [i, def] of defs.entries()) {
    const t0 = performance.now();
    let lastPrint = 0;
    let lastRun = -1;
    const onProgress = (p: ExperimentProgress): void => {
      const now = performance.now();
      const runChanged = p.runIndex !== lastRun;
      if (!runChanged && now - lastPrint < (tty ? 250 : 5000)) return;
      lastRun = p.runIndex;
      lastPrint = now;
      const frac = (p.runIndex + (p.totalSteps > 0 ? p.step / p.totalSteps : 0)) / p.runCount;
      const elapsed = now - t0;
      const eta = frac > 0.02 ? elapsed / frac - elapsed : Number.NaN;
      const line =
        `${bar(frac)} exp ${i + 1}/${defs.length} ${def.id} · run ${p.runIndex + 1}/${p.runCount} ` +
        `(${p.variantId}, seed ${p.seed}) · step ${p.step}/${p.totalSteps} · loss ${p.loss.toFixed(3)} · ${fmtS(elapsed)} elapsed, ETA ${fmtS(eta)}`;
      process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
    };
    const shared = def.runGroup ? groupRuns.get(def.runGroup) : undefined;
    const result = shared ?? (await runExperiment(def, data, { mode: "full", onProgress }));
    if (def.runGroup && !shared) groupRuns.set(def.runGroup, result);
    if (tty) process.stderr.write("\r\x1b[K");
    const rec = makeRecording(def, result.runs, result.wallMs, { preregistration: frozen.get(def.id), pilot: def.kind === "trained" ? readPilot(def.id) : undefined });
    const file = recordingPath(def.id);
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, formatRecording(rec));
    renameSync(tmp, file);
    const bytes = statSync(file).size;
    summary.push({ id: def.id, verdict: rec.verdict.verdict, wallMs: result.wallMs, bytes });
    process.stderr.write(`✓ exp ${i + 1}/${defs.length} ${def.id}: ${rec.verdict.verdict} in ${fmtS(result.wallMs)} → ${file} (${(bytes / 1024).toFixed(1)} KB); total ${fmtS(performance.now() - tAll)}\n`);
  }
  console.log("\nexperiment                       verdict              wall     size");
  for (const s of summary) console.log(`${s.id.padEnd(32)} ${s.verdict.padEnd(20)} ${fmtS(s.wallMs).padStart(7)} ${(s.bytes / 1024).toFixed(1).padStart(6)} KB`);
  console.log(`total ${fmtS(performance.now() - tAll)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
