import { describe, expect, it } from "vitest";
import { CHAPTER13_CARDS, CHAPTER13_DECK } from "../../lib/decks/chapter13.ts";
import { STARTER_DECK_SLUGS } from "../../lib/decks/starter.ts";
import { VERDICT_LABEL, answerKeyCards, evidenceMarkdown, withEvidence } from "../../lib/decks/answer-key.ts";
import { recordingFor } from "../../experiments/recordings/all.ts";

const card = (n: number) => {
  const c = CHAPTER13_CARDS.find((x) => x.position === n);
  if (!c) throw new Error(`no card at position ${n}`);
  return c;
};

describe("chapter 13 deck content", () => {
  it("has nine cards at positions 1..9, in order", () => {
    expect(CHAPTER13_CARDS).toHaveLength(9);
    expect(CHAPTER13_CARDS.map((c) => c.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("has stable external ids ch13-q1 … ch13-q9, one per position", () => {
    expect(CHAPTER13_CARDS.map((c) => c.externalId)).toEqual(CHAPTER13_CARDS.map((c) => `ch13-q${c.position}`));
    expect(new Set(CHAPTER13_CARDS.map((c) => c.externalId)).size).toBe(9);
  });

  it("backs each card with its own kebab-case experiment id prefixed ch13-", () => {
    const ids = CHAPTER13_CARDS.map((c) => c.experimentId);
    expect(new Set(ids).size).toBe(9);
    for (const id of ids) expect(id).toMatch(/^ch13-[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("has a question and an answer on every card", () => {
    for (const c of CHAPTER13_CARDS) {
      expect(c.front.trim().length, c.externalId).toBeGreaterThan(10);
      expect(c.front.trim().endsWith("?"), c.externalId).toBe(true);
      expect(c.back.trim().length, c.externalId).toBeGreaterThan(100);
    }
  });

  it("ends every answer with a Sources line citing the chapter 13 notebook", () => {
    for (const c of CHAPTER13_CARDS) {
      const lines = c.back.split("\n");
      const sources = lines.filter((l) => l.startsWith("**Sources:**"));
      expect(sources, c.externalId).toHaveLength(1);
      expect(lines.at(-1), c.externalId).toBe(sources[0]);
      expect(sources[0], c.externalId).toContain("13_convolutions.ipynb");
      expect(sources[0], c.externalId).toMatch(/questionnaire #\d+/);
    }
  });

  it("card 5 explains activations near zero", () => {
    expect(card(5).front).toBe("Why are activations near zero problematic?");
    expect(card(5).back).toContain("near zero");
    expect(card(5).experimentId).toBe("ch13-near-zero-activations");
  });

  it("card 3 lists what ActivationStats saves (mean, std, near_zero, histogram)", () => {
    const back = card(3).back;
    for (const word of ["**mean**", "**standard deviation**", "`near_zero`", "**histogram**"]) expect(back).toContain(word);
  });

  it.each([
    "learner.on_completed",
    "minimum activation",
    "minimum activations",
    "learn.activationstats",
  ])("makes none of the seed's wrong claims (%j)", (wrong) => {
    for (const c of CHAPTER13_CARDS) {
      expect(c.front.toLowerCase(), c.externalId).not.toContain(wrong.toLowerCase());
      expect(c.back.toLowerCase(), c.externalId).not.toContain(wrong.toLowerCase());
    }
  });

  it("is the deck new accounts start with", () => {
    expect(CHAPTER13_DECK.slug).toBe("fastbook-ch13");
    expect(STARTER_DECK_SLUGS).toContain(CHAPTER13_DECK.slug);
    expect(CHAPTER13_DECK.title).toMatch(/chapter 13/i);
  });
});

describe("answer key with evidence", () => {
  const cards = answerKeyCards();

  it("adds to every card the verdict its recording computed, with the rule's own summary", () => {
    expect(cards).toHaveLength(9);
    for (const c of cards) {
      const rec = recordingFor(c.experimentId);
      expect(rec, c.externalId).toBeDefined();
      expect(c.back, c.externalId).toContain(`**What our experiment found: ${VERDICT_LABEL[rec!.verdict.verdict]}.**`);
      expect(c.back, c.externalId).toContain(rec!.verdict.summary);
      expect(c.back, c.externalId).toContain(`Claim tested: ${rec!.claim}`);
    }
  });

  it("keeps the hand-written answer first and the Sources line last", () => {
    for (const c of cards) {
      const plain = CHAPTER13_CARDS.find((x) => x.externalId === c.externalId)!;
      const lines = c.back.split("\n");
      expect(lines.at(-1)!.startsWith("**Sources:**"), c.externalId).toBe(true);
      expect(c.back.startsWith(plain.back.split("**Sources:**")[0]!), c.externalId).toBe(true);
      expect(lines.filter((l) => l.startsWith("**What our experiment found")), c.externalId).toHaveLength(1);
    }
  });

  it("labels an unsupported claim as such (card 1's recording)", () => {
    const rec = recordingFor("ch13-double-filters")!;
    const text = evidenceMarkdown({ ...rec, verdict: { ...rec.verdict, verdict: "not-supported", summary: "X." } });
    expect(text).toContain(`Not supported.** Claim tested: ${rec.claim} X.`);
    expect(text).toContain("3 seeds");
  });

  it("leaves a card without a recording unchanged", () => {
    expect(withEvidence(card(1), undefined)).toEqual(card(1));
  });
});
