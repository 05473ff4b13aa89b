/**
 * fastai's 1cycle schedule, ported from fastai `fastai/callback/schedule.py`
 * (`SchedCos`/`_cos_anneal`, `combine_scheds`, `combined_cos`, `Learner.fit_one_cycle`,
 * `ParamScheduler`). Pure functions of the training position.
 */

/**
 * Cosine from `start` (pct 0) to `end` (pct 1). fastai writes it
 * `start + (1 + cos(pi*(1-pct))) * (end-start) / 2`; this form is algebraically equal and
 * returns `start`/`end` exactly at the endpoints (cos(0) = 1, cos(pi) = -1 exactly).
 */
export function cosineAnneal(start: number, end: number, pct: number): number {
  return end + ((start - end) / 2) * (1 + Math.cos(Math.PI * pct));
}

/**
 * fastai `combined_cos(pct, start, middle, end)` = `combine_scheds([pct, 1-pct],
 * [SchedCos(start, middle), SchedCos(middle, end)])`. `pcts` are the two phase lengths
 * (they must sum to 1). At the phase boundary the second phase is used (fastai picks the
 * last phase whose start is <= pos); both give `middle` there.
 */
export function combinedCosine(
  pcts: readonly [number, number],
  [start, middle, end]: readonly [number, number, number],
): (pos: number) => number {
  const [p0, p1] = pcts;
  if (!(p0 >= 0 && p1 >= 0) || Math.abs(p0 + p1 - 1) > 1e-12) {
    throw new RangeError(`phase lengths must be >= 0 and sum to 1, got [${p0}, ${p1}]`);
  }
  return (pos: number): number => {
    // A zero-length second phase would divide by zero (fastai yields NaN there): stay in phase 1.
    if (pos < p0 || p1 === 0) return cosineAnneal(start, middle, p0 === 0 ? 1 : Math.min(pos / p0, 1));
    return cosineAnneal(middle, end, (pos - p0) / p1);
  };
}

export interface OneCycleLrOptions {
  /** lr starts at maxLr/div (fit_one_cycle default 25). */
  div?: number;
  /** lr ends at maxLr/divFinal (fit_one_cycle default 1e5). */
  divFinal?: number;
  /** share of training spent warming up (fit_one_cycle default 0.25). */
  pctStart?: number;
}

/** fit_one_cycle's lr: combined_cos(pct_start, lr_max/div, lr_max, lr_max/div_final). */
export function oneCycleLr(maxLr: number, pct: number, opts: OneCycleLrOptions = {}): number {
  const { div = 25, divFinal = 1e5, pctStart = 0.25 } = opts;
  return combinedCosine([pctStart, 1 - pctStart], [maxLr / div, maxLr, maxLr / divFinal])(pct);
}

export interface OneCycleMomOptions {
  /** fastai Learner default moms (0.95, 0.85, 0.95): momentum moves opposite to the lr. */
  moms?: readonly [number, number, number];
  pctStart?: number;
}

/** fit_one_cycle's momentum: combined_cos(pct_start, *moms). */
export function oneCycleMom(pct: number, opts: OneCycleMomOptions = {}): number {
  const { moms = [0.95, 0.85, 0.95] as const, pctStart = 0.25 } = opts;
  return combinedCosine([pctStart, 1 - pctStart], moms)(pct);
}

/**
 * fastai `pct_train = train_iter / (n_epoch * n_iter)`, read in `before_batch` before
 * `train_iter` is incremented: step 0 gets pct 0, the last step (total-1)/total, never 1.
 */
export function pctTrain(step: number, totalSteps: number): number {
  if (!(totalSteps > 0)) throw new RangeError(`totalSteps must be > 0, got ${totalSteps}`);
  return step / totalSteps;
}

export type OneCycleOptions = OneCycleLrOptions & { moms?: readonly [number, number, number] };

/** lr and momentum for 0-based training step `step` of `totalSteps` (all epochs together). */
export function scheduleAt(
  step: number,
  totalSteps: number,
  maxLr: number,
  opts: OneCycleOptions = {},
): { lr: number; mom: number } {
  const pct = pctTrain(step, totalSteps);
  return {
    lr: oneCycleLr(maxLr, pct, opts),
    mom: oneCycleMom(pct, { moms: opts.moms, pctStart: opts.pctStart }),
  };
}
