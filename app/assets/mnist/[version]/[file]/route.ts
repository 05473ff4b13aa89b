// The committed MNIST subset (experiments/data/mnist-10k.bin.gz, 1.59 MB) for live runs, under
// /assets/mnist/<first 16 hex of its SHA-256>/mnist-10k.bin.gz. The bytes go out as they are
// (gzip, not a Content-Encoding): the worker gunzips them with DecompressionStream. A URL whose
// version is not the file's hash is a 404, which makes immutable caching safe.
import path from "node:path";
import { MNIST_FILE_NAME } from "@/experiments/live/assets.ts";
import { cachedFile, fileResponse, notFound } from "../../../serve-file.ts";

type Ctx = { params: Promise<{ version: string; file: string }> };

export async function GET(req: Request, ctx: Ctx): Promise<Response> {
  const { version, file } = await ctx.params;
  if (file !== MNIST_FILE_NAME || !/^[0-9a-f]{16}$/.test(version)) return notFound();
  try {
    const f = await cachedFile(path.join(process.cwd(), "experiments", "data", MNIST_FILE_NAME));
    if (!f.sha256.startsWith(version)) return notFound();
    return fileResponse(req, f, "application/octet-stream");
  } catch {
    return notFound();
  }
}
