/**
 * Per-layer activation statistics, ported from fastai `fastai/callback/hook.py`
 * (`ActivationStats.hook`):
 *   res = {'mean': o.mean(), 'std': o.std(), 'near_zero': (o<=0.05).long().sum()/o.numel()}
 *   if self.with_hist: res['hist'] = o.histc(40, 0, 10)
 * over one layer's output on one training batch. Pure: no tensors, no I/O.
 */

export const HIST_BINS = 40;
export const HIST_MIN = 0;
export const HIST_MAX = 10;

/**
 * `o <= 0.05` on a float32 tensor compares in float32 (PyTorch casts the Python scalar to the
 * tensor's dtype), so the threshold is float32(0.05) = 0.0500000007…; comparing a stored
 * float32 0.05 against the double 0.05 would wrongly count it as above the threshold.
 */
export const NEAR_ZERO_THRESHOLD = Math.fround(0.05);

export interface LayerStats {
  mean: number;
  /** Unbiased (n-1) like torch's default `Tensor.std()`; NaN for fewer than 2 values. */
  std: number;
  /** Share of values <= 0.05. */
  nearZero: number;
  /** torch.histc(o, 40, 0, 10) counts, present only with `withHist`. */
  hist?: Float32Array;
}

/**
 * torch.histc(values, bins=40, min=0, max=10): equal-width bins over [0, 10]; values outside
 * [min, max] (and NaN) are skipped; max itself goes in the last bin. The bin is computed as
 * PyTorch's kernel does, in float32: trunc((v - min) * bins / (max - min)), then bin == bins → bins-1.
 * (For bins 40 over [0, 10] this equals floor(v / 0.25) for every float32 v: checked exhaustively.)
 */
export function histc(values: Float32Array, bins = HIST_BINS, min = HIST_MIN, max = HIST_MAX): Float32Array {
  const out = new Float32Array(bins);
  const lo = Math.fround(min);
  const hi = Math.fround(max);
  const width = Math.fround(hi - lo);
  // Indexed loops: for…of over a typed array is 2–3× slower here, and this runs on every recorded batch.
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= lo && v <= hi)) continue;
    // Each fround emulates one float32 op; double rounding is exact for * and / of floats.
    let pos = Math.trunc(Math.fround(Math.fround(Math.fround(v - lo) * bins) / width));
    if (pos === bins) pos -= 1;
    out[pos] += 1;
  }
  return out;
}

/**
 * fastai's ActivationStats record for one layer and one batch. Sums run in float64 (torch
 * reduces float32 in float32 with pairwise sums; the difference is rounding-level).
 * Empty input gives NaN everywhere, as torch's mean/std of an empty tensor do.
 */
export function layerStats(values: Float32Array, opts: { withHist?: boolean } = {}): LayerStats {
  const n = values.length;
  let sum = 0;
  let nearZero = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    sum += v;
    if (v <= NEAR_ZERO_THRESHOLD) nearZero += 1;
  }
  const mean = sum / n;
  // Two-pass variance: stable when |mean| >> std (common for post-activation layers).
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    ss += d * d;
  }
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : Number.NaN;
  const res: LayerStats = { mean, std, nearZero: n > 0 ? nearZero / n : Number.NaN };
  if (opts.withHist) res.hist = histc(values);
  return res;
}
