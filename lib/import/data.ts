// Imports and exports wired to the data layer (issue #10). The pure readers (csv.ts,
// deck-json.ts, anki.ts) turn a file into note inputs and a report; this module writes them.
//
// - Each import is ONE transaction: a bad file, a note that fails validation, or any failure
//   midway changes nothing in the database. Notes are validated and rendered (prepareNote)
//   before the transaction starts, so no Markdown runs while it holds its locks.
// - Media are content-addressed (lib/media/store.ts): each image's sha256 is computed first, the
//   notes' `proofdeck-media:` placeholders are rewritten to /media/<sha256> (resolveMediaRefs),
//   and the files and Media rows are written inside the transaction. A file left on disk by a
//   failed import is harmless: it is named by its content and has no row.
// - Notes keep their externalId (an Anki guid, a deck export's ids): importing the same file again
//   updates the notes whose text changed (their cards keep their ids, so every learner's schedule)
//   and leaves the others alone; the report says created / updated / unchanged / skipped.
// - Who may call these is checked by the entry point (lib/decks/access.ts deckForEditing); the
//   functions here check only that the deck exists and is not archived.
import { createHash } from "node:crypto";
import type { Db } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { createDeck } from "../decks/authoring.ts";
import type { Viewer } from "../decks/access.ts";
import { DECK_NOT_FOUND } from "../decks/access.ts";
import { renderedCardFields } from "../decks/cards.ts";
import { DomainError } from "../errors.ts";
import { readBodyBytes } from "../http/boundary.ts";
import { mediaDecision, mediaUrl, readMedia, storeMedia } from "../media/store.ts";
import { createNote, prepareNote, updateNote, type PreparedNote, type Tx } from "../notes/data.ts";
import type { NoteInput } from "../notes/schema.ts";
import { tagsFromStorage, tagsToStorage } from "../notes/tags.ts";
import type { AnkiImport, AnkiSkipped } from "./anki.ts";
import { formatSize } from "./errors.ts";
import { DECK_FORMAT, DECK_FORMAT_VERSION, type DeckExport } from "./deck-json.ts";
import { resolveMediaRefs } from "./media-refs.ts";
import { exportExperiments, importExperiments, type ExportedExperiment } from "../experiments/transfer.ts";

const TX_OPTIONS = { maxWait: 10_000, timeout: 120_000 } as const;

export interface ImportSkip {
  /** What was skipped: a CSV row ("row 4"), a note's external id, a file name. */
  item: string;
  reason: string;
}

export interface ImportReport {
  deckId: string;
  /** Notes made by this import. */
  created: number;
  /** Notes already in the deck (same external id) whose text changed. */
  updated: number;
  /** Notes already in the deck, identical. */
  unchanged: number;
  /** Cards made (new notes' cards, new ordinals of updated notes, cards without notes). */
  cards: number;
  /** Images stored (or already stored) for this import. */
  media: number;
  skipped: ImportSkip[];
}

/** Where an import goes: an existing deck, or a new one owned by the importer. */
export type ImportTarget = { deckId: string } | { newDeck: { title: string; description?: string; newCardsPerDay?: number; reviewsPerDay?: number } };

interface ImportItem {
  externalId?: string;
  prepared: PreparedNote;
  experimentId?: string | null;
  cards?: ReadonlyArray<{ ordinal: number; externalId?: string; position?: number }>;
  /** For the report: how to name this note when it is skipped. */
  label: string;
}

interface LooseCard {
  externalId: string;
  front: string;
  back: string;
  experimentId?: string | null;
  position?: number;
}

const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** prepareNote, naming the note in the error (the whole import is refused). */
function prepare(note: unknown, label: string): PreparedNote {
  try {
    return prepareNote(note);
  } catch (err) {
    if (err instanceof DomainError) throw new DomainError(400, `${label}: ${err.message}`, { ...err.details, item: label });
    throw err;
  }
}

const sameText = (a: { type: string; front: string; back: string; tags: string }, b: NoteInput) =>
  a.type === b.type && a.front === b.front && a.back === b.back && a.tags === tagsToStorage(b.tags);

/** One transaction; a key already taken in the deck (a card's external id) is a 409, nothing written. */
async function inTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.$transaction(fn, TX_OPTIONS);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new DomainError(409, "The deck already has a card or note with an external id this file uses; nothing was imported.");
    }
    throw err;
  }
}

