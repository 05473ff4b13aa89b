// Image upload (app/api/media) and serving (app/media/[sha256]): the type comes from the bytes
// only, SVG and non-images are refused, sizes are bounded while the body streams, files are
// content-addressed; serving validates the hash and answers with the stored type, nosniff,
// immutable caching and inline disposition. The signed-in user is stubbed; the database is a stub
// holding Media rows in a Map; files go to a temporary PROOFDECK_MEDIA_DIR.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../../lib/db/client.ts";
import { MAX_MEDIA_BYTES } from "../../lib/import/sniff.ts";
import { MEDIA_CACHE, mediaDecision, mediaDir, MEDIA_DIR_ENV, sha256Schema } from "../../lib/media/store.ts";
import { imageAlt } from "../../lib/media/upload.ts";
import type { PublicUser } from "../../lib/users/data.ts";

vi.mock("../../lib/auth/session.ts", () => ({ currentUser: vi.fn() }));
const { currentUser } = await import("../../lib/auth/session.ts");
const signedIn = vi.mocked(currentUser);
const { POST: upload } = await import("../../app/api/media/route.ts");
const { GET: serve } = await import("../../app/media/[sha256]/route.ts");

const SITE = "https://proofdeck.example";
const author: PublicUser = { id: "author1", email: "a@example.com", name: "A", role: "LEARNER", timeZone: "UTC", dayRolloverHour: 4, sessionVersion: 0 };

