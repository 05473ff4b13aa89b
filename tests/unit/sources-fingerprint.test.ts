import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { excerptProblems, excerptUrl } from "../../experiments/sources/excerpts.ts";
import { asFingerprint, fingerprintProblems, splitLines } from "../../experiments/sources/fingerprint.ts";
import { sha256Bytes, sha256Hex } from "../../experiments/sources/sha256.ts";
import { fingerprintFile, gitBlobSha1, linesOf } from "../../scripts/sources/fingerprint.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const nodeSha256 = (s: string | Uint8Array) => createHash("sha256").update(s).digest("hex");

describe("sha256 (pure)", () => {
  it("matches known vectors", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("matches node:crypto across block boundaries and for non-ASCII text", () => {
    for (const n of [1, 55, 56, 57, 63, 64, 65, 119, 120, 1000]) expect(sha256Hex("a".repeat(n)), String(n)).toBe(nodeSha256("a".repeat(n)));
    const s = "cosine annealing from `start`→`middle` & `middle`→`end` — ≤ 0.05 ✓";
    expect(sha256Hex(s)).toBe(nodeSha256(s));
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256);
    expect(sha256Bytes(bytes)).toBe(nodeSha256(bytes));
  });
});

describe("splitLines", () => {
  it("treats a final newline as the end of the last line", () => {
    expect(splitLines("")).toEqual([]);
    expect(splitLines("a")).toEqual(["a"]);
    expect(splitLines("a\n")).toEqual(["a"]);
    expect(splitLines("a\n\nb")).toEqual(["a", "", "b"]);
    expect(splitLines("a\r\nb\n")).toEqual(["a\r", "b"]);
  });
});

describe("scripts/sources/fingerprint", () => {
  it("computes git's blob id", () => {
    // `printf 'hello\n' | git hash-object --stdin` and the empty blob
    expect(gitBlobSha1(enc("hello\n"))).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
    expect(gitBlobSha1(enc(""))).toBe("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
  });

  const text = "def f(x):\n    return x  # ≤ 0.05\n\nclass A: pass\n";
  const meta = { repo: "owner/name", path: "pkg/mod.py", commit: "a".repeat(40), fetchedAt: "2026-01-01T00:00:00Z" };
  const fp = fingerprintFile(enc(text), meta);

  it("fingerprints a file: sizes, hashes, one hash per line", () => {
    expect(fp.byteLength).toBe(enc(text).length);
    expect(fp.lineCount).toBe(4);
    expect(fp.endsWithNewline).toBe(true);
    expect(fp.fileSha256).toBe(nodeSha256(text));
    expect(fp.lineSha256[1]).toBe(sha256Hex("    return x  # ≤ 0.05"));
    expect(fingerprintProblems(fp)).toEqual([]);
    expect(asFingerprint(JSON.parse(JSON.stringify(fp)))).toEqual(fp);
    expect(() => asFingerprint({ ...fp, lineSha256: fp.lineSha256.slice(1) })).toThrow(/line hashes/);
  });

  it("produces excerpts that excerptProblems accepts, and rejects edits", () => {
    const lines: [number, number] = [1, 2];
    const excerpt = {
      id: "t",
      repo: meta.repo,
      path: meta.path,
      commit: meta.commit,
      lines,
      excerpt: linesOf(text, 1, 2),
      fileSha256: fp.fileSha256,
      gitBlobSha1: fp.gitBlobSha1,
      fetchedAt: meta.fetchedAt,
      shows: "a test function",
      url: excerptUrl(meta.repo, meta.commit, meta.path, lines),
    };
    expect(excerptProblems(excerpt, fp)).toEqual([]);
    expect(excerptProblems({ ...excerpt, excerpt: excerpt.excerpt.replace("x  #", "x #") }, fp)).not.toEqual([]);
    expect(() => linesOf(text, 3, 5)).toThrow(/outside/);
  });
});
