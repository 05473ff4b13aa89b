// Serves a file from disk under a versioned URL with immutable caching (the live run's assets:
// tfjs's .wasm binaries and the MNIST subset). Files are read once and kept in memory (≤ 2 MB).
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { IMMUTABLE_CACHE } from "@/experiments/live/assets.ts";

interface Cached {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  sha256: string;
}

const cache = new Map<string, Promise<Cached>>();

/** The file's bytes and hashes (read once per process; a failed read is retried next time). */
export function cachedFile(absPath: string): Promise<Cached> {
  let entry = cache.get(absPath);
  if (!entry) {
    entry = readFile(absPath).then((buf) => {
      const body = new Uint8Array(buf.byteLength);
      body.set(buf);
      const sha256 = createHash("sha256").update(body).digest("hex");
      return { body, sha256, etag: `"${sha256.slice(0, 32)}"` };
    });
    entry.catch(() => cache.delete(absPath));
    cache.set(absPath, entry);
  }
  return entry;
}

export function notFound(): Response {
  return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

/** 200 with the bytes, or 304 when the browser already holds this version. */
export function fileResponse(req: Request, file: Cached, contentType: string): Response {
  const headers = {
    "Content-Type": contentType,
    "Cache-Control": IMMUTABLE_CACHE,
    ETag: file.etag,
    "X-Content-Type-Options": "nosniff",
  };
  if (req.headers.get("if-none-match") === file.etag) return new Response(null, { status: 304, headers });
  return new Response(file.body, { status: 200, headers: { ...headers, "Content-Length": String(file.body.byteLength) } });
}
