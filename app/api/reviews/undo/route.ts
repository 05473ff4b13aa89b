import { authed, readJson } from "@/lib/http/api.ts";
import { db } from "@/lib/db/client.ts";
import { undoLast } from "@/lib/reviews/data.ts";
import { undoInputSchema } from "@/lib/reviews/validation.ts";

/** Undo the latest answer in a deck. */
export const POST = authed(async (user, req) => {
  const { deckId, undoId } = await readJson(req, undoInputSchema);
  return undoLast(db(), user, deckId, undoId, new Date());
});