/** The deck the import writes to: the given one (not archived), or a new one for `user`. */
async function targetDeck(tx: Tx, user: Viewer, target: ImportTarget): Promise<{ id: string; isNew: boolean }> {
  if ("deckId" in target) {
    const { count } = await tx.deck.updateMany({ where: { id: target.deckId, archivedAt: null }, data: { updatedAt: new Date() } });
    if (count === 0) throw new DomainError(404, DECK_NOT_FOUND);
    return { id: target.deckId, isNew: false };
  }
  // createDeck only creates a row: it runs inside this transaction.
  const deck = await createDeck(tx as unknown as Db, user, target.newDeck);
  return { id: deck.id, isNew: true };
}

/** Writes prepared notes (and loose cards) into the target deck, in one transaction. */
async function writeImport(
  db: Db, user: Viewer, target: ImportTarget, items: ImportItem[], media: Uint8Array[], loose: LooseCard[] = [], skipped: ImportSkip[] = [],
  experiments: readonly ExportedExperiment[] = [],
): Promise<ImportReport> {
  return inTx(db, async (tx) => {
    const deck = await targetDeck(tx, user, target);
    const report: ImportReport = { deckId: deck.id, created: 0, updated: 0, unchanged: 0, cards: 0, media: 0, skipped: [...skipped] };
    // Experiments first: what each cited id becomes for this importer (never someone else's).
    const cited = [...items, ...loose].flatMap((x) => (x.experimentId ? [x.experimentId] : []));
    const experimentsOf = await importExperiments(tx, user.id, experiments, cited);
    for (const [id, reason] of experimentsOf.dropped) report.skipped.push({ item: id, reason });
    items = items.map((x) => ({ ...x, experimentId: experimentsOf.resolve(x.experimentId) }));
    loose = loose.map((x) => ({ ...x, experimentId: experimentsOf.resolve(x.experimentId) }));
    for (const bytes of media) {
      await storeMedia(tx as unknown as Db, user.id, bytes);
      report.media++;
    }
    for (const item of items) {
      const existing = item.externalId
        ? await tx.note.findUnique({
            where: { deckId_externalId: { deckId: deck.id, externalId: item.externalId } },
            select: { id: true, type: true, front: true, back: true, tags: true, archivedAt: true },
          })
        : null;
      if (!existing) {
        // Positions are kept only in a new deck; in an existing one the cards go after the others.
        const cards = deck.isNew ? item.cards : item.cards?.map(({ ordinal, externalId }) => ({ ordinal, externalId }));
        const made = await createNote(tx, deck.id, item.prepared, { externalId: item.externalId, experimentId: item.experimentId ?? null, cards });
        report.created++;
        report.cards += made.cards.length;
      } else if (existing.archivedAt) {
        report.skipped.push({ item: item.label, reason: "This note is archived in the deck; restore it to import it again." });
      } else if (sameText(existing, item.prepared.note)) {
        report.unchanged++;
      } else {
        const { changes } = await updateNote(tx, existing.id, item.prepared);
        report.updated++;
        report.cards += changes.created.length;
      }
    }
    if (loose.length) {
      let next = ((await tx.card.aggregate({ where: { deckId: deck.id }, _max: { position: true } }))._max.position ?? 0) + 1;
      for (const c of loose) {
        const found = await tx.card.findUnique({ where: { deckId_externalId: { deckId: deck.id, externalId: c.externalId } }, select: { id: true, front: true, back: true, noteId: true } });
        if (found) {
          if (found.noteId) report.skipped.push({ item: c.externalId, reason: "A card of a note already has this external id." });
          else if (found.front !== c.front || found.back !== c.back) {
            await tx.card.update({ where: { id: found.id }, data: renderedCardFields(c.front, c.back) });
          }
          continue;
        }
        await tx.card.create({
          data: {
            ...renderedCardFields(c.front, c.back), deckId: deck.id, externalId: c.externalId, experimentId: c.experimentId ?? null,
            position: deck.isNew && c.position !== undefined ? c.position : next++,
          },
          select: { id: true },
        });
        report.cards++;
      }
    }
    return report;
  });
}

// ---------------------------------------------------------------------------------
// CSV

