// (a) Training loss per variant over steps, drawn on the server: mean across seeds, min–max band. It is
// the view's first chart, so it is in the HTML and painted before any script (issue #13); its numbers
// are in the figure's caption. Geometry: lib/why/loss-plot.ts.
import type { CSSProperties } from "react";
import type { LossAxis, VariantCurve } from "@/lib/why/curves.ts";
import { lossPlot, PLOT_H, PLOT_W } from "@/lib/why/loss-plot.ts";
import type { VariantView } from "@/lib/why/view.ts";
import { CHART_HEIGHT, tickFmt } from "./axis.ts";

const at = (v: number) => ({ "--at": v }) as CSSProperties;

export function LossPlot({ curves, variants, axis }: { curves: VariantCurve[]; variants: VariantView[]; axis: LossAxis }) {
  const plot = lossPlot(curves, axis);
  const color = (id: string) => variants.find((v) => v.id === id)?.color ?? "#555";
  return (
    <div className="why-plot" style={{ height: CHART_HEIGHT }} data-first-chart>
      {/* The caption says the numbers; the picture itself is not read out. */}
      <svg className="why-plot-area" viewBox={`0 0 ${PLOT_W} ${PLOT_H}`} preserveAspectRatio="none" aria-hidden focusable="false">
        {plot.yTicks.map((t) => (
          <line key={`y${t.value}`} className="why-plot-grid" x1={0} x2={PLOT_W} y1={(1 - t.at) * PLOT_H} y2={(1 - t.at) * PLOT_H} vectorEffect="non-scaling-stroke" />
        ))}
        {plot.xTicks.map((t) => (
          <line key={`x${t.value}`} className="why-plot-grid" x1={t.at * PLOT_W} x2={t.at * PLOT_W} y1={0} y2={PLOT_H} vectorEffect="non-scaling-stroke" />
        ))}
        {plot.series.map((s) => s.band && <path key={`band-${s.variantId}`} d={s.band} fill={color(s.variantId)} fillOpacity={0.16} />)}
        {plot.series.map((s) => (
          <path key={`mean-${s.variantId}`} d={s.line} data-variant={s.variantId} fill="none" stroke={color(s.variantId)} strokeWidth={2} strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
        ))}
      </svg>
      <div aria-hidden>
        {plot.yTicks.map((t) => (
          <span key={`y${t.value}`} className="why-plot-yt" style={at(t.at)}>
            {tickFmt(t.value)}
          </span>
        ))}
        {plot.xTicks.map((t) => (
          <span key={`x${t.value}`} className="why-plot-xt" style={at(t.at)}>
            {tickFmt(t.value)}
          </span>
        ))}
        <span className="why-plot-xlabel">step</span>
      </div>
    </div>
  );
}
