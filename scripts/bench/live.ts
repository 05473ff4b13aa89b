/**
 * `npm run bench:live`: how long the "Run it yourself" live experiments take in headless
 * Chromium on this machine, per backend, with the same browser code the app's worker runs
 * (experiments/backend/browser.ts, data/load-browser.ts, runner/run-experiment.ts) bundled into a
 * module worker by esbuild and served with the app's asset URLs.
 *
 *   npm run bench:live -- [--only id,id] [--backends wasm,cpu,webgl] [--no-full] [--cap 90]
 *
 * Each job runs in a fresh worker, as in the app (so WebGL compiles its shaders every time).
 * Quick runs on cpu and webgl stop after --cap seconds (default 90) and are estimated as the time so
 * far plus the app's ETA for the rest (experiments/live/progress.ts, marked "est."); full mode runs on wasm only, and the full-mode cpu and
 * webgl columns are estimates: full wasm time × (wasm img/s ÷ backend img/s), plus WebGL's compile.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mkdtempSync, rmSync } from "node:fs";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { EXPERIMENTS } from "../../experiments/registry/index.ts";
import { MNIST_FILE_NAME, MNIST_URL_VERSION, TFJS_WASM_FILES } from "../../experiments/live/assets.ts";
import type { LiveBackend } from "../../experiments/live/backend-choice.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const ONLY = arg("--only")?.split(",");
const BACKENDS = (arg("--backends")?.split(",") ?? ["wasm", "cpu", "webgl"]) as LiveBackend[];
const FULL = !process.argv.includes("--no-full");
const CAP_S = Number(arg("--cap") ?? 90);

// The worker: same modules as app/ui/why/live/live.worker.ts, with the backend forced instead of chosen.
const WORKER_SOURCE = `
import * as tf from "@tensorflow/tfjs";
import { version_wasm } from "@tensorflow/tfjs-backend-wasm";
import { measureTrainingSpeed, useBackend, detectWebgl } from "./experiments/backend/browser.ts";
import { loadMnistBrowser } from "./experiments/data/load-browser.ts";
import { stratifiedSplit } from "./experiments/data/mnist.ts";
import { learnerDataFromMnist } from "./experiments/learner/learner.ts";
import { mnistAssetPath, tfjsWasmPrefix } from "./experiments/live/assets.ts";
import { planRuns } from "./experiments/live/plan.ts";
import { estimate, initialProgress, onRunDone, onRunStart, onStep } from "./experiments/live/progress.ts";
import { experimentById } from "./experiments/registry/index.ts";
import { runExperiment } from "./experiments/runner/run-experiment.ts";
import { resolveBudget } from "./experiments/runner/run-variant.ts";

self.onmessage = async ({ data: job }) => {
  try {
    const mnist = await loadMnistBrowser(new URL(mnistAssetPath(), self.location.origin).href);
    const data = learnerDataFromMnist(mnist, stratifiedSplit(mnist.labels));
    await useBackend(job.backend, new URL(tfjsWasmPrefix(version_wasm), self.location.origin).href);
    if (job.kind === "probe") {
      const t0 = performance.now();
      const ips = await measureTrainingSpeed(data);
      self.postMessage({ type: "done", imagesPerSecond: ips, wallMs: performance.now() - t0, renderer: detectWebgl().renderer });
      return;
    }
    const def = experimentById(job.experimentId);
    const plan = planRuns(def, job.mode, (v) => resolveBudget(def, v, data.train.length, { mode: job.mode }).maxSteps);
    let p = initialProgress(plan);
    let firstStepMs = null;
    const t0 = performance.now();
    const now = () => performance.now() - t0;
    const result = await runExperiment(def, data, {
      mode: job.mode,
      onRun: (e) => { p = e.run ? onRunDone(p, e.runIndex, now()) : onRunStart(p, e.runIndex, now()); const x = estimate(p, now()); self.postMessage({ type: "progress", fraction: x.fraction, etaMs: x.etaMs }); },
      onProgress: (s) => {
        p = onStep(p, s.runIndex, s.step, s.totalSteps, now());
        if (firstStepMs === null) firstStepMs = now();
        const x = estimate(p, now());
        self.postMessage({ type: "progress", fraction: x.fraction, etaMs: x.etaMs });
      },
    });
    self.postMessage({ type: "done", wallMs: result.wallMs, firstStepMs, verdict: result.verdict.verdict, runs: result.runs.length, tensorsLeft: tf.memory().numTensors });
  } catch (e) {
    self.postMessage({ type: "error", message: String(e && e.stack || e) });
  }
};
`;

async function bundleWorker(): Promise<string> {
  const out = await build({
    stdin: { contents: WORKER_SOURCE, resolveDir: ROOT, sourcefile: "bench-live-worker.ts", loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    logLevel: "error",
    // tfjs-backend-wasm's emscripten glue names Node built-ins it only uses under Node.
    external: ["fs", "path", "os", "crypto", "worker_threads", "perf_hooks", "util"],
    define: { "process.env.NODE_ENV": '"production"' },
  });
  return out.outputFiles[0]!.text;
}

function serve(workerJs: string): Promise<{ origin: string; close: () => void }> {
  const wasmDir = path.dirname(createRequire(path.join(ROOT, "package.json")).resolve("@tensorflow/tfjs-backend-wasm"));
  const wasmVersion = (JSON.parse(readFileSync(path.join(wasmDir, "..", "package.json"), "utf8")) as { version: string }).version;
  const files = new Map<string, { body: Buffer | string; type: string }>([
    ["/bench.html", { body: "<!doctype html><title>bench</title>", type: "text/html" }],
    ["/worker.js", { body: workerJs, type: "text/javascript" }],
    [`/assets/mnist/${MNIST_URL_VERSION}/${MNIST_FILE_NAME}`, { body: readFileSync(path.join(ROOT, "experiments/data", MNIST_FILE_NAME)), type: "application/octet-stream" }],
    ...TFJS_WASM_FILES.map((f) => [`/assets/tfjs-wasm/${wasmVersion}/${f}`, { body: readFileSync(path.join(wasmDir, f)), type: "application/wasm" }] as const),
  ]);
  const server = http.createServer((req, res) => {
    const f = files.get(new URL(req.url ?? "/", "http://x").pathname);
    if (!f) return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": f.type }).end(f.body);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() })),
  );
}

interface JobResult {
  wallMs: number;
  /** Stopped at the cap: time so far + the progress model's ETA (planned work left × measured speed). */
  estimated: boolean;
  fractionDone?: number;
  firstStepMs?: number | null;
  verdict?: string;
  imagesPerSecond?: number;
  renderer?: string | null;
  tensorsLeft?: number;
  error?: string;
}

