// Benchmark (issue #13): Lighthouse 12.2.3 mobile scores (its default: a mid-range phone, simulated slow
// 4G and CPU ×4) for the review page, the deck page and prerecorded why views, signed in, against `next start`.
//
//   npm run bench:lighthouse
//
// Starts the production server on a fresh migrated and seeded SQLite database (like the browser tests),
// signs in as the demo learner over HTTP and hands Lighthouse the session cookie as an extra header.
// Side by side, the same runs measure a bare Next.js App Router page built with this repository's `next` and
// React (scripts/bench/bare-next.ts): the floor every App Router page pays on this machine, printed with each
// page's blocking time over it. The runs go round the pages, so a drift of the machine's speed meets them all.
// Chromium is Debian's (/usr/bin/chromium, or CHROME_PATH / CHROMIUM_PATH), started by chrome-launcher:
// nothing is downloaded. Each page is measured BENCH_LH_RUNS times (default 3, fresh tab, cold cache)
// and each category's median kept; the last line is `lighthouse min score: N`, the lowest of them all (the
// floor does not count). The line before it says whether the floor itself reached 95, that is whether the
// machine was fast enough in this run for a page's miss to be the page's.
//
// Environment (optional): BENCH_LH_RUNS=3; BENCH_LH_CARDS=6,1 why views by card position;
// BENCH_LH_CPU=N runs with CPU slowdown ×N instead of Lighthouse's default ×4 (the report prints this
// machine's benchmark index and the multiplier calibrated to it, scripts/bench/lighthouse-cpu.ts);
// BENCH_JSON=file also writes every run's scores and key metrics as JSON; BENCH_LH_REPORTS=dir keeps each
// run's full Lighthouse report there (bootup-time, long-tasks and the trace's breakdown say where time went).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import type { Result } from "lighthouse";
import { DEMO_LEARNER } from "../../lib/users/demo.ts";
import { ensureBuilt, signInOverHttp } from "../../tests/support/server.ts";
import { startBareNext, type BareNext } from "./bare-next.ts";
import { calibratedCpuMultiplier } from "./lighthouse-cpu.ts";
import { startDemoServer } from "./demo-server.ts";
import { median } from "./summary.ts";

const CHROME = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const RUNS = Number(process.env.BENCH_LH_RUNS ?? 3);
const CARDS = (process.env.BENCH_LH_CARDS ?? "6,1").split(",").map(Number);
const CPU = process.env.BENCH_LH_CPU ? Number(process.env.BENCH_LH_CPU) : undefined;
if (CPU !== undefined && !(CPU >= 1)) throw new Error(`BENCH_LH_CPU must be a number ≥ 1, not ${process.env.BENCH_LH_CPU}`);
const CATEGORIES = ["performance", "accessibility", "best-practices"] as const;
const METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"] as const;
const FLOOR = "bare Next.js page (the floor)";
const log = (s: string) => console.error(`[bench:lighthouse] ${s}`);

interface Run {
  page: string;
  scores: Record<(typeof CATEGORIES)[number], number>;
  metrics: Record<(typeof METRICS)[number], number>;
  /** Audits of a category that lost points, so a low score says why. */
  failing: string[];
}

// Lighthouse's CLI in plain Node: under tsx its page functions carry esbuild's __name helper, which the
// page does not have ("__name is not defined").
const LH_CLI = createRequire(import.meta.url).resolve("lighthouse/cli/index.js");
// Now and then Lighthouse fails to record a trace ("NO_NAVSTART"): such a run is tried again, twice at most.
const LH_ATTEMPTS = 3;
function runLighthouse(url: string, port: number, cookie: string, out: string): Result {
  for (let attempt = 1; ; attempt++) {
    try {
      return runLighthouseOnce(url, port, cookie, out);
    } catch (e) {
      if (attempt === LH_ATTEMPTS) throw e;
      log(`Lighthouse exited with code ${(e as { status?: number }).status} on ${url} (its reason is printed above); trying again`);
    }
  }
}

function runLighthouseOnce(url: string, port: number, cookie: string, out: string): Result {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  execFileSync(
    process.execPath,
    [LH_CLI, url, `--port=${port}`, "--output=json", `--output-path=${out}`, "--quiet", `--only-categories=${CATEGORIES.join(",")}`, `--extra-headers=${JSON.stringify({ Cookie: cookie })}`, ...(CPU ? [`--throttling.cpuSlowdownMultiplier=${CPU}`] : [])],
    { env, stdio: ["ignore", "ignore", "inherit"] },
  );
  return JSON.parse(fs.readFileSync(out, "utf8")) as Result;
}