/** Creates the accepted rows of a CSV report (lib/import/csv.ts parseCsv) as new notes of the deck. */
export async function importCsv(
  db: Db, user: Viewer, deckId: string, accepted: ReadonlyArray<{ row: number; note: NoteInput }>,
  rejected: ReadonlyArray<{ row: number; reason: string }> = [],
): Promise<ImportReport> {
  if (accepted.length === 0) throw new DomainError(422, "No row of the file can be imported.", { skipped: rejected.map((r) => ({ item: `row ${r.row}`, reason: r.reason })) });
  const items = accepted.map(({ row, note }) => ({ prepared: prepare(note, `Row ${row}`), label: `row ${row}` }));
  return writeImport(db, user, { deckId }, items, [], [], rejected.map((r) => ({ item: `row ${r.row}`, reason: r.reason })));
}

// ---------------------------------------------------------------------------------
// Deck JSON

/** Imports a deck export (parseDeckJson's data) into a new deck (default) or an existing one. */
export async function importDeckJson(db: Db, user: Viewer, data: DeckExport, opts: { intoDeckId?: string } = {}): Promise<ImportReport> {
  const skipped: ImportSkip[] = [];
  const media: Uint8Array[] = [];
  for (const m of data.media) {
    if (m.data === undefined) {
      skipped.push({ item: m.sha256, reason: "The export names this image by URL only; it was not fetched." });
      continue;
    }
    const bytes = new Uint8Array(Buffer.from(m.data, "base64"));
    if (sha256Of(bytes) !== m.sha256) throw new DomainError(400, `media ${m.sha256}: the data does not match its sha256.`);
    const decision = mediaDecision(bytes);
    if (!decision.ok) throw new DomainError(400, `media ${m.sha256}: ${decision.reason}`);
    media.push(bytes);
  }
  const items: ImportItem[] = data.notes.map((n, i) => ({
    externalId: n.externalId,
    prepared: prepare({ type: n.type, front: n.front, back: n.back, tags: n.tags }, `notes.${i} (${n.externalId})`),
    experimentId: n.experimentId ?? null,
    cards: n.cards,
    label: n.externalId,
  }));
  const target: ImportTarget = opts.intoDeckId
    ? { deckId: opts.intoDeckId }
    : { newDeck: { title: data.deck.title, description: data.deck.description, newCardsPerDay: data.deck.newCardsPerDay, reviewsPerDay: data.deck.reviewsPerDay } };
  return writeImport(db, user, target, items, media, data.cards, skipped, data.experiments);
}

// ---------------------------------------------------------------------------------
// Anki

const ankiSkip = (s: AnkiSkipped): ImportSkip => ({ item: `${s.kind} ${s.name}`, reason: s.reason });

/** Imports what readApkg read: images stored as Media, notes keyed by their Anki guid. */
export async function importApkg(db: Db, user: Viewer, target: ImportTarget, anki: AnkiImport): Promise<ImportReport> {
  const urls = new Map<string, string>();
  for (const file of anki.media) urls.set(file.name, mediaUrl(sha256Of(file.bytes)));
  const resolve = (name: string) => urls.get(name);
  const items: ImportItem[] = anki.notes.map(({ externalId, note }) => ({
    externalId,
    prepared: prepare({ ...note, front: resolveMediaRefs(note.front, resolve), back: resolveMediaRefs(note.back, resolve) }, `Anki note ${externalId}`),
    label: externalId,
  }));
  const skipped = anki.report.skipped.map(ankiSkip);
  if (anki.report.moreSkipped) skipped.push({ item: "…", reason: `${anki.report.moreSkipped} more items were skipped.` });
  return writeImport(db, user, target, items, anki.media.map((m) => m.bytes), [], skipped);
}

// ---------------------------------------------------------------------------------
// Export

const MEDIA_URL = /\/media\/([0-9a-f]{64})/g;

