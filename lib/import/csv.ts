// CSV / TSV import: text → note inputs, with a preview and a report of every row refused.
// Parsing is papaparse's (quotes, doubled quotes, line breaks inside quoted fields); the delimiter
// is the file's `#separator:` line (Anki's text export) or guessed among comma, tab and semicolon;
// a first row made only of known column names (front/question/text, back/answer/extra, tags) is a
// header, otherwise the columns are front, back, tags in that order. Each row becomes a note of
// the chosen type and is validated by the note schema. Rows are numbered as records of the file,
// from 1, header and `#` lines included (a quoted field spanning lines is still one row).
import Papa from "papaparse";
import { type NoteInput, type NoteType, validateNote } from "../notes/schema.ts";

export const MAX_CSV_BYTES = 5 * 1024 * 1024;
export const MAX_CSV_ROWS = 10_000;
export const CSV_DELIMITERS = [",", "\t", ";"] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

export interface CsvOptions {
  /** Type of every imported note (default BASIC). */
  type?: NoteType;
  /** Force a delimiter instead of detecting it. */
  delimiter?: CsvDelimiter;
  /** Force header detection on or off. */
  header?: boolean;
  /** Rows shown in the preview (default 10). */
  previewRows?: number;
}

export interface CsvColumns {
  front: number;
  back: number | null;
  tags: number | null;
}

export interface CsvReport {
  ok: true;
  delimiter: CsvDelimiter;
  /** The header row's cells, or null when the file has none. */
  header: string[] | null;
  columns: CsvColumns;
  /** The first rows after the header, cells as in the file. */
  preview: string[][];
  accepted: Array<{ row: number; note: NoteInput }>;
  rejected: Array<{ row: number; reason: string }>;
  /** Data rows read (blank rows not counted). */
  rows: number;
  /** Lines of the file that were understood but not used (e.g. Anki's `#html:true`). */
  notices: string[];
}

export type CsvResult = CsvReport | { ok: false; error: string };

const FRONT_NAMES = new Set(["front", "question", "text", "prompt", "term", "recto"]);
const BACK_NAMES = new Set(["back", "answer", "extra", "back extra", "definition", "verso"]);
const TAG_NAMES = new Set(["tags", "tag"]);

function columnsFromHeader(cells: string[]): CsvColumns | null {
  const names = cells.map((c) => c.trim().toLowerCase());
  if (names.length === 0 || names.some((n) => !FRONT_NAMES.has(n) && !BACK_NAMES.has(n) && !TAG_NAMES.has(n))) return null;
  const front = names.findIndex((n) => FRONT_NAMES.has(n));
  if (front < 0) return null;
  const back = names.findIndex((n) => BACK_NAMES.has(n));
  const tags = names.findIndex((n) => TAG_NAMES.has(n));
  return { front, back: back < 0 ? null : back, tags: tags < 0 ? null : tags };
}

const SEPARATORS: Record<string, CsvDelimiter> = { comma: ",", ",": ",", tab: "\t", "\t": "\t", semicolon: ";", ";": ";" };

