"use client";
// "Contribute this run": after a live run, a learner may send it (opt-in, one click) as a replication.
// The server checks it against the frozen definition and computes its verdict itself; the tally below
// the panel then counts it.
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { LiveState } from "./use-live-run.ts";

type Sent = { status: "idle" } | { status: "sending" } | { status: "done"; agrees: boolean } | { status: "error"; message: string };

export function ContributeRun({ state, cardId, experimentId, version }: { state: LiveState; cardId: string; experimentId: string; version: number }) {
  const router = useRouter();
  const [sent, setSent] = useState<Sent>({ status: "idle" });
  if (state.status !== "done" || !state.result || !state.backend) return null;
  const { result, backend } = state;

  async function contribute() {
    setSent({ status: "sending" });
    const body = {
      cardId, experimentId, version, mode: state.mode, verdict: result.verdict.verdict,
      // What the server checks and judges; per-layer series stay on the device.
      runs: state.runs.map((r) => ({ variantId: r.variantId, seed: r.seed, steps: r.steps, final: r.final, trainLossCurve: r.trainLossCurve, metrics: r.metrics, majorityShare: r.majorityShare, collapsed: r.collapsed })),
      environment: { backend: backend.backend, tfjsVersion: result.tfjsVersion, userAgent: navigator.userAgent, wallMs: result.wallMs },
    };
    try {
      const res = await fetch("/api/replications", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const data = (await res.json().catch(() => ({}))) as { error?: string; agrees?: boolean };
      if (!res.ok) return setSent({ status: "error", message: data.error ?? `Refused (${res.status}).` });
      setSent({ status: "done", agrees: data.agrees === true });
      router.refresh();
    } catch {
      setSent({ status: "error", message: "Cannot reach Proofdeck. Check your connection and try again." });
    }
  }

  return (
    <div className="live-contribute" data-testid="contribute">
      {sent.status === "done" ? (
        <p role="status" data-testid="contribute-done">
          Thank you: your run is counted below as a replication ({sent.agrees ? "it reached the recorded verdict" : "it reached another verdict, shown as a disagreement"}).
        </p>
      ) : (
        <>
          <p className="small muted">
            Contribute this run as a replication? The server checks it and computes its verdict; the tally shows your backend, tfjs version and device
            class, never your name.
          </p>
          <button type="button" className="button button-secondary" onClick={contribute} disabled={sent.status === "sending"} data-testid="contribute-run">
            {sent.status === "sending" ? "Sending…" : "Contribute this run"}
          </button>
          {sent.status === "error" && (
            <p role="alert" className="form-error" data-testid="contribute-error">
              {sent.message}
            </p>
          )}
        </>
      )}
    </div>
  );
}
