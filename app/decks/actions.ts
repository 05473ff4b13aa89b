"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { deckForEnrolment } from "@/lib/decks/access.ts";
import { enrol } from "@/lib/decks/data.ts";
import { deckIdSchema } from "@/lib/decks/ids.ts";
import { action } from "@/lib/http/boundary.ts";

/** Adds a deck to the signed-in learner's decks. */
export const enrolInDeck = action(
  {
    name: "enrolInDeck",
    auth: "LEARNER",
    input: z.object({ deckId: deckIdSchema }),
    access: ({ user, input }) => deckForEnrolment(db(), user, input.deckId),
  },
  async ({ user, input, access }) => {
    await enrol(db(), input.deckId, user, access);
    revalidatePath("/decks");
  },
);
