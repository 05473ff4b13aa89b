// The dashboard's two tables, shared by the instructors' page and a learner's "what your instructors see".
import type { CardRow, LearnerRow } from "@/lib/classes/metrics.ts";
import { dayNumberToIsoDate } from "@/lib/srs/day.ts";

const pct = (r: number | null) => (r === null ? "—" : `${Math.round(r * 100)} %`);
const when = (day: number | null) => (day === null ? "never" : dayNumberToIsoDate(day));

export function LearnerTable({ rows, caption }: { rows: LearnerRow[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table data-testid="learner-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Learner</th>
            <th scope="col">Due</th>
            <th scope="col">Today</th>
            <th scope="col">This week</th>
            <th scope="col">Answers in range</th>
            <th scope="col">Retention</th>
            <th scope="col">Streak</th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.userId} data-learner={r.name}>
              <th scope="row">{r.name}</th>
              <td data-col="due">{r.due}</td>
              <td data-col="today">{r.reviewedToday}</td>
              <td data-col="week">{r.reviewedThisWeek}</td>
              <td data-col="answers">{r.answers}</td>
              <td data-col="retention">{pct(r.retention)}</td>
              <td data-col="streak">{r.streak === 1 ? "1 day" : `${r.streak} days`}</td>
              <td data-col="last-seen">{when(r.lastSeen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CardTable({ rows, caption, ariaLabel }: { rows: CardRow[]; caption: string; ariaLabel?: string }) {
  return (
    <div className="table-wrap">
      <table data-testid="card-table" aria-label={ariaLabel}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Card</th>
            <th scope="col">Answers</th>
            <th scope="col">Average grade</th>
            <th scope="col">Lapses</th>
            <th scope="col">Lapse rate</th>
            <th scope="col">Why opened</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.cardId} data-card={r.cardId}>
              <th scope="row">
                <span className="muted small">
                  {r.deckTitle} · {r.position}
                </span>{" "}
                {r.front}
              </th>
              <td data-col="answers">{r.answers}</td>
              <td data-col="average-grade">{r.averageGrade === null ? "—" : r.averageGrade.toFixed(2)}</td>
              <td data-col="lapses">{r.lapses}</td>
              <td data-col="lapse-rate">{pct(r.lapseRate)}</td>
              <td data-col="why-opens">{r.whyOpens}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
