// Anki packages built in the test, as Anki writes them: legacy collections (schema 11: col with
// the note types as JSON in col.models, notes with fields joined by \x1f, cards, revlog, graves)
// zipped with a JSON media map; and current ones (collection.anki21b: schema 18 with notetypes,
// fields and templates holding protobuf configs, names collated `unicase`, the whole file
// Zstandard-compressed; a protobuf `meta`; a compressed protobuf media list; compressed media
// files; and the "please update" collection.anki2 beside it).
import { compress, init as initZstd } from "@bokuweb/zstd-wasm";
import Database from "better-sqlite3";
import { zipSync } from "fflate";
import { writeProtobuf } from "../../lib/import/protobuf.ts";

export type FixtureModel = "basic" | "reversed" | "optional" | "cloze" | "three";

export interface FixtureNote {
  guid: string;
  model: FixtureModel;
  fields: string[];
  /** Anki's form: " tag1 tag2 ". */
  tags?: string;
}

interface Model {
  id: number;
  name: string;
  type: 0 | 1;
  flds: string[];
  tmpls: Array<{ name: string; qfmt: string; afmt: string }>;
}

const answer = (field: string) => `{{FrontSide}}\n\n<hr id=answer>\n\n{{${field}}}`;

export const MODELS: Record<FixtureModel, Model> = {
  basic: { id: 1_700_000_000_001, name: "Basic", type: 0, flds: ["Front", "Back"], tmpls: [{ name: "Card 1", qfmt: "{{Front}}", afmt: answer("Back") }] },
  reversed: {
    id: 1_700_000_000_002,
    name: "Basic (and reversed card)",
    type: 0,
    flds: ["Front", "Back"],
    tmpls: [
      { name: "Card 1", qfmt: "{{Front}}", afmt: answer("Back") },
      { name: "Card 2", qfmt: "{{Back}}", afmt: answer("Front") },
    ],
  },
  optional: {
    id: 1_700_000_000_003,
    name: "Basic (optional reversed card)",
    type: 0,
    flds: ["Front", "Back", "Add Reverse"],
    tmpls: [
      { name: "Card 1", qfmt: "{{Front}}", afmt: answer("Back") },
      { name: "Card 2", qfmt: "{{#Add Reverse}}{{Back}}{{/Add Reverse}}", afmt: answer("Front") },
    ],
  },
  cloze: {
    id: 1_700_000_000_004,
    name: "Cloze",
    type: 1,
    flds: ["Text", "Back Extra"],
    tmpls: [{ name: "Cloze", qfmt: "{{cloze:Text}}", afmt: "{{cloze:Text}}<br>\n{{Back Extra}}" }],
  },
  three: {
    id: 1_700_000_000_005,
    name: "Three sides",
    type: 0,
    flds: ["A", "B", "C"],
    tmpls: [
      { name: "A", qfmt: "{{A}}", afmt: answer("B") },
      { name: "B", qfmt: "{{B}}", afmt: answer("C") },
      { name: "C", qfmt: "{{C}}", afmt: answer("A") },
    ],
  },
};

/** A 1×1 PNG. */
export const PNG_1X1 = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));
/** The start of an MP3 (ID3 tag). */
export const MP3_BYTES = Uint8Array.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfb, 0x90, 0x00]);

const SCHEMA_11 = `
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null, ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null, models text not null, decks text not null, dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null, usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null, mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null, ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null, odue integer not null, odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null, ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
`;

