/**
 * tfjs backends in the browser (meant for a Web Worker; also works on a page): WebGL
 * detection, backend start-up with the kernels each backend lacks, and a short training-speed
 * measurement used to pick a backend when WebGL has no GPU behind it. The decision rules are
 * pure (experiments/live/backend-choice.ts); this module does the I/O.
 */
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { Learner, type LearnerData } from "../learner/learner.ts";
import { SimpleCnn } from "../learner/model.ts";
import {
  afterWebglFailure,
  initialChoice,
  pickFastest,
  savedChoiceApplies,
  type BackendSpeed,
  type LiveBackend,
  type SavedChoice,
  type WebglInfo,
  WEBGL_PROBE_BUDGET_MS,
} from "../live/backend-choice.ts";
import { registerConv2DBackpropFilter } from "./conv2d-backprop-filter.ts";

/** What the device says about WebGL (WebGL2 only: tfjs needs it to run WebGL inside a worker). */
export function detectWebgl(): WebglInfo {
  try {
    if (typeof OffscreenCanvas === "undefined") return { available: false, renderer: null };
    const gl = new OffscreenCanvas(1, 1).getContext("webgl2");
    if (!gl) return { available: false, renderer: null };
    const ext = gl.getExtension("WEBGL_debug_renderer_info");
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? "") || null;
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return { available: true, renderer };
  } catch {
    return { available: false, renderer: null };
  }
}

let wasmPathsSet = false;

/**
 * Makes `name` the active backend, registering our Conv2DBackpropFilter where none ships (wasm).
 * cpu keeps its own: ours (built on conv2d) measured no faster there in Chromium (38 vs 41 img/s,
 * `npm run bench:live`), since cpu's conv2d itself is the slow part; webgl has a fast one.
 * Throws when tfjs refuses (setBackend's return value, not getBackend(), tells).
 */
export async function useBackend(name: LiveBackend, wasmPrefix: string): Promise<void> {
  if (name === "wasm") {
    registerConv2DBackpropFilter("wasm");
    // Only effective before the wasm backend's first initialization.
    if (!wasmPathsSet) setWasmPaths(wasmPrefix);
    wasmPathsSet = true;
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
  if (tf.getBackend() !== name) throw new Error(`the active backend is '${tf.getBackend()}', not '${name}'`);
}

/** Probe: batch size and steps timed after one warm-up step (model build, shader compiles). */
export const PROBE_BS = 64;
export const PROBE_STEPS = 3;

/** Training images per second of the book's simple_cnn (batch norm, batch 64) on the active backend. */
export async function measureTrainingSpeed(data: LearnerData, signal?: AbortSignal): Promise<number> {
  const model = new SimpleCnn({ batchNorm: true, channels: [8, 16, 32, 64], firstKernel: 5, seed: 1 });
  const learn = new Learner(model, { ...data, train: Uint32Array.from(data.train as ArrayLike<number>).subarray(0, PROBE_BS * (PROBE_STEPS + 1)) });
  try {
    const times: number[] = [];
    const fit = await learn.fit(1, {
      lr: 0.01,
      oneCycle: false,
      bs: PROBE_BS,
      seed: 1,
      maxSteps: PROBE_STEPS + 1,
      validate: false,
      signal,
      onProgress: () => times.push(performance.now()),
    });
    if (fit.cancelled) throw new DOMException("The run was cancelled.", "AbortError");
    if (times.length < PROBE_STEPS + 1) throw new Error(`only ${times.length} probe steps ran`);
    return (PROBE_STEPS * PROBE_BS * 1000) / (times[PROBE_STEPS]! - times[0]!);
  } finally {
    learn.dispose();
  }
}

export interface BackendChoice {
  backend: LiveBackend;
  reason: string;
  renderer: string | null;
  speeds: BackendSpeed[];
  /** True when a choice measured earlier on this device was reused. */
  reused: boolean;
  /** What the panel may keep for next time (null when nothing was measured). */
  save: SavedChoice | null;
}

export interface ChooseOptions {
  data: LearnerData;
  wasmPrefix: string;
  saved: SavedChoice | null;
  /** `saved` was measured for this run (after a probe timeout), so it is reported as measured, not reused. */
  savedJustNow?: boolean;
  userAgent: string;
  signal?: AbortSignal;
  onMeasuring?: (backend: LiveBackend) => void;
  /** Before a probe that may take long (WebGL): the caller can stop the worker after budgetMs. */
  onProbeBudget?: (p: { backend: LiveBackend; budgetMs: number; why: string; speeds: BackendSpeed[]; renderer: string | null; tfjsVersion: string }) => void;
}

/** Picks, starts and returns the backend for a live run (see backend-choice.ts for the rules). */
export async function chooseBackend(opts: ChooseOptions): Promise<BackendChoice> {
  const webgl = detectWebgl();
  const now = { renderer: webgl.renderer, userAgent: opts.userAgent, tfjsVersion: tf.version.tfjs };
  if (opts.saved && savedChoiceApplies(opts.saved, now)) {
    try {
      await useBackend(opts.saved.backend, opts.wasmPrefix);
      const { backend, reason, speeds } = opts.saved;
      return { backend, reason, renderer: webgl.renderer, speeds, reused: !opts.savedJustNow, save: null };
    } catch {
      // The device changed in a way the key does not see: measure again.
    }
  }
  let plan = initialChoice(webgl);
  if (plan.kind === "use") {
    try {
      await useBackend(plan.backend, opts.wasmPrefix);
      return { backend: plan.backend, reason: plan.reason, renderer: webgl.renderer, speeds: [], reused: false, save: null };
    } catch (e) {
      plan = afterWebglFailure((e as Error).message);
    }
  }
  if (plan.kind !== "measure") throw new Error("unreachable");
  const speeds: BackendSpeed[] = [];
  for (const backend of plan.candidates) {
    if (opts.signal?.aborted) throw new DOMException("The run was cancelled.", "AbortError");
    opts.onMeasuring?.(backend);
    if (backend === "webgl") opts.onProbeBudget?.({ backend, budgetMs: WEBGL_PROBE_BUDGET_MS, why: plan.why, speeds: [...speeds], renderer: webgl.renderer, tfjsVersion: tf.version.tfjs });
    try {
      await useBackend(backend, opts.wasmPrefix);
      speeds.push({ backend, imagesPerSecond: await measureTrainingSpeed(opts.data, opts.signal) });
    } catch (e) {
      if ((e as Error).name === "AbortError") throw e;
      speeds.push({ backend, imagesPerSecond: null, error: (e as Error).message });
    }
  }
  const best = pickFastest(plan.why, speeds);
  if (!best) throw new Error(`No backend could train here: ${speeds.map((s) => `${s.backend}: ${s.error}`).join("; ")}`);
  await useBackend(best.backend, opts.wasmPrefix);
  const save: SavedChoice = { backend: best.backend, reason: best.reason, renderer: webgl.renderer, userAgent: opts.userAgent, tfjsVersion: tf.version.tfjs, speeds };
  return { backend: best.backend, reason: best.reason, renderer: webgl.renderer, speeds, reused: false, save };
}
