import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { noteForEditing } from "@/lib/decks/access.ts";
import { noteIdSchema } from "@/lib/decks/ids.ts";
import { route } from "@/lib/http/boundary.ts";
import { restoreNote } from "@/lib/notes/data.ts";

/** Brings an archived note and its cards back: the deck's owner. */
export const POST = route(
  { auth: "LEARNER", params: z.object({ noteId: noteIdSchema }), access: ({ user, params }) => noteForEditing(db(), user, params.noteId) },
  ({ access: { note } }) => restoreNote(db(), note.id),
);
