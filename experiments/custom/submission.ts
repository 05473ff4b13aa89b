/**
 * A recording made in an author's browser, as the server receives it (pure). The server trusts none of
 * it: the runs must be exactly the frozen design's (every variant × seed once, the planned steps), every
 * number finite and in range, the sizes bounded; the verdict is recomputed from the runs with the frozen
 * rule, and a verdict the browser claims must agree with it.
 */
import { z } from "zod";
import { RECORDING_CURVE_POINTS, recordingCurve } from "../recordings/index.ts";
import { isCollapsed } from "../registry/stats.ts";
import type { ExperimentDefinition, RunSummary, Verdict, VerdictKey } from "../registry/types.ts";
import { TRAIN_IMAGES, resolveBudget } from "../registry/budget.ts";

export const BACKENDS = ["webgl", "wasm", "cpu"] as const;
export const DEVICE_CLASSES = ["phone", "tablet", "desktop"] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/** Largest request body a recording may be (the runs of 4 variants × 10 seeds with 200-point curves fit easily). */
/** The runner keeps up to 200 curve points per run (MAX_CURVE_POINTS in runner/run-variant.ts, which loads tfjs). */
export const MAX_CURVE_POINTS = 200;

export const MAX_SUBMISSION_BYTES = 512 * 1024;

/** The most runs any design has (a registry experiment's full mode: 8 variants × 8 seeds). */
export const MAX_RUNS = 100;

const finite = (what: string) => z.number({ error: `${what} must be a number` }).finite(`${what} must be a finite number (a run that diverged cannot be published: lower its learning rate)`);
const share = (what: string) => finite(what).min(0, `${what} must be between 0 and 1`).max(1, `${what} must be between 0 and 1`);
const loss = (what: string) => finite(what).min(0, `${what} cannot be negative`).max(1e4, `${what} is out of range`);

const submittedRunSchema = z.strictObject({
  variantId: z.string().max(40),
  seed: z.number().int(),
  steps: z.number().int().min(0),
  final: z.strictObject({ validLoss: loss("Validation loss"), validAcc: share("Validation accuracy"), trainLoss: loss("Training loss") }),
  trainLossCurve: z.array(loss("A training-loss point")).max(MAX_CURVE_POINTS, `At most ${MAX_CURVE_POINTS} curve points per run`),
  metrics: z.record(z.string().max(40), finite("A metric")).refine((m) => Object.keys(m).length <= 40, "At most 40 metrics per run"),
  majorityShare: share("The majority share"),
  collapsed: z.boolean().optional(),
});

export const submissionSchema = z.strictObject({
  version: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "The pre-registration hash must be 64 lowercase hex digits"),
  // The frozen design decides how many (checkSubmission); this only bounds the work of reading them.
  runs: z.array(submittedRunSchema).min(1, "No runs").max(MAX_RUNS, "Too many runs"),
  /** What the browser computed; the server's own verdict must agree. */
  verdict: z.enum(["supported", "contradicted", "not-shown", "inconclusive"]).optional(),
  environment: z.strictObject({
    backend: z.enum(BACKENDS),
    tfjsVersion: z.string().regex(/^\d+\.\d+\.\d+$/, "tfjsVersion looks like 4.22.0"),
    userAgent: z.string().max(400),
    wallMs: finite("wallMs").min(0).max(24 * 3600 * 1000),
  }),
});
export type Submission = z.infer<typeof submissionSchema>;

/** What a browser recording says about where it was made (shown in the why view). */
export interface Provenance {
  where: "browser";
  backend: (typeof BACKENDS)[number];
  userAgent: string;
  deviceClass: DeviceClass;
  /** "Chrome 131 on Linux", from the user agent. */
  browser: string;
}

/** Phone / tablet / desktop from a user agent (shown as where the recording was made). */
export function deviceClassOf(userAgent: string): DeviceClass {
  if (/iPad|Tablet|Android(?!.*Mobile)/i.test(userAgent)) return "tablet";
  if (/Mobi|iPhone|Android/i.test(userAgent)) return "phone";
  return "desktop";
}

