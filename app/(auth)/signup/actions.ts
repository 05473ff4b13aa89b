"use server";

import { db } from "@/lib/db/client.ts";
import { signUpSchema } from "@/lib/auth/validation.ts";
import { enrolInStarterDecks } from "@/lib/decks/data.ts";
import { STARTER_DECK_SLUGS } from "@/lib/decks/starter.ts";
import { action } from "@/lib/http/boundary.ts";
import { createUser } from "@/lib/users/data.ts";

// Open to anyone (that is what sign-up is); creates learners only. A taken email is a
// DomainError whose `fields` put the message next to the email field.
export const signUp = action({ name: "signUp", auth: "public", input: signUpSchema }, async ({ input }) => {
  const user = await createUser(db(), input);
  await enrolInStarterDecks(db(), user.id, STARTER_DECK_SLUGS);
});
