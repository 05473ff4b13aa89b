// What the note entry points (app/api/decks/[deckId]/notes, app/api/notes/…) accept besides a
// note itself (noteInputSchema, schema.ts).
import { z } from "zod";
import { deckIdSchema } from "../decks/ids.ts";
import { MAX_FIELD_CHARS } from "./schema.ts";

/** A note's JSON body: two fields of MAX_FIELD_CHARS characters, up to 4 bytes each, and room. */
export const NOTE_BODY_BYTES = 2 * MAX_FIELD_CHARS * 4 + 16 * 1024;

export const noteSearchSchema = z.object({
  text: z.string().max(200, "Search text is longer than 200 characters.").optional(),
  tag: z.string().max(64, "A tag is at most 64 characters.").optional(),
  status: z.enum(["live", "archived", "all"], { error: 'status must be "live", "archived" or "all".' }).optional(),
});

export const moveNoteSchema = z.object({ deckId: deckIdSchema });

export const shiftNoteSchema = z.object({
  direction: z.enum(["up", "down"], { error: 'direction must be "up" or "down".' }),
});