/** UTF-8 length of a string, without allocating its bytes. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function decodeInput(input: string | Uint8Array): string | { error: string } {
  const bytes = typeof input === "string" ? null : input;
  const size = bytes ? bytes.length : utf8Length(input as string);
  if (size > MAX_CSV_BYTES) return { error: `The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB.` };
  if (!bytes) return (input as string).replace(/^\uFEFF/, "");
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { error: "The file is not UTF-8 text." };
  }
}

export function parseCsv(input: string | Uint8Array, options: CsvOptions = {}): CsvResult {
  const decoded = decodeInput(input);
  if (typeof decoded !== "string") return { ok: false, error: decoded.error };
  const type = options.type ?? "BASIC";

  // Anki's text export starts with "#key:value" lines.
  const lines = decoded.split(/\r\n|\n|\r/);
  let skipped = 0;
  let delimiter: CsvDelimiter | undefined = options.delimiter;
  let tagsColumn: number | null = null;
  const notices: string[] = [];
  while (skipped < lines.length && /^#[a-z ]+:/i.test(lines[skipped])) {
    const [, key, value] = /^#([a-z ]+):(.*)$/i.exec(lines[skipped])!;
    const k = key.trim().toLowerCase();
    const v = value.trim();
    if (k === "separator" && SEPARATORS[v.toLowerCase()] && !options.delimiter) delimiter = SEPARATORS[v.toLowerCase()];
    else if (k === "tags column" && /^\d+$/.test(v) && Number(v) >= 1) tagsColumn = Number(v) - 1;
    else notices.push(`Line ${skipped + 1} (#${key}:${v}) was ignored.`);
    skipped++;
  }
  const body = lines.slice(skipped).join("\n");
  if (body.trim() === "") return { ok: false, error: "The file has no rows." };

  // Guess on the first rows with blank lines left out (they would spoil papaparse's count of
  // fields per row), then parse everything keeping them, so row numbers stay those of the file.
  delimiter ??= Papa.parse<string[]>(body, { delimiter: "", delimitersToGuess: [...CSV_DELIMITERS], skipEmptyLines: "greedy", preview: 50 }).meta.delimiter as CsvDelimiter;
  const parsed = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false, header: false });
  const used = parsed.meta.delimiter as CsvDelimiter;
  if (!CSV_DELIMITERS.includes(used)) return { ok: false, error: "Could not tell the delimiter: use commas, tabs or semicolons." };
  const records = parsed.data;
  const rowErrors = new Map<number, string>();
  for (const e of parsed.errors) {
    if (e.type === "Quotes" && e.row !== undefined && e.row !== null) rowErrors.set(e.row, `Malformed quotes (${e.message.replace(/\.$/, "")}).`);
  }

  const isBlank = (r: string[]) => r.every((c) => c.trim() === "");
  const firstIndex = records.findIndex((r) => !isBlank(r));
  if (firstIndex < 0) return { ok: false, error: "The file has no rows." };
  const headerColumns = options.header === false ? null : columnsFromHeader(records[firstIndex]);
  if (options.header === true && !headerColumns) {
    return { ok: false, error: "The first row is not a header: name the columns front, back and (optionally) tags." };
  }
  const header = headerColumns ? records[firstIndex] : null;
  const columns: CsvColumns = headerColumns ?? { front: 0, back: 1, tags: tagsColumn ?? 2 };
  if (!headerColumns && tagsColumn !== null) columns.tags = tagsColumn;
  const width = header ? header.length : Math.max(columns.front, columns.back ?? 0, columns.tags ?? 0) + 1;

  const dataStart = headerColumns ? firstIndex + 1 : firstIndex;
  const dataRows = records.slice(dataStart).filter((r) => !isBlank(r)).length;
  if (dataRows > MAX_CSV_ROWS) return { ok: false, error: `The file has ${dataRows.toLocaleString("en")} rows; at most ${MAX_CSV_ROWS.toLocaleString("en")} can be imported at once.` };

  const report: CsvReport = {
    ok: true,
    delimiter: used,
    header,
    columns,
    preview: [],
    accepted: [],
    rejected: [],
    rows: dataRows,
    notices,
  };
  const previewRows = options.previewRows ?? 10;
  for (let i = dataStart; i < records.length; i++) {
    const cells = records[i];
    if (isBlank(cells)) continue;
    const row = skipped + i + 1;
    if (report.preview.length < previewRows) report.preview.push(cells);
    const reject = (reason: string) => report.rejected.push({ row, reason });
    const rowError = rowErrors.get(i);
    if (rowError) {
      reject(rowError);
      continue;
    }
    const extra = cells.slice(width).filter((c) => c.trim() !== "").length;
    if (extra > 0) {
      reject(`Too many columns: ${cells.length} where ${width} were expected (is the delimiter right, or a quote missing?).`);
      continue;
    }
    if (columns.back !== null && cells.length <= columns.back && type !== "CLOZE") {
      reject(`Only ${cells.length} column${cells.length === 1 ? "" : "s"}: the back is missing (is the delimiter right?).`);
      continue;
    }
    const at = (c: number | null) => (c === null ? "" : (cells[c] ?? ""));
    const result = validateNote({ type, front: at(columns.front).trim(), back: at(columns.back).trim(), tags: at(columns.tags) });
    if (result.ok) report.accepted.push({ row, note: result.note });
    else reject(Object.entries(result.fields).map(([field, message]) => (field === "note" ? message : `${field}: ${message}`)).join(" "));
  }
  return report;
}
