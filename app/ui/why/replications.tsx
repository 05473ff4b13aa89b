// Learners' replications of this experiment, tallied against the recording (experiments/live/tally.ts):
// runs by mode, backend, tfjs version and device, how many reached the recorded verdict, the spread of
// the key numbers, and every disagreement. Hidden runs are counted, not silently dropped.
import type { ReplicationRow, Tally } from "@/experiments/live/tally.ts";
import type { Recording } from "@/experiments/recordings/index.ts";
import { VERDICT_LABEL } from "@/experiments/registry/vocabulary.ts";
import { fmt, utcDateTime } from "@/lib/why/format.ts";
import { HideReplication } from "./hide-replication.tsx";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const counts = (cs: Tally["byBackend"]) => cs.map((c) => `${c.label}: ${c.runs} (${c.agree} agree)`).join(" · ");

export function Replications({ tally, rows, recording, moderator }: { tally: Tally; rows: ReplicationRow[]; recording: Recording; moderator: boolean }) {
  const recorded = VERDICT_LABEL[recording.verdict.verdict];
  return (
    <section aria-labelledby="replications-title" className="why-section" data-testid="replications">
      <h2 id="replications-title">Replications by learners</h2>
      {tally.runs === 0 ? (
        <p className="muted" data-testid="replications-none">
          No learner has contributed a run of version {recording.version} yet{tally.hidden ? ` (${plural(tally.hidden, "run")} hidden by the author)` : ""}. Run it yourself above and
          contribute yours.
        </p>
      ) : (
        <>
          <p data-testid="replications-summary">
            {plural(tally.runs, "run")} contributed for version {recording.version}: {tally.full.agree} of {plural(tally.full.runs, "full run")} reached the recorded verdict
            ({recorded}); {tally.quick.agree} of {plural(tally.quick.runs, "quick run")} (provisional: one seed, fewer steps) did.
            {tally.hidden ? ` ${plural(tally.hidden, "run")} hidden by the author ${tally.hidden === 1 ? "is" : "are"} left out.` : ""}
          </p>
          <ul className="small">
            <li>Backends: {counts(tally.byBackend)}</li>
            <li>Versions: {counts(tally.byTfjs)}</li>
            <li>Devices: {counts(tally.byDevice)}</li>
          </ul>
          {tally.numbers.length > 0 && (
            <div className="table-wrap">
              <table data-testid="replication-numbers">
                <caption>Key numbers of full runs against the recording</caption>
                <thead>
                  <tr>
                    <th scope="col">Number</th>
                    <th scope="col">Recorded</th>
                    <th scope="col">Runs</th>
                    <th scope="col">Lowest</th>
                    <th scope="col">Median</th>
                    <th scope="col">Highest</th>
                  </tr>
                </thead>
                <tbody>
                  {tally.numbers.map((n) => (
                    <tr key={n.key}>
                      <th scope="row">{n.key}</th>
                      <td>{fmt(n.recorded, 4)}</td>
                      <td>{n.n}</td>
                      <td>{fmt(n.min, 4)}</td>
                      <td>{fmt(n.median, 4)}</td>
                      <td>{fmt(n.max, 4)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {tally.disagreements.length > 0 && (
            <>
              <h3>Runs that reached another verdict</h3>
              <ul data-testid="replication-disagreements">
                {tally.disagreements.slice(0, 20).map((r) => (
                  <li key={r.id}>
                    {utcDateTime(r.createdAt.toISOString())}: {VERDICT_LABEL[r.verdict]} ({r.mode} run, {r.backend}, {r.browser}, a {r.deviceClass})
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {moderator && rows.length > 0 && (
        <details className="small" data-testid="replication-moderation">
          <summary>Moderate runs (you are this experiment&apos;s author)</summary>
          <ul>
            {rows.slice(0, 100).map((r) => (
              <li key={r.id}>
                {utcDateTime(r.createdAt.toISOString())}: {VERDICT_LABEL[r.verdict]}, {r.mode}, {r.backend}, {r.browser}
                {r.hidden ? " (hidden)" : ""} <HideReplication id={r.id} hidden={r.hidden} />
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
