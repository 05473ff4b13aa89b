// Each check of a verdict: its role, outcome in words, estimate with its 95 % interval and picture, how the
// interval was computed, and the margin it was judged against. Observations say they were not judged.
import type { CheckRow } from "@/lib/why/checks.ts";
import { IntervalPicture } from "./interval-picture.tsx";
import { OutcomeBadge } from "./outcome-badge.tsx";

export function ChecksTable({ rows, caption, testId = "checks-table" }: { rows: CheckRow[]; caption: string; testId?: string }) {
  if (rows.length === 0) return <p className="muted">No checks were recorded.</p>;
  return (
    <div className="why-table-wrap">
      <table className="why-table why-checks-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Outcome</th>
            <th scope="col">Estimate and 95 % interval</th>
            <th scope="col">Method</th>
            <th scope="col">Judged against</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.description} className={r.judged ? undefined : "why-check-observation"} data-role={r.role} data-outcome={r.judged ? r.outcome : "observation"}>
              <th scope="row">
                {r.description}
                <span className="why-role">{r.roleLabel}</span>
                <span className="why-check-value">{r.value}</span>
              </th>
              <td data-label="Outcome">
                <OutcomeBadge outcome={r.outcome} label={r.outcomeLabel} judged={r.judged} />
              </td>
              <td data-label="Estimate" className="why-estimate">
                {r.estimate ? (
                  <>
                    <span data-testid="check-estimate">
                      {r.estimate.estimate} <span className="why-interval-text">{r.estimate.interval}</span>
                    </span>
                    <span className="why-unit" data-testid="check-unit">
                      {r.estimate.unit}
                    </span>
                    {r.estimate.picture && <IntervalPicture picture={r.estimate.picture} />}
                  </>
                ) : (
                  <span className="muted">{r.role === "fact" ? "exact (no interval needed)" : "no estimate"}</span>
                )}
              </td>
              <td data-label="Method">{r.estimate?.method ?? (r.role === "fact" ? "computed" : "—")}</td>
              <td data-label="Judged against">{r.judged ? (r.estimate?.test ?? (r.role === "fact" ? "holds exactly or not" : "—")) : "not judged"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
