// The dashboard's tables as CSV (pure), through papaparse. A learner's name is theirs to write:
// cells starting with = + - @ are escaped so a spreadsheet does not run them as formulas.
import Papa from "papaparse";
import { dayNumberToIsoDate } from "../srs/day.ts";
import type { CardRow, LearnerRow } from "./metrics.ts";

const pct = (r: number | null) => (r === null ? "" : (r * 100).toFixed(1));
const num = (r: number | null, digits: number) => (r === null ? "" : r.toFixed(digits));

export const LEARNER_COLUMNS = ["learner", "due", "reviewed_today", "reviewed_this_week", "answers_in_range", "retention_pct", "streak_days", "last_seen"] as const;
export const CARD_COLUMNS = ["deck", "position", "card", "answers", "average_grade", "reviews", "lapses", "lapse_rate_pct", "why_opens"] as const;

export function learnersCsv(rows: LearnerRow[]): string {
  return Papa.unparse(
    {
      fields: [...LEARNER_COLUMNS],
      data: rows.map((r) => [r.name, r.due, r.reviewedToday, r.reviewedThisWeek, r.answers, pct(r.retention), r.streak, r.lastSeen === null ? "" : dayNumberToIsoDate(r.lastSeen)]),
    },
    { escapeFormulae: true, newline: "\r\n" },
  );
}

export function cardsCsv(rows: CardRow[]): string {
  return Papa.unparse(
    {
      fields: [...CARD_COLUMNS],
      data: rows.map((r) => [r.deckTitle, r.position, r.front, r.answers, num(r.averageGrade, 2), r.reviews, r.lapses, pct(r.lapseRate), r.whyOpens]),
    },
    { escapeFormulae: true, newline: "\r\n" },
  );
}

/** "class-name-learners-2026-11-01-to-2026-11-30.csv": a file name that says what it holds. */
export function csvFileName(className: string, table: "learners" | "cards", from: number, to: number): string {
  const slug = className.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "class";
  return `${slug}-${table}-${dayNumberToIsoDate(from)}-to-${dayNumberToIsoDate(to)}.csv`;
}
