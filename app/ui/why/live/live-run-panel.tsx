"use client";
// "Run it yourself" (an API fact: "See our learner do it"): trains the card's runs in the learner's browser
// (in a Web Worker, see live.worker.ts), shows progress and the loss live over the recording's curve, and
// ends with the verdict from the live runs and a comparison with the recording.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { TOLERANCE_RULE, verdictWord, type Comparison } from "@/experiments/live/compare.ts";
import type { ModeSummary } from "@/experiments/live/modes.ts";
import type { LiveMode } from "@/experiments/live/plan.ts";
import type { CustomRun } from "@/experiments/live/protocol.ts";
import { estimate, formatEta } from "@/experiments/live/progress.ts";
import type { Recording } from "@/experiments/recordings/index.ts";
import type { RunSummary, Verdict } from "@/experiments/registry/types.ts";
import { checkRow } from "@/lib/why/checks.ts";
import { curveSteps } from "@/lib/why/curves.ts";
import { duration, fmt, int, pct } from "@/lib/why/format.ts";
import { OutcomeBadge } from "../outcome-badge.tsx";
import { useNearScreen } from "../deferred.tsx";
import { loadWhyPart } from "../why-data.ts";
import type { RecordingHead } from "./recording-head.ts";
import { LossChart, type ChartSeries } from "./loss-chart.tsx";
import { ContributeRun } from "./contribute.tsx";
import { useLiveRun, useTicker, type LiveState } from "./use-live-run.ts";

/** Phones (coarse pointer or a narrow screen) default to quick mode. */
const PHONE_QUERY = "(pointer: coarse), (max-width: 640px)";

function modeDescription(s: ModeSummary | undefined, recording: RecordingHead): string {
  if (!s) return "";
  const runs = `${s.runs} run${s.runs === 1 ? "" : "s"}`;
  const est = `about ${duration(s.estimatedSeconds * 1000)} on a 2-core laptop (wasm)`;
  if (s.mode === "quick") {
    const subset = s.trainSubset ? `, ${int(s.trainSubset)} training images` : "";
    return `${runs}: ${s.seeds} seed, at most ${s.maxSteps} steps each${subset} · ${est} · provisional verdict`;
  }
  const where = recording.browser ? `in ${recording.browser}` : "in Node";
  return `${runs}: ${s.seeds} seed${s.seeds === 1 ? "" : "s"}, as recorded · ${est} (the recording took ${duration(recording.wallMs)} ${where})`;
}

function phaseText(state: LiveState): string {
  const p = state.progress;
  if (!p) return state.setupDetail ?? "Starting…";
  const webgl = state.backend?.backend === "webgl";
  switch (p.phase) {
    case "starting":
    case "warming-up":
      if (webgl) return p.runIndex <= 0 ? "Compiling GPU shaders… (WebGL's first step takes a few seconds)" : "Compiling GPU shaders for this model…";
      return "Building the model…";
    case "training":
      return "Training";
    case "measuring":
      return "Measuring the trained model (validation loss, accuracy and the rule's measurements)…";
    case "finished":
      return "Finished";
  }
}

function recordedSeries(recording: Recording, variantId: string, seed: number): ChartSeries | null {
  const runs = recording.runs.filter((r) => r.variantId === variantId);
  const run = runs.find((r) => r.seed === seed) ?? runs[0];
  if (!run) return null;
  const xs = curveSteps(run.trainLossCurve.length, run.steps);
  return { points: run.trainLossCurve.map((v, i): [number, number] => [xs[i]!, v]), label: `recording (Node, wasm, seed ${run.seed}, ${run.steps} steps)` };
}

export function ProgressView({ state, recording, now }: { state: LiveState; recording: Recording | null; now: number }) {
  const p = state.progress;
  const workerNow = state.clock ? state.clock.t + (now - state.clock.at) : 0;
  const est = p ? estimate(p, workerNow) : null;
  const percent = est ? Math.round(est.fraction * 100) : 0;
  const runIndex = p ? Math.max(0, Math.min(p.runIndex, p.plan.length - 1)) : 0;
  const run = p?.plan[runIndex];
  const stepsDone = p?.stepsDone[runIndex] ?? 0;
  const running = state.status === "running" || state.status === "cancelling";
  const eta = state.status === "done" ? "done" : p && p.phase !== "starting" && est ? formatEta(est.etaMs) : "";
  return (
    <div className="live-progress">
      <p className="live-phase" data-testid="live-phase" aria-live="polite">
        {state.status === "cancelling" ? "Cancelling…" : phaseText(state)}
      </p>
      <div
        className={`live-bar${p ? "" : " live-bar-indeterminate"}`}
        role="progressbar"
        aria-label="Live run progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={p ? percent : undefined}
        aria-valuetext={p ? `${percent} %, ${eta}` : "preparing"}
        data-testid="live-progress"
      >
        <div className="live-bar-fill" style={{ width: p ? `${percent}%` : undefined }} />
      </div>
      {p && run && (
        <p className="live-status small" data-testid="live-run-status">
          <span data-testid="live-run-index">
            Run {runIndex + 1} of {p.plan.length}
          </span>
          : {run.label}, seed {run.seed} · step {stepsDone} of {run.steps}
          {running && eta ? ` · ${eta}` : ""}
        </p>
      )}
      {p && run && (
        <LossChart
          title={`Training loss: ${run.label}, seed ${run.seed}`}
          totalSteps={run.steps}
          live={{ points: (state.losses[runIndex] ?? []).map((v, i): [number, number] => [i, v]), label: `your run (${state.backend?.backend ?? "…"}, ${state.mode} mode)` }}
          recorded={recording ? recordedSeries(recording, run.variantId, run.seed) : null}
        />
      )}
      {p && state.mode === "quick" && (
        <p className="small muted">
          Quick mode lays the learning-rate schedule out over its shorter run, so its curve is not expected to follow the recording’s step for step.
        </p>
      )}
    </div>
  );
}

