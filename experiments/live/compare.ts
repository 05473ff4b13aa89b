/**
 * A live run in the learner's browser set against the committed recording (pure).
 *
 * Rule (shown in the app as TOLERANCE_RULE): a full-mode live run "reproduced" the recording
 * when its verdict is the same (for an API fact: our learner mirrors the source, or not, as recorded)
 * and every number of the verdict that both have lies within
 * max(2 × the recording's seed sd, 2 % of the recorded value, 0.005) of the recorded value.
 * The seed sd of a verdict number is the sd of that number over the recording's seeds, each
 * seed's runs decided on their own (rules needing several seeds give no sd; the floors apply).
 *
 * Quick mode (one seed, capped steps, the schedule laid out over the cap) cannot be compared
 * number-for-number: only the verdict's direction (provisional) and numbers that do not depend
 * on training (the models' MACs; an API fact's flags) are compared.
 */
import type { ExperimentDefinition, RunSummary, Verdict } from "../registry/types.ts";
import { sampleSd } from "../registry/stats.ts";
import { recordingCurve } from "../recordings/curve.ts";
import type { Recording } from "../recordings/index.ts";
import { MIRROR_LABEL, VERDICT_LABEL } from "../registry/vocabulary.ts";
import type { LiveBackend } from "./backend-choice.ts";
import type { LiveMode } from "./plan.ts";

export const SD_MULTIPLIER = 2;
export const REL_FLOOR = 0.02;
export const ABS_FLOOR = 0.005;

export const TOLERANCE_RULE =
  `same verdict, and each number both verdicts report within max(${SD_MULTIPLIER} × the recording's seed sd, ` +
  `${REL_FLOOR * 100} % of the recorded value, ${ABS_FLOOR})`;

export interface LiveOutcome {
  mode: LiveMode;
  backend: LiveBackend;
  tfjsVersion: string;
  runs: RunSummary[];
  verdict: Verdict;
}

export interface NumberComparison {
  key: string;
  recorded: number;
  live: number;
  /** Recording's seed sd of this number, null when it cannot be computed. */
  seedSd: number | null;
  tolerance: number;
  within: boolean;
}

export interface CurveComparison {
  /** (variant, seed) runs present in both. */
  runsCompared: number;
  /** Largest |live − recorded| over the recording-style curves (≤ 100 bucket means). */
  maxAbsDiff: number;
}

export type ComparisonStatus = "reproduced" | "differs" | "provisional-agrees" | "provisional-differs";

export interface Comparison {
  status: ComparisonStatus;
  headline: string;
  verdictMatches: boolean;
  recordedVerdict: Verdict["verdict"];
  liveVerdict: Verdict["verdict"];
  /** The verdicts in words (verdictWord): what the reader compares. */
  recordedWords: string;
  liveWords: string;
  numbers: NumberComparison[];
  /** Recorded numbers left out, with the reason (quick mode, or missing from the live verdict). */
  notCompared: Array<{ key: string; why: string }>;
  curves: CurveComparison | null;
  /** What is and is not comparable (quick mode), in plain sentences. */
  scope: string[];
  /** Why the live run can differ from the recording, in plain sentences (empty when reproduced exactly). */
  explanations: string[];
}

type Definition = Pick<ExperimentDefinition, "decide" | "kind" | "quick" | "seeds">;

/** Numbers of a quick run that do not depend on how long it trained. */
function trainingIndependent(key: string, kind: ExperimentDefinition["kind"]): boolean {
  if (/^macs/i.test(key)) return true;
  // API-fact flags are facts about the learner; counts of recorded batches depend on the step cap.
  return kind === "api-fact" && !/recorded$|steps|^runs$|^seeds$/i.test(key);
}

