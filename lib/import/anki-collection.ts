// An Anki collection (SQLite bytes) → its note types and notes as plain rows. Opened in memory
// (better-sqlite3 deserializes the bytes: no temporary file), query-only, in SQLite's defensive
// mode with trusted_schema off, and only after checking that the tables read are real tables (a
// hostile file could make `notes` a view that never finishes). Two schemas:
// - 11 (collection.anki2 / .anki21): note types are the JSON of col.models;
// - 18 (collection.anki21b): tables notetypes, fields, templates, with protobuf configs
//   (Notetype.Config kind = 1 is cloze; Template.Config q_format = 1, a_format = 2).
import Database from "better-sqlite3";
import { z } from "zod";
import type { AnkiNote, AnkiNotetype } from "./anki-map.ts";
import { ImportError } from "./errors.ts";
import { pbNumber, pbString, readProtobuf } from "./protobuf.ts";

export interface AnkiCollection {
  schema: number;
  notetypes: AnkiNotetype[];
  notes: AnkiNote[];
  cards: number;
}

const legacyModels = z.record(
  z.string(),
  z.object({
    id: z.union([z.number(), z.string()]),
    name: z.string(),
    type: z.number().optional(),
    flds: z.array(z.object({ name: z.string(), ord: z.number() })),
    tmpls: z.array(z.object({ name: z.string(), ord: z.number().nullable().optional(), qfmt: z.string(), afmt: z.string() })),
  }),
);

function readLegacyNotetypes(db: Database.Database): AnkiNotetype[] {
  const row = db.prepare("SELECT models FROM col LIMIT 1").get() as { models: string } | undefined;
  if (!row) throw new ImportError("The Anki collection is empty (no col row).");
  let json: unknown;
  try {
    json = JSON.parse(row.models);
  } catch {
    throw new ImportError("The Anki collection's note types are not JSON.");
  }
  const parsed = legacyModels.safeParse(json);
  if (!parsed.success) throw new ImportError("The Anki collection's note types are malformed.");
  return Object.entries(parsed.data).map(([key, m]) => ({
    id: String(key),
    name: m.name,
    cloze: m.type === 1,
    fields: [...m.flds].sort((a, b) => a.ord - b.ord).map((f) => f.name),
    templates: m.tmpls
      .map((t, i) => ({ ...t, ord: t.ord ?? i }))
      .sort((a, b) => a.ord - b.ord)
      .map((t) => ({ name: t.name, qfmt: t.qfmt, afmt: t.afmt })),
  }));
}

function readNotetypes18(db: Database.Database): AnkiNotetype[] {
  const types = db.prepare("SELECT CAST(id AS TEXT) AS id, name, config FROM notetypes ORDER BY id").all() as Array<{ id: string; name: string; config: Buffer }>;
  const fields = db.prepare("SELECT CAST(ntid AS TEXT) AS ntid, ord, name FROM fields ORDER BY ntid, ord").all() as Array<{ ntid: string; ord: number; name: string }>;
  const templates = db.prepare("SELECT CAST(ntid AS TEXT) AS ntid, ord, name, config FROM templates ORDER BY ntid, ord").all() as Array<{ ntid: string; ord: number; name: string; config: Buffer }>;
  return types.map((t) => {
    const config = readProtobuf(t.config ?? new Uint8Array());
    return {
      id: t.id,
      name: t.name,
      cloze: pbNumber(config, 1) === 1,
      fields: fields.filter((f) => f.ntid === t.id).map((f) => f.name),
      templates: templates
        .filter((x) => x.ntid === t.id)
        .map((x) => {
          const c = readProtobuf(x.config ?? new Uint8Array());
          return { name: x.name, qfmt: pbString(c, 1), afmt: pbString(c, 2) };
        }),
    };
  });
}

/** Anki declares names `COLLATE unicase`, a collation registered only inside Anki; SQLite refuses to
 *  read such tables without it (and better-sqlite3 cannot register collations). The copy is in
 *  memory, so its schema text is rewritten to NOCASE (case-insensitive too) before anything is read;
 *  defensive mode is off only for this fixed statement. */
function useNocaseForUnicase(db: Database.Database): void {
  const rows = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql LIKE '%unicase%'").all() as Array<{ type: string; name: string; sql: string }>;
  if (rows.length === 0) return;
  db.unsafeMode(true);
  try {
    db.pragma("writable_schema = ON");
    const update = db.prepare("UPDATE sqlite_master SET sql = ? WHERE type = ? AND name = ?");
    for (const r of rows) update.run(r.sql.replace(/collate\s+unicase/gi, "COLLATE NOCASE"), r.type, r.name);
    db.pragma("writable_schema = RESET");
  } finally {
    db.unsafeMode(false);
  }
}

export function readCollection(bytes: Uint8Array, maxNotes: number): AnkiCollection {
  const header = new TextDecoder().decode(bytes.subarray(0, 16));
  if (header !== "SQLite format 3\0") throw new ImportError("The Anki collection is not an SQLite database.");
  let db: Database.Database;
  try {
    db = new Database(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new ImportError(`The Anki collection cannot be opened (${(e as Error).message}).`);
  }
  try {
    db.pragma("trusted_schema = OFF");
    useNocaseForUnicase(db);
    db.pragma("query_only = ON");
    const kinds = new Map(
      (db.prepare("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')").all() as Array<{ name: string; type: string }>).map((r) => [r.name, r.type]),
    );
    const schema18 = kinds.has("notetypes");
    const needed = ["col", "notes", "cards", ...(schema18 ? ["notetypes", "fields", "templates"] : [])];
    for (const t of needed) {
      if (kinds.get(t) !== "table") throw new ImportError(`The Anki collection has no "${t}" table.`);
    }
    const ver = (db.prepare("SELECT ver FROM col LIMIT 1").get() as { ver: number } | undefined)?.ver ?? 0;
    const notetypes = schema18 ? readNotetypes18(db) : readLegacyNotetypes(db);
    const count = (db.prepare("SELECT count(*) AS n FROM notes").get() as { n: number }).n;
    if (count > maxNotes) {
      throw new ImportError(`The package has ${count.toLocaleString("en")} notes; at most ${maxNotes.toLocaleString("en")} can be imported at once.`, 413);
    }
    const rows = db.prepare("SELECT CAST(id AS TEXT) AS id, guid, CAST(mid AS TEXT) AS mid, tags, flds FROM notes ORDER BY id").all() as Array<{
      id: string;
      guid: string;
      mid: string;
      tags: string;
      flds: string;
    }>;
    const notes = rows.map((r) => ({ id: r.id, guid: String(r.guid ?? ""), notetypeId: r.mid, fields: String(r.flds ?? "").split("\x1f"), tags: String(r.tags ?? "") }));
    const cards = (db.prepare("SELECT count(*) AS n FROM cards").get() as { n: number }).n;
    return { schema: ver, notetypes, notes, cards };
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(`The Anki collection is damaged (${(e as Error).message}).`);
  } finally {
    db.close();
  }
}
