// Note input validation and tags.
import { describe, expect, it } from "vitest";
import { MAX_FIELD_CHARS, noteInputSchema, validateNote } from "../../lib/notes/schema.ts";
import { MAX_TAGS, normalizeTags, sanitizeTags, tagsFromStorage, tagsToStorage } from "../../lib/notes/tags.ts";

describe("tags", () => {
  it("normalizes: split on spaces and commas, lower-case, dedupe, sort", () => {
    expect(normalizeTags("  CNN, fastai  cnn\tDeep::Learning ")).toEqual(["cnn", "deep::learning", "fastai"]);
    expect(normalizeTags(["B a", "A"])).toEqual(["a", "b"]);
    expect(normalizeTags("")).toEqual([]);
  });

  it("storage form and back", () => {
    expect(tagsToStorage([])).toBe(" ");
    expect(tagsToStorage(["b", "A", "a"])).toBe(" a b ");
    expect(tagsFromStorage(" a b ")).toEqual(["a", "b"]);
    expect(tagsFromStorage(" ")).toEqual([]);
    expect(tagsFromStorage(tagsToStorage(["x-1", "é_2"]))).toEqual(["x-1", "é_2"]);
  });

  it("sanitizes imported tags instead of refusing them", () => {
    expect(sanitizeTags("C++ Français (draft)")).toEqual({ tags: ["_draft_", "c__", "français"], dropped: [] });
    const many = Array.from({ length: MAX_TAGS + 2 }, (_, i) => `t${String(i).padStart(2, "0")}`);
    const { tags, dropped } = sanitizeTags(many);
    expect(tags).toHaveLength(MAX_TAGS);
    expect(dropped).toEqual(["t50", "t51"]);
  });
});

describe("noteInputSchema", () => {
  it("accepts and normalizes a note", () => {
    expect(noteInputSchema.parse({ type: "BASIC", front: "Q\r\nline", back: "A", tags: "B a" })).toEqual({ type: "BASIC", front: "Q\nline", back: "A", tags: ["a", "b"] });
    expect(noteInputSchema.parse({ type: "CLOZE", front: "{{c1::x}}" })).toEqual({ type: "CLOZE", front: "{{c1::x}}", back: "", tags: [] });
  });

  it.each([
    [{ type: "BASIC", front: "  ", back: "A" }, { front: "The front is empty." }],
    [{ type: "CLOZE", front: "", back: "" }, { front: "The text is empty." }],
    [{ type: "REVERSED", front: "Q", back: "" }, { back: "A reversed note needs a back: it is the question of its second card." }],
    [{ type: "CLOZE", front: "no clozes" }, { front: "A cloze note needs at least one deletion, such as {{c1::answer}} or {{c1::answer::hint}}." }],
    [{ type: "CLOZE", front: "{{c0::x}}" }, { front: "Cloze numbers start at 1: {{c0::…}} at character 1." }],
    [{ type: "BASIC", front: "x".repeat(MAX_FIELD_CHARS + 1) }, { front: "The front is longer than 20,000 characters." }],
    [{ type: "BASIC", front: "Q", back: "y".repeat(MAX_FIELD_CHARS + 1) }, { back: "The back is longer than 20,000 characters." }],
    [{ type: "BASIC", front: "Q", tags: "ok bad!tag" }, { tags: 'Tag "bad!tag" may only contain letters, digits, "_", ":" and "-".' }],
    [{ type: "BASIC", front: "Q", tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, { tags: "At most 50 tags (found 51)." }],
    [{ type: "NOTE", front: "Q" }, { type: "The note type must be BASIC, REVERSED or CLOZE." }],
  ])("refuses %#", (input, fields) => {
    expect(validateNote(input)).toEqual({ ok: false, fields });
  });

  it("accepts exactly the limits", () => {
    expect(validateNote({ type: "BASIC", front: "x".repeat(MAX_FIELD_CHARS), tags: Array.from({ length: 50 }, (_, i) => `t${i}`) }).ok).toBe(true);
  });
});