// Schema 18 as Anki leaves it: the note type tables (names collated `unicase`, patched in below
// since that collation only exists inside Anki), v18 graves, and col.models emptied.
const SCHEMA_18_EXTRA = `
DROP TABLE graves;
CREATE TABLE graves (oid integer NOT NULL, type integer NOT NULL, usn integer NOT NULL, PRIMARY KEY (oid, type)) WITHOUT ROWID;
CREATE TABLE fields (ntid integer not null, ord integer not null, name text not null collate  nocase, config blob not null, primary key (ntid, ord)) without rowid;
CREATE UNIQUE INDEX idx_fields_name_ntid on fields (name, ntid);
CREATE TABLE templates (ntid integer not null, ord integer not null, name text not null collate  nocase, mtime_secs integer not null, usn integer not null, config blob not null, primary key (ntid, ord)) without rowid;
CREATE UNIQUE INDEX idx_templates_name_ntid on templates (name, ntid);
CREATE TABLE notetypes (id integer not null primary key, name text not null collate  nocase, mtime_secs integer not null, usn integer not null, config blob not null);
CREATE UNIQUE INDEX idx_notetypes_name on notetypes (name);
CREATE TABLE decks (name text not null primary key collate  nocase, id integer not null, mtime_secs integer not null, usn integer not null, common blob not null, kind blob not null);
CREATE TABLE deck_config (id integer primary key not null, name text not null, mtime_secs integer not null, usn integer not null, config blob not null);
CREATE TABLE config (KEY text not null primary key, usn integer not null, mtime_secs integer not null, val blob not null) without rowid;
CREATE TABLE tags (tag text not null primary key collate  nocase, usn integer not null, collapsed boolean not null, config blob null) without rowid;
`;

