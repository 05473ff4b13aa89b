// fastai's "colorful dimension" (`ActivationStats.color_dim`): for one layer, the histograms of its
// activations stacked one column per batch, log1p of the counts, shown with the lowest bin at the
// bottom (imshow origin='lower') and colours scaled to the image's own min..max (imshow's default).
import type { LayerHistogram } from "@/experiments/registry/types.ts";

export interface ColorDimImage {
  layer: string;
  /** Image width: one column per recorded batch (bucket), left = start of training. */
  cols: number;
  /** Image height: one row per histogram bin. */
  rows: number;
  /** rows·cols intensities in 0..255, row-major, row 0 = TOP = highest bin. */
  pixels: number[];
  steps: number[];
  binMin: number;
  binMax: number;
  /**
   * Share of the column's counts in the lowest bin (values near zero), first and last column: the text
   * beside the picture. null when the column counted nothing (every value fell outside [binMin, binMax]).
   */
  lowBinShareFirst: number | null;
  lowBinShareLast: number | null;
}

function lowShare(col: readonly number[] | undefined): number | null {
  if (!col) return null;
  const total = col.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  return total > 0 ? (col[0] ?? 0) / total : null;
}

export function colorDimImage(h: LayerHistogram): ColorDimImage {
  const cols = h.counts.length;
  const rows = h.bins;
  const logs = h.counts.map((col) => col.map((c) => (Number.isFinite(c) && c > 0 ? Math.log1p(c) : 0)));
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const col of logs) for (const v of col) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const range = hi - lo;
  const pixels = new Array<number>(rows * cols);
  for (let r = 0; r < rows; r++) {
    const bin = rows - 1 - r;
    for (let c = 0; c < cols; c++) {
      const v = logs[c]![bin] ?? 0;
      pixels[r * cols + c] = range > 0 ? Math.round((255 * (v - lo)) / range) : 0;
    }
  }
  return {
    layer: h.layer,
    cols,
    rows,
    pixels,
    steps: h.steps,
    binMin: h.min,
    binMax: h.max,
    lowBinShareFirst: lowShare(h.counts[0]),
    lowBinShareLast: lowShare(h.counts[cols - 1]),
  };
}

// matplotlib's viridis (imshow's default colormap) at 9 evenly spaced stops; linear in between.
const VIRIDIS: ReadonlyArray<readonly [number, number, number]> = [
  [68, 1, 84],
  [71, 45, 123],
  [59, 82, 139],
  [44, 114, 142],
  [33, 145, 140],
  [40, 174, 128],
  [94, 201, 98],
  [173, 220, 48],
  [253, 231, 37],
];

/** viridis colour for an intensity 0..255. */
export function viridis(v: number): [number, number, number] {
  const t = (Math.min(Math.max(v, 0), 255) / 255) * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(t), VIRIDIS.length - 2);
  const f = t - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}
