import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { deckForEditing } from "@/lib/decks/access.ts";
import { deckIdSchema } from "@/lib/decks/ids.ts";
import { route } from "@/lib/http/boundary.ts";
import { createNote, listTags, searchNotes } from "@/lib/notes/data.ts";
import { NOTE_BODY_BYTES, noteSearchSchema } from "@/lib/notes/api.ts";
import { noteInputSchema } from "@/lib/notes/schema.ts";

const params = z.object({ deckId: deckIdSchema });

/** The deck's notes matching ?text= and ?tag= (&status=live|archived|all), and its tags: its owner. */
export const GET = route(
  { auth: "LEARNER", params, query: noteSearchSchema, access: ({ user, params }) => deckForEditing(db(), user, params.deckId) },
  async ({ query, access: deck }) => ({ notes: await searchNotes(db(), deck.id, query), tags: await listTags(db(), deck.id) }),
);

/** Writes a note and its cards into the deck: its owner. */
export const POST = route(
  {
    auth: "LEARNER",
    params,
    body: noteInputSchema,
    maxBodyBytes: NOTE_BODY_BYTES,
    access: ({ user, params }) => deckForEditing(db(), user, params.deckId),
  },
  ({ body, access: deck }) => createNote(db(), deck, body),
);
