// Serves an uploaded image by the SHA-256 of its bytes (lib/media/store.ts). The type is the one
// sniffed at upload, and the browser is told not to guess another (nosniff); the bytes behind a URL
// never change, so they are cached for a year; shown inline, never as a page of its own that could
// run anything (CSP sandbox). Public, like the cards' text that refers to them: the address is
// the hash of the bytes. Unknown: 404.
import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { route } from "@/lib/http/boundary.ts";
import { MEDIA_CACHE, readMedia, sha256Schema } from "@/lib/media/store.ts";

export const GET = route({ auth: "public", params: z.object({ sha256: sha256Schema }) }, async ({ req, params }) => {
  const media = await readMedia(db(), params.sha256);
  if (!media) {
    return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } });
  }
  const etag = `"${params.sha256}"`;
  const headers = {
    "Content-Type": media.mime,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": MEDIA_CACHE,
    "Content-Disposition": "inline",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    ETag: etag,
  };
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(media.body, { status: 200, headers: { ...headers, "Content-Length": String(media.body.byteLength) } });
});
