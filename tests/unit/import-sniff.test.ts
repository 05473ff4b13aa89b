// Image sniffing from magic bytes, and the media placeholders of imported Markdown.
import { describe, expect, it } from "vitest";
import { mediaRef, mediaRefsIn, resolveMediaRefs } from "../../lib/import/media-refs.ts";
import { checkImage, MAX_MEDIA_BYTES, sniffImage } from "../../lib/import/sniff.ts";
import { renderMarkdown } from "../../lib/decks/render.ts";
import { PNG_1X1 } from "../support/anki-fixtures.ts";

const bytes = (...parts: Array<number[] | string>) => Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe("sniffImage", () => {
  it.each([
    ["PNG", PNG_1X1, "image/png"],
    ["JPEG", bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], "JFIF"), "image/jpeg"],
    ["GIF87a", bytes("GIF87a", [1, 0, 1, 0]), "image/gif"],
    ["GIF89a", bytes("GIF89a", [1, 0, 1, 0]), "image/gif"],
    ["WebP", bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 "), "image/webp"],
    ["RIFF that is not WebP (WAV)", bytes("RIFF", [0x24, 0, 0, 0], "WAVEfmt "), null],
    ["a truncated PNG signature", PNG_1X1.subarray(0, 7), null],
    ["MP3", bytes("ID3", [4, 0, 0]), null],
    ["empty", new Uint8Array(), null],
  ])("%s", (_name, data, mime) => {
    expect(sniffImage(data)).toBe(mime);
  });
});

describe("checkImage", () => {
  it("accepts known images within the size limit", () => {
    expect(checkImage(PNG_1X1)).toEqual({ ok: true, mime: "image/png" });
    const big = new Uint8Array(MAX_MEDIA_BYTES + 1);
    big.set(PNG_1X1);
    expect(checkImage(big)).toEqual({ ok: false, reason: "The image is larger than 5 MB." });
    expect(checkImage(PNG_1X1, 10)).toEqual({ ok: false, reason: "The image is larger than 1 KB." });
  });

  it.each([
    ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ['\uFEFF  <?xml version="1.0"?><svg/>'],
    ["<!DOCTYPE svg><svg/>"],
    ["<html><body>hi</body></html>"],
  ])("refuses markup: %j", (text) => {
    expect(checkImage(new TextEncoder().encode(text))).toEqual({ ok: false, reason: "SVG and other markup images are refused: they can carry script." });
  });

  it("refuses unknown and empty files", () => {
    expect(checkImage(bytes("%PDF-1.7"))).toEqual({ ok: false, reason: "Not a PNG, JPEG, GIF or WebP image." });
    expect(checkImage(new Uint8Array())).toEqual({ ok: false, reason: "The file is empty." });
  });
});

describe("media placeholders", () => {
  it("encode any file name as one safe link destination", () => {
    expect(mediaRef("cat.png")).toBe("proofdeck-media:cat.png");
    expect(mediaRef("my (1) cat's.png")).toBe("proofdeck-media:my%20%281%29%20cat%27s.png");
    expect(mediaRef("a/../b.png")).toBe("proofdeck-media:a%2F..%2Fb.png");
  });

  it("are found and resolved; unresolved images keep only their alt text", () => {
    const md = `![a cat](${mediaRef("my (1) cat.png")}) and ![](${mediaRef("gone.png")}) and ![x](${mediaRef("my (1) cat.png")})`;
    expect(mediaRefsIn(md)).toEqual(["my (1) cat.png", "gone.png"]);
    const urls: Record<string, string> = { "my (1) cat.png": "/api/media/" + "a".repeat(64) };
    expect(resolveMediaRefs(md, (n) => urls[n])).toBe(`![a cat](/api/media/${"a".repeat(64)}) and  and ![x](/api/media/${"a".repeat(64)})`);
  });

  it("a placeholder left behind renders as no image at all", () => {
    expect(renderMarkdown(`![cat](${mediaRef("cat.png")})`)).toBe('<p><img alt="cat"></p>');
  });
});
