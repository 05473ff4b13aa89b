// The server-drawn loss chart's geometry (lib/why/loss-plot.ts), by hand.
import { describe, expect, it } from "vitest";
import type { VariantCurve } from "../../lib/why/curves.ts";
import { lossPlot, PLOT_H, PLOT_W } from "../../lib/why/loss-plot.ts";

const curve = (variantId: string, points: VariantCurve["points"]): VariantCurve => ({ variantId, seeds: 2, points });

describe("lossPlot", () => {
  it("maps steps to the width and loss to the height, 0 at the bottom", () => {
    const p = lossPlot([curve("a", [{ step: 0, mean: 2, band: null }, { step: 50, mean: 1, band: null }, { step: 100, mean: 0, band: null }])], { yMax: 2, peak: 2 });
    expect(p.series[0]!.line).toBe(`M0 0L${PLOT_W / 2} ${PLOT_H / 2}L${PLOT_W} ${PLOT_H}`);
    expect(p.series[0]!.band).toBe("");
    expect(p.xTicks.map((t) => t.value)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(p.xTicks.at(-1)!.at).toBe(1);
    expect(p.yTicks.map((t) => [t.value, t.at])).toEqual([[0, 0], [0.5, 0.25], [1, 0.5], [1.5, 0.75], [2, 1]]);
  });

  it("breaks the line where a mean is missing (diverged) and draws a band per stretch of points with one", () => {
    const p = lossPlot(
      [
        curve("a", [
          { step: 0, mean: 1, band: [0, 2] },
          { step: 1, mean: 1, band: [0.5, 1.5] },
          { step: 2, mean: null, band: null },
          { step: 3, mean: 1, band: [1, 1] },
          { step: 4, mean: 2, band: null },
        ]),
      ],
      { yMax: 2, peak: 2 },
    );
    // x: 150 per step; y: 100 per unit of loss, from the bottom.
    expect(p.series[0]!.line).toBe("M0 100L150 100M450 100L600 0");
    // One stretch of two points (the single point at step 3 has no area).
    expect(p.series[0]!.band).toBe("M0 0L150 50L150 150L0 200Z");
  });

  it("keeps values above the axis (clipped by the SVG), and rounds to 0.1", () => {
    const p = lossPlot([curve("a", [{ step: 0, mean: 3, band: null }, { step: 3, mean: 1 / 3, band: null }])], { yMax: 2, peak: 3 });
    expect(p.series[0]!.line).toBe("M0 -100L600 166.7");
  });
});
