import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { deckForEditing } from "@/lib/decks/access.ts";
import { deckSettingsSchema, updateDeckSettings } from "@/lib/decks/authoring.ts";
import { deckIdSchema } from "@/lib/decks/ids.ts";
import { route } from "@/lib/http/boundary.ts";

/** Changes a deck's title, description or daily limits: its owner (or an admin). */
export const PATCH = route(
  {
    auth: "LEARNER",
    params: z.object({ deckId: deckIdSchema }),
    body: deckSettingsSchema,
    access: ({ user, params }) => deckForEditing(db(), user, params.deckId),
  },
  ({ body, access: deck }) => updateDeckSettings(db(), deck.id, body),
);
