"use client";
// Owns the live run's Web Worker: starts one per run, feeds its (validated) events into state,
// cancels, and always terminates it — after "done", "cancelled", an error, or when the panel unmounts.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { choiceAfterTimeout, type BackendSpeed, type LiveBackend, type SavedChoice } from "@/experiments/live/backend-choice.ts";
import type { Comparison } from "@/experiments/live/compare.ts";
import type { LiveMode } from "@/experiments/live/plan.ts";
import { initialProgress, onFinished, onRunDone, onRunStart, onStep, type ProgressState } from "@/experiments/live/progress.ts";
import type { CustomRun, StartRequest, WorkerEvent } from "@/experiments/live/protocol.ts";
import type { RunSummary, Verdict } from "@/experiments/registry/types.ts";
import type { Recording } from "@/experiments/recordings/index.ts";

export type LiveStatus = "idle" | "running" | "cancelling" | "done" | "error";

export interface LiveState {
  status: LiveStatus;
  mode: LiveMode;
  setupDetail: string | null;
  backend: { backend: LiveBackend; reason: string; reused: boolean; speeds: BackendSpeed[] } | null;
  progress: ProgressState | null;
  /** Training loss per step, per run index. */
  losses: number[][];
  runs: RunSummary[];
  result: { verdict: Verdict; comparison: Comparison | null; wallMs: number; tensorsLeft: number; tfjsVersion: string } | null;
  error: string | null;
  /** Shown after a cancel, until the next run. */
  notice: string | null;
  /** Worker clock of the latest event and the page clock when it arrived (for the ETA countdown). */
  clock: { t: number; at: number } | null;
}

export const IDLE: LiveState = {
  status: "idle",
  mode: "quick",
  setupDetail: null,
  backend: null,
  progress: null,
  losses: [],
  runs: [],
  result: null,
  error: null,
  notice: null,
  clock: null,
};

export type LiveAction =
  | { type: "start"; mode: LiveMode }
  | { type: "event"; event: WorkerEvent; at: number }
  | { type: "cancel-requested" }
  | { type: "cancelled"; notice: string }
  | { type: "failed"; message: string };

/** The panel's state machine (pure): idle → running → (cancelling →) idle | done | error. */
export function reduce(s: LiveState, a: LiveAction): LiveState {
  switch (a.type) {
    case "start":
      return { ...IDLE, status: "running", mode: a.mode, setupDetail: "Starting…" };
    case "cancel-requested":
      return s.status === "running" ? { ...s, status: "cancelling" } : s;
    case "cancelled":
      return { ...IDLE, mode: s.mode, notice: a.notice };
    case "failed":
      return { ...s, status: "error", error: a.message };
    case "event":
      return reduceEvent(s, a.event, a.at);
  }
}

function reduceEvent(s: LiveState, e: WorkerEvent, at: number): LiveState {
  if (s.status !== "running" && s.status !== "cancelling") return s;
  const clock = "t" in e ? { t: e.t, at } : s.clock;
  switch (e.type) {
    case "setup":
      return { ...s, setupDetail: e.detail };
    case "backend":
      return { ...s, backend: { backend: e.backend, reason: e.reason, reused: e.reused, speeds: e.speeds } };
    case "plan":
      return { ...s, setupDetail: null, progress: initialProgress(e.runs), losses: e.runs.map(() => []), clock };
    case "run-start":
      return s.progress ? { ...s, progress: onRunStart(s.progress, e.runIndex, e.t), clock } : s;
    case "step": {
      if (!s.progress) return s;
      const losses = s.losses.map((l, i) => (i === e.runIndex ? [...l, e.loss] : l));
      return { ...s, progress: onStep(s.progress, e.runIndex, e.step, e.totalSteps, e.t), losses, clock };
    }
    case "run-done":
      return s.progress ? { ...s, progress: onRunDone(s.progress, e.runIndex, e.t), runs: [...s.runs, e.run], clock } : s;
    case "done":
      return {
        ...s,
        status: "done",
        progress: s.progress ? onFinished(s.progress, e.t) : s.progress,
        runs: e.runs,
        result: { verdict: e.verdict, comparison: e.comparison, wallMs: e.wallMs, tensorsLeft: e.tensorsLeft, tfjsVersion: e.tfjsVersion },
        clock,
      };
    case "probe-budget":
    case "cancelled":
    case "error":
      return s; // handled by the hook (they start or end workers)
  }
}

