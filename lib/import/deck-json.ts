// The JSON export of a whole deck, and reading it back. One versioned format ("proofdeck-deck",
// version 1): the deck's settings, its notes (type, fields, tags, externalId, and their cards'
// ordinals with each card's externalId and position), cards that have no note (decks written before
// notes existed), media (sha256, sniffed type, and the bytes in base64 or a URL where they can be
// fetched), and the experiments its cards cite (an author's own with its versions and recordings),
// kept as opaque JSON (they are validated by the experiments code) under a size cap. parseDeckJson(exportDeck(x)) equals x.
import { z } from "zod";
import { MAX_FIELD_CHARS, NOTE_TYPES } from "../notes/schema.ts";
import { MAX_TAGS, normalizeTags, tagProblem } from "../notes/tags.ts";
import { IMAGE_MIME_TYPES, MAX_MEDIA_BYTES } from "./sniff.ts";

export const DECK_FORMAT = "proofdeck-deck";
export const DECK_FORMAT_VERSION = 1;
/** Longest export accepted by parseDeckJson, in characters. */
export const MAX_DECK_JSON_CHARS = 100 * 1024 * 1024;
export const MAX_DECK_NOTES = 20_000;
export const MAX_DECK_CARDS = 50_000;
export const MAX_DECK_MEDIA = 2_000;
/** Largest recording, as JSON text. */
export const MAX_RECORDING_CHARS = 2 * 1024 * 1024;

const externalId = z.string().min(1).max(200);
const text = z.string().max(MAX_FIELD_CHARS);
const position = z.number().int().min(0);
const experimentId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, "Malformed experiment id.");

const tags = z.array(z.string()).max(MAX_TAGS).superRefine((list, ctx) => {
  const normal = normalizeTags(list);
  if (normal.length !== list.length || normal.some((t, i) => t !== list[i])) {
    ctx.addIssue({ code: "custom", message: "Tags must be lower-case, sorted and without duplicates." });
  }
  for (const t of list) {
    const problem = tagProblem(t);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }
});

const base64 = z
  .string()
  .max(Math.ceil(MAX_MEDIA_BYTES / 3) * 4, `A media file is larger than ${MAX_MEDIA_BYTES / 1024 / 1024} MB.`)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, "Media data must be base64.");

const recording = z.unknown().superRefine((value, ctx) => {
  let size: number;
  try {
    size = JSON.stringify(value)?.length ?? 0;
  } catch {
    ctx.addIssue({ code: "custom", message: "A recording must be JSON." });
    return;
  }
  if (size > MAX_RECORDING_CHARS) ctx.addIssue({ code: "custom", message: `A recording is larger than ${MAX_RECORDING_CHARS / 1024 / 1024} MB of JSON.` });
});

export const deckExportSchema = z
  .object({
    format: z.literal(DECK_FORMAT, { error: `Not a Proofdeck deck export (format must be "${DECK_FORMAT}").` }),
    version: z.literal(DECK_FORMAT_VERSION, { error: `Unsupported export version (this app reads version ${DECK_FORMAT_VERSION}).` }),
    exportedAt: z.iso.datetime({ offset: true }).optional(),
    deck: z.object({
      slug: z.string().min(1).max(100).regex(/^[a-z0-9][a-z0-9-]*$/, "Malformed deck slug.").optional(),
      title: z.string().trim().min(1).max(200),
      description: z.string().max(5_000),
      newCardsPerDay: z.number().int().min(0).max(9_999),
      reviewsPerDay: z.number().int().min(0).max(99_999),
    }),
    notes: z
      .array(
        z.object({
          externalId,
          type: z.enum(NOTE_TYPES),
          front: text,
          back: text,
          tags,
          experimentId: experimentId.nullable().optional(),
          cards: z.array(z.object({ ordinal: z.number().int().min(0), externalId: externalId.optional(), position: position.optional() })).max(200),
        }),
      )
      .max(MAX_DECK_NOTES),
    /** Cards that belong to no note. */
    cards: z
      .array(z.object({ externalId, front: text, back: text, experimentId: experimentId.nullable().optional(), position: position.optional() }))
      .max(MAX_DECK_CARDS),
    media: z
      .array(
        z
          .object({
            sha256: z.string().regex(/^[0-9a-f]{64}$/, "A media sha256 must be 64 lower-case hex digits."),
            mime: z.enum(IMAGE_MIME_TYPES),
            data: base64.optional(),
            url: z.string().max(2_000).regex(/^(https?:\/\/|\/)/, "A media URL must be http(s) or start with /.").optional(),
          })
          .refine((m) => (m.data === undefined) !== (m.url === undefined), "Each media file needs exactly one of data (base64) or url."),
      )
      .max(MAX_DECK_MEDIA),
    // Registry experiments by id; an author's own with every frozen version and its recording (checked
    // by lib/experiments/transfer.ts when imported).
    experiments: z.array(z.object({ id: experimentId, recording: recording.optional(), versions: z.array(recording).min(1).max(50).optional() })).max(100),
  })
  .superRefine((deck, ctx) => {
    const seen = new Set<string>();
    const dup = (kind: string, id: string, path: (string | number)[]) => {
      const key = `${kind}:${id}`;
      if (seen.has(key)) ctx.addIssue({ code: "custom", path, message: `Duplicate ${kind} "${id}".` });
      seen.add(key);
    };
    deck.notes.forEach((n, i) => {
      dup("note externalId", n.externalId, ["notes", i, "externalId"]);
      const ordinals = new Set<number>();
      n.cards.forEach((c, j) => {
        if (ordinals.has(c.ordinal)) ctx.addIssue({ code: "custom", path: ["notes", i, "cards", j, "ordinal"], message: `Duplicate ordinal ${c.ordinal}.` });
        ordinals.add(c.ordinal);
        if (c.externalId) dup("card externalId", c.externalId, ["notes", i, "cards", j, "externalId"]);
      });
    });
    deck.cards.forEach((c, i) => dup("card externalId", c.externalId, ["cards", i, "externalId"]));
    deck.media.forEach((m, i) => dup("media", m.sha256, ["media", i, "sha256"]));
    deck.experiments.forEach((e, i) => dup("experiment", e.id, ["experiments", i, "id"]));
  });

export type DeckExport = z.output<typeof deckExportSchema>;

function describe(error: z.ZodError): string[] {
  return error.issues.slice(0, 20).map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message));
}

/** The export as JSON text (validated first: an invalid export throws). */
export function exportDeck(data: DeckExport): string {
  const parsed = deckExportSchema.safeParse(data);
  if (!parsed.success) throw new Error(`Invalid deck export: ${describe(parsed.error).join("; ")}`);
  return JSON.stringify(parsed.data, null, 2) + "\n";
}

/** Reads an export: the data, or the problems found (at most 20, each naming its path). */
export function parseDeckJson(text: string): { ok: true; data: DeckExport } | { ok: false; errors: string[] } {
  if (text.length > MAX_DECK_JSON_CHARS) return { ok: false, errors: [`The file is larger than ${MAX_DECK_JSON_CHARS / 1024 / 1024} MB.`] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`Not JSON: ${(e as Error).message}`] };
  }
  const parsed = deckExportSchema.safeParse(json);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, errors: describe(parsed.error) };
}