/** Seed sd of each verdict number: decide() on each recorded seed's runs alone. */
export function recordedSeedSd(def: Definition, recording: Recording): Map<string, number> {
  const seeds = [...new Set(recording.runs.map((r) => r.seed))];
  const values = new Map<string, number[]>();
  if (seeds.length >= 2) {
    for (const seed of seeds) {
      const numbers = def.decide(recording.runs.filter((r) => r.seed === seed)).numbers;
      for (const [k, v] of Object.entries(numbers)) if (Number.isFinite(v)) values.set(k, [...(values.get(k) ?? []), v]);
    }
  }
  const sd = new Map<string, number>();
  for (const [k, vs] of values) if (vs.length >= 2) sd.set(k, sampleSd(vs));
  return sd;
}

export function toleranceFor(recorded: number, seedSd: number | null): number {
  return Math.max(seedSd === null ? 0 : SD_MULTIPLIER * seedSd, REL_FLOOR * Math.abs(recorded), ABS_FLOOR);
}

function compareNumber(key: string, recorded: number, live: number, seedSd: number | null): NumberComparison {
  const tolerance = toleranceFor(recorded, seedSd);
  // NaN is a legitimate value (a rule that could not compute it): NaN matches only NaN.
  const within = Number.isNaN(recorded) || Number.isNaN(live) ? Number.isNaN(recorded) && Number.isNaN(live) : Math.abs(live - recorded) <= tolerance;
  return { key, recorded, live, seedSd, tolerance, within };
}

