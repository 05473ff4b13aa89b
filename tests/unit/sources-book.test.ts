import { describe, expect, it } from "vitest";
import { CHAPTER13_CARDS } from "../../lib/decks/chapter13.ts";
import {
  CARD_SOURCES,
  CH13_HEADINGS,
  CH13_QUESTIONS,
  FASTAI_FILES,
  FASTBOOK_CH13,
  PAPERS,
  SYMBOL_EXCERPTS,
  bookSection,
  fastaiFile,
  isCh13Heading,
  paper,
  questionnaire,
  type ArxivId,
  type Ch13Heading,
  type FastaiPath,
} from "../../experiments/sources/book.ts";
import { ALL_EXCERPTS } from "../../experiments/sources/excerpts.ts";

const HEX40 = /^[0-9a-f]{40}$/;
const NOTEBOOK = `https://github.com/fastai/fastbook/blob/${FASTBOOK_CH13.commit}/13_convolutions.ipynb`;

/** The sections the answer key cites (issue: “Only sources a reader can open”). */
const REQUESTED: string[] = [
  "Creating the CNN",
  "Understanding Convolution Arithmetic",
  "A Simple Baseline",
  "Increase Batch Size",
  "1cycle Training",
  "Batch Normalization",
  "Questionnaire",
  "Improving Training Stability",
  "Receptive Fields",
];

describe("the book", () => {
  it("is pinned at a full commit", () => {
    expect(FASTBOOK_CH13.commit).toMatch(HEX40);
    expect(FASTBOOK_CH13.repo).toBe("fastai/fastbook");
  });

  it("has every requested heading among those read in the pinned notebook", () => {
    for (const h of REQUESTED) expect(isCh13Heading(h), h).toBe(true);
    expect(new Set(CH13_HEADINGS.map((h) => h.text)).size).toBe(CH13_HEADINGS.length);
  });

  it("links a section by heading, and refuses one it did not find", () => {
    expect(bookSection("A Simple Baseline")).toEqual({
      text: `fastbook ch. 13 “A Simple Baseline” (13_convolutions.ipynb@${FASTBOOK_CH13.commit.slice(0, 7)})`,
      href: NOTEBOOK,
    });
    expect(() => bookSection("A Simple Base Line" as Ch13Heading)).toThrow(/not a heading/);
    expect(() => bookSection("1Cycle Training" as Ch13Heading)).toThrow(/not a heading/);
  });

  it("links questionnaire questions and ranges within 1–40", () => {
    expect(questionnaire(25).text).toContain("#25");
    expect(questionnaire([31, 32]).text).toContain("#31–#32");
    expect(questionnaire(25).href).toBe(NOTEBOOK);
    expect(() => questionnaire(41)).toThrow();
    expect(() => questionnaire([33, 31])).toThrow();
    expect(Object.keys(CH13_QUESTIONS).map(Number)).toEqual([23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33]);
  });

  it("matches the section names the deck's answers cite", () => {
    // Every “…” in an answer's Sources line that names a section must be a heading of the notebook.
    for (const card of CHAPTER13_CARDS) {
      const sourcesLine = card.back.split("\n").find((l) => l.startsWith("**Sources:**")) ?? "";
      const bookPart = sourcesLine.split(";")[0];
      for (const m of bookPart.matchAll(/“([^”]+)”/g)) expect(isCh13Heading(m[1]), `${card.externalId}: “${m[1]}”`).toBe(true);
    }
  });

  it("words the deck's questions as the book does (questions 23–33)", () => {
    const book = Object.values(CH13_QUESTIONS);
    const fronts = CHAPTER13_CARDS.map((c) => c.front);
    for (const f of fronts.filter((f) => !f.includes(", and "))) expect(book, f).toContain(f);
  });
});

describe("fastai files", () => {
  it("are pinned at full commits and link to blobs at them", () => {
    for (const [path, pin] of Object.entries(FASTAI_FILES)) {
      expect(pin.commit, path).toMatch(HEX40);
      const s = fastaiFile(path as FastaiPath);
      expect(s.href).toBe(`https://github.com/${pin.repo}/blob/${pin.commit}/${path}`);
      expect(s.text).toContain(path);
      expect(s.text).toContain(`@${pin.commit.slice(0, 7)}`);
    }
  });

  it("open a known symbol at its excerpt's lines", () => {
    const s = fastaiFile("fastai/callback/schedule.py", "fit_one_cycle");
    expect(s.text).toContain("(fit_one_cycle)");
    expect(s.href).toMatch(new RegExp(`/blob/${FASTAI_FILES["fastai/callback/schedule.py"].commit}/fastai/callback/schedule\\.py#L\\d+-L\\d+$`));
    expect(fastaiFile("fastai/optimizer.py", "Adam").href).not.toContain("#L");
  });

  it("map symbols to excerpts of the same file that name them", () => {
    for (const [key, id] of Object.entries(SYMBOL_EXCERPTS)) {
      const [path, symbol] = key.split("#");
      const e = ALL_EXCERPTS.find((x) => x.id === id);
      expect(e, key).toBeDefined();
      expect(e?.path, key).toBe(path);
      expect(e?.commit, key).toBe(FASTAI_FILES[path as FastaiPath].commit);
      const last = symbol.split(".").pop() ?? symbol;
      expect(e?.excerpt, key).toMatch(new RegExp(`\\b(def|class) ${last}\\b`));
    }
  });
});

describe("papers", () => {
  it("link to arXiv abstracts", () => {
    for (const id of ["1812.06162", "1708.07120", "1803.09820", "1609.04836", "1502.03167"] as ArxivId[]) {
      expect(paper(id).href).toBe(`https://arxiv.org/abs/${id}`);
      expect(paper(id).text).toContain(`arXiv ${id}`);
    }
    expect(Object.keys(PAPERS)).toContain("1706.02677");
  });
});

describe("card sources", () => {
  it("give every card readable sources, all links that open", () => {
    const ids = CHAPTER13_CARDS.map((c) => c.experimentId).sort();
    expect(Object.keys(CARD_SOURCES).sort()).toEqual(ids);
    for (const [id, list] of Object.entries(CARD_SOURCES)) {
      expect(list.length, id).toBeGreaterThan(0);
      for (const s of list) {
        expect(s.href, `${id}: ${s.text}`).toMatch(/^https:\/\/(github\.com\/fastai\/(fastbook|fastai|fastcore)\/blob\/[0-9a-f]{40}\/|arxiv\.org\/abs\/\d{4}\.\d{5}$)/);
      }
    }
  });
});
