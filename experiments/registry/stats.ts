// Small pure statistics helpers for the experiment decision rules.
// Empty or too-short inputs give NaN (never throw); rules treat NaN as "cannot tell".

export const LN10 = Math.log(10); // ≈ 2.302585: cross-entropy of a uniform guess over 10 classes
/** Share of the most common class (digit 1) in MNIST's validation data (the book's collapsed accuracy). */
export const MNIST_MAJORITY_SHARE = 0.1135;
export const COLLAPSE_LOSS_TOLERANCE = 0.02;
export const COLLAPSE_ACC_MARGIN = 0.02;

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (n − 1). */
export function sampleSd(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return Math.sqrt(ss / (xs.length - 1));
}

/** Standard error of the mean: sd / √n. */
export function standardError(xs: readonly number[]): number {
  return sampleSd(xs) / Math.sqrt(xs.length);
}

/** Pooled standard deviation of two samples: √(((n₁−1)s₁² + (n₂−1)s₂²) / (n₁+n₂−2)). */
export function pooledSd(a: readonly number[], b: readonly number[]): number {
  if (a.length < 2 || b.length < 2) return NaN;
  const sa = sampleSd(a);
  const sb = sampleSd(b);
  return Math.sqrt(((a.length - 1) * sa * sa + (b.length - 1) * sb * sb) / (a.length + b.length - 2));
}

/** 1-based ranks; ties get the average of the ranks they span. */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => ({ x, i })).sort((p, q) => p.x - q.x);
  const r = new Array<number>(xs.length);
  let k = 0;
  while (k < order.length) {
    let j = k;
    while (j + 1 < order.length && order[j + 1]!.x === order[k]!.x) j++;
    const avg = (k + j) / 2 + 1;
    for (let t = k; t <= j; t++) r[order[t]!.i] = avg;
    k = j + 1;
  }
  return r;
}

/** Pearson correlation; NaN when either side has no spread. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length || x.length < 2) return NaN;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman rank correlation: Pearson correlation of the ranks (ties averaged). */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) return NaN;
  return pearson(ranks(x), ranks(y));
}

/** Least-squares slope of y on x (use log x, log y for a log-log slope). */
export function slope(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length || x.length < 2) return NaN;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  return sxx === 0 ? NaN : sxy / sxx;
}

/**
 * Collapse, as experiments/README.md defines it: validation loss within 0.02 of ln 10 (≈ 2.3026),
 * or accuracy no better than the most common class's share + 2 points. Non-finite loss counts as collapsed (diverged).
 */
export function isCollapsed(final: { validLoss: number; validAcc: number }, majorityShare: number = MNIST_MAJORITY_SHARE): boolean {
  if (!Number.isFinite(final.validLoss) || !Number.isFinite(final.validAcc)) return true;
  return Math.abs(final.validLoss - LN10) <= COLLAPSE_LOSS_TOLERANCE || final.validAcc <= majorityShare + COLLAPSE_ACC_MARGIN;
}

/** Bucket means down to at most `maxPoints` values (a copy, unchanged when already short). */
export function downsample(xs: readonly number[], maxPoints: number): number[] {
  if (xs.length <= maxPoints) return [...xs];
  const out: number[] = [];
  for (let b = 0; b < maxPoints; b++) {
    const s = Math.floor((b * xs.length) / maxPoints);
    const e = Math.floor(((b + 1) * xs.length) / maxPoints);
    let sum = 0;
    for (let i = s; i < e; i++) sum += xs[i]!;
    out.push(sum / (e - s));
  }
  return out;
}