async function main() {
  ensureBuilt();
  const loadBefore = os.loadavg()[0]!;
  const demo = await startDemoServer("lh");
  const { server, deck, dir } = demo;
  fs.mkdirSync(path.join(dir, "chrome"));
  const chrome = await chromeLauncher.launch({
    chromePath: CHROME,
    userDataDir: path.join(dir, "chrome"),
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const runs: Run[] = [];
  const benchmarkIndexes: number[] = [];
  let bare: BareNext | undefined;
  try {
    bare = await startBareNext();
    const { cookie } = await signInOverHttp(server.baseUrl, DEMO_LEARNER.email, DEMO_LEARNER.password);
    if (!cookie) throw new Error("sign-in gave no session cookie");
    const pages: Array<[string, string]> = [
      [FLOOR, bare.url],
      ["review page", `${server.baseUrl}/decks/${deck.id}/review`],
      ["deck page", `${server.baseUrl}/decks/${deck.id}`],
      ...CARDS.map((pos): [string, string] => {
        const card = deck.cards.find((c) => c.position === pos && c.experimentId);
        if (!card) throw new Error(`no card ${pos} with an experiment`);
        return [`why view, card ${pos} (${card.experimentId})`, `${server.baseUrl}/decks/${deck.id}/cards/${card.id}/why`];
      }),
    ];
    // One unmeasured load of each page: the server compiles nothing, but its first render of a route warms caches.
    for (const [, url] of pages) await fetch(url, { headers: { cookie } }).then((r) => r.text());
    for (let i = 0; i < RUNS; i++) {
      for (const [name, url] of pages) {
        const lhr = runLighthouse(url, chrome.port, cookie, path.join(dir, "lhr.json"));
        if (lhr.finalDisplayedUrl !== url) throw new Error(`${name}: Lighthouse ended on ${lhr.finalDisplayedUrl} (not signed in?)`);
        benchmarkIndexes.push(lhr.environment.benchmarkIndex);
        if (process.env.BENCH_LH_REPORTS) {
          fs.mkdirSync(process.env.BENCH_LH_REPORTS, { recursive: true });
          fs.copyFileSync(path.join(dir, "lhr.json"), path.join(process.env.BENCH_LH_REPORTS, `${name.replace(/[^a-z0-9]+/gi, "-")}-${i + 1}.json`));
        }
        const run: Run = {
          page: name,
          scores: Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as Run["scores"],
          metrics: Object.fromEntries(METRICS.map((m) => [m, lhr.audits[m]?.numericValue ?? Number.NaN])) as Run["metrics"],
          failing: CATEGORIES.flatMap((c) =>
            (lhr.categories[c]?.auditRefs ?? [])
              .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 0.9)
              .map((ref) => `${c}/${ref.id} ${lhr.audits[ref.id]?.displayValue ?? lhr.audits[ref.id]?.score}`),
          ),
        };
        runs.push(run);
        log(`${name} #${i + 1}: ${CATEGORIES.map((c) => `${c} ${run.scores[c]}`).join(", ")}${run.failing.length ? ` — below 90: ${run.failing.join("; ")}` : ""}`);
      }
    }
  } finally {
    await chrome.kill();
    await demo.stop();
    await bare?.stop();
  }

  const index = median(benchmarkIndexes);
  console.log(`\nLighthouse 12.2.3, mobile (simulated slow 4G, CPU ×${CPU ?? 4}${CPU ? ", set by BENCH_LH_CPU" : ", its default"}), median of ${RUNS} runs per page, ${CHROME}, next start;`);
  console.log(`this machine's Lighthouse benchmark index: ${Math.round(index)} (median), for which the calibrated CPU multiplier is ×${calibratedCpuMultiplier(index).toFixed(1)};`);
  console.log(`1-minute load average ${loadBefore.toFixed(2)} at start, ${os.loadavg()[0]!.toFixed(2)} at end (${os.cpus().length} cores):\n`);
  console.log("| page | performance | accessibility | best practices | FCP | LCP | TBT | TBT − floor's | CLS |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  const all: number[] = [];
  const medianOf = (name: string) => {
    const mine = runs.filter((r) => r.page === name);
    return {
      score: (c: (typeof CATEGORIES)[number]) => median(mine.map((r) => r.scores[c])),
      metric: (m: (typeof METRICS)[number]) => median(mine.map((r) => r.metrics[m])),
    };
  };
  const floorTbt = medianOf(FLOOR).metric("total-blocking-time");
  const names = [...new Set(runs.map((r) => r.page))];
  for (const name of names) {
    const { score, metric } = medianOf(name);
    // The floor is the baseline, not one of the app's pages: it does not count towards the minimum.
    if (name !== FLOOR) all.push(...CATEGORIES.map(score));
    const tbt = metric("total-blocking-time");
    console.log(
      `| ${name} | ${score("performance")} | ${score("accessibility")} | ${score("best-practices")} | ${Math.round(metric("first-contentful-paint"))} ms | ${Math.round(metric("largest-contentful-paint"))} ms | ${Math.round(tbt)} ms | ${name === FLOOR ? "—" : `${Math.round(tbt - floorTbt)} ms`} | ${metric("cumulative-layout-shift").toFixed(3)} |`,
    );
  }
  console.log(`\nThe floor's performance runs: ${runs.filter((r) => r.page === FLOOR).map((r) => r.scores.performance).join(", ")}; each page's TBT runs:`);
  for (const name of names) console.log(`  ${name}: ${runs.filter((r) => r.page === name).map((r) => Math.round(r.metrics["total-blocking-time"])).join(", ")} ms`);
  // When a bare page that hydrates next to nothing misses the target, a page's miss in this run says as much about
  // the machine's hour as about the page.
  const floorScore = medianOf(FLOOR).score("performance");
  console.log(
    floorScore >= 95
      ? `\nThe bare Next.js page scored ${floorScore} in performance: a page that misses 95 in this run misses it on its own.`
      : `\nThe bare Next.js page itself scored ${floorScore} in performance (< 95): this machine is too slow or busy right now for a page's score to tell the app from the machine; run again when it is quieter.`,
  );
  if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(runs, null, 2));
  console.log(`\nlighthouse min score: ${Math.min(...all)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
