// The tiny interval picture of a check (server-rendered SVG): the 95 % interval as a line with end caps,
// the estimate as a dot, the null as a dashed line and the margin band shaded. Geometry and the spoken
// numbers come from lib/why/interval-picture.ts.
import type { IntervalPicture as Picture } from "@/lib/why/interval-picture.ts";

export function IntervalPicture({ picture: p }: { picture: Picture }) {
  const mid = p.height / 2;
  const cap = 5;
  return (
    <svg className="why-interval" width={p.width} height={p.height} viewBox={`0 0 ${p.width} ${p.height}`} role="img" aria-label={p.label}>
      {p.band && (
        <rect
          className={`why-interval-band why-interval-band-${p.band.kind}`}
          x={Math.min(p.band.from, p.band.to)}
          y={2}
          width={Math.max(1, Math.abs(p.band.to - p.band.from))}
          height={p.height - 4}
        />
      )}
      {p.nullX !== null && <line className="why-interval-null" x1={p.nullX} x2={p.nullX} y1={1} y2={p.height - 1} />}
      <line className="why-interval-line" x1={p.lo} x2={p.hi} y1={mid} y2={mid} />
      <line className="why-interval-line" x1={p.lo} x2={p.lo} y1={mid - cap} y2={mid + cap} />
      <line className="why-interval-line" x1={p.hi} x2={p.hi} y1={mid - cap} y2={mid + cap} />
      <circle className="why-interval-dot" cx={p.estimate} cy={mid} r={3.5} />
    </svg>
  );
}
