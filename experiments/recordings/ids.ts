// No imports: the review screen's client bundle reads this (lib/why/links.ts).

/** Ids of the nine recorded experiments (= registry ids = cards' experimentIds), in card order. */
export const RECORDING_IDS = [
  "ch13-double-filters",
  "ch13-first-kernel-size",
  "ch13-activation-stats",
  "ch13-callback-access",
  "ch13-near-zero-activations",
  "ch13-batch-size",
  "ch13-lr-warmup",
  "ch13-one-cycle-high-lr",
  "ch13-lr-annealing",
] as const;

export type RecordingId = (typeof RECORDING_IDS)[number];
