// Entry-point schemas for classes (routes in app/api/classes, pages in app/classes).
import { z } from "zod";
import { deckIdSchema } from "../decks/ids.ts";
import { DEFAULT_CODE_DAYS, MAX_CODE_DAYS } from "./codes.ts";

const idOf = (kind: string) =>
  z.string({ error: `Missing ${kind} id.` }).trim().min(1, `Missing ${kind} id.`).max(64, `Malformed ${kind} id.`).regex(/^[a-z0-9]+$/i, `Malformed ${kind} id.`);

export const classIdSchema = idOf("class");
export const codeIdSchema = idOf("code");
export const classParams = z.object({ classId: classIdSchema });

export const createClassSchema = z.object({
  name: z.string({ error: "Give the class a name." }).trim().min(1, "Give the class a name.").max(120, "At most 120 characters."),
  deckIds: z.array(deckIdSchema, { error: "Pick at least one deck." }).min(1, "Pick at least one deck.").max(20, "At most 20 decks."),
});

export const createCodeSchema = z.object({
  days: z.number().int("Whole days.").min(1, "At least 1 day.").max(MAX_CODE_DAYS, `At most ${MAX_CODE_DAYS} days.`).default(DEFAULT_CODE_DAYS),
});

export const joinSchema = z.object({
  code: z.string({ error: "Type the class code." }).trim().min(1, "Type the class code.").max(40, "That is not a class code."),
});

export const addInstructorSchema = z.object({
  email: z.string({ error: "Type the instructor's address." }).trim().toLowerCase().email("That is not an email address.").max(254),
});

const DAY_MS = 86_400_000;
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-30.")
  .transform((s, ctx) => {
    const ms = Date.parse(`${s}T00:00:00Z`);
    if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== s) {
      ctx.addIssue({ code: "custom", message: "No such date." });
      return z.NEVER;
    }
    return Math.round(ms / DAY_MS);
  });

export const MAX_RANGE_DAYS = 366;

/** ?from=YYYY-MM-DD&to=YYYY-MM-DD (study days, both included); missing ends are filled by defaultRange. */
export const rangeQuery = z
  .object({ from: isoDay.optional(), to: isoDay.optional(), table: z.enum(["learners", "cards"]).optional() })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: "The range ends before it starts.", path: ["to"] })
  .refine((q) => q.from === undefined || q.to === undefined || q.to - q.from < MAX_RANGE_DAYS, { message: `At most ${MAX_RANGE_DAYS} days.`, path: ["to"] });

/** The last 30 days ending today, or the given ends (one end given: 30 days from or to it). */
export function rangeOf(q: { from?: number; to?: number }, today: number): { from: number; to: number } {
  const to = q.to ?? (q.from !== undefined ? Math.min(q.from + 29, today) : today);
  const from = q.from ?? to - 29;
  return { from, to: Math.max(from, to) };
}
