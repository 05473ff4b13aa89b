import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { noteForEditing } from "@/lib/decks/access.ts";
import { noteIdSchema } from "@/lib/decks/ids.ts";
import { experimentForAttaching } from "@/lib/experiments/access.ts";
import { attachSchema } from "@/lib/experiments/api.ts";
import { route } from "@/lib/http/boundary.ts";
import { setNoteExperiment } from "@/lib/notes/data.ts";

/** Backs a note's cards with an experiment (a registry one or the author's own), or detaches it: the deck's owner. */
export const PUT = route(
  {
    auth: "LEARNER",
    params: z.object({ noteId: noteIdSchema }),
    body: attachSchema,
    access: async ({ user, params, body }) => ({
      ...(await noteForEditing(db(), user, params.noteId)),
      experimentId: await experimentForAttaching(db(), user, body.experimentId),
    }),
  },
  ({ access: { note, experimentId } }) => setNoteExperiment(db(), note.id, experimentId),
);
