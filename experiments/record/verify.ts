/**
 * `npm run experiments:verify [--quick]` — re-runs a short fixed subset of the recorded runs on the wasm
 * backend and checks they reproduce the recordings (tolerance in ./verify-core.ts). Exits 1 on a mismatch.
 * `--quick`: the single fastest check (< 15 s).
 */
import { loadRecordingData } from "./common.ts";
import { DEFAULT_CHECKS, QUICK_CHECKS, formatReport, verifyRecordings } from "./verify-core.ts";

async function main(): Promise<void> {
  // `npm run experiments:verify --quick` (without `--`) hands the flag to npm, which sets npm_config_quick.
  const quick = process.argv.includes("--quick") || process.env.npm_config_quick === "true";
  const t0 = performance.now();
  const data = await loadRecordingData();
  const results = await verifyRecordings(quick ? QUICK_CHECKS : DEFAULT_CHECKS, data);
  console.log(formatReport(results));
  console.log(`(${quick ? "quick, " : ""}${((performance.now() - t0) / 1000).toFixed(1)} s in all)`);
  if (results.some((r) => !r.ok)) process.exit(1);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
