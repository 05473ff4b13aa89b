/**
 * `npm run experiments:record [id ...]` — runs registry experiments (default: all nine) in FULL mode on
 * the tfjs wasm backend and writes experiments/recordings/<id>.json for each (temp file + rename).
 * Progress goes to stderr; a summary (verdict, wall time, file size) to stdout at the end.
 *
 * Cards 7 and 9 share a runGroup; each is run separately for now.
 */
import { renameSync, statSync, writeFileSync } from "node:fs";
import { EXPERIMENTS, experimentById } from "../registry/index.ts";
import type { ExperimentDefinition } from "../registry/types.ts";
import { runExperiment, type ExperimentProgress } from "../runner/run-experiment.ts";
import { loadRecordingData, makeRecording, recordingPath } from "./common.ts";

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

  const data = await loadRecordingData();
  const tty = process.stderr.isTTY;
  const tAll = performance.now();
  const summary: Array<{ id: string; verdict: string; wallMs: number; bytes: number }> = [];

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
    const result = await runExperiment(def, data, { mode: "full", onProgress });
    if (tty) process.stderr.write("\r\x1b[K");
    const rec = makeRecording(def, result.runs, result.wallMs);
    const file = recordingPath(def.id);
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(rec, null, 1) + "\n");
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

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
