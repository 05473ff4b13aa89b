// Reading an Anki package (.apkg): a zip holding the collection and its media.
// - Legacy packages: collection.anki2 (or .anki21 when present), an SQLite file of schema 11, and
//   `media`, JSON {"0": "name.png", …} naming the zip entries "0", "1", ….
// - Current packages (Anki 2.1.50+): `meta` (protobuf; version 3) says the collection is
//   collection.anki21b, Zstandard-compressed SQLite of schema 18; `media` is a compressed protobuf
//   list (entry i is zip entry "i" unless it names another), and each media file is compressed too.
//   The collection.anki2 beside it only says "please update Anki".
// This is the importer's edge: unzipping (lib/import/zip.ts, with its limits), decompressing
// (zstd.ts, bounded), SQLite (anki-collection.ts); the mapping to notes is anki-map.ts (pure).
// Only images that imported notes show are returned (sniffed: PNG, JPEG, GIF, WebP); sounds and
// everything else are left out and reported.
import { clozeOrdinals } from "../notes/cloze.ts";
import type { NoteInput, NoteType } from "../notes/schema.ts";
import { readCollection } from "./anki-collection.ts";
import { type AnkiNotetype, mapNote, planNotetype } from "./anki-map.ts";
import { formatSize, ImportError } from "./errors.ts";
import { pbMessages, pbNumber, pbString, readProtobuf } from "./protobuf.ts";
import { checkImage, type ImageMime, MAX_MEDIA_BYTES } from "./sniff.ts";
import { DEFAULT_ZIP_LIMITS, openZip, unsafeEntryName, type ZipArchive, type ZipLimits } from "./zip.ts";
import { decompressZstd, isZstd } from "./zstd.ts";

export interface AnkiLimits extends ZipLimits {
  /** Largest unpacked collection. */
  maxCollectionBytes: number;
  maxNotes: number;
  /** Largest image kept. */
  maxMediaBytes: number;
  /** Report entries kept (further ones are counted in `moreSkipped`). */
  maxReportEntries: number;
}

export const DEFAULT_ANKI_LIMITS: AnkiLimits = {
  ...DEFAULT_ZIP_LIMITS,
  maxCollectionBytes: 256 * 1024 * 1024,
  maxNotes: 20_000,
  maxMediaBytes: MAX_MEDIA_BYTES,
  maxReportEntries: 500,
};

export type AnkiFormat = "anki2" | "anki21" | "anki21b";

export interface AnkiSkipped {
  kind: "note type" | "note" | "sound" | "image" | "media" | "tag";
  /** What was skipped: a note type's name, a note's guid, a file name, a tag. */
  name: string;
  reason: string;
}

export interface AnkiImportReport {
  format: AnkiFormat;
  notesInPackage: number;
  cardsInPackage: number;
  imported: { notes: number; byType: Record<NoteType, number>; cards: number; media: number };
  skipped: AnkiSkipped[];
  /** Skipped items beyond maxReportEntries. */
  moreSkipped: number;
}

export interface AnkiImportedNote {
  /** The Anki note's guid. */
  externalId: string;
  note: NoteInput;
  /** Names of the media files the note shows (as proofdeck-media: placeholders). */
  media: string[];
}

export interface AnkiMediaFile {
  name: string;
  bytes: Uint8Array;
  mime: ImageMime;
}

export interface AnkiImport {
  notes: AnkiImportedNote[];
  media: AnkiMediaFile[];
  report: AnkiImportReport;
}

const COLLECTION: Record<AnkiFormat, string> = { anki2: "collection.anki2", anki21: "collection.anki21", anki21b: "collection.anki21b" };

async function packageFormat(zip: ZipArchive): Promise<AnkiFormat> {
  if (zip.has("meta")) {
    let version: number;
    try {
      version = pbNumber(readProtobuf(await zip.read("meta")), 1);
    } catch {
      throw new ImportError("The Anki package's meta file is damaged.");
    }
    if (version === 1) return "anki2";
    if (version === 2) return "anki21";
    if (version === 3) return "anki21b";
    throw new ImportError("The Anki package was made by a newer Anki than this importer knows (package version " + version + ").");
  }
  if (zip.has("collection.anki21")) return "anki21";
  if (zip.has("collection.anki2")) return "anki2";
  throw new ImportError("Not an Anki package: the zip has no collection.anki2, collection.anki21 or collection.anki21b.");
}

/** Media name → zip entry name. */
async function mediaMap(zip: ZipArchive, format: AnkiFormat): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  if (!zip.has("media")) return map;
  let raw = await zip.read("media");
  if (format === "anki21b") {
    raw = decompressZstd(raw, 64 * 1024 * 1024, "media list");
    try {
      pbMessages(readProtobuf(raw), 1).forEach((entry, index) => {
        const fields = readProtobuf(entry);
        const legacy = fields.find((f) => f.field === 255 && f.wire === 0);
        map.set(pbString(fields, 1), legacy ? String(legacy.value) : String(index));
      });
    } catch {
      throw new ImportError("The Anki package's media list is damaged.");
    }
    return map;
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw new ImportError("The Anki package's media list is not JSON.");
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new ImportError("The Anki package's media list is malformed.");
  for (const [entry, name] of Object.entries(json)) if (typeof name === "string") map.set(name, entry);
  return map;
}

