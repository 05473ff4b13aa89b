"use server";

import { revalidatePath } from "next/cache";
import { currentUser } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/client.ts";
import { deckIdSchema, enrol, EnrolmentError } from "@/lib/decks/data.ts";

export type EnrolResult = { ok: true } | { ok: false; error: string };

export async function enrolInDeck(rawDeckId: unknown): Promise<EnrolResult> {
  const user = await currentUser();
  if (!user) return { ok: false, error: "Your session has ended. Sign in again to add decks." };
  const parsed = deckIdSchema.safeParse(rawDeckId);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message };
  try {
    await enrol(db(), parsed.data, user);
  } catch (err) {
    if (err instanceof EnrolmentError) return { ok: false, error: err.message };
    throw err;
  }
  revalidatePath("/decks");
  return { ok: true };
}
