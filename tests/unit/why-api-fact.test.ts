// An API fact's source excerpts and mirror (lib/why/api-fact.ts), by hand.
import { describe, expect, it } from "vitest";
import { apiFactView, excerptLocation, excerptView, groupedLocations, numberedLines, shortCommit, type ExcerptInput } from "../../lib/why/api-fact.ts";

const COMMIT = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
const ex = (id: string, path: string, lines: [number, number], excerpt = "def f():\n    return 1"): ExcerptInput => ({
  id,
  repo: "fastai/fastai",
  path,
  commit: COMMIT,
  lines,
  excerpt,
  url: `https://github.com/fastai/fastai/blob/${COMMIT}/${path}#L${lines[0]}-L${lines[1]}`,
  shows: `${id} shows it.`,
  fileSha256: "cd".repeat(32),
  gitBlobSha1: "ef".repeat(20),
  fetchedAt: "2026-11-28T08:00:00Z",
});

describe("locations", () => {
  it("path@short commit and the line range", () => {
    expect(shortCommit(COMMIT)).toBe("1a2b3c4");
    expect(excerptLocation(ex("a", "fastai/learner.py", [98, 104]))).toBe("fastai/learner.py@1a2b3c4, lines 98–104");
    expect(excerptLocation(ex("a", "fastai/learner.py", [7, 7]))).toBe("fastai/learner.py@1a2b3c4, line 7");
  });
  it("grouped per file, ranges in file order, duplicates once", () => {
    expect(groupedLocations([ex("a", "fastai/learner.py", [230, 236]), ex("b", "fastai/callback/core.py", [5, 5]), ex("c", "fastai/learner.py", [98, 104]), ex("d", "fastai/learner.py", [98, 104])])).toEqual([
      "fastai/learner.py@1a2b3c4, lines 98–104, 230–236",
      "fastai/callback/core.py@1a2b3c4, line 5",
    ]);
  });
});

describe("numberedLines", () => {
  it("numbers from the first line; a trailing newline adds no line; CRLF reads as LF", () => {
    expect(numberedLines("a\r\n  b\n", 10)).toEqual([
      { n: 10, text: "a" },
      { n: 11, text: "  b" },
    ]);
  });
});

describe("apiFactView", () => {
  it("headline with every place; each excerpt as numbered code with its link and hashes; the mirror's words", () => {
    const v = apiFactView({ mirror: "mirrors" }, [ex("hook", "fastai/callback/hook.py", [20, 21])]);
    expect(v.headline).toBe("Confirmed in the fastai source (fastai/callback/hook.py@1a2b3c4, lines 20–21)");
    expect(v.where).toBe("fastai/callback/hook.py@1a2b3c4, lines 20–21");
    expect(v.mirror).toEqual({ key: "mirrors", label: "Our learner mirrors it" });
    expect(v.excerpts[0]).toEqual(excerptView(ex("hook", "fastai/callback/hook.py", [20, 21])));
    expect(v.excerpts[0]).toMatchObject({
      location: "fastai/callback/hook.py@1a2b3c4, lines 20–21",
      code: [
        { n: 20, text: "def f():" },
        { n: 21, text: "    return 1" },
      ],
      url: `https://github.com/fastai/fastai/blob/${COMMIT}/fastai/callback/hook.py#L20-L21`,
      provenance: `Copied 2026-11-28 08:00 UTC from fastai/fastai at commit ${COMMIT}; git blob ${"ef".repeat(20)}, file sha256 ${"cd".repeat(32)}.`,
    });
  });
  it("no excerpt: the bare headline; no mirror reported: says so", () => {
    const v = apiFactView({}, []);
    expect(v.headline).toBe("Confirmed in the fastai source");
    expect(v.where).toBe("");
    expect(v.mirror).toEqual({ key: "not-reported", label: "Our learner's run did not report it" });
  });
});
