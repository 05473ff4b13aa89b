// The pure half of the Anki import: field HTML → Markdown, note types → plans, notes → note inputs.
import { describe, expect, it } from "vitest";
import { ankiFieldToMarkdown } from "../../lib/import/anki-html.ts";
import { type AnkiNotetype, mapNote, planNotetype } from "../../lib/import/anki-map.ts";
import { MODELS, type FixtureModel } from "../support/anki-fixtures.ts";

const notetype = (model: FixtureModel): AnkiNotetype => {
  const m = MODELS[model];
  return { id: String(m.id), name: m.name, cloze: m.type === 1, fields: m.flds, templates: m.tmpls };
};

describe("ankiFieldToMarkdown", () => {
  it("turns Anki's HTML into Markdown", () => {
    expect(ankiFieldToMarkdown("<div>Hello <b>bold</b> <i>it</i></div><div>second<br>line</div>").markdown).toBe("Hello **bold** *it*\n\nsecond  \nline");
    expect(ankiFieldToMarkdown("<ul><li>one</li><li>two</li></ul>").markdown).toBe("-   one\n-   two");
    expect(ankiFieldToMarkdown("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>").markdown).toBe("| a   | b   |\n| --- | --- |\n| 1   | 2   |");
    expect(ankiFieldToMarkdown("a&nbsp;b &amp; <s>c</s>").markdown).toBe("a b & ~~c~~");
  });

  it("escapes what would otherwise be Markdown, $ included", () => {
    expect(ankiFieldToMarkdown("snake_case *star* costs $5 or $6").markdown).toBe("snake\\_case \\*star\\* costs \\$5 or \\$6");
  });

  it("MathJax becomes remark-math", () => {
    expect(ankiFieldToMarkdown("Inline \\(x^2 &lt; 1\\) then \\[\\sum_i <b>x</b>_i\\] after").markdown).toBe("Inline $x^2 < 1$ then\n\n$$\n\\sum_i x_i\n$$\n\nafter");
  });

  it("sounds are dropped and listed; package images become placeholders; odd sources dropped", () => {
    const c = ankiFieldToMarkdown('Listen [sound:a b.mp3] <img src="cat%20one.png" alt="a cat"> <img src="https://example.com/x.png"> <img src="data:image/png;base64,AAAA">');
    expect(c.markdown).toBe("Listen ![a cat](proofdeck-media:cat%20one.png) ![](<https://example.com/x.png>)");
    expect(c.images).toEqual(["cat one.png"]);
    expect(c.sounds).toEqual(["a b.mp3"]);
    expect(c.dropped).toEqual(["image with a data: source"]);
  });

  it("removes script and style with their text; keeps cloze markup", () => {
    expect(ankiFieldToMarkdown("<style>.x{}</style>{{c1::<b>ans</b>::hint}}<script>alert(1)</script>").markdown).toBe("{{c1::**ans**::hint}}");
  });
});

