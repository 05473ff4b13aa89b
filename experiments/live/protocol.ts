/**
 * Messages between the "Run it yourself" panel and its Web Worker, with runtime checks
 * (pure). Both sides validate what they receive: a malformed message is a bug, reported as
 * one instead of being half-read.
 */
import type { RunSummary, Verdict } from "../registry/types.ts";
import { runSchema, verdictSchema, type Recording } from "../recordings/index.ts";
import { isLiveBackend, type BackendSpeed, type LiveBackend, type SavedChoice } from "./backend-choice.ts";
import type { Comparison } from "./compare.ts";
import type { LiveMode } from "./plan.ts";
import type { PlannedRun } from "./progress.ts";

// ---- panel → worker --------------------------------------------------------------------------

export interface StartRequest {
  type: "start";
  experimentId: string;
  mode: LiveMode;
  /** Page origin: the worker builds asset URLs from it. */
  origin: string;
  /** The recording to compare with; null when there is none yet (an author recording their own experiment). */
  recording: Recording | null;
  /** An author's experiment (experiments/custom): its design and version; absent for registry experiments. */
  custom?: CustomRun | null;
  /** A backend measured on this device earlier (reused when it still applies). */
  saved: SavedChoice | null;
  /** True when `saved` was measured for this very run (a restart after a probe timed out), not on an earlier one. */
  savedJustNow: boolean;
}

export interface CustomRun {
  design: unknown;
  version: number;
}

export interface CancelRequest {
  type: "cancel";
}

export type WorkerRequest = StartRequest | CancelRequest;

// ---- worker → panel --------------------------------------------------------------------------

export type SetupStage = "loading-data" | "detecting" | "measuring";

export type WorkerEvent =
  | { type: "setup"; stage: SetupStage; detail: string }
  | { type: "backend"; backend: LiveBackend; reason: string; renderer: string | null; speeds: BackendSpeed[]; reused: boolean; save: SavedChoice | null }
  /** The next probe may run past `budgetMs`: the panel stops the worker then and restarts it with choiceAfterTimeout(). */
  | { type: "probe-budget"; backend: LiveBackend; budgetMs: number; why: string; speeds: BackendSpeed[]; renderer: string | null; tfjsVersion: string }
  | { type: "plan"; runs: PlannedRun[]; t: number }
  | { type: "run-start"; runIndex: number; t: number }
  | { type: "step"; runIndex: number; step: number; totalSteps: number; loss: number; t: number }
  | { type: "run-done"; runIndex: number; run: RunSummary; t: number }
  | { type: "done"; runs: RunSummary[]; verdict: Verdict; comparison: Comparison | null; wallMs: number; tensorsLeft: number; tfjsVersion: string; t: number }
  | { type: "cancelled"; tensorsLeft: number }
  | { type: "error"; stage: string; message: string };

export type WorkerEventType = WorkerEvent["type"];

// ---- checks ------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === "number"; // NaN allowed (a diverged loss)
const isInt = (v: unknown): v is number => Number.isInteger(v);
const isStr = (v: unknown): v is string => typeof v === "string";

function isSpeed(v: unknown): v is BackendSpeed {
  return (
    isObj(v) &&
    isLiveBackend(v.backend) &&
    (v.imagesPerSecond === null || isNum(v.imagesPerSecond)) &&
    (v.error === undefined || isStr(v.error)) &&
    (v.timedOutMs === undefined || isNum(v.timedOutMs))
  );
}

function isSavedChoice(v: unknown): v is SavedChoice {
  return (
    isObj(v) &&
    isLiveBackend(v.backend) &&
    isStr(v.reason) &&
    (v.renderer === null || isStr(v.renderer)) &&
    isStr(v.userAgent) &&
    isStr(v.tfjsVersion) &&
    Array.isArray(v.speeds) &&
    v.speeds.every(isSpeed)
  );
}

function isPlannedRun(v: unknown): v is PlannedRun {
  return isObj(v) && isStr(v.variantId) && isStr(v.label) && isInt(v.seed) && isInt(v.steps) && isNum(v.stepCost) && isNum(v.evalCost);
}

// Runs and verdicts are checked with the recording's own schemas (experiments/recordings/index.ts).
const isRun = (v: unknown): v is RunSummary => runSchema.safeParse(v).success;
const isVerdict = (v: unknown): v is Verdict => verdictSchema.safeParse(v).success;

