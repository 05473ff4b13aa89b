"use server";

import { db } from "@/lib/db/client.ts";
import { fieldErrors, signUpSchema } from "@/lib/auth/validation.ts";
import { enrolInStarterDecks } from "@/lib/decks/data.ts";
import { STARTER_DECK_SLUGS } from "@/lib/decks/starter.ts";
import { createUser, EmailTakenError } from "@/lib/users/data.ts";

export type SignUpResult = { ok: true } | { ok: false; errors: Record<string, string> };

// Open to anyone (that is what sign-up is); creates learners only.
export async function signUp(input: { name: unknown; email: unknown; password: unknown }): Promise<SignUpResult> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  try {
    const user = await createUser(db(), parsed.data);
    await enrolInStarterDecks(db(), user.id, STARTER_DECK_SLUGS);
    return { ok: true };
  } catch (err) {
    if (err instanceof EmailTakenError) return { ok: false, errors: { email: err.message } };
    throw err;
  }
}