type Protocol = typeof import("@/experiments/live/protocol.ts");
let protocolModule: Promise<Protocol> | null = null;

/** The worker protocol's checks (they bring zod): loaded when a run starts, not with the page. */
function loadProtocol(): Promise<Protocol> {
  protocolModule ??= import("@/experiments/live/protocol.ts").catch((e: unknown) => {
    protocolModule = null; // the next start tries again
    throw e;
  });
  return protocolModule;
}

const SAVED_KEY = "proofdeck.live-backend.v1";

function loadSaved(protocol: Protocol): SavedChoice | null {
  try {
    const raw = window.localStorage.getItem(SAVED_KEY);
    const v: unknown = raw ? JSON.parse(raw) : null;
    return protocol.isSavedChoice(v) ? v : null;
  } catch {
    return null;
  }
}

function storeSaved(v: SavedChoice): void {
  try {
    window.localStorage.setItem(SAVED_KEY, JSON.stringify(v));
  } catch {
    // Private mode or full storage: the next run measures again.
  }
}

/** How long a cancelled worker may take to stop on its own before it is terminated. */
const CANCEL_GRACE_MS = 3000;

/** What to run: a registry experiment with its recording, or an author's experiment (with its recording once it has one). */
export interface LiveSource {
  id: string;
  recording: Recording | null;
  custom?: CustomRun | null;
}

