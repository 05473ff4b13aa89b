// Anki package import into a deck (issue #10): multipart/form-data with one `file` field, at most
// MAX_APKG_UPLOAD_BYTES (413 while it streams in). Notes keep their Anki guid as external id, so
// importing the same package again updates instead of duplicating; images are stored as Media
// and referenced as /media/<sha256>; sounds and unsupported note types are reported as skipped.
import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { deckForEditing } from "@/lib/decks/access.ts";
import { deckIdSchema } from "@/lib/decks/ids.ts";
import { route } from "@/lib/http/boundary.ts";
import { readApkg } from "@/lib/import/anki.ts";
import { importApkg, MAX_APKG_UPLOAD_BYTES, uploadedImportFile } from "@/lib/import/data.ts";

const params = z.object({ deckId: deckIdSchema });

/** Imports an .apkg into the deck: its owner. */
export const POST = route(
  { auth: "LEARNER", params, access: ({ user, params }) => deckForEditing(db(), user, params.deckId) },
  async ({ user, access: deck, req }) => {
    const { bytes } = await uploadedImportFile(req, MAX_APKG_UPLOAD_BYTES, "Anki package", false);
    const anki = await readApkg(bytes);
    const report = await importApkg(db(), user, { deckId: deck.id }, anki);
    return { ...report, package: { format: anki.report.format, notes: anki.report.notesInPackage, cards: anki.report.cardsInPackage } };
  },
);
