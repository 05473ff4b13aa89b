import { describe, expect, it } from "vitest";
import { CHAPTER13_CARDS } from "../../lib/decks/chapter13.ts";
import { ALL_EXCERPTS, SOURCE_EXCERPTS, excerptProblems, excerptUrl, type SourceExcerpt } from "../../experiments/sources/excerpts.ts";
import { HEX40, HEX64, fingerprintProblems } from "../../experiments/sources/fingerprint.ts";
import { FINGERPRINTS, excerptsProblems, fingerprintFor } from "../../experiments/sources/fingerprints.ts";

const fp = (e: SourceExcerpt) => {
  const f = fingerprintFor(e);
  if (!f) throw new Error(`no fingerprint for ${e.id}`);
  return f;
};
const byId = (id: string): SourceExcerpt => {
  const e = ALL_EXCERPTS.find((x) => x.id === id);
  if (!e) throw new Error(`no excerpt ${id}`);
  return e;
};

describe("source excerpts", () => {
  it("cover the two API-fact cards, keyed by the cards' experiment ids", () => {
    expect(SOURCE_EXCERPTS["ch13-activation-stats"]?.length).toBeGreaterThan(0);
    expect(SOURCE_EXCERPTS["ch13-callback-access"]?.length).toBeGreaterThan(0);
    const ids = new Set(CHAPTER13_CARDS.map((c) => c.experimentId));
    for (const key of Object.keys(SOURCE_EXCERPTS)) expect(ids.has(key), key).toBe(true);
  });

  it("have unique ids and each card lists an excerpt once", () => {
    expect(new Set(ALL_EXCERPTS.map((e) => e.id)).size).toBe(ALL_EXCERPTS.length);
    for (const [card, list] of Object.entries(SOURCE_EXCERPTS)) expect(new Set(list.map((e) => e.id)).size, card).toBe(list.length);
  });

  it("are each found in their fingerprinted file at their line range", () => {
    expect(excerptsProblems(ALL_EXCERPTS)).toEqual([]);
  });

  it("are short quotations, not whole files", () => {
    for (const e of ALL_EXCERPTS) {
      expect(e.lines[1] - e.lines[0] + 1, e.id).toBeLessThanOrEqual(12);
      expect(e.lines[1] - e.lines[0] + 1, e.id).toBeLessThan(fp(e).lineCount / 10);
    }
  });

  it("have well-formed hashes, commit and date", () => {
    for (const e of ALL_EXCERPTS) {
      expect(e.commit, e.id).toMatch(HEX40);
      expect(e.fileSha256, e.id).toMatch(HEX64);
      expect(e.gitBlobSha1, e.id).toMatch(HEX40);
      expect(Number.isNaN(Date.parse(e.fetchedAt)), e.id).toBe(false);
      expect(e.shows.length, e.id).toBeGreaterThan(20);
    }
  });

  it("link to the commit and the line range", () => {
    for (const e of ALL_EXCERPTS) {
      expect(e.url).toBe(`https://github.com/${e.repo}/blob/${e.commit}/${e.path}#L${e.lines[0]}-L${e.lines[1]}`);
      expect(e.url).toContain(e.commit);
    }
    expect(excerptUrl("a/b", "c".repeat(40), "x/y.py", [3, 5])).toBe(`https://github.com/a/b/blob/${"c".repeat(40)}/x/y.py#L3-L5`);
  });

  it("quote the facts the cards state", () => {
    const hook = byId("activation-stats-hook").excerpt;
    expect(hook).toContain("'mean'");
    expect(hook).toContain("'std'");
    expect(hook).toContain("(o<=0.05)");
    expect(hook).toContain("histc(40,0,10)");
    expect(byId("hook-callback-before-fit").excerpt).toContain("if has_params(m)");
    expect(byId("activation-stats-after-batch").excerpt).toContain("if self.training");
    expect(byId("learner-add-cb").excerpt).toContain("setattr(self, cb.name, cb)");
    expect(byId("callback-name").excerpt).toContain("class2attr(self, 'Callback')");
    expect(byId("learner-fit-added-cbs").excerpt).toContain("with self.added_cbs(cbs):");
    expect(byId("fit-one-cycle").excerpt).toContain("div=25., div_final=1e5, pct_start=0.25");
  });
});

