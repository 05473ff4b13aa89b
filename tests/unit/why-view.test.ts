// The why view model (lib/why/view.ts buildWhyView) on schema-2 fixtures: verdict words, checks rows,
// design, history, API-fact evidence, sources as given.
import { describe, expect, it } from "vitest";
import type { HistoryEntry } from "../../experiments/recordings/history.ts";
import { VERDICT_LABEL, VERDICT_MEANING } from "../../experiments/registry/vocabulary.ts";
import type { ExcerptInput } from "../../lib/why/api-fact.ts";
import { buildWhyView, currentVerdictLabel } from "../../lib/why/view.ts";
import { apiFactVerdict, fixtureRecording, trainedVerdict } from "./why-fixture.ts";

const v1: HistoryEntry = { version: 1, recordedAt: "2026-11-27T12:14:03.479Z", verdict: "not-supported", verdictLabel: "Not supported", summary: "", decisionRule: "", seeds: [1, 2, 3], runCount: 6 };
const excerpt: ExcerptInput = {
  id: "learner-add-cb",
  repo: "fastai/fastai",
  path: "fastai/learner.py",
  commit: "0123456789abcdef0123456789abcdef01234567",
  lines: [120, 121],
  excerpt: "def add_cb(self, cb):\n    setattr(self, cb.name, cb)",
  url: "https://github.com/fastai/fastai/blob/0123456789abcdef0123456789abcdef01234567/fastai/learner.py#L120-L121",
  shows: "add_cb sets the callback as an attribute named after it.",
  fileSha256: "cd".repeat(32),
  gitBlobSha1: "ef".repeat(20),
  fetchedAt: "2026-11-28T08:00:00Z",
};

describe("currentVerdictLabel", () => {
  it("the vocabulary's label; an API fact adds the mirror's words", () => {
    expect(currentVerdictLabel(trainedVerdict)).toBe("Supported");
    expect(currentVerdictLabel(apiFactVerdict)).toBe("Confirmed in the fastai source (our learner mirrors it)");
  });
});

describe("buildWhyView, trained", () => {
  const rec = fixtureRecording({ revisions: [{ version: 2, date: "2026-11-28", afterSeeingResults: false, change: "intervals instead of thresholds", because: "issue #9" }] });
  const v = buildWhyView(rec, { history: [v1], excerpts: [excerpt] });

  it("verdict words and meaning from the vocabulary", () => {
    expect(v).toMatchObject({ verdict: "supported", verdictLabel: VERDICT_LABEL.supported, verdictMeaning: VERDICT_MEANING.supported, apiFact: null });
  });
  it("one checks row per check, in order, with the observation marked", () => {
    expect(v.checks.map((c) => [c.roleLabel, c.outcomeLabel, c.estimate?.interval ?? null])).toEqual([
      ["judged", "Supported", "[1.90, 2.10]"],
      ["computed fact", "Supported", null],
      ["observation", "Reported, not judged", "[−0.030, −0.010]"],
    ]);
  });
  it("pre-registration with fresh seeds (pilot 1–3 and version 1's seeds are not confirmatory), pilot, history", () => {
    expect(v.preregistration).toMatchObject({ version: 2, fresh: true, frozenAt: "2026-11-28 09:05 UTC" });
    expect(v.pilot!.power).toHaveLength(1);
    expect(v.history.map((h) => h.text)).toEqual([
      "Version 1, recorded 2026-11-27 on seeds 1, 2, 3: Not supported.",
      "Design revised on 2026-11-28: intervals instead of thresholds, because issue #9.",
      "Version 2 (current), recorded 2026-11-28: judged on fresh seeds 101, 102, 103: Supported.",
    ]);
  });
  it("limits and sources as recorded; cited source lines as context, not as the verdict's evidence", () => {
    expect(v.limits).toBe(rec.config.limits);
    expect(v.sources).toEqual(rec.config.sources);
    expect(v.sourceExcerpts.map((e) => e.location)).toEqual(["fastai/learner.py@0123456, lines 120–121"]);
    expect(v.facts.find((f) => f.label === "Confirmatory seeds")?.value).toBe("101, 102, 103");
    expect(v.facts.find((f) => f.label === "Pilot seeds (not judged)")?.value).toBe("1, 2, 3");
  });
  it("without context: the revisions and the current version", () => {
    expect(buildWhyView(rec).history).toHaveLength(2); // the revision and the current version
  });
});

describe("buildWhyView, API fact", () => {
  const rec = fixtureRecording({ kind: "api-fact" });
  const v = buildWhyView(rec, { history: [{ ...v1, seeds: [1], verdict: "supported", verdictLabel: "Supported" }], excerpts: [excerpt] });

  it("confirmed in the source, with the excerpt; the mirror separately; no design blocks", () => {
    expect(v.verdictLabel).toBe("Confirmed in the fastai source");
    expect(v.apiFact!.headline).toBe("Confirmed in the fastai source (fastai/learner.py@0123456, lines 120–121)");
    expect(v.apiFact!.excerpts[0]!.code[1]).toEqual({ n: 121, text: "    setattr(self, cb.name, cb)" });
    expect(v.apiFact!.mirror.label).toBe("Our learner mirrors it");
    expect(v.sourceExcerpts).toEqual([]);
    expect(v.preregistration).toBeNull();
    expect(v.pilot).toBeNull();
    expect(v.history.at(-1)!.text).toBe("Version 2 (current), recorded 2026-11-28: Confirmed in the fastai source (our learner mirrors it).");
  });
  it("never says “experiment” in what it shapes", () => {
    const { facts, apiFact, history, checks, verdictLabel, verdictMeaning } = v;
    expect(JSON.stringify({ facts, apiFact, history, checks, verdictLabel, verdictMeaning })).not.toMatch(/experiment/i);
  });
});
