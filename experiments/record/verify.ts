/**
 * `npm run experiments:verify [-- --all | --quick]` — re-runs recorded runs on the wasm backend and checks
 * that they reproduce the recordings (tolerance in ./verify-core.ts). Exits 1 on a mismatch.
 * Default: one cheap run per trained experiment (what `npm test` checks). `--all`: every recorded run of
 * every recording (run before committing recordings; about as long as recording them). `--quick`: one
 * 10-step run (< 15 s).
 */
import { RECORDING_IDS, parseRecording } from "../recordings/index.ts";
import { readFileSync } from "node:fs";
import { loadRecordingData, recordingPath } from "./common.ts";
import { QUICK_CHECKS, allChecks, formatReport, testChecks, verifyRecordings } from "./verify-core.ts";

async function main(): Promise<void> {
  // `npm run experiments:verify --quick` (without `--`) hands the flag to npm, which sets npm_config_<flag>.
  const has = (flag: string): boolean => process.argv.includes(`--${flag}`) || process.env[`npm_config_${flag}`] === "true";
  const ids = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const t0 = performance.now();
  const data = await loadRecordingData();
  const checks = has("quick")
    ? QUICK_CHECKS
    : has("all")
      ? allChecks((ids.length ? ids : RECORDING_IDS).map((id) => parseRecording(JSON.parse(readFileSync(recordingPath(id), "utf8")))))
      : testChecks();
  const results = await verifyRecordings(checks, data);
  console.log(formatReport(results));
  console.log(`(${has("quick") ? "quick" : has("all") ? "all" : "one run per trained experiment"}, ${((performance.now() - t0) / 1000).toFixed(1)} s in all)`);
  if (results.some((r) => !r.ok)) process.exit(1);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
