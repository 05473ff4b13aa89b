// Reading .apkg files built here as Anki writes them (legacy and current formats), and refusing
// damaged or hostile ones with a clear error.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { readApkg } from "../../lib/import/anki.ts";
import { ImportError } from "../../lib/import/errors.ts";
import { pbMessages, pbNumber, pbString, readProtobuf, writeProtobuf } from "../../lib/import/protobuf.ts";
import { checkZstdFrames, decompressZstd } from "../../lib/import/zstd.ts";
import { buildApkg, type FixtureNote, legacyCollection, MP3_BYTES, PNG_1X1, zipOf, zstd } from "../support/anki-fixtures.ts";

const NOTES: FixtureNote[] = [
  { guid: "basicGuid", model: "basic", fields: ['What is <b>this</b>?<br><img src="cat.png">', "A cat [sound:meow.mp3]"], tags: " Animals cats " },
  { guid: "revGuid", model: "reversed", fields: ["chat", "cat"], tags: " fr " },
  { guid: "clozeGuid", model: "cloze", fields: ["The {{c1::mitochondria}} is the {{c2::powerhouse::what?}} of the cell", "<i>Biology</i>"], tags: "" },
  { guid: "optGuid", model: "optional", fields: ["front only", "back", ""], tags: "" },
  { guid: "threeGuid", model: "three", fields: ["a", "b", "c"] },
  { guid: "badCloze", model: "cloze", fields: ["forgot the deletion", ""] },
];
const MEDIA = { "cat.png": PNG_1X1, "meow.mp3": MP3_BYTES, "unused.png": PNG_1X1 };

async function refusal(promise: Promise<unknown>): Promise<ImportError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error("expected the import to be refused");
}

describe.each(["anki2", "anki21", "anki21b"] as const)("an .apkg in the %s format", (format) => {
  it("gives notes with the right types, Markdown fields, tags and media, and reports what it skipped", async () => {
    const { notes, media, report } = await readApkg(await buildApkg({ format, notes: NOTES, media: MEDIA }));
    expect(notes).toEqual([
      { externalId: "basicGuid", note: { type: "BASIC", front: "What is **this**?  \n![](proofdeck-media:cat.png)", back: "A cat", tags: ["animals", "cats"] }, media: ["cat.png"] },
      { externalId: "revGuid", note: { type: "REVERSED", front: "chat", back: "cat", tags: ["fr"] }, media: [] },
      { externalId: "clozeGuid", note: { type: "CLOZE", front: "The {{c1::mitochondria}} is the {{c2::powerhouse::what?}} of the cell", back: "*Biology*", tags: [] }, media: [] },
      { externalId: "optGuid", note: { type: "BASIC", front: "front only", back: "back", tags: [] }, media: [] },
    ]);
    expect(media).toEqual([{ name: "cat.png", mime: "image/png", bytes: PNG_1X1 }]);
    expect(report).toEqual({
      format,
      notesInPackage: 6,
      cardsInPackage: 1 + 2 + 2 + 1 + 3 + 0,
      imported: { notes: 4, byType: { BASIC: 2, REVERSED: 1, CLOZE: 1 }, cards: 1 + 2 + 2 + 1, media: 1 },
      skipped: [
        { kind: "note", name: "badCloze", reason: "A cloze note needs at least one deletion, such as {{c1::answer}} or {{c1::answer::hint}}." },
        { kind: "note type", name: "Three sides", reason: '1 note skipped: The note type "Three sides" makes 3 cards per note; only one or two (a card and its reverse) are supported.' },
        { kind: "sound", name: "meow.mp3", reason: "Cards have no audio: the [sound:…] reference was left out." },
      ],
      moreSkipped: 0,
    });
  });

  it("reports images that are missing or are not images", async () => {
    const notes: FixtureNote[] = [{ guid: "g", model: "basic", fields: ['<img src="missing.png"><img src="fake.png"><img src="evil.svg">', "x"] }];
    const media = { "fake.png": MP3_BYTES, "evil.svg": new TextEncoder().encode("<svg onload=alert(1)/>") };
    const { media: files, report } = await readApkg(await buildApkg({ format, notes, media }));
    expect(files).toEqual([]);
    expect(report.skipped).toEqual([
      { kind: "media", name: "missing.png", reason: "The image is not in the package." },
      { kind: "media", name: "fake.png", reason: "Not a PNG, JPEG, GIF or WebP image." },
      { kind: "media", name: "evil.svg", reason: "SVG and other markup images are refused: they can carry script." },
    ]);
  });
});

