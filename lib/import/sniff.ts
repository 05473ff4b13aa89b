// Image type from the file's first bytes, never from its name or a client's Content-Type: PNG,
// JPEG, GIF and WebP are accepted; SVG is refused (it is XML that can carry script), as is anything
// else. Used for media from imports and uploads.
import { formatSize } from "./errors.ts";

export const MAX_MEDIA_BYTES = 5 * 1024 * 1024;

export const IMAGE_MIME_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
export type ImageMime = (typeof IMAGE_MIME_TYPES)[number];

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  bytes.length >= at + text.length && [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

/** The image type the bytes start with, or null. */
export function sniffImage(bytes: Uint8Array): ImageMime | null {
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return "image/png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (ascii(bytes, 0, "GIF87a") || ascii(bytes, 0, "GIF89a")) return "image/gif";
  if (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WEBP")) return "image/webp";
  return null;
}

/** Whether the bytes look like SVG (or other XML/HTML markup) after an optional BOM and whitespace. */
export function looksLikeMarkup(bytes: Uint8Array): boolean {
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 1024)).replace(/^\uFEFF/, "").trimStart().toLowerCase();
  return /^<(\?xml|svg|!doctype|!--|html)/.test(head);
}

export type MediaCheck = { ok: true; mime: ImageMime } | { ok: false; reason: string };

/** Accepts an image of a known type within MAX_MEDIA_BYTES (or `maxBytes`), or says why not. */
export function checkImage(bytes: Uint8Array, maxBytes = MAX_MEDIA_BYTES): MediaCheck {
  if (bytes.length === 0) return { ok: false, reason: "The file is empty." };
  if (bytes.length > maxBytes) {
    return { ok: false, reason: `The image is larger than ${formatSize(maxBytes)}.` };
  }
  const mime = sniffImage(bytes);
  if (mime) return { ok: true, mime };
  if (looksLikeMarkup(bytes)) return { ok: false, reason: "SVG and other markup images are refused: they can carry script." };
  return { ok: false, reason: "Not a PNG, JPEG, GIF or WebP image." };
}