describe("planNotetype", () => {
  it("reads the stock note types", () => {
    expect(planNotetype(notetype("basic"))).toEqual({ ok: true, type: "BASIC", front: 0, back: [1], reverseIf: null });
    expect(planNotetype(notetype("reversed"))).toEqual({ ok: true, type: "REVERSED", front: 0, back: [1], reverseIf: null });
    expect(planNotetype(notetype("optional"))).toEqual({ ok: true, type: "REVERSED", front: 0, back: [1], reverseIf: 2 });
    expect(planNotetype(notetype("cloze"))).toEqual({ ok: true, type: "CLOZE", text: 0, extra: [1] });
  });

  it("Basic (type in the answer) is BASIC; extra answer fields join the back", () => {
    const typing: AnkiNotetype = { id: "1", name: "Basic (type in the answer)", cloze: false, fields: ["Front", "Back", "Notes"], templates: [{ name: "Card 1", qfmt: "{{Front}}\n\n{{type:Back}}", afmt: "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}<br>{{Notes}}" }] };
    expect(planNotetype(typing)).toEqual({ ok: true, type: "BASIC", front: 0, back: [1, 2], reverseIf: null });
  });

  it.each([
    ["three templates", notetype("three"), 'The note type "Three sides" makes 3 cards per note; only one or two (a card and its reverse) are supported.'],
    ["a question with two fields", { id: "2", name: "Two", cloze: false, fields: ["A", "B"], templates: [{ name: "C", qfmt: "{{A}} {{B}}", afmt: "{{FrontSide}}" }] }, 'The card "C" of the note type "Two" asks with 2 fields; one is supported.'],
    ["two unrelated templates", { id: "3", name: "Odd", cloze: false, fields: ["A", "B", "C"], templates: [{ name: "1", qfmt: "{{A}}", afmt: "{{B}}" }, { name: "2", qfmt: "{{C}}", afmt: "{{B}}" }] }, 'The two cards of the note type "Odd" are not a card and its reverse.'],
    ["image occlusion", { id: "4", name: "Image Occlusion", cloze: true, fields: ["Occlusion", "Image"], templates: [{ name: "IO", qfmt: "{{#Image}}{{cloze:Occlusion}}<div>{{Image}}</div>{{/Image}}<script>anki.imageOcclusion.setup()</script><div id=image-occlusion-container></div>", afmt: "" }] }, 'Image occlusion (note type "Image Occlusion") is not supported.'],
    ["no template", { id: "5", name: "Empty", cloze: false, fields: ["A"], templates: [] }, 'The note type "Empty" has no card template.'],
  ])("refuses %s", (_name, nt, reason) => {
    expect(planNotetype(nt as AnkiNotetype)).toEqual({ ok: false, reason });
  });
});

describe("mapNote", () => {
  const note = (fields: string[], tags = "") => ({ id: "1", guid: "Gu1d!", notetypeId: "x", fields, tags });

  it("basic, with tags sanitized", () => {
    expect(mapNote(note(["<b>Q</b>", "A"], " Deep::Learning C++ "), planNotetype(notetype("basic")))).toEqual({
      ok: true,
      externalId: "Gu1d!",
      note: { type: "BASIC", front: "**Q**", back: "A", tags: ["c__", "deep::learning"] },
      images: [],
      sounds: [],
      dropped: [],
      tagsDropped: [],
    });
  });

  it("reversed, unless the back (or the optional reverse's condition) is empty", () => {
    expect(mapNote(note(["chat", "cat"]), planNotetype(notetype("reversed")))).toMatchObject({ ok: true, note: { type: "REVERSED", front: "chat", back: "cat" } });
    expect(mapNote(note(["chat", ""]), planNotetype(notetype("reversed")))).toMatchObject({ ok: true, note: { type: "BASIC", front: "chat", back: "" } });
    expect(mapNote(note(["chat", "cat", "y"]), planNotetype(notetype("optional")))).toMatchObject({ ok: true, note: { type: "REVERSED" } });
    expect(mapNote(note(["chat", "cat", "<br>"]), planNotetype(notetype("optional")))).toMatchObject({ ok: true, note: { type: "BASIC" } });
  });

  it("cloze with extra", () => {
    expect(mapNote(note(["{{c1::Paris}} is in {{c2::France}}", "<i>Geo</i>"]), planNotetype(notetype("cloze")))).toMatchObject({
      ok: true,
      note: { type: "CLOZE", front: "{{c1::Paris}} is in {{c2::France}}", back: "*Geo*" },
    });
  });

  it("notes that would not validate are refused with the reason", () => {
    expect(mapNote(note(["no deletion", ""]), planNotetype(notetype("cloze")))).toEqual({ ok: false, reason: "A cloze note needs at least one deletion, such as {{c1::answer}} or {{c1::answer::hint}}." });
    expect(mapNote(note(["<div></div>", "A"]), planNotetype(notetype("basic")))).toEqual({ ok: false, reason: "The front is empty." });
    expect(mapNote(note(["a", "b"]), { ok: false, reason: "nope" })).toEqual({ ok: false, reason: "nope" });
  });
});