/** The deck as a deck export (lib/import/deck-json.ts), live notes and cards, images inline (base64). */
export async function exportDeck(db: Db, deckId: string, now: Date = new Date()): Promise<DeckExport> {
  const deck = await db.deck.findUnique({
    where: { id: deckId },
    select: { slug: true, title: true, description: true, newCardsPerDay: true, reviewsPerDay: true, archivedAt: true },
  });
  if (!deck || deck.archivedAt) throw new DomainError(404, DECK_NOT_FOUND);
  const notes = await db.note.findMany({
    where: { deckId, archivedAt: null },
    select: {
      externalId: true, type: true, front: true, back: true, tags: true, experimentId: true, createdAt: true,
      cards: { where: { archivedAt: null }, select: { ordinal: true, externalId: true, position: true }, orderBy: { ordinal: "asc" } },
    },
  });
  const firstPosition = (n: (typeof notes)[number]) => (n.cards.length ? Math.min(...n.cards.map((c) => c.position)) : Number.MAX_SAFE_INTEGER);
  notes.sort((a, b) => firstPosition(a) - firstPosition(b) || a.externalId.localeCompare(b.externalId));
  const loose = await db.card.findMany({
    where: { deckId, noteId: null, archivedAt: null },
    select: { externalId: true, front: true, back: true, experimentId: true, position: true },
    orderBy: { position: "asc" },
  });
  const shas = new Set<string>();
  for (const t of [...notes, ...loose]) for (const text of [t.front, t.back]) for (const m of text.matchAll(MEDIA_URL)) shas.add(m[1]);
  const media: DeckExport["media"] = [];
  for (const sha256 of [...shas].sort()) {
    const found = await readMedia(db, sha256);
    if (!found) continue;
    media.push({ sha256, mime: found.mime as DeckExport["media"][number]["mime"], data: Buffer.from(found.body).toString("base64") });
  }
  return {
    format: DECK_FORMAT,
    version: DECK_FORMAT_VERSION,
    exportedAt: now.toISOString(),
    deck: { slug: deck.slug, title: deck.title, description: deck.description, newCardsPerDay: deck.newCardsPerDay, reviewsPerDay: deck.reviewsPerDay },
    notes: notes.map((n) => ({
      externalId: n.externalId,
      type: n.type,
      front: n.front,
      back: n.back,
      tags: tagsFromStorage(n.tags),
      experimentId: n.experimentId,
      cards: n.cards,
    })),
    cards: loose,
    media,
    experiments: await exportExperiments(db, [...notes, ...loose].flatMap((x) => (x.experimentId ? [x.experimentId] : []))),
  };
}

// ---------------------------------------------------------------------------------
// Reading an uploaded file (entry points)

/** Largest .apkg accepted over HTTP. */
export const MAX_APKG_UPLOAD_BYTES = 100 * 1024 * 1024;
/** Largest deck export accepted over HTTP. */
export const MAX_JSON_UPLOAD_BYTES = 100 * 1024 * 1024;
/** Room for a multipart body's headers around the file. */
const MULTIPART_SLACK = 64 * 1024;

/**
 * The uploaded file's bytes: the `file` field of a multipart/form-data body, or the whole body
 * otherwise (when `raw` allows it); bounded while it streams in (413 past `limit`).
 */
export async function uploadedImportFile(req: Request, limit: number, what: string, raw = true): Promise<{ bytes: Uint8Array; name: string }> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  const tooLarge = `The ${what} is larger than ${formatSize(limit)}.`;
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readBodyBytes(req, limit + (type === "multipart/form-data" ? MULTIPART_SLACK : 0));
  } catch (err) {
    if (err instanceof DomainError && err.status === 413) throw new DomainError(413, tooLarge, { fields: { file: tooLarge } });
    throw err;
  }
  if (type !== "multipart/form-data") {
    if (!raw) throw new DomainError(415, `Send the ${what} as multipart/form-data with a field named file.`);
    if (body.length === 0) throw new DomainError(400, `Choose a ${what} to import.`, { fields: { file: `Choose a ${what} to import.` } });
    return { bytes: body, name: "" };
  }
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": req.headers.get("content-type")! } }).formData();
  } catch {
    throw new DomainError(400, `Send the ${what} as multipart/form-data with a field named file.`);
  }
  const file = form.get("file");
  if (!(file instanceof Blob) || file.size === 0) throw new DomainError(400, `Choose a ${what} to import.`, { fields: { file: `Choose a ${what} to import.` } });
  if (file.size > limit) throw new DomainError(413, tooLarge, { fields: { file: tooLarge } });
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file instanceof File ? file.name : "" };
}