export async function readApkg(bytes: Uint8Array, limitsIn: Partial<AnkiLimits> = {}): Promise<AnkiImport> {
  const limits = { ...DEFAULT_ANKI_LIMITS, ...limitsIn };
  const zip = await openZip(bytes, limits);
  const format = await packageFormat(zip);
  const collectionName = COLLECTION[format];
  if (!zip.has(collectionName)) throw new ImportError(`The Anki package has no ${collectionName}.`);
  if (format !== "anki21b" && zip.size(collectionName) > limits.maxCollectionBytes) {
    throw new ImportError(`The Anki collection unpacks to more than ${formatSize(limits.maxCollectionBytes)}.`, 413);
  }
  let collectionBytes = await zip.read(collectionName);
  if (format === "anki21b") collectionBytes = decompressZstd(collectionBytes, limits.maxCollectionBytes, "Anki collection");
  const collection = readCollection(collectionBytes, limits.maxNotes);
  collectionBytes = new Uint8Array(0);
  const media = await mediaMap(zip, format);

  const report: AnkiImportReport = {
    format,
    notesInPackage: collection.notes.length,
    cardsInPackage: collection.cards,
    imported: { notes: 0, byType: { BASIC: 0, REVERSED: 0, CLOZE: 0 }, cards: 0, media: 0 },
    skipped: [],
    moreSkipped: 0,
  };
  const skip = (s: AnkiSkipped) => {
    if (report.skipped.length < limits.maxReportEntries) report.skipped.push(s);
    else report.moreSkipped++;
  };

  const notetypes = new Map<string, AnkiNotetype>(collection.notetypes.map((nt) => [nt.id, nt]));
  const plans = new Map(collection.notetypes.map((nt) => [nt.id, planNotetype(nt)]));
  const skippedTypes = new Map<string, number>();
  const sounds = new Set<string>();
  const images = new Set<string>();
  const notes: AnkiImportedNote[] = [];
  const seenGuids = new Set<string>();
  for (const note of collection.notes) {
    const plan = plans.get(note.notetypeId);
    if (!plan) {
      skip({ kind: "note", name: note.guid, reason: "Its note type is missing from the package." });
      continue;
    }
    if (!plan.ok) {
      skippedTypes.set(note.notetypeId, (skippedTypes.get(note.notetypeId) ?? 0) + 1);
      continue;
    }
    if (seenGuids.has(note.guid)) {
      skip({ kind: "note", name: note.guid, reason: "Another note of the package has the same guid." });
      continue;
    }
    const mapped = mapNote(note, plan);
    if (!mapped.ok) {
      skip({ kind: "note", name: note.guid, reason: mapped.reason });
      continue;
    }
    seenGuids.add(note.guid);
    for (const s of mapped.sounds) sounds.add(s);
    for (const i of mapped.images) images.add(i);
    for (const d of mapped.dropped) skip({ kind: "image", name: note.guid, reason: `An ${d} was left out.` });
    for (const t of mapped.tagsDropped) skip({ kind: "tag", name: t, reason: `Note ${note.guid} has more tags than a note may have.` });
    notes.push({ externalId: mapped.externalId, note: mapped.note, media: mapped.images });
    report.imported.notes++;
    report.imported.byType[mapped.note.type]++;
  }
  for (const [id, count] of skippedTypes) {
    const plan = plans.get(id)!;
    skip({ kind: "note type", name: notetypes.get(id)!.name, reason: `${count} note${count === 1 ? "" : "s"} skipped: ${plan.ok ? "" : plan.reason}` });
  }
  for (const s of sounds) skip({ kind: "sound", name: s, reason: "Cards have no audio: the [sound:…] reference was left out." });

  const files: AnkiMediaFile[] = [];
  for (const name of images) {
    const entry = media.get(name);
    if (entry === undefined || !zip.has(entry)) {
      skip({ kind: "media", name, reason: "The image is not in the package." });
      continue;
    }
    if (unsafeEntryName(name) || name.includes("/")) {
      skip({ kind: "media", name, reason: "The file name is not safe." });
      continue;
    }
    let data = await zip.read(entry);
    if (format === "anki21b" && isZstd(data)) {
      try {
        data = decompressZstd(data, limits.maxMediaBytes, "image");
      } catch (e) {
        skip({ kind: "media", name, reason: (e as Error).message });
        continue;
      }
    }
    const check = checkImage(data, limits.maxMediaBytes);
    if (!check.ok) {
      skip({ kind: "media", name, reason: check.reason });
      continue;
    }
    files.push({ name, bytes: data, mime: check.mime });
  }
  report.imported.media = files.length;
  report.imported.cards = notes.reduce((n, { note }) => n + cardCount(note), 0);
  return { notes, media: files, report };
}

function cardCount(note: NoteInput): number {
  if (note.type === "BASIC") return 1;
  if (note.type === "REVERSED") return 2;
  return clozeOrdinals(note.front).length;
}