describe("excerptProblems reports tampering", () => {
  const good = byId("activation-stats-hook");

  it("accepts the committed excerpt", () => {
    expect(excerptProblems(good, fp(good))).toEqual([]);
  });

  it("catches one changed character", () => {
    const tampered = { ...good, excerpt: good.excerpt.replace("0.05", "0.5") };
    expect(excerptProblems(tampered, fp(good)).some((p) => p.includes("differs from the file's"))).toBe(true);
    const spaced = { ...good, excerpt: good.excerpt.replace("histc(40,0,10)", "histc(40, 0, 10)") };
    expect(excerptProblems(spaced, fp(good))).not.toEqual([]);
  });

  it("catches a shifted range", () => {
    const lines: [number, number] = [good.lines[0] + 1, good.lines[1] + 1];
    const shifted = { ...good, lines, url: excerptUrl(good.repo, good.commit, good.path, lines) };
    expect(excerptProblems(shifted, fp(good)).length).toBeGreaterThan(0);
  });

  it("catches a range of the wrong length, past the end, or reversed", () => {
    const short: [number, number] = [good.lines[0], good.lines[1] - 1];
    expect(excerptProblems({ ...good, lines: short, url: excerptUrl(good.repo, good.commit, good.path, short) }, fp(good))).not.toEqual([]);
    const f = fp(good);
    const past: [number, number] = [f.lineCount, f.lineCount + 6];
    expect(excerptProblems({ ...good, lines: past, url: excerptUrl(good.repo, good.commit, good.path, past) }, f)[0]).toMatch(/not a range inside/);
    expect(excerptProblems({ ...good, lines: [5, 4] }, f).some((p) => p.includes("not a range inside"))).toBe(true);
  });

  it("catches a trailing newline, a wrong commit, wrong hashes and a wrong url", () => {
    const f = fp(good);
    expect(excerptProblems({ ...good, excerpt: good.excerpt + "\n" }, f)).not.toEqual([]);
    expect(excerptProblems({ ...good, commit: "0".repeat(40) }, f).join()).toMatch(/fingerprint is of/);
    expect(excerptProblems({ ...good, fileSha256: "0".repeat(64) }, f).join()).toMatch(/fileSha256 differs/);
    expect(excerptProblems({ ...good, gitBlobSha1: "0".repeat(40) }, f).join()).toMatch(/gitBlobSha1 differs/);
    expect(excerptProblems({ ...good, gitBlobSha1: "xyz" }, f).join()).toMatch(/not 40 lowercase hex/);
    expect(excerptProblems({ ...good, url: good.url.replace("#L", "#l") }, f).join()).toMatch(/url should be/);
  });

  it("checks against the right file: another file's fingerprint fails", () => {
    const other = FINGERPRINTS.find((f) => f.path !== good.path);
    if (!other) throw new Error("need a second fingerprint");
    expect(excerptProblems(good, other)).not.toEqual([]);
  });
});

describe("fingerprints", () => {
  it("are well formed and one per pinned file", () => {
    for (const f of FINGERPRINTS) expect(fingerprintProblems(f)).toEqual([]);
    const keys = FINGERPRINTS.map((f) => `${f.repo}:${f.path}@${f.commit}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("hold a hash per line, not the file", () => {
    for (const f of FINGERPRINTS) {
      expect(f.lineSha256).toHaveLength(f.lineCount);
      expect(Object.keys(f)).not.toContain("text");
    }
  });

  it("say how their text was obtained", () => {
    for (const f of FINGERPRINTS) expect(f.obtainedFrom, f.path).toBeTruthy();
  });
});