/** Recording-style curves (≤ 100 bucket means, 6 digits) of the runs both have. */
export function compareCurves(recorded: readonly RunSummary[], live: readonly RunSummary[]): CurveComparison | null {
  let runsCompared = 0;
  let maxAbsDiff = 0;
  for (const l of live) {
    const r = recorded.find((x) => x.variantId === l.variantId && x.seed === l.seed);
    if (!r || r.steps !== l.steps) continue;
    const lc = recordingCurve(l.trainLossCurve);
    if (lc.length !== r.trainLossCurve.length) continue;
    runsCompared++;
    lc.forEach((v, i) => {
      const d = Math.abs(v - r.trainLossCurve[i]!);
      maxAbsDiff = Math.max(maxAbsDiff, Number.isNaN(d) ? (Number.isNaN(v) && Number.isNaN(r.trainLossCurve[i]!) ? 0 : Infinity) : d);
    });
  }
  return runsCompared > 0 ? { runsCompared, maxAbsDiff } : null;
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * A verdict in words, inside a sentence: "not shown". An API fact is confirmed in the source whatever a run
 * does; what a run can show is whether our learner mirrors it, so that is its word.
 */
export function verdictWord(v: Pick<Verdict, "verdict" | "mirror">): string {
  return lowerFirst(v.mirror ? MIRROR_LABEL[v.mirror] : VERDICT_LABEL[v.verdict]);
}

/** Same verdict, and for an API fact the same mirror outcome. */
export function sameVerdict(a: Pick<Verdict, "verdict" | "mirror">, b: Pick<Verdict, "verdict" | "mirror">): boolean {
  return a.verdict === b.verdict && a.mirror === b.mirror;
}

function quickScope(def: Definition, recording: Recording, comparedKeys: string[]): string[] {
  const recSteps = Math.max(0, ...recording.runs.map((r) => r.steps));
  const subset = def.quick.trainSubset;
  const seeds = def.quick.seeds.length === def.seeds.length ? "" : `trains ${def.quick.seeds.length} seed instead of ${def.seeds.length} and `;
  const lines = [
    `Quick mode ${seeds}stops every run after at most ` +
      `${def.quick.maxSteps} steps (the recording: up to ${recSteps}), with the learning-rate schedule laid out over those steps` +
      (subset ? ` and training on the first ${subset.toLocaleString("en-US")} images` : "") +
      ".",
    "So its losses, accuracies and other trained numbers are not comparable number-for-number with the recording, and its verdict is provisional.",
  ];
  lines.push(
    comparedKeys.length > 0
      ? `Compared: the verdict's direction, and ${comparedKeys.join(", ")}, which do not depend on how long the model trained.`
      : "Compared: the verdict's direction only.",
  );
  return lines;
}

function explanationsFor(live: LiveOutcome, recording: Recording, exact: boolean): string[] {
  const out: string[] = [];
  if (live.mode === "quick") {
    out.push("Fewer steps and one seed: a rule that compares variants can read a different winner from a short run, and one seed cannot show the seed spread.");
  }
  if (live.backend !== recording.backend) {
    out.push(
      `Different backend: this run used ${live.backend}, the recording ${recording.backend}. Backends round floating-point sums differently; ` +
        "wasm and cpu losses part after ~10 steps (mean difference 0.01) and final accuracies land within the seed spread, " +
        "so a rule close to its threshold can come out the other way.",
    );
  } else if (live.mode === "full" && !exact) {
    out.push(
      `Same backend (${live.backend}), seeds and data order normally reproduce a recording exactly, so a difference here means the code or ` +
        `the data changed since it was recorded (${recording.recordedAt.slice(0, 10)}, tfjs ${recording.tfjsVersion}).`,
    );
  }
  if (live.tfjsVersion !== recording.tfjsVersion) out.push(`Different tfjs version: ${live.tfjsVersion} here, ${recording.tfjsVersion} in the recording.`);
  return out;
}

export function compareWithRecording(def: Definition, recording: Recording, live: LiveOutcome): Comparison {
  const verdictMatches = sameVerdict(live.verdict, recording.verdict);
  const sd = recordedSeedSd(def, recording);
  const numbers: NumberComparison[] = [];
  const notCompared: Comparison["notCompared"] = [];
  for (const [key, recorded] of Object.entries(recording.verdict.numbers)) {
    const liveValue = live.verdict.numbers[key];
    if (live.mode === "quick" && !trainingIndependent(key, def.kind)) {
      notCompared.push({ key, why: "depends on training length (quick mode)" });
    } else if (liveValue === undefined) {
      notCompared.push({ key, why: "not in the live verdict" });
    } else {
      numbers.push(compareNumber(key, recorded, liveValue, sd.get(key) ?? null));
    }
  }
  const allWithin = numbers.every((n) => n.within);
  const curves = live.mode === "full" ? compareCurves(recording.runs, live.runs) : null;
  const exact = allWithin && verdictMatches && curves !== null && curves.maxAbsDiff === 0 && curves.runsCompared === recording.runs.length;
  const rec = verdictWord(recording.verdict);
  const mine = verdictWord(live.verdict);

  let status: ComparisonStatus;
  let headline: string;
  if (live.mode === "quick") {
    status = verdictMatches && allWithin ? "provisional-agrees" : "provisional-differs";
    headline = verdictMatches
      ? `Provisional agreement: your quick run also reads “${mine}”${allWithin ? "" : ", but some numbers that should not depend on training differ"}.`
      : live.verdict.verdict === "inconclusive"
        ? `A quick run cannot decide this claim (the recording reads “${rec}”); run it in full mode to compare.`
        : `Your quick run reads “${mine}”, the recording “${rec}”. Quick runs are short; run it in full mode to check.`;
  } else if (verdictMatches && allWithin) {
    status = "reproduced";
    headline = exact
      ? "Reproduced exactly: same verdict, same numbers, identical loss curves."
      : `Reproduced: same verdict (“${mine}”), every compared number within tolerance.`;
  } else {
    status = "differs";
    const off = numbers.filter((n) => !n.within).length;
    headline = verdictMatches
      ? `Same verdict (“${mine}”), but ${off} of ${numbers.length} numbers fall outside the tolerance.`
      : `Different verdict: your run reads “${mine}”, the recording “${rec}”.`;
  }
  return {
    status,
    headline,
    verdictMatches,
    recordedVerdict: recording.verdict.verdict,
    liveVerdict: live.verdict.verdict,
    recordedWords: rec,
    liveWords: mine,
    numbers,
    notCompared,
    curves,
    scope: live.mode === "quick" ? quickScope(def, recording, numbers.map((n) => n.key)) : [],
    // Agreement needs no excuse; an inexact "reproduced" (another backend) still says why numbers moved.
    explanations: status === "provisional-agrees" || (status === "reproduced" && exact) ? [] : explanationsFor(live, recording, exact),
  };
}
