// A line through one value per answer, server-drawn SVG (the history table beside it has the numbers).
import { labelEvery, linePath, MARGIN, yScale } from "@/lib/stats/chart.ts";

export function LineChart({ points, summary, min, width = 640, height = 180, format = String }: { points: { label: string; value: number }[]; summary: string; min?: number; width?: number; height?: number; format?: (v: number) => string }) {
  const lo = min ?? 0;
  const scale = yScale(Math.max(1, ...points.map((p) => p.value - lo)), { width, height });
  const slot = (scale.plotRight - scale.plotLeft) / Math.max(1, points.length);
  const xy = points.map((p, i) => ({ x: scale.plotLeft + (i + 0.5) * slot, y: scale.y(p.value - lo) }));
  const every = labelEvery(points.length, scale.plotRight - scale.plotLeft, 70);
  return (
    <svg className="stats-svg" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={summary}>
      {scale.ticks.map((t) => (
        <g key={t}>
          <line className="grid" x1={scale.plotLeft} x2={scale.plotRight} y1={scale.y(t)} y2={scale.y(t)} />
          <text x={scale.plotLeft - 6} y={scale.y(t) + 4} textAnchor="end">
            {format(t + lo)}
          </text>
        </g>
      ))}
      <path className="line" d={linePath(xy)} />
      {xy.map((p, i) => (
        <g key={i}>
          <circle className="dot" cx={p.x} cy={p.y} r={3}>
            <title>{`${points[i].label}: ${format(points[i].value)}`}</title>
          </circle>
          {i % every === 0 && (
            <text x={p.x} y={height - MARGIN.bottom + 16} textAnchor="middle">
              {points[i].label}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}