/** Sets the uncompressed size an entry's central directory record declares. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 46 <= out.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    if (new TextDecoder().decode(out.subarray(at + 46, at + 46 + nameLength)) === name) {
      view.setUint32(at + 24, size, true);
      return out;
    }
  }
  throw new Error(`no entry ${name}`);
}

describe("refused packages", () => {
  it("a file that is not a zip, or a damaged one", async () => {
    expect((await refusal(readApkg(new TextEncoder().encode("this is not a zip file at all")))).message).toMatch(/^Not a zip archive, or a damaged one/);
    const apkg = await buildApkg({ format: "anki21", notes: NOTES });
    expect((await refusal(readApkg(apkg.subarray(0, apkg.length >> 1)))).message).toMatch(/^Not a zip archive, or a damaged one/);
  });

  it("a zip that is not an Anki package", async () => {
    const e = await refusal(readApkg(zipOf({ "readme.txt": "hello", "notes.csv": "a,b" })));
    expect(e.message).toBe("Not an Anki package: the zip has no collection.anki2, collection.anki21 or collection.anki21b.");
    expect(e.status).toBe(422);
  });

  it("a zip with ../ paths", async () => {
    const e = await refusal(readApkg(zipOf({ "collection.anki2": legacyCollection([]), "../../etc/cron.d/x": "boom" })));
    expect(e.message).toBe('The archive is refused: the entry "../../etc/cron.d/x" leaves its folder ("..").');
    expect((await refusal(readApkg(zipOf({ "/abs/path": "x" })))).message).toBe('The archive is refused: the entry "/abs/path" is an absolute path.');
  });

  it("a zip bomb: an entry declaring more than the limit is refused before it is unpacked", async () => {
    const bomb = declareSize(zipOf({ "collection.anki2": new Uint8Array(1024) }), "collection.anki2", 600 * 1024 * 1024);
    const e = await refusal(readApkg(bomb));
    expect(e.message).toBe('The entry "collection.anki2" unpacks to 600 MB, more than 256 MB.');
    expect(e.status).toBe(413);
  });

  it("a zip bomb: many entries that together unpack to too much", async () => {
    const zeros = new Uint8Array(400 * 1024);
    const e = await refusal(readApkg(zipOf({ a: zeros, b: zeros, c: zeros }), { maxTotalBytes: 1024 * 1024 }));
    expect(e.message).toBe("The archive unpacks to more than 1 MB (a zip bomb?).");
  });

  it("a zip bomb: an entry that unpacks to more than it declared is stopped at the declared size", async () => {
    const liar = declareSize(zipOf({ "collection.anki2": new Uint8Array(4 * 1024 * 1024) }), "collection.anki2", 1000);
    expect((await refusal(readApkg(liar))).message).toMatch(/^The entry "collection.anki2" is damaged \(.*too many bytes/);
  });

  it("too many entries", async () => {
    const e = await refusal(readApkg(zipOf({ a: "1", b: "2", c: "3" }), { maxEntries: 2 }));
    expect(e.message).toBe("The archive has 3 entries; at most 2 are accepted.");
    expect((await refusal(readApkg(new Uint8Array(2 * 1024 * 1024), { maxZipBytes: 1024 * 1024 }))).message).toBe("The file is larger than 1 MB.");
  });

  it("a collection that is not SQLite, or hides a view behind a table name", async () => {
    expect((await refusal(readApkg(zipOf({ "collection.anki2": "SQLite? no." })))).message).toBe("The Anki collection is not an SQLite database.");
    const db = new Database(":memory:");
    db.exec("CREATE TABLE col (ver, models); CREATE TABLE cards (id); CREATE VIEW notes AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n AS id FROM r;");
    const trap = Uint8Array.from(db.serialize());
    db.close();
    expect((await refusal(readApkg(zipOf({ "collection.anki2": trap })))).message).toBe('The Anki collection has no "notes" table.');
  });

  it("a package from a newer Anki", async () => {
    expect((await refusal(readApkg(zipOf({ meta: writeProtobuf([[1, 4]]), "collection.anki21b": "x" })))).message).toBe("The Anki package was made by a newer Anki than this importer knows (package version 4).");
  });

  it("too many notes, and a collection that unpacks to too much", async () => {
    const apkg = await buildApkg({ format: "anki21b", notes: NOTES });
    expect((await refusal(readApkg(apkg, { maxNotes: 5 }))).message).toBe("The package has 6 notes; at most 5 can be imported at once.");
    const e = await refusal(readApkg(apkg, { maxCollectionBytes: 16 * 1024 }));
    expect(e.message).toBe("The Anki collection unpacks to more than 16 KB.");
    expect(e.status).toBe(413);
  });
});

describe("zstd, bounded", () => {
  it("decodes what it is given", async () => {
    const data = new TextEncoder().encode("proofdeck ".repeat(10_000));
    expect(decompressZstd(await zstd(data), 1024 * 1024)).toEqual(data);
  });

  it("stops at maxBytes when the frame does not declare its size", () => {
    // No content size in the header, a 128 KiB window, then 20 RLE blocks of 128 KiB: 2.5 MiB from 89 bytes.
    const rle = (last: boolean) => [0x02 | (last ? 1 : 0), 0x00, 0x10, 0x00];
    const frame = Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38, ...Array.from({ length: 19 }, () => rle(false)).flat(), ...rle(true)]);
    expect(() => checkZstdFrames(frame, 1024 * 1024)).not.toThrow();
    const out = decompressZstd(frame, 3 * 1024 * 1024);
    expect([out.length, out.every((b) => b === 0)]).toEqual([20 * 128 * 1024, true]);
    expect(() => decompressZstd(frame, 1024 * 1024, "media list")).toThrow("The media list unpacks to more than 1 MB.");
  });

  it("refuses frames that declare too much before decoding anything", async () => {
    const big = await zstd(new Uint8Array(2 * 1024 * 1024));
    expect(() => decompressZstd(big, 1024 * 1024, "collection")).toThrow("The collection unpacks to more than 1 MB.");
    // A window of 2^41 bytes (window descriptor 0xF8), which the decoder would try to allocate.
    const hugeWindow = Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xf8, 0x01, 0x00, 0x00]);
    expect(() => checkZstdFrames(hugeWindow, 1e9)).toThrow("asks for a 2097152 MB Zstandard window");
    // A single-segment frame declaring 2^40 bytes of content.
    const huge = Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0xe0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0x01, 0, 0]);
    expect(() => checkZstdFrames(huge, 1e9)).toThrow(ImportError);
    expect(() => checkZstdFrames(new TextEncoder().encode("not zstd"), 100)).toThrow("not valid Zstandard data (bad magic number)");
  });
});

describe("protobuf", () => {
  it("reads what it writes: varints, strings, nested messages", () => {
    const inner = writeProtobuf([[1, "name.png"], [2, 300], [255, 7]]);
    const fields = readProtobuf(writeProtobuf([[1, inner], [1, writeProtobuf([[1, "b"]])], [3, 2 ** 40]]));
    expect(pbNumber(fields, 3)).toBe(2 ** 40);
    const [first, second] = pbMessages(fields, 1).map(readProtobuf);
    expect([pbString(first, 1), pbNumber(first, 2), pbNumber(first, 255), pbString(second, 1), pbString(second, 9)]).toEqual(["name.png", 300, 7, "b", ""]);
    expect(() => readProtobuf(Uint8Array.from([0x0a, 0x05, 0x61]))).toThrow("truncated field");
  });
});
