// CSV / TSV import into a deck (issue #10): the file as the request body (text/csv, text/plain,
// text/tab-separated-values) or as the `file` field of multipart/form-data, at most MAX_CSV_BYTES.
// ?preview=1 answers the parse report (delimiter, header, first rows, accepted count, rejected rows
// with reasons) and writes nothing; otherwise the accepted rows become notes in one transaction
// and the answer is the import report (created, skipped rows with their reasons).
// ?type=BASIC|REVERSED|CLOZE (default BASIC), ?delimiter=comma|tab|semicolon, ?header=yes|no.
import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { deckForEditing } from "@/lib/decks/access.ts";
import { deckIdSchema } from "@/lib/decks/ids.ts";
import { DomainError } from "@/lib/errors.ts";
import { route } from "@/lib/http/boundary.ts";
import { MAX_CSV_BYTES, parseCsv, type CsvDelimiter } from "@/lib/import/csv.ts";
import { importCsv, uploadedImportFile } from "@/lib/import/data.ts";
import { NOTE_TYPES } from "@/lib/notes/schema.ts";

const params = z.object({ deckId: deckIdSchema });
const DELIMITERS: Record<string, CsvDelimiter> = { comma: ",", tab: "\t", semicolon: ";" };
const query = z.object({
  preview: z.enum(["0", "1"]).optional(),
  type: z.enum(NOTE_TYPES, { error: "type must be BASIC, REVERSED or CLOZE." }).optional(),
  delimiter: z.enum(["comma", "tab", "semicolon"], { error: "delimiter must be comma, tab or semicolon." }).optional(),
  header: z.enum(["yes", "no"], { error: "header must be yes or no." }).optional(),
});

/** Previews or imports a CSV file into the deck: its owner. */
export const POST = route(
  { auth: "LEARNER", params, query, access: ({ user, params }) => deckForEditing(db(), user, params.deckId) },
  async ({ user, query, access: deck, req }) => {
    const { bytes } = await uploadedImportFile(req, MAX_CSV_BYTES, "CSV file");
    const parsed = parseCsv(bytes, {
      type: query.type,
      delimiter: query.delimiter ? DELIMITERS[query.delimiter] : undefined,
      header: query.header === undefined ? undefined : query.header === "yes",
    });
    if (!parsed.ok) throw new DomainError(422, parsed.error);
    if (query.preview === "1") {
      const { accepted, ...rest } = parsed;
      return { ...rest, accepted: accepted.length };
    }
    return importCsv(db(), user, deck.id, parsed.accepted, parsed.rejected);
  },
);
