// "How this verdict came about" (lib/why/history.ts): revisions and earlier verdicts, by hand.
import { describe, expect, it } from "vitest";
import type { HistoryEntry } from "../../experiments/recordings/history.ts";
import type { RuleRevision } from "../../experiments/registry/types.ts";
import { AFTER_RESULTS_REASON, historySteps, type CurrentVersion } from "../../lib/why/history.ts";

const entry = (version: number, over: Partial<HistoryEntry>): HistoryEntry => ({
  version,
  recordedAt: "2026-11-27T12:14:03.479Z",
  verdict: "supported",
  verdictLabel: "Supported",
  summary: "",
  decisionRule: "",
  seeds: [1, 2, 3],
  runCount: 9,
  ...over,
});

const revised: RuleRevision = { version: 2, date: "2026-11-27", afterSeeingResults: true, change: "near zero now means ≤ 0.05 ", because: "the book's plot uses that cut-off." };
const method: RuleRevision = { version: 3, date: "2026-11-28", afterSeeingResults: false, change: "Intervals with pre-registered margins.", because: "A verdict must separate “against” from “not shown”." };
const current: CurrentVersion = { version: 3, seeds: [101, 102, 103, 104, 105, 106, 107, 108], recordedAt: "2026-11-28T10:00:00Z", verdictLabel: "Supported", freshSeeds: true, apiFact: false };

describe("historySteps", () => {
  it("a rule revised after seeing results and re-recorded on the same seeds is superseded for that reason (card 5's story)", () => {
    const steps = historySteps(
      [revised, method],
      [entry(1, { verdict: "not-supported", verdictLabel: "Not supported" }), entry(2, { recordedAt: "2026-11-27T12:48:28.365Z" })],
      current,
    );
    expect(steps.map((s) => [s.kind, s.text, s.superseded])).toEqual([
      ["recorded", "Version 1, recorded 2026-11-27 on seeds 1, 2, 3: Not supported.", "replaced by version 2"],
      ["revised", "Design revised on 2026-11-27 after seeing the results: near zero now means ≤ 0.05, because the book's plot uses that cut-off.", null],
      ["recorded", "Version 2, recorded 2026-11-27 on the same seeds 1, 2, 3: Supported.", AFTER_RESULTS_REASON],
      // The revision's own sentences: trailing full stops dropped, the reason continues the sentence.
      ["revised", "Design revised on 2026-11-28: Intervals with pre-registered margins, because a verdict must separate “against” from “not shown”.", null],
      ["current", "Version 3 (current), recorded 2026-11-28: judged on fresh seeds 101–108: Supported.", null],
    ]);
  });

  it("a verdict re-judged on runs already recorded says so (card 8's story); a first version re-judged is not blamed on the rule", () => {
    const steps = historySteps([revised], [entry(1, { verdictLabel: "Not supported" }), entry(2, { rejudgedAt: "2026-11-27T12:50:43.294Z" })], { ...current, version: 3 });
    const first = historySteps([], [entry(1, { rejudgedAt: "2026-11-27T12:50:43.294Z" })], { ...current, version: 2 })[0]!;
    expect(first).toEqual({ version: 1, kind: "recorded", text: "Version 1, recorded 2026-11-27 on seeds 1, 2, 3, re-judged 2026-11-27 on the same runs: Supported.", superseded: "replaced by version 2" });
    expect(steps[2]).toEqual({ version: 2, kind: "recorded", text: "Version 2, recorded 2026-11-27 on the same seeds 1, 2, 3, re-judged 2026-11-27 on the same runs: Supported.", superseded: AFTER_RESULTS_REASON });
  });

  it("a single version: no “(current)”, no “fresh” (nothing came before); seeds not fresh are not called fresh", () => {
    expect(historySteps([], [], { ...current, version: 1 })).toEqual([
      { version: 1, kind: "current", text: "Version 1, recorded 2026-11-28: judged on seeds 101–108: Supported.", superseded: null },
    ]);
    const notFresh = historySteps([method], [entry(1, {}), entry(2, {})], { ...current, seeds: [1, 2, 3], freshSeeds: false });
    expect(notFresh.at(-1)!.text).toBe("Version 3 (current), recorded 2026-11-28: judged on seeds 1, 2, 3: Supported.");
  });

  it("an API fact's current version names no seeds; earlier entries at or above the current version are ignored", () => {
    const steps = historySteps([], [entry(1, { seeds: [1] }), entry(2, {})], { version: 2, seeds: [1], recordedAt: "2026-11-28T10:00:00Z", verdictLabel: "Confirmed in the fastai source (our learner mirrors it)", freshSeeds: false, apiFact: true });
    expect(steps.map((s) => s.text)).toEqual([
      "Version 1, recorded 2026-11-27 on seed 1: Supported.",
      "Version 2 (current), recorded 2026-11-28: Confirmed in the fastai source (our learner mirrors it).",
    ]);
  });

  it("a reason that starts with an acronym keeps its capitals", () => {
    const steps = historySteps([{ ...revised, because: "LR 0.01 tied with 0.03." }], [], { ...current, version: 2 });
    expect(steps[0]!.text).toBe("Design revised on 2026-11-27 after seeing the results: near zero now means ≤ 0.05, because LR 0.01 tied with 0.03.");
  });
});