function isComparison(v: unknown): v is Comparison {
  return (
    isObj(v) &&
    (v.status === "reproduced" || v.status === "differs" || v.status === "provisional-agrees" || v.status === "provisional-differs") &&
    isStr(v.headline) &&
    typeof v.verdictMatches === "boolean" &&
    isStr(v.recordedWords) &&
    isStr(v.liveWords) &&
    Array.isArray(v.numbers) &&
    v.numbers.every((n) => isObj(n) && isStr(n.key) && isNum(n.recorded) && isNum(n.live) && isNum(n.tolerance) && typeof n.within === "boolean") &&
    Array.isArray(v.notCompared) &&
    Array.isArray(v.scope) &&
    v.scope.every(isStr) &&
    Array.isArray(v.explanations) &&
    v.explanations.every(isStr)
  );
}

const SETUP_STAGES: readonly SetupStage[] = ["loading-data", "detecting", "measuring"];

/** The event, or null when `data` is not a well-formed worker event. */
export function parseWorkerEvent(data: unknown): WorkerEvent | null {
  if (!isObj(data) || !isStr(data.type)) return null;
  const d = data;
  switch (d.type) {
    case "setup":
      return SETUP_STAGES.includes(d.stage as SetupStage) && isStr(d.detail) ? (d as WorkerEvent) : null;
    case "backend":
      return isLiveBackend(d.backend) &&
        isStr(d.reason) &&
        (d.renderer === null || isStr(d.renderer)) &&
        Array.isArray(d.speeds) &&
        d.speeds.every(isSpeed) &&
        typeof d.reused === "boolean" &&
        (d.save === null || isSavedChoice(d.save))
        ? (d as WorkerEvent)
        : null;
    case "probe-budget":
      return isLiveBackend(d.backend) &&
        isNum(d.budgetMs) &&
        isStr(d.why) &&
        Array.isArray(d.speeds) &&
        d.speeds.every(isSpeed) &&
        (d.renderer === null || isStr(d.renderer)) &&
        isStr(d.tfjsVersion)
        ? (d as WorkerEvent)
        : null;
    case "plan":
      return Array.isArray(d.runs) && d.runs.length > 0 && d.runs.every(isPlannedRun) && isNum(d.t) ? (d as WorkerEvent) : null;
    case "run-start":
      return isInt(d.runIndex) && isNum(d.t) ? (d as WorkerEvent) : null;
    case "step":
      return isInt(d.runIndex) && isInt(d.step) && isInt(d.totalSteps) && isNum(d.loss) && isNum(d.t) ? (d as WorkerEvent) : null;
    case "run-done":
      return isInt(d.runIndex) && isRun(d.run) && isNum(d.t) ? (d as WorkerEvent) : null;
    case "done":
      return Array.isArray(d.runs) &&
        d.runs.every(isRun) &&
        isVerdict(d.verdict) &&
        (d.comparison === null || isComparison(d.comparison)) &&
        isNum(d.wallMs) &&
        isInt(d.tensorsLeft) &&
        isStr(d.tfjsVersion) &&
        isNum(d.t)
        ? (d as WorkerEvent)
        : null;
    case "cancelled":
      return isInt(d.tensorsLeft) ? (d as WorkerEvent) : null;
    case "error":
      return isStr(d.stage) && isStr(d.message) ? (d as WorkerEvent) : null;
    default:
      return null;
  }
}

/** The request, or null when malformed (the recording itself is checked with parseRecording by the worker). */
export function parseWorkerRequest(data: unknown): WorkerRequest | null {
  if (!isObj(data)) return null;
  if (data.type === "cancel") return { type: "cancel" };
  if (data.type !== "start") return null;
  if (!isStr(data.experimentId) || (data.mode !== "quick" && data.mode !== "full") || !isStr(data.origin) || !(data.recording === null || isObj(data.recording))) return null;
  if (data.custom !== undefined && data.custom !== null && !(isObj(data.custom) && isInt(data.custom.version) && isObj(data.custom.design))) return null;
  if (data.saved !== null && !isSavedChoice(data.saved)) return null;
  if (typeof data.savedJustNow !== "boolean") return null;
  return data as unknown as StartRequest;
}

export { isSavedChoice };
