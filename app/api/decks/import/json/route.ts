// Deck import from a Proofdeck export (issue #10, format "proofdeck-deck" v1): the JSON as the
// request body (application/json) or the `file` field of multipart/form-data. Creates a new deck
// owned by the caller (any signed-in account may write decks), or with ?into=<deckId> imports into
// a deck the caller may edit (notes matched by external id are updated, not duplicated). One
// transaction: a note that fails validation anywhere in the file changes nothing.
import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { deckForEditing } from "@/lib/decks/access.ts";
import { deckIdSchema } from "@/lib/decks/ids.ts";
import { DomainError } from "@/lib/errors.ts";
import { route } from "@/lib/http/boundary.ts";
import { importDeckJson, MAX_JSON_UPLOAD_BYTES, uploadedImportFile } from "@/lib/import/data.ts";
import { parseDeckJson } from "@/lib/import/deck-json.ts";

const query = z.object({ into: deckIdSchema.optional() });

/** Imports a deck export: into a new deck of the caller's, or into a deck they may edit. */
export const POST = route(
  { auth: "LEARNER", query, access: async ({ user, query }) => (query.into ? deckForEditing(db(), user, query.into) : null) },
  async ({ user, access: into, req }) => {
    const { bytes } = await uploadedImportFile(req, MAX_JSON_UPLOAD_BYTES, "deck export");
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new DomainError(400, "The file is not UTF-8 text.");
    }
    const parsed = parseDeckJson(text);
    if (!parsed.ok) throw new DomainError(400, `Not a valid deck export: ${parsed.errors[0]}`, { errors: parsed.errors });
    return importDeckJson(db(), user, parsed.data, { intoDeckId: into?.id });
  },
);
