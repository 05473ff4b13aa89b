// Cloze parsing and card sides, against expectations worked out by hand from Anki's behaviour.
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../lib/decks/render.ts";
import { clozeOrdinals, clozeSides, MAX_CLOZE_NUMBER, parseCloze } from "../../lib/notes/cloze.ts";

function sides(text: string, ordinal: number) {
  const parsed = parseCloze(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return clozeSides(parsed.nodes, ordinal);
}

describe("parseCloze", () => {
  it("finds one card per distinct number, in order", () => {
    expect(clozeOrdinals("{{c2::b}} {{c1::a}} {{c2::again}}")).toEqual([1, 2]);
    expect(clozeOrdinals("{{c3::x}}")).toEqual([3]);
    expect(clozeOrdinals("{{c1,3::shared}} {{c2::y}}")).toEqual([1, 2, 3]);
  });

  it("reads a hint after the first ::", () => {
    const parsed = parseCloze("{{c1::Paris::capital}}");
    expect(parsed).toEqual({ ok: true, ordinals: [1], nodes: [{ kind: "deletion", ordinals: [1], hint: "capital", start: 0, children: [{ kind: "text", text: "Paris" }] }] });
  });

  it("nests deletions", () => {
    const parsed = parseCloze("{{c1::a {{c2::b}} c}}");
    expect(parsed.ok && parsed.ordinals).toEqual([1, 2]);
    expect(parsed.ok && parsed.nodes[0].kind === "deletion" && parsed.nodes[0].children.map((c) => c.kind)).toEqual(["text", "deletion", "text"]);
  });

  it("treats a stray }} and near-misses as text", () => {
    expect(clozeOrdinals("}} {{c1::a}} }}")).toEqual([1]);
    expect(sides("}} {{c1::a}} }} {{c2:b}}", 1).front).toBe("}} \\[...\\] }} {{c2:b}}");
  });

  it.each([
    ["plain text", "A cloze note needs at least one deletion"],
    ["{{c0::zero}}", "Cloze numbers start at 1: {{c0::…}} at character 1."],
    ["ok {{c1::}}", "Deletion {{c1::…}} at character 4 is empty."],
    ["{{c1::   ::hint}}", "Deletion {{c1::…}} at character 1 is empty."],
    ["x {{c1::never closed", "Deletion {{c1:: at character 3 is never closed with }}."],
    ["{{c1::a {{c2::b}}", "Deletion {{c1:: at character 1 is never closed with }}."],
    ["{{c1::a}", "never closed"],
    [`{{c${MAX_CLOZE_NUMBER + 1}::a}}`, `too large (at most ${MAX_CLOZE_NUMBER})`],
  ])("refuses %j", (text, message) => {
    const parsed = parseCloze(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain(message);
  });
});

describe("card sides", () => {
  const text = "The {{c1::mitochondria}} is the {{c2::powerhouse::what?}} of the {{c1::cell}}.";

  it("blanks the card's deletions, shows the others as text", () => {
    expect(sides(text, 1)).toEqual({
      front: "The \\[...\\] is the powerhouse of the \\[...\\].",
      back: "The **mitochondria** is the powerhouse of the **cell**.",
    });
    expect(sides(text, 2)).toEqual({
      front: "The mitochondria is the \\[what?\\] of the cell.",
      back: "The mitochondria is the **powerhouse** of the cell.",
    });
  });

  it("nested: the outer card hides everything inside, the inner card shows the outer text", () => {
    const t = "{{c1::outer {{c2::inner}} text}} end";
    expect(sides(t, 1)).toEqual({ front: "\\[...\\] end", back: "**outer inner text** end" });
    expect(sides(t, 2)).toEqual({ front: "outer \\[...\\] text end", back: "outer **inner** text end" });
  });

  it("a deletion with several numbers is blank on each of their cards", () => {
    const t = "{{c1,2::both}} {{c2::two}}";
    expect(sides(t, 1).front).toBe("\\[...\\] two");
    expect(sides(t, 2).front).toBe("\\[...\\] \\[...\\]");
  });

  it("keeps whitespace outside the bold and bolds inside words", () => {
    expect(sides("photo{{c1::synthesis}}", 1).back).toBe("photo**synthesis**");
    expect(sides("a{{c1:: b }}c", 1).back).toBe("a **b** c");
  });

  it("leaves out bold where Markdown would print the asterisks", () => {
    // Opening ** before punctuation right after a letter is not left-flanking.
    expect(sides("f{{c1::(x)}}", 1).back).toBe("f(x)");
    expect(sides("{{c1::two\n\nparagraphs}}", 1).back).toBe("two\n\nparagraphs");
  });

  it("inside code and math: plain [...] and no bold", () => {
    const t = "Code `{{c1::foo}}` and $x = {{c2::2}}$";
    expect(sides(t, 1)).toEqual({ front: "Code `[...]` and $x = 2$", back: "Code `foo` and $x = 2$" });
    expect(sides(t, 2)).toEqual({ front: "Code `foo` and $x = [...]$", back: "Code `foo` and $x = 2$" });
  });

  it("escapes brackets so a blank never becomes a link", () => {
    const { front } = sides("{{c1::a}}(notes.html) {{c2::b::x]y}}", 1);
    expect(front).toBe("\\[...\\](notes.html) b");
    expect(sides("{{c2::b::x]y}}", 2).front).toBe("\\[x\\]y\\]");
    expect(renderMarkdown(front)).toBe("<p>[...](notes.html) b</p>");
  });

  it("removes the private-use characters it uses as markers", () => {
    expect(sides("a\uE000b {{c1::c\uE001}}", 1).back).toBe("ab **c**");
  });

  it("renders as intended", () => {
    expect(renderMarkdown(sides(text, 1).front)).toBe("<p>The [...] is the powerhouse of the [...].</p>");
    expect(renderMarkdown(sides(text, 1).back)).toBe("<p>The <strong>mitochondria</strong> is the powerhouse of the <strong>cell</strong>.</p>");
  });
});
