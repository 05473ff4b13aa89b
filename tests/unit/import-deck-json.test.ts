// The deck export format: round trip, and refusals with the path of what is wrong.
import { describe, expect, it } from "vitest";
import { DECK_FORMAT, type DeckExport, exportDeck, MAX_RECORDING_CHARS, parseDeckJson } from "../../lib/import/deck-json.ts";
import { PNG_1X1 } from "../support/anki-fixtures.ts";

const sample: DeckExport = {
  format: DECK_FORMAT,
  version: 1,
  exportedAt: "2026-05-01T12:00:00.000Z",
  deck: { slug: "cnn-basics", title: "CNN basics", description: "Chapter 13", newCardsPerDay: 20, reviewsPerDay: 200 },
  notes: [
    { externalId: "n1", type: "BASIC", front: "What is a kernel?", back: "A small matrix", tags: ["cnn", "fastai"], experimentId: null, cards: [{ ordinal: 0, externalId: "c1", position: 0 }] },
    { externalId: "n2", type: "REVERSED", front: "stride", back: "step between windows", tags: [], cards: [{ ordinal: 0 }, { ordinal: 1 }] },
    { externalId: "n3", type: "CLOZE", front: "A {{c1::3×3}} kernel ![k](/media/abc)", back: "", tags: ["cnn"], experimentId: "ch13-first-kernel-size", cards: [{ ordinal: 1, position: 3 }] },
  ],
  cards: [{ externalId: "legacy-1", front: "Old card", back: "No note", experimentId: null, position: 4 }],
  media: [
    { sha256: "a".repeat(64), mime: "image/png", data: Buffer.from(PNG_1X1).toString("base64") },
    { sha256: "b".repeat(64), mime: "image/jpeg", url: "/api/media/" + "b".repeat(64) },
  ],
  experiments: [{ id: "ch13-first-kernel-size", recording: { runs: [{ seed: 1, accuracy: 0.98 }], nested: { ok: true, list: [1, "two", null] } } }, { id: "ch13-no-recording" }],
};

describe("deck JSON", () => {
  it("round trip: parse(export(x)) equals x", () => {
    const text = exportDeck(sample);
    expect(JSON.parse(text).format).toBe("proofdeck-deck");
    const parsed = parseDeckJson(text);
    expect(parsed).toEqual({ ok: true, data: sample });
    expect(exportDeck((parsed as { data: DeckExport }).data)).toBe(text);
  });

  it("an empty deck round-trips too", () => {
    const empty: DeckExport = { format: DECK_FORMAT, version: 1, deck: { title: "Empty", description: "", newCardsPerDay: 0, reviewsPerDay: 0 }, notes: [], cards: [], media: [], experiments: [] };
    expect(parseDeckJson(exportDeck(empty))).toEqual({ ok: true, data: empty });
  });

  it("refuses what is not an export, naming the problem", () => {
    expect(parseDeckJson("{nope")).toEqual({ ok: false, errors: [expect.stringMatching(/^Not JSON: /)] });
    expect(parseDeckJson(JSON.stringify({ ...sample, format: "anki" }))).toEqual({ ok: false, errors: ['format: Not a Proofdeck deck export (format must be "proofdeck-deck").'] });
    expect(parseDeckJson(JSON.stringify({ ...sample, version: 2 }))).toEqual({ ok: false, errors: ["version: Unsupported export version (this app reads version 1)."] });
  });

  it.each([
    ["unnormalized tags", (d: DeckExport) => (d.notes[0].tags = ["Fastai", "cnn"]), "notes.0.tags: Tags must be lower-case, sorted and without duplicates."],
    ["a duplicate note id", (d: DeckExport) => (d.notes[1].externalId = "n1"), 'notes.1.externalId: Duplicate note externalId "n1".'],
    ["a duplicate card id across notes and loose cards", (d: DeckExport) => (d.cards[0].externalId = "c1"), 'cards.0.externalId: Duplicate card externalId "c1".'],
    ["a duplicate ordinal", (d: DeckExport) => d.notes[1].cards.push({ ordinal: 1 }), "notes.1.cards.2.ordinal: Duplicate ordinal 1."],
    ["media with both data and url", (d: DeckExport) => (d.media[1].data = "AAAA"), "media.1: Each media file needs exactly one of data (base64) or url."],
    ["media that is not base64", (d: DeckExport) => (d.media[0].data = "not base64!"), "media.0.data: Media data must be base64."],
    ["an SVG", (d: DeckExport) => ((d.media[0] as { mime: string }).mime = "image/svg+xml"), "media.0.mime:"],
    ["a javascript: media URL", (d: DeckExport) => (d.media[1].url = "javascript:alert(1)"), "media.1.url: A media URL must be http(s) or start with /."],
    ["a field over the limit", (d: DeckExport) => (d.notes[0].front = "x".repeat(20_001)), "notes.0.front:"],
    ["a recording over the cap", (d: DeckExport) => (d.experiments[0].recording = { blob: "x".repeat(MAX_RECORDING_CHARS) }), "experiments.0.recording: A recording is larger than 2 MB of JSON."],
    ["a malformed experiment id", (d: DeckExport) => (d.experiments[0].id = "../etc"), "experiments.0.id: Malformed experiment id."],
  ])("refuses %s", (_name, mutate, message) => {
    const data = structuredClone(sample);
    mutate(data);
    const parsed = parseDeckJson(JSON.stringify(data));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors[0]).toContain(message);
    expect(() => exportDeck(data)).toThrow("Invalid deck export");
  });
});
