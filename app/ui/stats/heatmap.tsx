// The calendar heatmap: one square per study day, a column per week (Monday at the top),
// darker for more answers. Server-drawn SVG; the page gives the same numbers per month in a table.
import type { Heatmap as HeatmapData } from "@/lib/stats/compute.ts";

const CELL = 11;
const GAP = 2;
const LEFT = 28;
const TOP = 16;
// Room after the last week for a month's name that starts there.
const LABEL_ROOM = 14;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function Heatmap({ data }: { data: HeatmapData }) {
  const width = data.weeks * (CELL + GAP) + LABEL_ROOM;
  const height = TOP + 7 * (CELL + GAP);
  // A month's name above the first week that starts in it.
  const monthLabels: { x: number; label: string }[] = [];
  let lastMonth = "";
  for (let w = 0; w < data.weeks; w++) {
    const month = data.cells[w * 7].date.slice(5, 7);
    if (month !== lastMonth) {
      if (lastMonth !== "" || w === 0) monthLabels.push({ x: w * (CELL + GAP), label: MONTHS[Number(month) - 1] });
      lastMonth = month;
    }
  }
  // On a phone a year of weeks does not fit at a readable size: the squares keep their size and the weeks
  // scroll sideways, starting at the latest (stats.css), while the days' names stay put beside them. The
  // strip is focusable, so the keyboard can scroll it too.
  return (
    <div className="stats-heatmap">
      <svg className="stats-svg stats-heatmap-days" width={LEFT} height={height} viewBox={`0 0 ${LEFT} ${height}`} aria-hidden>
        {["Mon", "Wed", "Fri"].map((d, i) => (
          <text key={d} x={0} y={TOP + (i * 2 + 1) * (CELL + GAP) - 2}>
            {d}
          </text>
        ))}
      </svg>
      <div className="stats-heatmap-scroll" tabIndex={0} role="region" aria-label="Answers per day, a column per week; scroll sideways for earlier weeks">
        <svg
          className="stats-svg"
          viewBox={`0 0 ${width} ${height}`}
          width={width}
          height={height}
          role="img"
          aria-label={`Answers per day over ${data.weeks} weeks: ${data.total} answers on ${data.daysStudied} days, at most ${data.max} in a day.`}
          data-chart="heatmap"
        >
          {monthLabels.map((m) => (
            <text key={m.x} x={m.x} y={10}>
              {m.label}
            </text>
          ))}
          {data.cells.map((c, i) => (
            <rect
              key={c.day}
              className={c.future ? "cell-future" : `cell-${c.level}`}
              x={Math.floor(i / 7) * (CELL + GAP)}
              y={TOP + (i % 7) * (CELL + GAP)}
              width={CELL}
              height={CELL}
              rx={2}
            >
              {!c.future && <title>{`${c.date}: ${c.count} ${c.count === 1 ? "answer" : "answers"}`}</title>}
            </rect>
          ))}
        </svg>
      </div>
    </div>
  );
}

export function HeatmapLegend() {
  return (
    <p className="stats-legend" aria-hidden>
      fewer
      {[0, 1, 2, 3, 4].map((l) => (
        <svg key={l} className="stats-svg" width={CELL} height={CELL} viewBox={`0 0 ${CELL} ${CELL}`}>
          <rect className={`cell-${l}`} width={CELL} height={CELL} rx={2} />
        </svg>
      ))}
      more
    </p>
  );
}
