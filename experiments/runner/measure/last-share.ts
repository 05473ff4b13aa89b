/** The tail of a run that jitter and the near-zero shares look at. */

/** Share of the final steps / recorded batches used by jitter and near-zero shares. */
export const LAST_SHARE = 0.2;

/** The last LAST_SHARE of `xs` (at least `min` items, or all of them). */
export function lastShare<T>(xs: readonly T[], min = 1): T[] {
  const k = Math.min(xs.length, Math.max(min, Math.ceil(xs.length * LAST_SHARE)));
  return xs.slice(xs.length - k);
}
