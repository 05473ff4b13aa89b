/**
 * `npm run experiments:record [id ...] [--rejudge]` — runs registry experiments (default: all nine) in FULL mode on
 * the tfjs wasm backend and writes experiments/recordings/<id>.json for each (temp file + rename).
 * Progress goes to stderr; a summary (verdict, wall time, file size) to stdout at the end.
 *
 * Definitions with the same runGroup (cards 7 and 9: one warmup × annealing grid) train their shared
 * variants once per invocation; each definition's decide() then reads the same runs.
 */
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { parseRecording } from "../recordings/index.ts";
import { EXPERIMENTS, experimentById } from "../registry/index.ts";
import type { ExperimentDefinition } from "../registry/types.ts";
import { runExperiment, type ExperimentProgress, type ExperimentResult } from "../runner/run-experiment.ts";
import { formatRecording, loadRecordingData, makeRecording, recordingPath, rejudgeRecording } from "./common.ts";

function fmtS(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "?";
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

function bar(frac: number, width = 24): string {
  const n = Math.max(0, Math.min(width, Math.round(frac * width)));
  return "[" + "#".repeat(n) + "-".repeat(width - n) + "]";
}

async function main(): Promise<void> {
  const ids = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const defs: ExperimentDefinition[] = [];
  for (const id of ids) {
    const d = experimentById(id);
    if (!d) {
      console.error(`experiments:record: unknown experiment id ${JSON.stringify(id)}; known: ${EXPERIMENTS.map((e) => e.id).join(", ")}`);
      process.exit(2);
    }
    defs.push(d);
  }
  if (defs.length === 0) defs.push(...EXPERIMENTS);

  if (process.argv.includes("--rejudge")) return rejudge(defs);
  const data = await loadRecordingData();
  const tty = process.stderr.isTTY;
  const tAll = performance.now();
  const summary: Array<{ id: string; verdict: string; wallMs: number; bytes: number }> = [];
  // runGroup → the runs already trained for it (same variant ids ⇒ same specs, checked by the registry tests).
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
        `(${p.variantId}, seed ${p.seed}) · step ${p.step}/${p.totalSteps} · loss ${p.loss.toFixed(3)} · ` +
        `${fmtS(elapsed)} elapsed, ETA ${fmtS(eta)}`;
      process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
    };
    const shared = def.runGroup ? groupRuns.get(def.runGroup) : undefined;
    const result = shared ?? (await runExperiment(def, data, { mode: "full", onProgress }));
    if (def.runGroup && !shared) groupRuns.set(def.runGroup, result);
    if (tty) process.stderr.write("\r\x1b[K");
    const rec = makeRecording(def, result.runs, result.wallMs);
    const file = recordingPath(def.id);
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, formatRecording(rec));
    renameSync(tmp, file);
    const bytes = statSync(file).size;
    summary.push({ id: def.id, verdict: rec.verdict.verdict, wallMs: result.wallMs, bytes });
    process.stderr.write(
      `✓ exp ${i + 1}/${defs.length} ${def.id}: ${rec.verdict.verdict} in ${fmtS(result.wallMs)} → ${file} (${(bytes / 1024).toFixed(1)} KB); total ${fmtS(performance.now() - tAll)}\n`,
    );
  }

  console.log("\nexperiment                       verdict         wall     size");
  for (const s of summary)
    console.log(`${s.id.padEnd(32)} ${s.verdict.padEnd(15)} ${fmtS(s.wallMs).padStart(7)} ${(s.bytes / 1024).toFixed(1).padStart(6)} KB`);
  console.log(`total ${fmtS(performance.now() - tAll)}`);
}

/** `--rejudge`: no training; recompute each verdict from its committed runs with the current decision rule. */
function rejudge(defs: ExperimentDefinition[]): void {
  for (const def of defs) {
    const file = recordingPath(def.id);
    const before = parseRecording(JSON.parse(readFileSync(file, "utf8")));
    const after = rejudgeRecording(def, before);
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, formatRecording(after));
    renameSync(tmp, file);
    console.log(`${def.id.padEnd(32)} ${before.verdict.verdict} → ${after.verdict.verdict}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
