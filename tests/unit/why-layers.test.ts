// Why view per-layer data: plot_layer_stats tables and the color_dim picture, on tiny synthetic runs.
import { describe, expect, it } from "vitest";
import type { LayerHistogram, LayerSeries } from "../../experiments/registry/types.ts";
import { colorDimImage, viridis } from "../../lib/why/color-dim.ts";
import { layerStatsTable } from "../../lib/why/layers.ts";

const E = Math.E;

describe("layerStatsTable", () => {
  const series: LayerSeries[] = [
    { layer: "conv1", steps: [0, 10, 20], mean: [0.5, 0.4, 0.3], std: [1, 0.8, Number.NaN], nearZero: [0.1, 0.5, 0.9] },
    { layer: "conv2", steps: [0, 10, 20], mean: [0.2, 0.1, 0], std: [2, 2, 2], nearZero: [0, 0, 1] },
  ];

  it("one row per point, one column per layer, per statistic; NaN becomes a gap", () => {
    const t = layerStatsTable(series)!;
    expect(t.layers).toEqual(["conv1", "conv2"]);
    expect(t.rows.mean).toEqual([
      { step: 0, conv1: 0.5, conv2: 0.2 },
      { step: 10, conv1: 0.4, conv2: 0.1 },
      { step: 20, conv1: 0.3, conv2: 0 },
    ]);
    expect(t.rows.std[2]).toEqual({ step: 20, conv1: null, conv2: 2 });
    expect(t.rows.nearZero.map((r) => r.conv1)).toEqual([0.1, 0.5, 0.9]);
  });

  it("endpoints: first and last finite value per layer (the text beside the chart)", () => {
    const t = layerStatsTable(series)!;
    expect(t.endpoints[0]).toEqual({ layer: "conv1", mean: { first: 0.5, last: 0.3 }, std: { first: 1, last: 0.8 }, nearZero: { first: 0.1, last: 0.9 } });
  });

  it("no series, no table", () => {
    expect(layerStatsTable(undefined)).toBeNull();
    expect(layerStatsTable([])).toBeNull();
  });
});

describe("colorDimImage", () => {
  // 2 columns × 3 bins. log1p(e−1) = 1, log1p(e²−1) = 2, log1p(0) = 0.
  const h: LayerHistogram = {
    layer: "conv1",
    steps: [0, 5],
    bins: 3,
    min: 0,
    max: 10,
    counts: [
      [E * E - 1, 0, E - 1],
      [E - 1, E * E - 1, 0],
    ],
  };

  it("log1p of the counts, scaled to 0..255 by the image's own min..max, highest bin in the top row", () => {
    const img = colorDimImage(h);
    expect(img.cols).toBe(2);
    expect(img.rows).toBe(3);
    // rows top → bottom = bins 2, 1, 0; columns left → right = batches.
    // bin 2: [1, 0] → [128, 0]; bin 1: [0, 2] → [0, 255]; bin 0: [2, 1] → [255, 128]
    expect(img.pixels).toEqual([128, 0, 0, 255, 255, 128]);
  });

  it("share of counts in the lowest bin, first and last column", () => {
    const img = colorDimImage(h);
    expect(img.lowBinShareFirst).toBeCloseTo((E * E - 1) / (E * E - 1 + E - 1), 12);
    expect(img.lowBinShareLast).toBeCloseTo((E - 1) / (E - 1 + E * E - 1), 12);
  });

  it("an all-zero histogram is a dark image, not NaN", () => {
    const img = colorDimImage({ ...h, counts: [[0, 0, 0], [0, 0, 0]] });
    expect(img.pixels).toEqual([0, 0, 0, 0, 0, 0]);
    expect(img.lowBinShareFirst).toBeNull();
  });

  it("viridis: dark purple at 0, yellow at 255, clamped outside", () => {
    expect(viridis(0)).toEqual([68, 1, 84]);
    expect(viridis(255)).toEqual([253, 231, 37]);
    expect(viridis(-5)).toEqual([68, 1, 84]);
    expect(viridis(1000)).toEqual([253, 231, 37]);
    // Half-way between stop 0 and stop 1 of 9: (68+71)/2, (1+45)/2, (84+123)/2.
    expect(viridis(255 / 16)).toEqual([70, 23, 104]);
  });
});
