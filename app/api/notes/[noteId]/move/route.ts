import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { deckForEditing, noteForEditing } from "@/lib/decks/access.ts";
import { noteIdSchema } from "@/lib/decks/ids.ts";
import { route } from "@/lib/http/boundary.ts";
import { moveNoteSchema } from "@/lib/notes/api.ts";
import { moveNote } from "@/lib/notes/data.ts";

/**
 * Moves a note and its cards to another deck: whoever may write both decks. Learners keep their
 * card states (they follow the cards; see lib/notes/data.ts moveNote).
 */
export const POST = route(
  {
    auth: "LEARNER",
    params: z.object({ noteId: noteIdSchema }),
    body: moveNoteSchema,
    access: async ({ user, params, body }) => ({
      ...(await noteForEditing(db(), user, params.noteId)),
      target: await deckForEditing(db(), user, body.deckId),
    }),
  },
  ({ access: { note, target } }) => moveNote(db(), note.id, target.id),
);
