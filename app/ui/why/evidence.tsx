// The charts of the why view (server component): shaped data in, each chart with its numbers as text. The first
// (training loss) is drawn here as SVG; the others are recharts, loaded and drawn when scrolled near, with
// their data fetched then (deferred-chart.tsx, chart-props.ts).
import type { WhyView } from "@/lib/why/view.ts";
import { fmt, int, pct } from "@/lib/why/format.ts";
import { ColorDimCanvas } from "./color-dim-canvas.tsx";
import { SCHEDULE_COLORS } from "./chart-props.ts";
import { DeferredChart } from "./deferred-chart.tsx";
import { WhyFigure } from "./figure.tsx";
import { LossPlot } from "./loss-plot.tsx";
import { CHART_HEIGHT, dotsHeight, SCHEDULE_HEIGHT } from "./axis.ts";

const share = (v: number | null) => (v === null ? "none in range" : pct(v, 0));

/** `src`: the why view's data route, for the charts drawn when scrolled near. */
export function Evidence({ view, src }: { view: WhyView; src: string }) {
  const labelOf = (id: string) => view.variants.find((v) => v.id === id)?.label ?? id;
  const variantKey = view.variants.map((v) => ({ label: `${v.id}: ${v.label}`, color: v.color }));
  return (
    <section aria-labelledby="charts-title" className="why-section">
      <h2 id="charts-title">{view.kind === "api-fact" ? "What our learner's run shows" : "What the runs show"}</h2>

      <WhyFigure id="loss" title="Training loss over steps" legend={variantKey} caption={view.loss.caption}>
        <LossPlot curves={view.loss.curves} variants={view.variants} axis={view.loss.axis} />
      </WhyFigure>

      <WhyFigure
        id="finals"
        title="Final validation accuracy and loss"
        caption={
          <>
            Dots: one per seed; shaded bar: lowest to highest seed. {view.finals.caption}
          </>
        }
      >
        <p className="why-chart-label">Validation accuracy</p>
        <DeferredChart src={src} chart="accuracy" minHeight={dotsHeight(view.finals.rows.length)} />
        <p className="why-chart-label">Validation loss</p>
        <DeferredChart src={src} chart="loss" minHeight={dotsHeight(view.finals.rows.length)} />
        <FinalsTable view={view} labelOf={labelOf} />
      </WhyFigure>

      {view.accVsMacs && (
        <WhyFigure id="macs" title="Accuracy against compute" legend={variantKey} caption={view.accVsMacs.caption}>
          <DeferredChart src={src} chart="macs" minHeight={CHART_HEIGHT} />
        </WhyFigure>
      )}

      {view.gradNoise && (
        <WhyFigure id="grad-noise" title="Gradient error against batch size (log–log)" legend={[{ label: "mean over seeds", color: "#0072B2" }, { label: "one seed", color: "#D55E00" }]} caption={view.gradNoise.caption}>
          <DeferredChart src={src} chart="gradNoise" minHeight={CHART_HEIGHT} />
        </WhyFigure>
      )}

      {view.stepsTo95 && (
        <WhyFigure id="steps-to-95" title="Steps to 95 % validation accuracy per max LR" legend={[{ label: "median over seeds", color: "#56B4E9" }, { label: "one seed (none: never reached)", color: "#1b1f24" }]} caption={view.stepsTo95.caption}>
          <DeferredChart src={src} chart="steps" minHeight={CHART_HEIGHT} />
        </WhyFigure>
      )}

      {view.nearZero && (
        <WhyFigure id="near-zero" title="Activations near zero per layer, end of training" caption={view.nearZero.caption}>
          <DeferredChart src={src} chart="nearZero" minHeight={CHART_HEIGHT} />
        </WhyFigure>
      )}

      {view.jitter && (
        <WhyFigure id="jitter" title="Training-loss jitter over the last 20 % of steps" caption={<>Dots: one per seed. {view.jitter.caption}</>}>
          <DeferredChart src={src} chart="jitter" minHeight={dotsHeight(view.jitter.rows.length)} />
        </WhyFigure>
      )}

      <WhyFigure id="schedule" title="Learning rate and momentum schedules" legend={view.schedules.items.map((s, i) => ({ label: `${s.label} (${s.variantIds.join(", ")})`, color: SCHEDULE_COLORS[i % SCHEDULE_COLORS.length]! }))} caption={<>Computed from each variant&apos;s recorded settings with the learner&apos;s own schedule functions. {view.schedules.caption}</>}>
        <div className="why-grid why-grid-2">
          <div>
            <p className="why-chart-label">Learning rate</p>
            <DeferredChart src={src} chart="lr" minHeight={SCHEDULE_HEIGHT} />
          </div>
          <div>
            <p className="why-chart-label">Momentum (Adam β1)</p>
            <DeferredChart src={src} chart="mom" minHeight={SCHEDULE_HEIGHT} />
          </div>
        </div>
      </WhyFigure>

      {view.layerStats.length > 0 && (
        <WhyFigure id="layer-stats" title="Activation statistics per layer over training" caption="ActivationStats per hooked layer (bucket means over the recorded training batches); the table gives each layer's first and last recorded values.">
          <DeferredChart src={src} chart="layerStats" minHeight={480} />
        </WhyFigure>
      )}

      {view.colorDim.map((run) => (
        <WhyFigure
          key={run.variantId}
          id={`color-dim-${run.variantId}`}
          title={`The "colorful dimension": ${labelOf(run.variantId)}, seed ${run.seed}`}
          caption={`fastai's color_dim: each column is one recorded batch (left: start of training), each row one of the histogram's bins from ${run.data[0]?.binMin ?? 0} (bottom) to ${run.data[0]?.binMax ?? 10} (top); brighter = more activations (log scale); an all-dark column counted no value in the range. Share of the counted activations in the lowest bin, first → last column: ${run.data
            .map((img) => `${img.layer} ${share(img.lowBinShareFirst)} → ${share(img.lowBinShareLast)}`)
            .join(", ")}.`}
        >
          <div className="why-colordim-grid">
            {run.data.map((img) => (
              <div key={img.layer} className="why-colordim-cell">
                <ColorDimCanvas image={img} />
                <p className="small">
                  {img.layer} <span className="muted">· steps {int(img.steps[0])}–{int(img.steps[img.steps.length - 1])}</span>
                </p>
              </div>
            ))}
          </div>
        </WhyFigure>
      ))}
    </section>
  );
}

function FinalsTable({ view, labelOf }: { view: WhyView; labelOf: (id: string) => string }) {
  return (
    <div className="why-table-wrap">
      <table className="why-table" data-testid="finals-table">
        <caption className="visually-hidden">Final validation accuracy and loss per variant and seed</caption>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">Accuracy per seed</th>
            <th scope="col">Loss per seed</th>
          </tr>
        </thead>
        <tbody>
          {view.finals.rows.map((r) => (
            <tr key={r.variantId}>
              <th scope="row">
                <span className="why-swatch" style={{ background: view.variants.find((v) => v.id === r.variantId)?.color }} aria-hidden /> {r.variantId}
                <span className="why-table-sub">{labelOf(r.variantId)}</span>
              </th>
              <td>{r.acc.values.map((v) => `${pct(v.value, 2)}`).join(" · ")}</td>
              <td>
                {r.loss.values.map((v) => fmt(v.value)).join(" · ")}
                {r.collapsedSeeds.length > 0 && <span className="why-table-sub why-keep">collapsed: seed {r.collapsedSeeds.join(", ")}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
