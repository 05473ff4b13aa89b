// An author's experiment: the current version's frozen design and pre-registration, its recording (or
// the panel that records it), every earlier version, and the cards whose answers rest on it.
import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { whyRecording } from "@/lib/experiments/data.ts";
import { seedList, utcDateTime } from "@/lib/why/format.ts";
import { buildWhyView } from "@/lib/why/view.ts";
import { SCHEDULE_LABELS, VARIANT_IDS, seedsOf } from "@/experiments/custom/design.ts";
import { ruleText } from "@/experiments/custom/definition.ts";
import { modeSummaries } from "@/experiments/live/modes.ts";
import { VERDICT_LABEL } from "@/experiments/registry/vocabulary.ts";
import { Judgement, Verdict } from "@/app/ui/why/verdict.tsx";
import { History } from "@/app/ui/why/history.tsx";
import { RecordPanel } from "./record-panel.tsx";
import { experimentForPage } from "./load.ts";
import "../experiments.css";

export const metadata: Metadata = { title: "Experiment" };

type Props = { params: Promise<{ experimentId: string }> };

export default async function ExperimentPage({ params }: Props) {
  const { experimentId } = await params;
  const e = await experimentForPage(experimentId);
  const current = e.versions[e.versions.length - 1]!;
  const d = current.design;
  const why = whyRecording(e);
  const view = why ? buildWhyView(why.recording, { history: why.history, excerpts: [] }) : null;

  return (
    <div className="xp-page">
      <p className="breadcrumbs">
        <Link href="/experiments">My experiments</Link> /
      </p>
      <p className="eyebrow">Experiment · version {current.version}</p>
      <h1 className="xp-claim">{d.claim}</h1>

      <section className="why-section" aria-labelledby="prereg-title" data-testid="xp-preregistration">
        <h2 id="prereg-title">Pre-registered</h2>
        <p>
          Version {current.version} was frozen on {utcDateTime(current.frozenAt.toISOString())}, before any of its runs: sha256 <code className="xp-hash">{current.sha256}</code>.
        </p>
        <p>{ruleText(d)}</p>
        <div className="table-wrap">
          <table>
            <caption>Variants, trained on seeds {seedList(seedsOf(d))}</caption>
            <thead>
              <tr>
                <th scope="col">Variant</th>
                <th scope="col">Channels</th>
                <th scope="col">First kernel</th>
                <th scope="col">Batch norm</th>
                <th scope="col">Learning rate</th>
                <th scope="col">Schedule</th>
                <th scope="col">Batch</th>
                <th scope="col">Steps</th>
              </tr>
            </thead>
            <tbody>
              {d.variants.map((v, i) => (
                <tr key={i}>
                  <th scope="row">
                    {VARIANT_IDS[i]!.toUpperCase()}: {v.label}
                  </th>
                  <td>{v.channels.join("-")}</td>
                  <td>
                    {v.firstKernel}×{v.firstKernel}
                  </td>
                  <td>{v.batchNorm ? "yes" : "no"}</td>
                  <td>{v.lr}</td>
                  <td>{SCHEDULE_LABELS[v.schedule]}</td>
                  <td>{v.bs}</td>
                  <td>{v.steps}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          <Link href={`/experiments/${e.id}/revise`} className="button button-secondary button-small" data-testid="xp-revise">
            Make a new version
          </Link>
        </p>
      </section>

      {current.recording ? (
        <p className="xp-status" data-testid="xp-recorded">
          Version {current.version} was recorded {utcDateTime(current.recordedAt!.toISOString())} in {current.recording.provenance.browser} ({current.recording.provenance.deviceClass},{" "}
          {current.recording.provenance.backend}): <strong>{VERDICT_LABEL[current.recording.verdict.verdict]}</strong>.
        </p>
      ) : (
        <RecordPanel experimentId={e.id} version={current.version} sha256={current.sha256} design={d} modes={modeSummaries(e.id, { design: d, version: current.version })} />
      )}

      {view && (
        <>
          {why!.pending && (
            <p className="small muted" data-testid="xp-pending">
              Learners see version {view.preregistration?.version} until version {why!.pending.version} is recorded.
            </p>
          )}
          <Verdict view={view} />
          <Judgement view={view} />
          <History steps={view.history} />
        </>
      )}

      <section className="why-section" aria-labelledby="cards-title">
        <h2 id="cards-title">Cards it backs</h2>
        {e.cards.length === 0 ? (
          <p className="muted">No card yet. On a deck&apos;s edit page, choose this experiment as a note&apos;s evidence.</p>
        ) : (
          <ul data-testid="xp-cards">
            {e.cards.map((c) => (
              <li key={c.id}>
                <Link href={`/decks/${c.deckId}/cards/${c.id}/why`}>
                  {c.deckTitle}, card {c.position}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
