// What an author (or an import) may submit as a note. Line endings become "\n"; tags are
// normalized (lower-case, deduplicated, sorted) and checked; a cloze note's front must hold
// well-formed deletions. Errors name their field (front, back, tags) for the form.
import { z } from "zod";
import { parseCloze } from "./cloze.ts";
import { MAX_TAGS, normalizeTags, tagProblem } from "./tags.ts";

export const NOTE_TYPES = ["BASIC", "REVERSED", "CLOZE"] as const;
export type NoteType = (typeof NOTE_TYPES)[number];

/** Longest front or back, in characters (UTF-16 code units). */
export const MAX_FIELD_CHARS = 20_000;

const field = (name: string) =>
  z
    .string({ error: `The ${name} must be text.` })
    .max(MAX_FIELD_CHARS, `The ${name} is longer than ${MAX_FIELD_CHARS.toLocaleString("en")} characters.`)
    .transform((s) => s.replace(/\r\n?/g, "\n"));

export const tagsSchema = z
  .union([z.string(), z.array(z.string())], { error: "Tags must be text or a list of text." })
  .transform((raw, ctx) => {
    const tags = normalizeTags(raw);
    if (tags.length > MAX_TAGS) ctx.addIssue({ code: "custom", message: `At most ${MAX_TAGS} tags (found ${tags.length}).` });
    for (const t of tags) {
      const problem = tagProblem(t);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }
    return tags;
  });

export const noteInputSchema = z
  .object({
    type: z.enum(NOTE_TYPES, { error: "The note type must be BASIC, REVERSED or CLOZE." }),
    front: field("front"),
    back: field("back").default(""),
    tags: tagsSchema.default([]),
  })
  .superRefine((note, ctx) => {
    if (note.front.trim() === "") {
      ctx.addIssue({ code: "custom", path: ["front"], message: note.type === "CLOZE" ? "The text is empty." : "The front is empty." });
      return;
    }
    if (note.type === "REVERSED" && note.back.trim() === "") {
      ctx.addIssue({ code: "custom", path: ["back"], message: "A reversed note needs a back: it is the question of its second card." });
    }
    if (note.type === "CLOZE") {
      const parsed = parseCloze(note.front);
      if (!parsed.ok) ctx.addIssue({ code: "custom", path: ["front"], message: parsed.error });
    }
  });

export type NoteInput = z.output<typeof noteInputSchema>;

/** Validates a note: the note, or one message per field ("front", "back", "tags", "type"). */
export function validateNote(input: unknown): { ok: true; note: NoteInput } | { ok: false; fields: Record<string, string> } {
  const parsed = noteInputSchema.safeParse(input);
  if (parsed.success) return { ok: true, note: parsed.data };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "note";
    fields[key] ??= issue.message;
  }
  return { ok: false, fields };
}
