"use client";
// Records the current version of an author's experiment: trains every variant × seed of the frozen
// design in this browser (the same worker as "Run it yourself"), shows the verdict the runs give, and
// publishes them. The server checks the runs against the frozen design and computes the verdict
// itself; what it stores is what learners see.
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import type { CustomDesign } from "@/experiments/custom/design.ts";
import { duration } from "@/lib/why/format.ts";
import type { ModeSummary } from "@/experiments/live/modes.ts";
import type { LiveMode } from "@/experiments/live/plan.ts";
import { ProgressView, RunsTable, VerdictView } from "@/app/ui/why/live/live-run-panel.tsx";
import { useLiveRun, useTicker } from "@/app/ui/why/live/use-live-run.ts";
import { send } from "../../decks/[deckId]/edit/send.ts";

interface Props {
  experimentId: string;
  version: number;
  sha256: string;
  design: CustomDesign;
  /** What quick and full mode amount to, from the server page (experiments/live/modes.ts). */
  modes: Record<LiveMode, ModeSummary> | null;
}

export function RecordPanel({ experimentId, version, sha256, design, modes }: Props) {
  const router = useRouter();
  const custom = useMemo(() => ({ design, version }), [design, version]);
  const source = useMemo(() => ({ id: experimentId, recording: null, custom }), [experimentId, custom]);
  const { state, start, cancel } = useLiveRun(source);
  const [publishing, setPublishing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = state.status === "running" || state.status === "cancelling";

  const now = useTicker(running);

  async function publish() {
    if (!state.result || !state.backend) return;
    setPublishing(true);
    setError(null);
    const res = await send<{ verdict: string }>(`/api/experiments/${experimentId}/recording`, "POST", {
      version,
      sha256,
      verdict: state.result.verdict.verdict,
      runs: state.runs.map((r) => ({
        variantId: r.variantId, seed: r.seed, steps: r.steps, final: r.final, trainLossCurve: r.trainLossCurve, metrics: r.metrics, majorityShare: r.majorityShare, collapsed: r.collapsed,
      })),
      environment: { backend: state.backend.backend, tfjsVersion: state.result.tfjsVersion, userAgent: navigator.userAgent, wallMs: state.result.wallMs },
    });
    setPublishing(false);
    if (!res.ok) {
      setError(res.error);
      return;
    }
    router.refresh();
  }

  const labels = new Map(state.progress?.plan.map((r) => [r.variantId, r.label]) ?? []);
  const full = modes?.full;
  return (
    <section className="live-run panel" data-testid="record-panel" data-state={state.status} aria-labelledby="record-title">
      <h2 id="record-title">Record version {version}</h2>
      <p className="muted">
        Trains all {design.variants.length * design.seedCount} runs of the frozen design here, in your browser ({full ? `about ${duration(full.estimatedSeconds * 1000)} on a 2-core laptop without a GPU` : "…"}).
        Then publish them: the server checks they are this design&apos;s runs and computes the verdict itself. A version is recorded once.
      </p>
      {!running && state.status !== "done" && (
        <button type="button" className="button" onClick={() => start("full")} data-testid="record-start">
          {state.status === "error" ? "Try again" : "Start recording"}
        </button>
      )}
      {state.status === "error" && (
        <p className="live-error" role="alert" data-testid="record-run-error">
          {state.error}
        </p>
      )}
      {state.notice && state.status === "idle" && <p className="small">{state.notice}</p>}
      {state.backend && (running || state.status === "done") && (
        <p className="small" data-testid="record-backend">
          Backend: <strong>{state.backend.backend}</strong> — {state.backend.reason}
        </p>
      )}
      {(running || state.status === "done") && <ProgressView state={state} recording={null} now={now} />}
      {running && (
        <button type="button" className="button button-secondary" onClick={cancel} disabled={state.status === "cancelling"}>
          Cancel
        </button>
      )}
      {state.status === "done" && state.result && (
        <div className="live-result" data-testid="record-result">
          <VerdictView verdict={state.result.verdict} provisional={false} />
          <p className="small muted">
            {state.runs.length} runs on {state.backend?.backend} in {duration(state.result.wallMs)}, tfjs {state.result.tfjsVersion}.
          </p>
          {error && (
            <p role="alert" className="form-error" data-testid="record-error">
              {error}
            </p>
          )}
          <button type="button" className="button" onClick={publish} disabled={publishing} data-testid="record-publish">
            {publishing ? "Publishing…" : "Publish as the recording"}
          </button>
        </div>
      )}
      {(running || state.status === "done") && <RunsTable runs={state.runs} labels={labels} />}
    </section>
  );
}
