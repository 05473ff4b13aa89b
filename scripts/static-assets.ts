// The build's static assets (/_next/static/…), served by scripts/server.ts from the compressed copies that
// scripts/precompress.ts makes after each build.
import fs from "node:fs";
import type http from "node:http";
import path from "node:path";
import sirv from "sirv";

export const STATIC_DIR = path.join(".next", "static");
export const STATIC_URL_PREFIX = "/_next/static";
/** Written by scripts/precompress.ts: the BUILD_ID whose assets have compressed copies. */
export const PRECOMPRESSED_MARK = path.join(".next", "proofdeck-precompressed");

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

/**
 * A handler for /_next/static/… that sends brotli or gzip copies as the client accepts (ETag, immutable
 * caching; anything it does not hold goes to `next`), or null when the current build has no compressed
 * copies (a plain `next build`): then Next.js serves the assets itself.
 */
export function staticAssets(root = process.cwd()): Handler | null {
  const mark = path.join(root, PRECOMPRESSED_MARK);
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(mark) || !fs.existsSync(buildId) || fs.readFileSync(mark, "utf8") !== fs.readFileSync(buildId, "utf8")) return null;
  // Production mode: sirv lists the directory once, and serves only the files it found (no path is
  // looked up on disk from a request).
  const serve = sirv(path.join(root, STATIC_DIR), { dev: false, etag: true, brotli: true, gzip: true, extensions: [], maxAge: 31_536_000, immutable: true });
  return (req, res, next) => {
    const url = req.url ?? "";
    if ((req.method !== "GET" && req.method !== "HEAD") || !url.startsWith(`${STATIC_URL_PREFIX}/`)) return next();
    req.url = url.slice(STATIC_URL_PREFIX.length);
    serve(req, res, () => {
      req.url = url;
      next();
    });
  };
}
