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
  const back = (id: string) => cards.find((c) => c.experimentId === id)!.back;

  it("adds to every trained card the verdict its recording computed, with the rule's own summary and the design's limits", () => {
    expect(cards).toHaveLength(9);
    for (const c of cards) {
      const rec = recordingFor(c.experimentId)!;
      expect(rec, c.externalId).toBeDefined();
      if (rec.config.kind !== "trained") {
        // The summary's opening words are the verdict itself, set in bold.
        expect(c.back, c.externalId).toContain(`**Confirmed in the fastai source**${rec.verdict.summary.slice("Confirmed in the fastai source".length)}`);
        continue;
      }
      expect(c.back, c.externalId).toContain(rec.verdict.summary);
      expect(c.back, c.externalId).toContain(`**What our experiment found: ${VERDICT_LABEL[rec.verdict.verdict]}.**`);
      expect(c.back, c.externalId).toContain(`Claim tested: ${rec.claim}`);
      expect(c.back, c.externalId).toContain(`_Limits: ${rec.config.limits}_`);
      expect(c.back, c.externalId).toContain(`${rec.config.seeds.length} fresh seeds`);
    }
  });

  it("never gives a verdict as “Not supported” or a bare ✗ (old words appear only quoted in the history), and never a file no reader can open", () => {
    for (const c of cards) {
      expect(c.back).not.toMatch(/✗|found: Not supported/);
      expect(c.back.replaceAll("“Not supported”", "")).not.toContain("Not supported");
      expect(c.back).not.toMatch(/shared reference|facts\.md/);
    }
  });

  it("keeps the hand-written answer first and ends with the recording's sources as links", () => {
    for (const c of cards) {
      const plain = CHAPTER13_CARDS.find((x) => x.externalId === c.externalId)!;
      const lines = c.back.split("\n");
      const sources = lines.at(-1)!;
      expect(sources.startsWith("**Sources:** ["), c.externalId).toBe(true);
      for (const s of recordingFor(c.experimentId)!.config.sources) expect(sources, c.externalId).toContain(`](${s.href})`);
      expect(c.back.startsWith(plain.back.split("**Sources:**")[0]!.trimEnd()), c.externalId).toBe(true);
    }
  });

  it("says on cards 5 and 8 that their rules were revised after seeing results, and that fresh seeds decided", () => {
    for (const id of ["ch13-near-zero-activations", "ch13-one-cycle-high-lr"]) {
      expect(back(id)).toMatch(/The pre-registered design was revised after seeing earlier results \(version 1: “Not supported”; version 2 \(judged on the same seeds\): “Supported”, in the words of the time\); the verdict above comes from \d+ fresh seeds/);
      expect(back(id)).toContain("run under version 3, frozen before they ran");
    }
  });

  it("cards 3 and 4: confirmed in the fastai source, with the excerpt, and never called an experiment", () => {
    const c3 = back("ch13-activation-stats");
    expect(c3.startsWith(CHAPTER13_CARDS[2]!.back.split("**Sources:**")[0]!.trimEnd() + "\n\n**Confirmed in the fastai source** (fastai/callback/hook.py@2cbe0dd")).toBe(true);
    expect(c3).toContain("`fastai/callback/hook.py`@2cbe0dd, lines 228–234](https://github.com/fastai/fastai/blob/2cbe0dd81c017713cf93543d525ea51d14ccc793/fastai/callback/hook.py#L228-L234)");
    expect(c3).toContain("'near_zero': (o<=0.05).long().sum().item()/o.numel()}");
    const c4 = back("ch13-callback-access");
    expect(c4).toContain("setattr(self, cb.name, cb)");
    expect(c4).toContain("return class2attr(self, 'Callback')");
    for (const t of [c3, c4]) {
      expect(t).toMatch(/Our learner (mirrors it|differs)/);
      expect(t.split("**Sources:**")[0]).not.toMatch(/experiment/i);
    }
  });

  it("says when the seed budget does not allow resolving a margin", () => {
    for (const c of cards) {
      const rec = recordingFor(c.experimentId)!;
      const over = rec.power.filter((p) => p.seedsNeeded > rec.config.maxSeeds);
      if (over.length === 0) expect(c.back, c.externalId).not.toContain("seed budget");
      else for (const p of over) expect(c.back, c.externalId).toContain(`${p.check} would need`);
    }
  });

  it("leaves a card without a recording unchanged", () => {
    expect(withEvidence(card(1), undefined)).toEqual(card(1));
  });

  it("builds the paragraph from the recording alone", () => {
    const rec = recordingFor("ch13-double-filters")!;
    const text = evidenceMarkdown({ ...rec, verdict: { ...rec.verdict, verdict: "not-shown", summary: "X." } });
    expect(text).toContain(`**What our experiment found: Not shown.** Claim tested: ${rec.claim} X.`);
  });
});
