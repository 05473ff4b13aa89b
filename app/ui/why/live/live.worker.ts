/// <reference lib="webworker" />
/**
 * The live experiment's Web Worker: the only code that loads tfjs and the experiment code, so
 * the pages' own JavaScript stays small and the page stays responsive while a model trains.
 *
 * One worker per run: "start" once, then an optional "cancel". The panel terminates the worker
 * after "done", "cancelled" or "error", which frees whatever tfjs still holds (WebGL textures,
 * the wasm heap); tensors are disposed before that anyway and the count left is reported.
 */
import "@/app/ui/zod-without-eval.ts"; // first: before any zod schema is built
import * as tf from "@tensorflow/tfjs";
import { version_wasm } from "@tensorflow/tfjs-backend-wasm";
import { chooseBackend } from "@/experiments/backend/browser.ts";
import { loadMnistBrowser } from "@/experiments/data/load-browser.ts";
import { stratifiedSplit } from "@/experiments/data/mnist.ts";
import { learnerDataFromMnist } from "@/experiments/learner/learner.ts";
import { mnistAssetPath, tfjsWasmPrefix } from "@/experiments/live/assets.ts";
import { compareWithRecording } from "@/experiments/live/compare.ts";
import { planRuns } from "@/experiments/live/plan.ts";
import { parseWorkerRequest, type StartRequest, type WorkerEvent } from "@/experiments/live/protocol.ts";
import { parseRecording } from "@/experiments/recordings/index.ts";
import { experimentById } from "@/experiments/registry/index.ts";
import { designSchema } from "@/experiments/custom/design.ts";
import { definitionOf } from "@/experiments/custom/definition.ts";
import { runExperiment } from "@/experiments/runner/run-experiment.ts";
import { resolveBudget } from "@/experiments/runner/run-variant.ts";

const scope = self as unknown as DedicatedWorkerGlobalScope;
const t0 = performance.now();
const now = () => performance.now() - t0;
const post = (e: WorkerEvent) => scope.postMessage(e);

let controller: AbortController | null = null;

scope.onmessage = (ev: MessageEvent<unknown>) => {
  const req = parseWorkerRequest(ev.data);
  if (!req) {
    post({ type: "error", stage: "protocol", message: "The worker received a malformed message." });
    return;
  }
  if (req.type === "cancel") {
    if (controller) controller.abort();
    else post({ type: "cancelled", tensorsLeft: tf.memory().numTensors });
    return;
  }
  if (controller) {
    post({ type: "error", stage: "protocol", message: "This worker is already running." });
    return;
  }
  controller = new AbortController();
  void run(req, controller.signal);
};

const isAbort = (e: unknown) => e instanceof Error && e.name === "AbortError";

async function run(req: StartRequest, signal: AbortSignal): Promise<void> {
  let stage = "setup";
  try {
    const def = req.custom
      ? definitionOf(designSchema.parse(req.custom.design), { id: req.experimentId, version: req.custom.version, revisions: [] })
      : experimentById(req.experimentId);
    if (!def) throw new Error(`Unknown experiment ${req.experimentId}.`);
    const recording = req.recording ? parseRecording(req.recording) : null;

    stage = "loading-data";
    post({ type: "setup", stage: "loading-data", detail: "Downloading 10,000 MNIST digits (1.6 MB)…" });
    let lastPct = -1;
    const mnist = await loadMnistBrowser(new URL(mnistAssetPath(), req.origin).href, {
      signal,
      onProgress: ({ loadedBytes, totalBytes }) => {
        const pct = totalBytes ? Math.floor((100 * loadedBytes) / totalBytes) : -1;
        if (pct >= 0 && pct >= lastPct + 10) {
          lastPct = pct;
          post({ type: "setup", stage: "loading-data", detail: `Downloading 10,000 MNIST digits… ${pct} %` });
        }
      },
    });
    const data = learnerDataFromMnist(mnist, stratifiedSplit(mnist.labels));

    stage = "backend";
    post({ type: "setup", stage: "detecting", detail: "Choosing a backend…" });
    const choice = await chooseBackend({
      data,
      wasmPrefix: new URL(tfjsWasmPrefix(version_wasm), req.origin).href,
      saved: req.saved,
      savedJustNow: req.savedJustNow,
      userAgent: navigator.userAgent,
      signal,
      onMeasuring: (b) =>
        post({ type: "setup", stage: "measuring", detail: b === "webgl" ? "Measuring webgl (compiling GPU shaders first)…" : `Measuring ${b}…` }),
      onProbeBudget: (p) => post({ type: "probe-budget", ...p }),
    });
    post({ type: "backend", backend: choice.backend, reason: choice.reason, renderer: choice.renderer, speeds: choice.speeds, reused: choice.reused, save: choice.save });

    stage = "training";
    const plan = planRuns(def, req.mode, (v) => resolveBudget(def, v, data.train.length, { mode: req.mode }).maxSteps);
    post({ type: "plan", runs: plan, t: now() });
    const result = await runExperiment(def, data, {
      mode: req.mode,
      signal,
      onRun: (e) => post(e.run ? { type: "run-done", runIndex: e.runIndex, run: e.run, t: now() } : { type: "run-start", runIndex: e.runIndex, t: now() }),
      onProgress: (p) => post({ type: "step", runIndex: p.runIndex, step: p.step, totalSteps: p.totalSteps, loss: p.loss, t: now() }),
    });

    stage = "comparing";
    const comparison = recording
      ? compareWithRecording(def, recording, { mode: req.mode, backend: choice.backend, tfjsVersion: tf.version.tfjs, runs: result.runs, verdict: result.verdict })
      : null;
    post({
      type: "done",
      runs: result.runs,
      verdict: result.verdict,
      comparison,
      wallMs: result.wallMs,
      tensorsLeft: tf.memory().numTensors,
      tfjsVersion: tf.version.tfjs,
      t: now(),
    });
  } catch (e) {
    if (isAbort(e) || signal.aborted) post({ type: "cancelled", tensorsLeft: tf.memory().numTensors });
    else post({ type: "error", stage, message: e instanceof Error ? e.message : String(e) });
  }
}
