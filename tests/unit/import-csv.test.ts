// CSV / TSV import: delimiters, headers, the preview and the report of refused rows.
import { describe, expect, it } from "vitest";
import { type CsvReport, MAX_CSV_BYTES, MAX_CSV_ROWS, parseCsv } from "../../lib/import/csv.ts";

function ok(result: ReturnType<typeof parseCsv>): CsvReport {
  if (!result.ok) throw new Error(result.error);
  return result;
}

describe("parseCsv", () => {
  it("comma, no header: front, back, tags by position; quotes and line breaks inside quotes", () => {
    const r = ok(parseCsv('What is 2+2?,4,math Easy\n"A, quoted ""front""","two\nlines"\n'));
    expect(r.delimiter).toBe(",");
    expect(r.header).toBeNull();
    expect(r.columns).toEqual({ front: 0, back: 1, tags: 2 });
    expect(r.accepted).toEqual([
      { row: 1, note: { type: "BASIC", front: "What is 2+2?", back: "4", tags: ["easy", "math"] } },
      { row: 2, note: { type: "BASIC", front: 'A, quoted "front"', back: "two\nlines", tags: [] } },
    ]);
    expect(r.rejected).toEqual([]);
    expect(r.rows).toBe(2);
  });

  it("tab with a header in another order, case-insensitive", () => {
    const r = ok(parseCsv("Tags\tAnswer\tQuestion\nbio\tMitochondria\tPowerhouse of the cell?\n"));
    expect(r.delimiter).toBe("\t");
    expect(r.header).toEqual(["Tags", "Answer", "Question"]);
    expect(r.columns).toEqual({ front: 2, back: 1, tags: 0 });
    expect(r.accepted).toEqual([{ row: 2, note: { type: "BASIC", front: "Powerhouse of the cell?", back: "Mitochondria", tags: ["bio"] } }]);
  });

  it("semicolon, from bytes with a BOM", () => {
    const bytes = new TextEncoder().encode("\uFEFFfront;back\nUn;One\nDeux;Two\n");
    const r = ok(parseCsv(bytes));
    expect(r.delimiter).toBe(";");
    expect(r.accepted.map((a) => [a.row, a.note.front, a.note.back])).toEqual([
      [2, "Un", "One"],
      [3, "Deux", "Two"],
    ]);
  });

  it("reports each refused row with its number and reason; blank rows are skipped", () => {
    const r = ok(parseCsv(["front,back", "ok,fine", ",empty front", "", "only one cell", "a,b,t,extra", `long,${"x".repeat(20_001)}`, "q,a,bad!tag"].join("\n")));
    expect(r.accepted.map((a) => a.row)).toEqual([2]);
    expect(r.rejected).toEqual([
      { row: 3, reason: "front: The front is empty." },
      { row: 5, reason: "Only 1 column: the back is missing (is the delimiter right?)." },
      { row: 6, reason: "Too many columns: 4 where 2 were expected (is the delimiter right, or a quote missing?)." },
      { row: 7, reason: "back: The back is longer than 20,000 characters." },
      { row: 8, reason: "Too many columns: 3 where 2 were expected (is the delimiter right, or a quote missing?)." },
    ]);
    expect(r.rows).toBe(6);
  });

  it("without a header, a tags column exists, so a fourth column is too many", () => {
    const r = ok(parseCsv("q,a,t1 t2,surplus\nq2,a2,,\n"));
    expect(r.rejected).toEqual([{ row: 1, reason: "Too many columns: 4 where 3 were expected (is the delimiter right, or a quote missing?)." }]);
    expect(r.accepted).toEqual([{ row: 2, note: { type: "BASIC", front: "q2", back: "a2", tags: [] } }]);
  });

  it("an unclosed quote refuses its row", () => {
    const r = ok(parseCsv('a,b\n"unclosed,c\n'));
    expect(r.accepted.map((a) => a.row)).toEqual([1]);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]).toEqual({ row: 2, reason: expect.stringMatching(/^Malformed quotes/) });
  });

  it("cloze notes: the back column is optional, clozes are checked", () => {
    const r = ok(parseCsv("text\n{{c1::Paris}} is in France\nno deletion here\n", { type: "CLOZE" }));
    expect(r.accepted).toEqual([{ row: 2, note: { type: "CLOZE", front: "{{c1::Paris}} is in France", back: "", tags: [] } }]);
    expect(r.rejected).toEqual([{ row: 3, reason: "front: A cloze note needs at least one deletion, such as {{c1::answer}} or {{c1::answer::hint}}." }]);
  });

  it("REVERSED notes need a back", () => {
    const r = ok(parseCsv("a,\n", { type: "REVERSED" }));
    expect(r.rejected).toEqual([{ row: 1, reason: "back: A reversed note needs a back: it is the question of its second card." }]);
  });

  it("Anki's text export: #separator and #tags column lines; others noted", () => {
    const r = ok(parseCsv("#separator:tab\n#html:true\n#tags column:3\nQ1\tA1\tt1\n"));
    expect(r.delimiter).toBe("\t");
    expect(r.accepted).toEqual([{ row: 4, note: { type: "BASIC", front: "Q1", back: "A1", tags: ["t1"] } }]);
    expect(r.notices).toEqual(["Line 2 (#html:true) was ignored."]);
  });

  it("preview: the first rows after the header, as written", () => {
    const lines = ["front,back", ...Array.from({ length: 15 }, (_, i) => `q${i}, a${i}`)];
    const r = ok(parseCsv(lines.join("\n"), { previewRows: 3 }));
    expect(r.preview).toEqual([
      ["q0", " a0"],
      ["q1", " a1"],
      ["q2", " a2"],
    ]);
    expect(r.accepted).toHaveLength(15);
  });

  it("forcing the header and delimiter", () => {
    expect(parseCsv("a;b\n", { header: true })).toEqual({ ok: false, error: "The first row is not a header: name the columns front, back and (optionally) tags." });
    const r = ok(parseCsv("front,back\n", { header: false, delimiter: ";" }));
    expect(r.delimiter).toBe(";");
    expect(r.rejected).toEqual([{ row: 1, reason: "Only 1 column: the back is missing (is the delimiter right?)." }]);
  });

  it("refuses whole files that are empty, too large, too long or not UTF-8", () => {
    expect(parseCsv("\n\n")).toEqual({ ok: false, error: "The file has no rows." });
    expect(parseCsv("x".repeat(MAX_CSV_BYTES + 1))).toEqual({ ok: false, error: "The file is larger than 5 MB." });
    expect(parseCsv(Array.from({ length: MAX_CSV_ROWS + 1 }, (_, i) => `q${i},a`).join("\n"))).toEqual({ ok: false, error: "The file has 10,001 rows; at most 10,000 can be imported at once." });
    expect(parseCsv(Uint8Array.from([0x66, 0x2c, 0xff, 0xfe]))).toEqual({ ok: false, error: "The file is not UTF-8 text." });
  });
});