/** "Chrome 131 on Linux" (best effort; the full user agent is kept too). */
export function browserOf(userAgent: string): string {
  const name =
    /Edg\/(\d+)/.exec(userAgent)?.[1] !== undefined
      ? `Edge ${/Edg\/(\d+)/.exec(userAgent)![1]}`
      : /Firefox\/(\d+)/.test(userAgent)
        ? `Firefox ${/Firefox\/(\d+)/.exec(userAgent)![1]}`
        : /(?:Chrome|Chromium)\/(\d+)/.test(userAgent)
          ? `Chrome ${/(?:Chrome|Chromium)\/(\d+)/.exec(userAgent)![1]}`
          : /Version\/(\d+).*Safari/.test(userAgent)
            ? `Safari ${/Version\/(\d+)/.exec(userAgent)![1]}`
            : "a browser";
  const os = /Android/.test(userAgent) ? "Android" : /iPhone|iPad|iOS/.test(userAgent) ? "iOS" : /Mac OS X/.test(userAgent) ? "macOS" : /Windows/.test(userAgent) ? "Windows" : /Linux/.test(userAgent) ? "Linux" : "an unknown system";
  return `${name} on ${os}`;
}

export type Checked = { ok: true; runs: RunSummary[]; verdict: Verdict } | { ok: false; error: string };

const VERDICT_WORDS: Record<VerdictKey, string> = {
  supported: "supported",
  contradicted: "contradicted",
  "not-shown": "not shown",
  inconclusive: "inconclusive",
  "confirmed-in-source": "confirmed in the source",
};

/**
 * The runs as they will be stored (curves at recording resolution, collapse recomputed), and the verdict
 * the frozen rule gives them; or why they do not belong to this design. `mode`: a recording is full mode;
 * a learner's replication may be quick mode (one seed, capped steps: the definition's own quick plan).
 */
export function checkSubmission(def: ExperimentDefinition, s: Omit<Submission, "version" | "sha256">, mode: "full" | "quick" = "full"): Checked {
  const expected = new Map<string, number>();
  const seeds = mode === "quick" ? def.quick.seeds : def.seeds;
  for (const seed of seeds) for (const v of def.variants) expected.set(`${v.id}#${seed}`, resolveBudget(def, v, TRAIN_IMAGES, { mode }).maxSteps);
  const seen = new Set<string>();
  for (const r of s.runs) {
    const key = `${r.variantId}#${r.seed}`;
    const steps = expected.get(key);
    if (steps === undefined) return { ok: false, error: `Run ${r.variantId.toUpperCase()} seed ${r.seed} is not part of the pre-registered design (variants ${def.variants.map((v) => v.id.toUpperCase()).join(", ")}; seeds ${seeds.join(", ")}).` };
    if (seen.has(key)) return { ok: false, error: `Run ${r.variantId.toUpperCase()} seed ${r.seed} was sent twice.` };
    seen.add(key);
    if (r.steps !== steps) return { ok: false, error: `Run ${r.variantId.toUpperCase()} seed ${r.seed} trained ${r.steps} steps; the pre-registered design says ${steps}.` };
    if (r.trainLossCurve.length === 0) return { ok: false, error: `Run ${r.variantId.toUpperCase()} seed ${r.seed} has no training-loss curve.` };
  }
  const missing = [...expected.keys()].filter((k) => !seen.has(k));
  if (missing.length > 0) return { ok: false, error: `Missing runs: ${missing.map((k) => k.replace("#", " seed ").toUpperCase()).join(", ")}. A recording has every variant on every seed.` };

  const runs: RunSummary[] = s.runs.map((r) => ({
    variantId: r.variantId,
    seed: r.seed,
    steps: r.steps,
    final: r.final,
    trainLossCurve: r.trainLossCurve.length > RECORDING_CURVE_POINTS ? recordingCurve(r.trainLossCurve) : r.trainLossCurve,
    metrics: r.metrics,
    majorityShare: r.majorityShare,
    // Never taken from the browser: recomputed by the same rule the runner uses.
    collapsed: isCollapsed(r.final, r.majorityShare),
  }));
  const verdict = def.decide(runs);
  if (s.verdict !== undefined && s.verdict !== verdict.verdict)
    return { ok: false, error: `The verdict sent (${VERDICT_WORDS[s.verdict]}) does not follow from the runs: the pre-registered rule gives ${VERDICT_WORDS[verdict.verdict]}. Nothing was saved.` };
  return { ok: true, runs, verdict };
}