export function useLiveRun(source: LiveSource) {
  const [state, dispatch] = useReducer(reduce, IDLE);
  const workerRef = useRef<Worker | null>(null);
  const cancelTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const probeTimerRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Which start is current (a recording that arrives after a cancel starts nothing), and the recording it brought.
  const startCount = useRef(0);
  const loaded = useRef<Recording | null>(null);

  const stopWorker = useCallback(() => {
    if (cancelTimer.current) clearTimeout(cancelTimer.current);
    cancelTimer.current = null;
    if (probeTimerRef.current) clearTimeout(probeTimerRef.current);
    probeTimerRef.current = null;
    workerRef.current?.terminate();
    workerRef.current = null;
  }, []);

  useEffect(() => stopWorker, [stopWorker]);

  const probeTimer = probeTimerRef;
  const clearProbeTimer = () => {
    if (probeTimer.current) clearTimeout(probeTimer.current);
    probeTimer.current = null;
  };

  const spawn = useCallback(
    (protocol: Protocol, mode: LiveMode, saved: SavedChoice | null, savedJustNow: boolean) => {
      let worker: Worker;
      try {
        worker = new Worker(new URL("./live.worker.ts", import.meta.url), { type: "module", name: "proofdeck-live-run" });
      } catch (e) {
        dispatch({ type: "failed", message: `This browser could not start a background worker (${(e as Error).message}).` });
        return;
      }
      workerRef.current = worker;
      worker.onmessage = (ev: MessageEvent<unknown>) => {
        if (workerRef.current !== worker) return; // a stale worker's last words
        const event = protocol.parseWorkerEvent(ev.data);
        if (!event) {
          clearProbeTimer();
          stopWorker();
          dispatch({ type: "failed", message: "The live run's worker sent a malformed message; the run was stopped." });
          return;
        }
        switch (event.type) {
          case "probe-budget":
            // A WebGL probe compiling shaders in software can block the worker for tens of seconds:
            // past the budget, stop it and start over with the probes that finished.
            clearProbeTimer();
            probeTimer.current = setTimeout(() => {
              if (workerRef.current !== worker) return;
              const device = { renderer: event.renderer, userAgent: navigator.userAgent, tfjsVersion: event.tfjsVersion };
              const choice = choiceAfterTimeout(event.why, event.speeds, event.backend, event.budgetMs, device);
              stopWorker();
              if (!choice) {
                dispatch({ type: "failed", message: "No backend could train a model in this browser." });
                return;
              }
              storeSaved(choice);
              dispatch({ type: "event", event: { type: "setup", stage: "measuring", detail: `Stopped the ${event.backend} probe after ${event.budgetMs / 1000} s; starting with ${choice.backend}…` }, at: performance.now() });
              spawn(protocol, mode, choice, true);
            }, event.budgetMs);
            return;
          case "backend":
            clearProbeTimer();
            if (event.save) storeSaved(event.save);
            break;
          case "cancelled":
            stopWorker();
            dispatch({ type: "cancelled", notice: "Run cancelled; everything it used was freed." });
            return;
          case "error":
            stopWorker();
            dispatch({ type: "failed", message: event.message });
            return;
        }
        dispatch({ type: "event", event, at: performance.now() });
        if (event.type === "done") stopWorker();
      };
      worker.onerror = (ev: ErrorEvent) => {
        if (workerRef.current !== worker) return;
        ev.preventDefault();
        stopWorker();
        dispatch({ type: "failed", message: `The live run's worker stopped unexpectedly${ev.message ? `: ${ev.message}` : " (it could not be loaded)"}.` });
      };
      worker.onmessageerror = () => {
        if (workerRef.current !== worker) return;
        stopWorker();
        dispatch({ type: "failed", message: "A message from the live run's worker could not be read; the run was stopped." });
      };
      const request: StartRequest = {
        type: "start", experimentId: source.id, mode, origin: window.location.origin, recording: loaded.current ?? source.recording, custom: source.custom ?? null, saved, savedJustNow,
      };
      worker.postMessage(request);
    },
    [source, stopWorker],
  );

  /**
   * Starts a run (the panel shows it running at once). `recording`: the recording still on its way (the
   * why view loads it on demand). The worker starts when it and the protocol's code have arrived; the run
   * fails with a clear message if either cannot.
   */
  const start = useCallback(
    (mode: LiveMode, recording?: Promise<Recording>) => {
      stopWorker();
      const run = ++startCount.current;
      dispatch({ type: "start", mode });
      const offline = (what: string) => () => {
        throw new Error(`${what} could not be loaded (are you offline?). Try again when you are back online.`);
      };
      Promise.all([
        loadProtocol().catch(offline("The live run's code")),
        recording?.catch(offline("The recording the run is compared with")),
      ]).then(
        ([protocol, r]) => {
          if (startCount.current !== run) return; // cancelled, or started again, meanwhile
          if (r) loaded.current = r;
          spawn(protocol, mode, loadSaved(protocol), false);
        },
        (e: Error) => {
          if (startCount.current === run) dispatch({ type: "failed", message: e.message });
        },
      );
    },
    [spawn, stopWorker],
  );

  const cancel = useCallback(() => {
    const worker = workerRef.current;
    if (!worker) {
      // Still waiting for the recording or the protocol's code: nothing runs yet.
      startCount.current++;
      dispatch({ type: "cancelled", notice: "Run cancelled." });
      return;
    }
    dispatch({ type: "cancel-requested" });
    worker.postMessage({ type: "cancel" });
    // A long synchronous step (e.g. WebGL compiling shaders) cannot see the abort: stop it anyway.
    cancelTimer.current = setTimeout(() => {
      if (workerRef.current !== worker) return;
      stopWorker();
      dispatch({ type: "cancelled", notice: "Run cancelled (the worker was stopped)." });
    }, CANCEL_GRACE_MS);
  }, [stopWorker]);

  return { state, start, cancel };
}

/** The page clock, ticking once a second while `running`: the ETA counts down between steps (a step can take seconds on a slow backend). */
export function useTicker(running: boolean): number {
  const [now, setNow] = useState(0);
  useEffect(() => {
    if (!running) return;
    setNow(performance.now());
    const id = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(id);
  }, [running]);
  return now;
}
