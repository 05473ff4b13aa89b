// The build's scripts and stylesheets are sent from the compressed copies made after the build
// (scripts/precompress.ts, scripts/static-assets.ts): brotli or gzip as the client accepts, the exact bytes of
// the built file once decompressed, cached for good, and nothing outside the build's static folder. The
// scripts every page runs at startup carry V8's compile hint (scripts/compile-hints.ts).
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../lib/db/migrate.ts";
import { COMPILE_HINT } from "../../scripts/compile-hints.ts";
import { startServer, type RunningServer } from "../support/server.ts";

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET with exactly these headers (fetch would add its own Accept-Encoding and decompress). */
function get(baseUrl: string, pathname: string, headers: Record<string, string> = {}): Promise<Raw> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: pathname, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The built file behind an asset URL. */
const builtFile = (asset: string) => path.join(".next", "static", asset.slice("/_next/static/".length));

describe("static assets", () => {
  let server: RunningServer;
  let dir: string;
  let assets: string[];
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-assets-"));
    const url = `file:${path.join(dir, "assets.db")}`;
    await migrate(url);
    server = await startServer({ databaseUrl: url });
    const page = await get(server.baseUrl, "/");
    assets = [...page.body.toString("utf8").matchAll(/(?:src|href)="(\/_next\/static\/[^"?]+\.(?:js|css))"/g)].map((m) => m[1]!);
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("sends every script and stylesheet of a page as brotli, gzip or plain, each the built file's bytes", async () => {
    expect(assets.some((a) => a.endsWith(".css"))).toBe(true);
    expect(assets.filter((a) => a.endsWith(".js")).length).toBeGreaterThan(3);
    for (const asset of assets) {
      const built = fs.readFileSync(builtFile(asset));
      const br = await get(server.baseUrl, asset, { "accept-encoding": "gzip, deflate, br" });
      expect(br.status, asset).toBe(200);
      // Tiny files may have no smaller copy: then the file itself goes out.
      if (br.headers["content-encoding"]) {
        expect(br.headers["content-encoding"], asset).toBe("br");
        expect(zlib.brotliDecompressSync(br.body).equals(built), asset).toBe(true);
      } else expect(br.body.equals(built), asset).toBe(true);
      expect(br.headers["cache-control"], asset).toMatch(/max-age=31536000.*immutable/);
      expect(br.headers.vary, asset).toMatch(/accept-encoding/i);
      expect(br.headers["content-type"], asset).toMatch(asset.endsWith(".css") ? /^text\/css/ : /javascript/);

      const gz = await get(server.baseUrl, asset, { "accept-encoding": "gzip" });
      if (gz.headers["content-encoding"]) {
        expect(gz.headers["content-encoding"], asset).toBe("gzip");
        expect(zlib.gunzipSync(gz.body).equals(built), asset).toBe(true);
      } else expect(gz.body.equals(built), asset).toBe(true);

      const plain = await get(server.baseUrl, asset);
      expect(plain.headers["content-encoding"], asset).toBeUndefined();
      expect(plain.body.equals(built), asset).toBe(true);
    }
    // The framework's largest script really is sent compressed (brotli, and smaller than gzip would be).
    const largest = assets.filter((a) => a.endsWith(".js")).sort((a, b) => fs.statSync(builtFile(b)).size - fs.statSync(builtFile(a)).size)[0]!;
    const br = await get(server.baseUrl, largest, { "accept-encoding": "br, gzip" });
    const gz = await get(server.baseUrl, largest, { "accept-encoding": "gzip" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.body.length).toBeLessThan(gz.body.length);
  });

  it("sends the scripts a page runs at startup with V8's compile hint first, and the charts' code, loaded later, without it", async () => {
    const page = (await get(server.baseUrl, "/")).body.toString("utf8");
    // The noModule polyfills never run in a browser that reads the hint.
    const startup = [...page.matchAll(/<script src="(\/_next\/static\/[^"?]+\.js)"([^>]*)>/g)].filter((m) => !/noModule/i.test(m[2]!)).map((m) => m[1]!);
    expect(startup.length).toBeGreaterThan(3);
    for (const script of startup) {
      const body = (await get(server.baseUrl, script)).body.toString("utf8");
      expect(body.startsWith(COMPILE_HINT), script).toBe(true);
    }
    const chunks = path.join(".next", "static", "chunks");
    const charts = fs.readdirSync(chunks).filter((f) => f.endsWith(".js") && fs.readFileSync(path.join(chunks, f), "utf8").includes("recharts-wrapper"));
    expect(charts.length).toBeGreaterThan(0);
    for (const chunk of charts) expect(fs.readFileSync(path.join(chunks, chunk), "utf8").startsWith(COMPILE_HINT), chunk).toBe(false);
  });

  it("answers a repeat request with 304 when the browser's copy is current", async () => {
    const asset = assets[0]!;
    const first = await get(server.baseUrl, asset, { "accept-encoding": "br" });
    expect(first.headers.etag).toBeTruthy();
    const again = await get(server.baseUrl, asset, { "accept-encoding": "br", "if-none-match": String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it("serves nothing outside the build's static folder, and 404s what is not there", async () => {
    for (const p of ["/_next/static/chunks/no-such-chunk.js", "/_next/static/%2e%2e/BUILD_ID", "/_next/static/..%2fBUILD_ID", "/_next/static/../../package.json"]) {
      const r = await get(server.baseUrl, p, { "accept-encoding": "br" });
      expect([400, 404], p).toContain(r.status);
    }
  });
});
