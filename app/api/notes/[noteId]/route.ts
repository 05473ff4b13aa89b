import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { noteForEditing, type Viewer } from "@/lib/decks/access.ts";
import { noteIdSchema } from "@/lib/decks/ids.ts";
import { route } from "@/lib/http/boundary.ts";
import { NOTE_BODY_BYTES } from "@/lib/notes/api.ts";
import { archiveNote, getNote, updateNote } from "@/lib/notes/data.ts";
import { noteInputSchema } from "@/lib/notes/schema.ts";

const params = z.object({ noteId: noteIdSchema });
const access = ({ user, params }: { user: Viewer; params: { noteId: string } }) =>
  noteForEditing(db(), user, params.noteId);

/** A note and its cards: the deck's owner. */
export const GET = route({ auth: "LEARNER", params, access }, ({ access: { note } }) => getNote(db(), note.id));

/** Rewrites a note; its cards follow (same ids for surviving ordinals): the deck's owner. */
export const PATCH = route(
  { auth: "LEARNER", params, body: noteInputSchema, maxBodyBytes: NOTE_BODY_BYTES, access },
  ({ body, access: { note } }) => updateNote(db(), note.id, body),
);

/** Archives a note and its cards (learners' history kept; restorable): the deck's owner. */
export const DELETE = route({ auth: "LEARNER", params, access }, ({ access: { note } }) => archiveNote(db(), note.id));
