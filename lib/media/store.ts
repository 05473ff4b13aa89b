// Uploaded images (issue #10), content-addressed: the bytes live in one file named by their
// SHA-256 under the media directory (PROOFDECK_MEDIA_DIR, default data/media), with a Media row
// holding the type sniffed from the bytes (lib/import/sniff.ts: PNG, JPEG, GIF, WebP; SVG and
// anything else refused; never the file's name or the client's Content-Type). The same image
// uploaded twice is one file and one row. Files are written to a temporary name and renamed, so a
// reader never sees half a file. Markdown refers to an image as /media/<sha256>
// (app/media/[sha256]/route.ts serves it).
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { DomainError } from "../errors.ts";
import { formatSize } from "../import/errors.ts";
import { checkImage, MAX_MEDIA_BYTES, type ImageMime } from "../import/sniff.ts";

export const MEDIA_DIR_ENV = "PROOFDECK_MEDIA_DIR";

/** Where media files are kept (absolute). */
export function mediaDir(env: Record<string, string | undefined> = process.env): string {
  const configured = env[MEDIA_DIR_ENV]?.trim();
  // turbopackIgnore: a directory chosen at run time, not a file of the app to trace into the build.
  return path.resolve(/*turbopackIgnore: true*/ configured || path.join(process.cwd(), "data", "media"));
}

export const sha256Schema = z.string({ error: "Missing media id." }).regex(/^[0-9a-f]{64}$/, "Malformed media id: 64 lower-case hex digits.");

/** The bytes behind a /media URL never change. */
export const MEDIA_CACHE = "public, max-age=31536000, immutable";

export const mediaUrl = (sha256: string) => `/media/${sha256}`;

export interface StoredMedia {
  sha256: string;
  mime: ImageMime;
  bytes: number;
  url: string;
}

/** Why these bytes are refused as an upload, as the status to answer with, or the sniffed type. */
export function mediaDecision(bytes: Uint8Array, maxBytes = MAX_MEDIA_BYTES): { ok: true; mime: ImageMime } | { ok: false; status: 400 | 413 | 415; reason: string } {
  const check = checkImage(bytes, maxBytes);
  if (check.ok) return check;
  const status = bytes.length === 0 ? 400 : bytes.length > maxBytes ? 413 : 415;
  return { ok: false, status, reason: check.reason };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stores an image (idempotent: the same bytes give the same sha256, file and row); a DomainError
 * 400/413/415 for an empty, too large or non-image file. The first uploader stays on the row.
 */
export async function storeMedia(db: Db, uploaderId: string, bytes: Uint8Array, dir: string = mediaDir()): Promise<StoredMedia> {
  const decision = mediaDecision(bytes);
  if (!decision.ok) throw new DomainError(decision.status, decision.reason, { fields: { file: decision.reason } });
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(/*turbopackIgnore: true*/ dir, sha256);
  if (!(await exists(file))) {
    const temp = path.join(/*turbopackIgnore: true*/ dir, `.${sha256}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      await fs.writeFile(temp, bytes, { flag: "wx" });
      await fs.rename(temp, file);
    } finally {
      await fs.rm(temp, { force: true });
    }
  }
  try {
    await db.media.upsert({ where: { sha256 }, create: { sha256, mime: decision.mime, bytes: bytes.length, uploaderId }, update: {} });
  } catch (err) {
    // The same image uploaded at the same moment by someone else: their row is this row.
    if (!isUniqueViolation(err)) throw err;
  }
  return { sha256, mime: decision.mime, bytes: bytes.length, url: mediaUrl(sha256) };
}

/** A stored image's type and bytes, or null when there is no such row or file. */
export async function readMedia(db: Db, sha256: string, dir: string = mediaDir()): Promise<{ mime: string; body: Uint8Array<ArrayBuffer> } | null> {
  const row = await db.media.findUnique({ where: { sha256 }, select: { mime: true } });
  if (!row) return null;
  try {
    const buf = await fs.readFile(/*turbopackIgnore: true*/ path.join(/*turbopackIgnore: true*/ dir, sha256));
    const body = new Uint8Array(buf.byteLength);
    body.set(buf);
    return { mime: row.mime, body };
  } catch {
    return null;
  }
}

/** The largest multipart body an upload may send: the image plus room for the form's headers. */
export const MAX_UPLOAD_BODY_BYTES = MAX_MEDIA_BYTES + 64 * 1024;
export const TOO_LARGE = `The image is larger than ${formatSize(MAX_MEDIA_BYTES)}.`;
