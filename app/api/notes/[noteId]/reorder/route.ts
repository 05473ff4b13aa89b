import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { noteForEditing } from "@/lib/decks/access.ts";
import { noteIdSchema } from "@/lib/decks/ids.ts";
import { route } from "@/lib/http/boundary.ts";
import { shiftNoteSchema } from "@/lib/notes/api.ts";
import { shiftNote } from "@/lib/notes/data.ts";

/** Moves a note one place up or down in its deck: the deck's owner. */
export const POST = route(
  {
    auth: "LEARNER",
    params: z.object({ noteId: noteIdSchema }),
    body: shiftNoteSchema,
    access: ({ user, params }) => noteForEditing(db(), user, params.noteId),
  },
  async ({ body, access: { note } }) => {
    await shiftNote(db(), note.id, body.direction);
    return { ok: true };
  },
);
