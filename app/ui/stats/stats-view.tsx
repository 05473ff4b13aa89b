// The statistics of one learner, for all their decks or one deck: key numbers, the calendar
// heatmap, the 30-day forecast, true retention by interval and answer times. Every chart is
// server-drawn SVG with its numbers in a table (screen readers, no JavaScript needed).
import type { Remaining } from "@/lib/reviews/data.ts";
import type { StatsView } from "@/lib/stats/data.ts";
import { duration, int, pct } from "@/lib/why/format.ts";
import { BarChart } from "./bar-chart.tsx";
import { Heatmap, HeatmapLegend } from "./heatmap.tsx";
import "./stats.css";

const days = (n: number) => (n === 1 ? "1 day" : `${int(n)} days`);

function monthly(stats: StatsView) {
  const months = new Map<string, { answers: number; days: number }>();
  for (const c of stats.heatmap.cells) {
    if (c.future) continue;
    const m = months.get(c.date.slice(0, 7)) ?? { answers: 0, days: 0 };
    m.answers += c.count;
    if (c.count > 0) m.days++;
    months.set(c.date.slice(0, 7), m);
  }
  return [...months.entries()].reverse();
}

/** `due`: what is left today, counted as the review pages count it (new cards included). */
export function StatsBody({ stats, due, idPrefix = "stats" }: { stats: StatsView; due: Remaining; idPrefix?: string }) {
  const { heatmap, streak, retention, answerTimes, forecast } = stats;
  const dueSoon = forecast.slice(0, 7).reduce((s, d) => s + d.due, 0);
  const id = (s: string) => `${idPrefix}-${s}`;
  return (
    <div className="stats">
      <ul className="stats-keys" aria-label="Key numbers">
        <li>
          Streak <strong data-testid="streak">{days(streak.current)}</strong>
          <span className="muted small">longest this year: {days(streak.longestInYear)}</span>
        </li>
        <li>
          Answers this year <strong>{int(heatmap.total)}</strong>
          <span className="muted small">on {days(heatmap.daysStudied)}</span>
        </li>
        <li>
          True retention <strong data-testid="retention-total">{pct(retention.total.rate)}</strong>
          <span className="muted small">of {int(retention.total.reviews)} reviews</span>
        </li>
        <li>
          Due today <strong data-testid="due-today">{int(due.total)}</strong>
          <span className="muted small">
            {int(due.new)} new, {int(due.review)} to review{due.repeat ? `, ${int(due.repeat)} again` : ""}; {int(dueSoon)} reviews in the next 7 days
          </span>
        </li>
      </ul>

      <figure className="stats-figure" aria-labelledby={id("heatmap")}>
        <h2 id={id("heatmap")}>Reviews per day</h2>
        <Heatmap data={heatmap} />
        <HeatmapLegend />
        <figcaption>
          {int(heatmap.total)} answers on {days(heatmap.daysStudied)} in the last {heatmap.weeks} weeks; the busiest day had {int(heatmap.max)}. Undone answers are not counted.
        </figcaption>
        <details className="stats-table-wrap">
          <summary>Answers per month</summary>
          <table className="stats-table">
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Answers</th>
                <th scope="col">Days studied</th>
              </tr>
            </thead>
            <tbody>
              {monthly(stats).map(([month, m]) => (
                <tr key={month}>
                  <th scope="row">{month}</th>
                  <td>{int(m.answers)}</td>
                  <td>{m.days}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figure>

      <figure className="stats-figure" aria-labelledby={id("forecast")}>
        <h2 id={id("forecast")}>Due in the next 30 days</h2>
        <BarChart
          data={forecast.map((f) => ({ label: f.inDays === 0 ? "today" : `+${f.inDays}`, value: f.due, title: `${f.date}: ${f.due} due` }))}
          summary={`Cards due: ${forecast[0].due} today (overdue included), ${int(forecast.reduce((s, f) => s + f.due, 0))} in 30 days.`}
          whole
        />
        <figcaption>Cards you have answered before, by the day they are due; overdue cards count for today. Suspended cards are left out.</figcaption>
        <details className="stats-table-wrap">
          <summary>Due per day</summary>
          <table className="stats-table">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Cards due</th>
              </tr>
            </thead>
            <tbody>
              {forecast.map((f) => (
                <tr key={f.day}>
                  <th scope="row">{f.inDays === 0 ? `${f.date} (today)` : f.date}</th>
                  <td>{int(f.due)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figure>

      <figure className="stats-figure" aria-labelledby={id("retention")}>
        <h2 id={id("retention")}>True retention by interval</h2>
        <BarChart
          data={retention.rows.map((r) => ({ label: r.label.replace(" days", "d").replace(" day", "d").replace(" or more", "+"), value: r.rate === null ? 0 : r.rate * 100, title: `${r.label}: ${pct(r.rate)} of ${r.reviews}` }))}
          summary={`True retention: ${pct(retention.total.rate)} of ${retention.total.reviews} reviews this year.`}
          format={(v) => `${v} %`}
        />
        <figcaption>
          Share of scheduled reviews (not new cards, relearning or same-day repeats) you answered with 3 or more, by the interval the card had. Last {heatmap.weeks} weeks.
        </figcaption>
        <div className="stats-table-wrap">
          <table className="stats-table" data-testid="retention-table">
            <thead>
              <tr>
                <th scope="col">Interval</th>
                <th scope="col">Reviews</th>
                <th scope="col">Passed (3–5)</th>
                <th scope="col">Retention</th>
              </tr>
            </thead>
            <tbody>
              {[...retention.rows, retention.total].map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  <td>{int(r.reviews)}</td>
                  <td>{int(r.passed)}</td>
                  <td>{pct(r.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </figure>

      <figure className="stats-figure" aria-labelledby={id("times")}>
        <h2 id={id("times")}>Time to answer</h2>
        <BarChart
          data={answerTimes.rows.map((r) => ({ label: r.label.replace("under ", "<").replace(" or more", "+"), value: r.answers }))}
          summary={`Answer times: ${answerTimes.answers} answers, ${answerTimes.meanMs === null ? "none yet" : `${duration(answerTimes.meanMs)} on average`}.`}
          whole
        />
        <figcaption>
          From showing a card to grading it; {answerTimes.meanMs === null ? "no answers yet" : `${duration(answerTimes.meanMs)} on average`}. Last {heatmap.weeks} weeks.
        </figcaption>
        <div className="stats-table-wrap">
          <table className="stats-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Answers</th>
                <th scope="col">Share</th>
              </tr>
            </thead>
            <tbody>
              {answerTimes.rows.map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  <td>{int(r.answers)}</td>
                  <td>{pct(r.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </figure>
    </div>
  );
}
