// The live run's asset routes: versioned URLs, immutable caching, 404 for anything else.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET as getMnist } from "../../app/assets/mnist/[version]/[file]/route.ts";
import { GET as getWasm } from "../../app/assets/tfjs-wasm/[version]/[file]/route.ts";
import { IMMUTABLE_CACHE, MNIST_SHA256, MNIST_URL_VERSION, mnistAssetPath, tfjsWasmPrefix } from "../../experiments/live/assets.ts";
import { MNIST_FILE } from "../../experiments/data/load-node.ts";

const ctx = (version: string, file: string) => ({ params: Promise.resolve({ version, file }) });
const req = (headers: Record<string, string> = {}) => new Request("http://localhost/x", { headers });
const wasmVersion = (JSON.parse(readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm")), "..", "package.json"), "utf8")) as { version: string }).version;

describe("MNIST asset", () => {
  it("the URL's hash is the committed file's (rebuilt the file? update MNIST_SHA256)", () => {
    expect(createHash("sha256").update(readFileSync(MNIST_FILE)).digest("hex")).toBe(MNIST_SHA256);
    expect(mnistAssetPath()).toBe(`/assets/mnist/${MNIST_SHA256.slice(0, 16)}/mnist-10k.bin.gz`);
  });

  it("serves the gzipped bytes as they are, cached forever, and 304s a repeat", async () => {
    const res = await getMnist(req(), ctx(MNIST_URL_VERSION, "mnist-10k.bin.gz"));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe(IMMUTABLE_CACHE);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-encoding")).toBeNull();
    const body = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(body).equals(readFileSync(MNIST_FILE))).toBe(true);
    const again = await getMnist(req({ "if-none-match": res.headers.get("etag")! }), ctx(MNIST_URL_VERSION, "mnist-10k.bin.gz"));
    expect(again.status).toBe(304);
  });

  it.each([
    ["another version", "0123456789abcdef", "mnist-10k.bin.gz"],
    ["a malformed version", "../../etc", "mnist-10k.bin.gz"],
    ["another file", MNIST_URL_VERSION, "passwd"],
  ])("404 for %s", async (_what, version, file) => {
    const res = await getMnist(req(), ctx(version, file));
    expect(res.status).toBe(404);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});

describe("tfjs wasm assets", () => {
  it("serves each binary of the installed version as application/wasm, cached forever", async () => {
    expect(tfjsWasmPrefix(wasmVersion)).toBe(`/assets/tfjs-wasm/${wasmVersion}/`);
    for (const file of ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"]) {
      const res = await getWasm(req(), ctx(wasmVersion, file));
      expect(res.status, file).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/wasm");
      expect(res.headers.get("cache-control")).toBe(IMMUTABLE_CACHE);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]); // "\0asm"
    }
  });

  it.each([
    ["another version", "4.0.0", "tfjs-backend-wasm.wasm"],
    ["a file outside the list", wasmVersion, "tf-backend-wasm.js"],
    ["a path", wasmVersion, "../package.json"],
  ])("404 for %s", async (_what, version, file) => {
    expect((await getWasm(req(), ctx(version, file))).status).toBe(404);
  });
});
