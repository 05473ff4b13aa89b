// A bar chart drawn as SVG on the server: it paints with the HTML, before any JavaScript.
// The numbers are also in a table beside it; the SVG carries a one-line summary for screen readers.
import { bars, labelEvery, MARGIN, yScale } from "@/lib/stats/chart.ts";

export interface BarDatum {
  label: string;
  value: number;
  /** Hover text (an SVG <title>). */
  title?: string;
}

export function BarChart({ data, summary, width = 640, height = 200, format = String, whole = false }: { data: BarDatum[]; summary: string; width?: number; height?: number; format?: (v: number) => string; whole?: boolean }) {
  const scale = yScale(Math.max(0, ...data.map((d) => d.value)), { width, height }, { whole });
  const geometry = bars(data.map((d) => d.value), scale);
  const every = labelEvery(data.length, scale.plotRight - scale.plotLeft, 46);
  return (
    <svg className="stats-svg" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={summary}>
      {scale.ticks.map((t) => (
        <g key={t}>
          <line className="grid" x1={scale.plotLeft} x2={scale.plotRight} y1={scale.y(t)} y2={scale.y(t)} />
          <text x={scale.plotLeft - 6} y={scale.y(t) + 4} textAnchor="end">
            {format(t)}
          </text>
        </g>
      ))}
      {geometry.map((g, i) => (
        <g key={data[i].label}>
          <rect className="bar" x={g.x} y={g.y} width={g.width} height={g.height}>
            <title>{data[i].title ?? `${data[i].label}: ${format(data[i].value)}`}</title>
          </rect>
          {i % every === 0 && (
            <text x={g.cx} y={height - MARGIN.bottom + 16} textAnchor="middle">
              {data[i].label}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}
