// Compressed copies of the build's static assets (.next/static: content-hashed, served as immutable), made
// once after `next build` so that scripts/server.ts sends them as files: brotli at its best level (about 14 %
// smaller than gzip on our scripts) and gzip for clients without brotli. Left to itself, Next.js gzips every
// asset again on every request, on the thread that renders the pages.
//   node --import tsx scripts/precompress.ts     (run by every build: scripts/build-hash.ts buildApp)
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { PRECOMPRESSED_MARK, STATIC_DIR } from "./static-assets.ts";

/** What compresses: text and wasm. woff2 fonts and images are compressed already. */
const COMPRESSIBLE = /\.(js|css|svg|json|txt|wasm|ttf)$/;
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

async function main() {
  const t = Date.now();
  const sources = fs
    .readdirSync(STATIC_DIR, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && COMPRESSIBLE.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
  let bytes = 0;
  let brotliBytes = 0;
  // zlib's async calls run on libuv's thread pool: all cores.
  await Promise.all(
    sources.map(async (file) => {
      const data = await fs.promises.readFile(file);
      const [br, gz] = await Promise.all([
        brotli(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
        gzip(data, { level: zlib.constants.Z_BEST_COMPRESSION }),
      ]);
      bytes += data.length;
      brotliBytes += Math.min(br.length, data.length);
      // A copy no smaller than the file is not written; the server then sends the file itself.
      if (br.length < data.length) await fs.promises.writeFile(`${file}.br`, br);
      if (gz.length < data.length) await fs.promises.writeFile(`${file}.gz`, gz);
    }),
  );
  // Says which build the copies belong to: the server uses them only for that one.
  fs.writeFileSync(PRECOMPRESSED_MARK, fs.readFileSync(path.join(".next", "BUILD_ID"), "utf8"));
  console.log(`[proofdeck] compressed ${sources.length} static assets: ${(bytes / 1024).toFixed(0)} KiB → ${(brotliBytes / 1024).toFixed(0)} KiB brotli, in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