type Job = { kind: "probe"; backend: LiveBackend } | { kind: "run"; backend: LiveBackend; experimentId: string; mode: "quick" | "full" };

async function main() {
  const loadAtStart = os.loadavg()[0]!;
  const workerJs = await bundleWorker();
  const { origin, close } = await serve(workerJs);
  const profile = mkdtempSync(path.join(os.tmpdir(), "proofdeck-bench-live-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await context.newPage();
  await page.goto(`${origin}/bench.html`);

  const runJob = (job: Job, capMs: number | null): Promise<JobResult> =>
    page.evaluate(
      ({ job, capMs }) =>
        new Promise<JobResult>((resolve) => {
          const w = new Worker("/worker.js", { type: "module" });
          const t0 = performance.now();
          // The app's progress model (calibrated on this run's own steps) gives the time still needed.
          let last: { fraction: number; etaMs: number | null; at: number } | null = null;
          const timer =
            capMs === null
              ? null
              : setTimeout(() => {
                  w.terminate();
                  const el = performance.now() - t0;
                  resolve(
                    last && last.etaMs !== null
                      ? { wallMs: last.at - t0 + last.etaMs, estimated: true, fractionDone: last.fraction }
                      : { wallMs: Number.NaN, estimated: true, error: `no ETA after ${Math.round(el / 1000)} s` },
                  );
                }, capMs);
          w.onmessage = ({ data }) => {
            if (data.type === "progress") last = { fraction: data.fraction, etaMs: data.etaMs, at: performance.now() };
            else {
              if (timer) clearTimeout(timer);
              w.terminate();
              resolve(data.type === "error" ? { wallMs: Number.NaN, estimated: false, error: data.message } : { ...data, estimated: false });
            }
          };
          w.onerror = (e) => resolve({ wallMs: Number.NaN, estimated: false, error: e.message || "worker failed to load" });
          w.postMessage(job);
        }),
      { job, capMs },
    );

  const log = (s: string) => process.stderr.write(s + "\n");
  const speeds = new Map<LiveBackend, JobResult>();
  for (const backend of BACKENDS) {
    const r = await runJob({ kind: "probe", backend }, 120_000);
    speeds.set(backend, r);
    log(`probe ${backend}: ${r.imagesPerSecond?.toFixed(0) ?? r.error} img/s (whole probe incl. warm-up ${(r.wallMs / 1000).toFixed(1)} s)${r.renderer ? `, renderer ${r.renderer}` : ""}`);
  }

  const defs = EXPERIMENTS.filter((d) => !ONLY || ONLY.includes(d.id));
  const quick = new Map<string, JobResult>();
  const full = new Map<string, JobResult>();
  for (const def of defs) {
    for (const backend of BACKENDS) {
      const r = await runJob({ kind: "run", backend, experimentId: def.id, mode: "quick" }, backend === "wasm" ? null : CAP_S * 1000);
      quick.set(`${def.id}/${backend}`, r);
      log(`quick ${def.id} ${backend}: ${fmtS(r)}${r.verdict ? ` (${r.verdict}, first step ${((r.firstStepMs ?? 0) / 1000).toFixed(1)} s)` : ""}${r.error ? ` ERROR ${r.error.slice(0, 300)}` : ""}`);
    }
  }
  if (FULL && BACKENDS.includes("wasm")) {
    for (const def of defs) {
      const r = await runJob({ kind: "run", backend: "wasm", experimentId: def.id, mode: "full" }, null);
      full.set(def.id, r);
      log(`full ${def.id} wasm: ${fmtS(r)}${r.verdict ? ` (${r.verdict})` : ""}${r.error ? ` ERROR ${r.error.slice(0, 300)}` : ""}`);
    }
  }
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  close();

  // Full-mode estimates for the slow backends: wasm time scaled by the probe speeds, plus WebGL's shader compile per run.
  const wasmIps = speeds.get("wasm")?.imagesPerSecond;
  const estFull = (def: (typeof defs)[number], b: LiveBackend): string => {
    const f = full.get(def.id);
    const ips = speeds.get(b)?.imagesPerSecond;
    if (!f || !Number.isFinite(f.wallMs) || !wasmIps || !ips) return "—";
    const compile = b === "webgl" ? (quick.get(`${def.id}/webgl`)?.firstStepMs ?? 0) : 0;
    return `~${fmtDur((f.wallMs * wasmIps) / ips + compile)} (est.)`;
  };
  const lines = [
    `| experiment | quick wasm | quick cpu | quick webgl (SwiftShader) | full wasm | full cpu | full webgl (SwiftShader) |`,
    `|---|---|---|---|---|---|---|`,
    ...defs.map((d) => {
      const q = (b: LiveBackend) => (BACKENDS.includes(b) ? fmtS(quick.get(`${d.id}/${b}`)) : "—");
      return `| ${d.id} | ${q("wasm")} | ${q("cpu")} | ${q("webgl")} | ${full.has(d.id) ? fmtS(full.get(d.id)) : "—"} | ${estFull(d, "cpu")} | ${estFull(d, "webgl")} |`;
    }),
  ];
  // Other processes on the machine slow every number here: say how busy it was.
  console.log(`\nLoad average (1 min) at start ${loadAtStart.toFixed(2)}, at end ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores.`);
  const speedLine = BACKENDS.map((b) => `${b} ${speeds.get(b)?.imagesPerSecond?.toFixed(0) ?? "—"} img/s`).join(", ");
  console.log(`\nTraining speed (simple_cnn + batch norm, batch 64, after one warm-up step): ${speedLine}\n`);
  console.log(lines.join("\n"));
}

function fmtDur(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, "0")} s`;
}

function fmtS(r: JobResult | undefined): string {
  if (!r) return "—";
  if (r.error && !Number.isFinite(r.wallMs)) return `failed (${r.error.split("\n")[0]!.slice(0, 60)})`;
  return r.estimated ? `~${fmtDur(r.wallMs)} (est.: ${Math.round((r.fractionDone ?? 0) * 100)} % in ${CAP_S} s)` : fmtDur(r.wallMs);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