export function VerdictView({ verdict, provisional }: { verdict: Verdict; provisional: boolean }) {
  return (
    <div className={`live-verdict live-verdict-${verdict.verdict}`} data-testid="live-verdict" data-verdict={verdict.verdict} data-mirror={verdict.mirror}>
      <p className="live-verdict-head">
        {verdict.mirror ? "Your run: " : "Your run’s verdict: "}
        <strong>{verdictWord(verdict)}</strong>
        {provisional && <span className="live-tag"> provisional (quick mode)</span>}
      </p>
      <p>{verdict.summary}</p>
      {verdict.checks.length > 0 && (
        <ul className="live-checks small">
          {verdict.checks.map(checkRow).map((c) => (
            <li key={c.description}>
              <OutcomeBadge outcome={c.outcome} label={c.outcomeLabel} judged={c.judged} /> {c.description}: {c.value}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ComparisonView({ c }: { c: Comparison }) {
  return (
    <div className={`live-comparison live-comparison-${c.status}`} data-testid="live-comparison" data-status={c.status}>
      <p className="live-verdict-head">
        <strong>{c.headline}</strong>
      </p>
      <p className="small">
        Recorded: {c.recordedWords}; yours: {c.liveWords}. Rule for “reproduced”: {TOLERANCE_RULE}.
      </p>
      {c.scope.map((s) => (
        <p key={s} className="small">
          {s}
        </p>
      ))}
      {c.numbers.length > 0 && (
        <table className="live-table small">
          <caption className="visually-hidden">Numbers compared with the recording</caption>
          <thead>
            <tr>
              <th scope="col">number</th>
              <th scope="col">recorded</th>
              <th scope="col">tolerance</th>
              <th scope="col">yours</th>
              <th scope="col">within</th>
            </tr>
          </thead>
          <tbody>
            {c.numbers.map((n) => (
              <tr key={n.key}>
                <th scope="row">
                  <code>{n.key}</code>
                </th>
                <td>{fmt(n.recorded, 4)}</td>
                <td>
                  ± {fmt(n.tolerance, 2)}
                  {n.seedSd !== null ? ` (seed sd ${fmt(n.seedSd, 2)})` : ""}
                </td>
                <td>{fmt(n.live, 4)}</td>
                <td>{n.within ? "yes" : "no"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {c.curves && (
        <p className="small">
          Loss curves ({c.curves.runsCompared} run{c.curves.runsCompared === 1 ? "" : "s"} with the same variant, seed and steps):{" "}
          {c.curves.maxAbsDiff === 0 ? "identical to the recording." : `differ from the recording by up to ${fmt(c.curves.maxAbsDiff)}.`}
        </p>
      )}
      {c.explanations.length > 0 && (
        <>
          <p className="small">Why a live run can differ:</p>
          <ul className="small">
            {c.explanations.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </>
      )}
      {c.notCompared.length > 0 && (
        <details className="small">
          <summary>Not compared ({c.notCompared.length})</summary>
          <ul>
            {c.notCompared.map((n) => (
              <li key={n.key}>
                <code>{n.key}</code>: {n.why}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

export function RunsTable({ runs, labels }: { runs: RunSummary[]; labels: Map<string, string> }) {
  if (runs.length === 0) return null;
  return (
    <table className="live-table small" data-testid="live-runs">
      <caption>Your runs</caption>
      <thead>
        <tr>
          <th scope="col">variant</th>
          <th scope="col">seed</th>
          <th scope="col">steps</th>
          <th scope="col">valid accuracy</th>
          <th scope="col">valid loss</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={`${r.variantId}-${r.seed}`}>
            <th scope="row">{labels.get(r.variantId) ?? r.variantId}</th>
            <td>{r.seed}</td>
            <td>{r.steps}</td>
            <td>{pct(r.final.validAcc, 1)}</td>
            <td>{fmt(r.final.validLoss)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * `head`: what the panel shows before a run; the whole recording (the live run compares with its runs)
 * is loaded from `src` (the why view's data route) when the panel comes near the screen, or at Start.
 * `modes`: what quick and full mode amount to (experiments/live/modes.ts), computed by the server page, so that the
 * experiment registry is not part of the page's JavaScript at all.
 */
export function LiveRunPanel({ head, src, custom, cardId, modes }: { head: RecordingHead; src: string; custom?: CustomRun | null; cardId?: string; modes: Record<LiveMode, ModeSummary> | null }) {
  const [recording, setRecording] = useState<Recording | null>(null);
  const source = useMemo(() => ({ id: head.id, recording, custom }), [head.id, recording, custom]);
  const { state, start, cancel } = useLiveRun(source);
  const [mode, setMode] = useState<LiveMode>("full");
  const headingId = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const running = state.status === "running" || state.status === "cancelling";

  const load = useCallback(
    () =>
      loadWhyPart(src, "recording").then((d) => {
        setRecording(d.recording);
        return d.recording;
      }),
    [src],
  );
  // Fetched ahead when the panel comes near (a failure is only retried at Start, and reported there).
  useNearScreen(sectionRef, useCallback(() => void load().catch(() => {}), [load]));
  const onStart = () => (recording ? start(mode) : start(mode, load()));

  // Hydrated: before this the mode radios and Start do nothing (tests wait on data-ready).
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (window.matchMedia(PHONE_QUERY).matches) setMode("quick");
    setReady(true);
  }, []);
  const now = useTicker(running);

  const labels = new Map(state.progress?.plan.map((r) => [r.variantId, r.label]) ?? []);
  // An API fact is confirmed in the source; the live run only shows our learner doing it (no "experiment").
  const apiFact = head.kind === "api-fact";
  return (
    <section ref={sectionRef} className="live-run panel" data-testid="live-run" data-experiment={head.id} data-state={state.status} data-ready={ready ? "" : undefined} aria-labelledby={headingId}>
      <h2 id={headingId}>{apiFact ? "See our learner do it" : "Run it yourself"}</h2>
      <p className="muted">
        {apiFact
          ? "Run our learner here, in your browser, on the same 10,000 MNIST digits, and see whether it behaves as the fastai source says."
          : "Train the same models here, in your browser, on the same 10,000 MNIST digits, and see whether you get the recorded verdict."}{" "}
        Nothing is sent anywhere; the page stays usable while it runs.
      </p>

      {!running && (
        <fieldset className="live-modes">
          <legend>How much to run</legend>
          {(["quick", "full"] as const).map((m) => (
            <label key={m} className="live-mode">
              <input type="radio" name={`${headingId}-mode`} value={m} checked={mode === m} onChange={() => setMode(m)} />
              <span>
                <strong>{m === "quick" ? "Quick" : "Full"}</strong>
                <span className="small muted"> {modeDescription(modes?.[m], head)}</span>
              </span>
            </label>
          ))}
          <p className="small muted live-modes-note">
            Times are for the training itself. The first run in a browser without a GPU also spends up to ~20 s measuring which backend trains fastest;
            later runs reuse that choice.
          </p>
          <button type="button" className="button" onClick={onStart} data-testid="live-start">
            {state.status === "done" || state.status === "error" ? "Run again" : mode === "quick" ? "Start quick run" : "Start full run"}
          </button>
        </fieldset>
      )}

      {state.notice && state.status === "idle" && (
        <p className="live-notice small" role="status" data-testid="live-notice">
          {state.notice}
        </p>
      )}

      {state.status === "error" && (
        <div className="live-error" role="alert" data-testid="live-error">
          <p>
            <strong>The live run stopped.</strong> {state.error}
          </p>
          <p className="small">The recorded results above are unaffected. You can try again.</p>
        </div>
      )}

      {state.backend && (running || state.status === "done") && (
        <p className="live-backend small" data-testid="live-backend" data-backend={state.backend.backend}>
          Backend: <strong>{state.backend.backend}</strong> — <span data-testid="live-backend-reason">{state.backend.reason}</span>
          {state.backend.reused ? " (measured on an earlier run in this browser)" : ""}
        </p>
      )}

      {(running || state.status === "done") && <ProgressView state={state} recording={recording} now={now} />}

      {running && (
        <button type="button" className="button button-secondary" onClick={cancel} disabled={state.status === "cancelling"} data-testid="live-cancel">
          Cancel
        </button>
      )}

      {state.status === "done" && state.result && (
        <div className="live-result" data-testid="live-result">
          <VerdictView verdict={state.result.verdict} provisional={state.mode === "quick"} />
          {state.result.comparison && <ComparisonView c={state.result.comparison} />}
          {cardId && !apiFact && <ContributeRun state={state} cardId={cardId} experimentId={head.id} version={head.version} />}
          <p className="small muted" data-testid="live-footer">
            {state.mode === "quick" ? "Quick" : "Full"} run on {state.backend?.backend ?? "?"} in {duration(state.result.wallMs)} (training and
            measurements), tfjs {state.result.tfjsVersion}; {state.result.tensorsLeft} tensors left after cleanup.
          </p>
        </div>
      )}

      {(running || state.status === "done") && <RunsTable runs={state.runs} labels={labels} />}
    </section>
  );
}
