// tfjs-backend-wasm's .wasm binaries, straight from the installed package (so a fresh
// `npm install` is all it takes), under /assets/tfjs-wasm/<version>/<file> for setWasmPaths.
// Any version but the installed one is a 404, which makes immutable caching safe.
// Public on purpose, like /_next/static: the package's own binaries, no user data.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { z } from "zod";
import { TFJS_WASM_FILES } from "@/experiments/live/assets.ts";
import { route } from "@/lib/http/boundary.ts";
import { cachedFile, fileResponse, notFound } from "../../../serve-file.ts";

/** dist/ folder and version of the installed package, resolved like Node resolves it from the app root. */
function installed(): { dir: string; version: string } {
  const main = createRequire(path.join(process.cwd(), "package.json")).resolve("@tensorflow/tfjs-backend-wasm");
  const dir = path.dirname(main);
  const pkg = JSON.parse(readFileSync(path.join(dir, "..", "package.json"), "utf8")) as { version: string };
  return { dir, version: pkg.version };
}

// Any other URL is a plain 404 (not the boundary's 400), like a missing static file.
const paramsSchema = z.object({ version: z.string().max(40), file: z.enum(TFJS_WASM_FILES) }).nullable().catch(null);

export const GET = route({ auth: "public", params: paramsSchema }, async ({ req, params }) => {
  if (!params) return notFound();
  const { version, file } = params;
  const pkg = installed();
  if (version !== pkg.version) return notFound();
  try {
    return fileResponse(req, await cachedFile(path.join(pkg.dir, file)), "application/wasm");
  } catch {
    return notFound();
  }
});