// Smallest images of each kind the sniffer knows (headers are what counts).
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const GIF = new TextEncoder().encode("GIF89a\x01\x00\x01\x00");
const WEBP = new TextEncoder().encode("RIFF\x10\x00\x00\x00WEBPVP8 ");
const SVG = new TextEncoder().encode('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

let dir: string;
const rows = new Map<string, { sha256: string; mime: string; bytes: number; uploaderId: string }>();
const fakeDb = {
  media: {
    upsert: vi.fn(async ({ where, create }: { where: { sha256: string }; create: { sha256: string; mime: string; bytes: number; uploaderId: string } }) => {
      if (!rows.has(where.sha256)) rows.set(where.sha256, create);
      return rows.get(where.sha256);
    }),
    findUnique: vi.fn(async ({ where }: { where: { sha256: string } }) => rows.get(where.sha256) ?? null),
  },
} as unknown as Db;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-media-"));
  (globalThis as unknown as { proofdeckDb?: Db }).proofdeckDb = fakeDb;
});
afterAll(() => {
  delete (globalThis as unknown as { proofdeckDb?: Db }).proofdeckDb;
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  vi.stubEnv("NEXTAUTH_URL", SITE);
  vi.stubEnv(MEDIA_DIR_ENV, path.join(dir, "media"));
  signedIn.mockReset();
  signedIn.mockResolvedValue(author);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function form(bytes: Uint8Array, name = "figure.png", type = "image/png", field = "file"): FormData {
  const f = new FormData();
  f.append(field, new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
  return f;
}
const noParams = { params: Promise.resolve({}) };
const post = (body: BodyInit, headers: Record<string, string> = {}) => upload(new Request(`${SITE}/api/media`, { method: "POST", body, headers }), noParams);
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> });
const get = (hash: string, headers: Record<string, string> = {}) =>
  serve(new Request(`${SITE}/media/${hash}`, { headers }), { params: Promise.resolve({ sha256: hash }) });

describe("upload decisions (the bytes decide)", () => {
  it("accepts PNG, JPEG, GIF and WebP by their first bytes", () => {
    expect([PNG, JPEG, GIF, WEBP].map((b) => mediaDecision(b))).toEqual([
      { ok: true, mime: "image/png" },
      { ok: true, mime: "image/jpeg" },
      { ok: true, mime: "image/gif" },
      { ok: true, mime: "image/webp" },
    ]);
  });

  it("refuses SVG (415), other files (415), empty ones (400) and oversized ones (413)", () => {
    expect(mediaDecision(SVG)).toMatchObject({ ok: false, status: 415, reason: expect.stringMatching(/SVG/) });
    expect(mediaDecision(new TextEncoder().encode("\uFEFF  <svg onload=alert(1)>"))).toMatchObject({ ok: false, status: 415 });
    expect(mediaDecision(new TextEncoder().encode("%PDF-1.7"))).toMatchObject({ ok: false, status: 415, reason: "Not a PNG, JPEG, GIF or WebP image." });
    expect(mediaDecision(new Uint8Array(0))).toMatchObject({ ok: false, status: 400 });
    const big = new Uint8Array(MAX_MEDIA_BYTES + 1);
    big.set(PNG);
    expect(mediaDecision(big)).toMatchObject({ ok: false, status: 413 });
  });

  it("the media directory comes from PROOFDECK_MEDIA_DIR, data/media by default", () => {
    expect(mediaDir({})).toBe(path.resolve("data/media"));
    expect(mediaDir({ [MEDIA_DIR_ENV]: "/srv/media" })).toBe("/srv/media");
  });

  it("alt text from the file name, without Markdown's brackets", () => {
    expect(imageAlt("conv [diagram].png")).toBe("conv  diagram");
    expect(imageAlt(".png")).toBe("image");
  });
});

describe("POST /api/media", () => {
  it("stores a PNG under its sha256 (temp file + rename) and answers the Markdown to insert", async () => {
    const res = await json(await post(form(PNG, "stride diagram.png")));
    const hash = sha(PNG);
    expect(res).toEqual({
      status: 200,
      body: { sha256: hash, mime: "image/png", bytes: PNG.length, url: `/media/${hash}`, markdown: `![stride diagram](/media/${hash})` },
    });
    expect(fs.readFileSync(path.join(dir, "media", hash))).toEqual(Buffer.from(PNG));
    expect(fs.readdirSync(path.join(dir, "media"))).toEqual([hash]); // no temp file left
    expect(rows.get(hash)).toEqual({ sha256: hash, mime: "image/png", bytes: PNG.length, uploaderId: author.id });
  });

  it("the same bytes twice are one file and one row, whoever uploads them", async () => {
    signedIn.mockResolvedValue({ ...author, id: "someone-else" });
    const res = await json(await post(form(PNG, "again.png")));
    expect(res.body.sha256).toBe(sha(PNG));
    expect(rows.get(sha(PNG))?.uploaderId).toBe(author.id);
    expect(fs.readdirSync(path.join(dir, "media"))).toEqual([sha(PNG)]);
  });

  it("takes the type from the bytes, not the name or the browser's Content-Type", async () => {
    const res = await json(await post(form(JPEG, "photo.svg", "image/svg+xml")));
    expect(res.body.mime).toBe("image/jpeg");
    expect(rows.get(sha(JPEG))?.mime).toBe("image/jpeg");
  });

  it("refuses an SVG even when named .png and sent as image/png, and stores nothing", async () => {
    const res = await json(await post(form(SVG, "innocent.png", "image/png")));
    expect(res.status).toBe(415);
    expect(res.body.error).toMatch(/SVG/);
    expect(res.body.fields).toEqual({ file: res.body.error });
    expect(rows.has(sha(SVG))).toBe(false);
    expect(fs.existsSync(path.join(dir, "media", sha(SVG)))).toBe(false);
  });

  it("refuses a body over the limit while it streams, whatever content-length says", async () => {
    const big = new Uint8Array(MAX_MEDIA_BYTES + 100 * 1024);
    big.set(PNG);
    const declared = await json(await post(form(big)));
    expect(declared.status).toBe(413);
    expect(declared.body.error).toBe("The image is larger than 5 MB.");
    // A stream with no content-length: cut off once past the limit.
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ > 8) c.close();
        else c.enqueue(chunk);
      },
    });
    const res = await upload(
      new Request(`${SITE}/api/media`, { method: "POST", body: stream, headers: { "content-type": "multipart/form-data; boundary=x" }, duplex: "half" } as RequestInit),
      noParams,
    );
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(9);
  });

  it("refuses an image just over MAX_MEDIA_BYTES inside a body within the multipart allowance", async () => {
    const big = new Uint8Array(MAX_MEDIA_BYTES + 1);
    big.set(PNG);
    expect((await post(form(big))).status).toBe(413);
  });

  it("refuses what is not multipart (415), a form without a file (400), and an empty file (400)", async () => {
    expect((await post(JSON.stringify({ file: "x" }), { "content-type": "application/json" })).status).toBe(415);
    const noFile = new FormData();
    noFile.append("file", "just text");
    expect(await json(await post(noFile))).toMatchObject({ status: 400, body: { error: "Choose an image to upload." } });
    expect((await post(form(new Uint8Array(0)))).status).toBe(400);
    expect((await post("garbage", { "content-type": "multipart/form-data; boundary=zzz" })).status).toBe(400);
  });

  it("is for signed-in users only (401), and refuses another site's form (403)", async () => {
    signedIn.mockResolvedValue(null);
    expect((await post(form(GIF))).status).toBe(401);
    signedIn.mockResolvedValue(author);
    expect((await post(form(GIF), { origin: "https://evil.example" })).status).toBe(403);
    expect(rows.has(sha(GIF))).toBe(false);
  });
});

describe("GET /media/[sha256]", () => {
  it("serves the bytes with the stored type, nosniff, immutable caching and inline disposition", async () => {
    await post(form(WEBP, "w.webp", "application/octet-stream"));
    const res = await get(sha(WEBP));
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(WEBP);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe(MEDIA_CACHE);
    expect(res.headers.get("content-disposition")).toBe("inline");
    expect(res.headers.get("content-security-policy")).toContain("sandbox");
    const again = await get(sha(WEBP), { "if-none-match": res.headers.get("etag")! });
    expect(again.status).toBe(304);
  });

  it("404 for an unknown hash, and for a row whose file is gone", async () => {
    expect((await get("a".repeat(64))).status).toBe(404);
    rows.set("b".repeat(64), { sha256: "b".repeat(64), mime: "image/png", bytes: 1, uploaderId: author.id });
    expect((await get("b".repeat(64))).status).toBe(404);
  });

  it("400 for anything but 64 lower-case hex digits (no path tricks reach the disk)", async () => {
    for (const bad of ["../../etc/passwd", "A".repeat(64), "a".repeat(63), `${"a".repeat(64)}.png`, ""]) {
      expect((await get(bad)).status).toBe(400);
    }
    expect(sha256Schema.safeParse("f".repeat(64)).success).toBe(true);
  });
});
