// What each grade button would do to a card, for labelling the buttons ("6 days").
import { sm2, type Sm2State } from "./sm2.ts";

export interface GradePreview {
  quality: number;
  state: Sm2State;
  dueInDays: number;
  label: string;
}

export const QUALITIES = [0, 1, 2, 3, 4, 5] as const;

/** One entry per grade 0..5, each exactly what `sm2(state, quality)` gives. */
export function previewGrades(state: Sm2State): GradePreview[] {
  return QUALITIES.map((quality) => {
    const next = sm2(state, quality);
    const days = dueInDays(next);
    return { quality, state: next, dueInDays: days, label: intervalLabel(days) };
  });
}

/** Days until the card is due: 0 while it still owes a review today (failed, or graded 3). */
export function dueInDays(next: Sm2State): number {
  return next.extraReview || next.interval === 0 ? 0 : next.interval;
}

/** "today", "1 day", "45 days" (exact up to 60), then "2.3 mo" and "1.5 yr" (one decimal). */
export function intervalLabel(days: number): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a non-negative integer, got ${String(days)}`);
  if (days === 0) return "today";
  if (days === 1) return "1 day";
  if (days <= 60) return `${days} days`;
  if (days < 365) return `${Math.round((days / 30.44) * 10) / 10} mo`;
  return `${Math.round((days / 365.25) * 10) / 10} yr`;
}
