// The six SM-2 grades as the review screen names them (from the original's wording).
export const GRADES = [
  { quality: 0, label: "Blackout", hint: "complete blackout" },
  { quality: 1, label: "Wrong", hint: "incorrect; remembered once seen" },
  { quality: 2, label: "Almost", hint: "incorrect, but it seemed easy once seen" },
  { quality: 3, label: "Hard", hint: "correct with serious difficulty" },
  { quality: 4, label: "Good", hint: "correct after hesitation" },
  { quality: 5, label: "Perfect", hint: "perfect response" },
] as const;
