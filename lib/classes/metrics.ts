// The class dashboard's numbers (pure), from per-day aggregates the data layer reads (data.ts).
// Definitions (docs in README "Classes"):
//   - an answer counts unless an undo entry reverses it (an undo cancels its answer everywhere);
//   - a review is an answer to a card already learned (repetitions before > 0, not a same-day extra
//     review: lib/stats/definitions.ts countsForRetention); retention = reviews graded 3 or more / reviews; a lapse = a review graded below 3
//     (the same rule that counts CardState.lapses, lib/reviews/transitions.ts);
//   - days are the learner's own study days (their time zone and rollover hour);
//   - streak = consecutive study days with an answer, ending today (or yesterday, when today has none yet);
//   - only study of the class's decks from the study day the learner joined the class counts;
//   - last seen = the last study day with an answer or an undo in the class's decks since then.
// Retention and streak are the statistics page's (lib/stats); dashboard.ts writes the same rules into
// SQL (the streak as runs of consecutive days, streakFromRuns).

/** One learner's answers on one study day. */
export interface LearnerDay {
  userId: string;
  day: number;
  answers: number;
  reviews: number;
  recalled: number;
}

export interface LearnerFacts {
  userId: string;
  name: string;
  today: number;
  due: number;
  /** Study day; null when none since joining. */
  lastSeen: number | null;
  /** Consecutive study days ending today or yesterday (streakFromRuns, or currentStreak over a long range's days). */
  streak: number;
}


export interface LearnerRow {
  userId: string;
  name: string;
  due: number;
  reviewedToday: number;
  reviewedThisWeek: number;
  /** Answers in the date range. */
  answers: number;
  /** Recall rate of reviews in the date range; null with no review. */
  retention: number | null;
  streak: number;
  /** Study day. */
  lastSeen: number | null;
}

export interface CardFacts {
  cardId: string;
  deckTitle: string;
  position: number;
  front: string;
}

export interface CardAggregate {
  cardId: string;
  answers: number;
  gradeSum: number;
  reviews: number;
  lapses: number;
}

export interface CardRow extends CardFacts {
  answers: number;
  averageGrade: number | null;
  reviews: number;
  lapses: number;
  /** Lapses / reviews; null with no review. */
  lapseRate: number | null;
  whyOpens: number;
}

export interface DayRange {
  from: number;
  to: number;
}

/** A run of consecutive study days with an answer: its last day and how many days it holds. */
export interface StudyRun {
  last: number;
  length: number;
}

/**
 * The statistics page's streak (currentStreak: consecutive days with an answer ending today, or
 * yesterday when today has none yet) from a learner's runs of studied days, as the data layer
 * finds them in SQL: only the runs ending near today are needed, not every studied day.
 */
export function streakFromRuns(runs: StudyRun[], today: number): number {
  const runOf = (day: number) => runs.find((r) => day <= r.last && day > r.last - r.length);
  const start = runOf(today) ? today : today - 1;
  const run = runOf(start);
  return run ? start - (run.last - run.length) : 0;
}

export const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export function learnerRows(learners: LearnerFacts[], days: LearnerDay[], range: DayRange): LearnerRow[] {
  const byUser = new Map<string, LearnerDay[]>();
  for (const d of days) (byUser.get(d.userId) ?? byUser.set(d.userId, []).get(d.userId)!).push(d);
  return learners.map((l) => {
    const mine = byUser.get(l.userId) ?? [];
    let today = 0, week = 0, answers = 0, reviews = 0, recalled = 0;
    for (const d of mine) {
      if (d.day === l.today) today += d.answers;
      if (d.day > l.today - 7 && d.day <= l.today) week += d.answers;
      if (d.day >= range.from && d.day <= range.to) {
        answers += d.answers;
        reviews += d.reviews;
        recalled += d.recalled;
      }
    }
    return {
      userId: l.userId, name: l.name, due: l.due, reviewedToday: today, reviewedThisWeek: week, answers,
      retention: ratio(recalled, reviews), streak: l.streak, lastSeen: l.lastSeen,
    };
  });
}

export function cardRows(cards: CardFacts[], aggregates: CardAggregate[], whyOpens: Map<string, number>): CardRow[] {
  const byCard = new Map(aggregates.map((a) => [a.cardId, a]));
  return cards.map((c) => {
    const a = byCard.get(c.cardId);
    return {
      ...c,
      answers: a?.answers ?? 0,
      averageGrade: a ? ratio(a.gradeSum, a.answers) : null,
      reviews: a?.reviews ?? 0,
      lapses: a?.lapses ?? 0,
      lapseRate: a ? ratio(a.lapses, a.reviews) : null,
      whyOpens: whyOpens.get(c.cardId) ?? 0,
    };
  });
}

/** The hardest cards: highest lapse rate, then lowest average grade; cards nobody answered are left out. */
export function hardestCards(rows: CardRow[], n = 10): CardRow[] {
  return rows
    .filter((r) => r.answers > 0)
    .sort((a, b) => (b.lapseRate ?? 0) - (a.lapseRate ?? 0) || (a.averageGrade ?? 5) - (b.averageGrade ?? 5) || a.position - b.position)
    .slice(0, n);
}

/** The cards whose why view was opened most (none opened: none listed). */
export function mostOpenedCards(rows: CardRow[], n = 10): CardRow[] {
  return rows.filter((r) => r.whyOpens > 0).sort((a, b) => b.whyOpens - a.whyOpens || a.position - b.position).slice(0, n);
}

/** Answers per day over the range, every day present (zero when nobody studied), for the chart. */
export function answersPerDay(days: LearnerDay[], range: DayRange): { day: number; answers: number }[] {
  const sums = new Map<number, number>();
  for (const d of days) if (d.day >= range.from && d.day <= range.to) sums.set(d.day, (sums.get(d.day) ?? 0) + d.answers);
  const out: { day: number; answers: number }[] = [];
  for (let day = range.from; day <= range.to; day++) out.push({ day, answers: sums.get(day) ?? 0 });
  return out;
}