function cardOrdinals(note: FixtureNote): number[] {
  const model = MODELS[note.model];
  if (model.type === 1) {
    const numbers = new Set([...note.fields[0].matchAll(/\{\{c(\d+)::/g)].map((m) => Number(m[1]) - 1));
    return [...numbers].sort((a, b) => a - b);
  }
  if (note.model === "optional") return note.fields[2]?.trim() ? [0, 1] : [0];
  return model.tmpls.map((_, i) => i);
}

function collection(notes: FixtureNote[], schema: 11 | 18): Uint8Array {
  const db = new Database(":memory:");
  db.exec(SCHEMA_11);
  const models: Record<string, unknown> = {};
  for (const m of Object.values(MODELS)) {
    models[String(m.id)] = {
      id: m.id,
      name: m.name,
      type: m.type,
      mod: 1_700_000_000,
      usn: -1,
      sortf: 0,
      did: 1,
      tmpls: m.tmpls.map((t, ord) => ({ name: t.name, ord, qfmt: t.qfmt, afmt: t.afmt, bqfmt: "", bafmt: "", did: null, bfont: "", bsize: 0 })),
      flds: m.flds.map((name, ord) => ({ name, ord, sticky: false, rtl: false, font: "Arial", size: 20, media: [] })),
      css: ".card { font-family: arial; }",
      latexPre: "",
      latexPost: "",
      tags: [],
      vers: [],
      req: [],
    };
  }
  const decks = { "1": { id: 1, name: "Default", mod: 0, usn: 0, collapsed: false, desc: "", dyn: 0, conf: 1 } };
  db.prepare("INSERT INTO col VALUES (1, 1700000000, 1700000000000, 1700000000000, ?, 0, 0, 0, '{}', ?, ?, '{}', '{}')").run(
    schema,
    schema === 11 ? JSON.stringify(models) : "{}",
    schema === 11 ? JSON.stringify(decks) : "{}",
  );
  const insertNote = db.prepare("INSERT INTO notes VALUES (?, ?, ?, 1700000000, -1, ?, ?, ?, 0, 0, '')");
  const insertCard = db.prepare("INSERT INTO cards VALUES (?, ?, 1, ?, 1700000000, -1, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, '')");
  let cardId = 1_700_000_100_000;
  notes.forEach((note, i) => {
    const id = 1_700_000_050_000 + i;
    insertNote.run(id, note.guid, MODELS[note.model].id, note.tags ?? "", note.fields.join("\x1f"), note.fields[0]);
    for (const ord of cardOrdinals(note)) insertCard.run(cardId++, id, ord, i);
  });
  if (schema === 18) {
    db.exec(SCHEMA_18_EXTRA);
    const nt = db.prepare("INSERT INTO notetypes VALUES (?, ?, 1700000000, -1, ?)");
    const fld = db.prepare("INSERT INTO fields VALUES (?, ?, ?, ?)");
    const tpl = db.prepare("INSERT INTO templates VALUES (?, ?, ?, 1700000000, -1, ?)");
    for (const m of Object.values(MODELS)) {
      // Notetype.Config: kind = 1, css = 3; Field.Config: font_name = 3; Template.Config: q_format = 1, a_format = 2.
      nt.run(m.id, m.name, writeProtobuf([...(m.type === 1 ? ([[1, 1]] as Array<[number, number]>) : []), [3, ".card {}"]]));
      m.flds.forEach((name, ord) => fld.run(m.id, ord, name, writeProtobuf([[3, "Arial"]])));
      m.tmpls.forEach((t, ord) => tpl.run(m.id, ord, t.name, writeProtobuf([[1, t.qfmt], [2, t.afmt]])));
    }
    db.prepare("INSERT INTO decks VALUES ('Default', 1, 1700000000, -1, x'', x'')").run();
  }
  let bytes = db.serialize();
  db.close();
  if (schema === 18) {
    // "collate  nocase" and "collate unicase" have the same length: patch the schema text in place.
    const text = Buffer.from(bytes);
    const from = Buffer.from("collate  nocase");
    const to = Buffer.from("collate unicase");
    for (let at = text.indexOf(from); at >= 0; at = text.indexOf(from, at + 1)) to.copy(text, at);
    bytes = text;
  }
  return Uint8Array.from(bytes);
}

export const legacyCollection = (notes: FixtureNote[]) => collection(notes, 11);
export const schema18Collection = (notes: FixtureNote[]) => collection(notes, 18);

let zstdReady: Promise<void> | null = null;
export async function zstd(bytes: Uint8Array): Promise<Uint8Array> {
  zstdReady ??= initZstd();
  await zstdReady;
  return Uint8Array.from(compress(bytes, 3));
}

export interface PackageSpec {
  format: "anki2" | "anki21" | "anki21b";
  notes: FixtureNote[];
  media?: Record<string, Uint8Array>;
}

/** An .apkg as Anki exports it in the given format. */
export async function buildApkg(spec: PackageSpec): Promise<Uint8Array> {
  const media = Object.entries(spec.media ?? {});
  const files: Record<string, Uint8Array> = {};
  if (spec.format === "anki21b") {
    files.meta = writeProtobuf([[1, 3]]);
    files["collection.anki21b"] = await zstd(schema18Collection(spec.notes));
    files["collection.anki2"] = legacyCollection([{ guid: "dummy", model: "basic", fields: ["Please update to the latest Anki version, then import the .colpkg/.apkg file again.", ""] }]);
    const entries = media.map(([name, bytes]) => [1, writeProtobuf([[1, name], [2, bytes.length], [3, new Uint8Array(20)]])] as [number, Uint8Array]);
    files.media = await zstd(writeProtobuf(entries));
    for (const [i, [, bytes]] of media.entries()) files[String(i)] = await zstd(bytes);
  } else {
    files[spec.format === "anki21" ? "collection.anki21" : "collection.anki2"] = legacyCollection(spec.notes);
    if (spec.format === "anki21") files["collection.anki2"] = legacyCollection([]);
    files.media = new TextEncoder().encode(JSON.stringify(Object.fromEntries(media.map(([name], i) => [String(i), name]))));
    for (const [i, [, bytes]] of media.entries()) files[String(i)] = bytes;
  }
  return zipSync(files);
}

/** A zip of the given files (for the refusal tests). */
export function zipOf(files: Record<string, Uint8Array | string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === "string" ? new TextEncoder().encode(v) : v])));
}
