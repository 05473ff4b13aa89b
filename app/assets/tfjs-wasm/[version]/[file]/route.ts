// tfjs-backend-wasm's .wasm binaries, straight from the installed package (so a fresh
// `npm install` is all it takes), under /assets/tfjs-wasm/<version>/<file> for setWasmPaths.
// Any version but the installed one is a 404, which makes immutable caching safe.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { TFJS_WASM_FILES } from "@/experiments/live/assets.ts";
import { cachedFile, fileResponse, notFound } from "../../../serve-file.ts";

type Ctx = { params: Promise<{ version: string; file: string }> };

/** dist/ folder and version of the installed package, resolved like Node resolves it from the app root. */
function installed(): { dir: string; version: string } {
  const main = createRequire(path.join(process.cwd(), "package.json")).resolve("@tensorflow/tfjs-backend-wasm");
  const dir = path.dirname(main);
  const pkg = JSON.parse(readFileSync(path.join(dir, "..", "package.json"), "utf8")) as { version: string };
  return { dir, version: pkg.version };
}

export async function GET(req: Request, ctx: Ctx): Promise<Response> {
  const { version, file } = await ctx.params;
  if (!(TFJS_WASM_FILES as readonly string[]).includes(file)) return notFound();
  const pkg = installed();
  if (version !== pkg.version) return notFound();
  try {
    return fileResponse(req, await cachedFile(path.join(pkg.dir, file)), "application/wasm");
  } catch {
    return notFound();
  }
}
