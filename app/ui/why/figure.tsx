// A chart with its title, colour key and the key numbers as text (screen readers, quick reading).
import type { ReactNode } from "react";

export function WhyFigure({ id, title, legend, caption, children }: { id: string; title: string; legend?: Array<{ label: string; color: string; band?: boolean }>; caption: ReactNode; children: ReactNode }) {
  return (
    <figure className="why-figure" aria-labelledby={`${id}-title`} data-chart={id}>
      <h3 id={`${id}-title`}>{title}</h3>
      {legend && legend.length > 0 && (
        <ul className="why-legend" aria-label="Key">
          {legend.map((l) => (
            <li key={l.label}>
              <span className={l.band ? "why-swatch why-swatch-band" : "why-swatch"} style={{ background: l.color }} aria-hidden /> {l.label}
            </li>
          ))}
        </ul>
      )}
      <div className="why-chart">{children}</div>
      <figcaption className="why-caption">{caption}</figcaption>
    </figure>
  );
}
