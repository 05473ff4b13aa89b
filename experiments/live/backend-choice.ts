/**
 * Which tfjs backend a live run uses, and the sentence that says why (pure).
 *
 * A real GPU makes WebGL the clear winner, so it is used without measuring. When WebGL is
 * software-rendered (SwiftShader, llvmpipe, …) or missing, its speed is anyone's guess
 * (headless Chromium's SwiftShader trains ~10x slower than wasm), so the worker measures a
 * few training steps on each candidate and takes the fastest.
 */

export type LiveBackend = "webgl" | "wasm" | "cpu";

export const LIVE_BACKENDS: readonly LiveBackend[] = ["webgl", "wasm", "cpu"];

export interface WebglInfo {
  available: boolean;
  /** Unmasked renderer (WEBGL_debug_renderer_info) or the masked RENDERER string; null when unknown. */
  renderer: string | null;
}

/** Speed of one candidate in training images per second; null with an error when it could not run. */
export interface BackendSpeed {
  backend: LiveBackend;
  imagesPerSecond: number | null;
  error?: string;
  /** Set when the probe was stopped after this many ms without finishing (slower than any useful speed). */
  timedOutMs?: number;
}

/**
 * Longest a WebGL probe may take. Software WebGL compiles its shaders on the CPU: in headless
 * Chromium's SwiftShader inside a worker the first training step took ~35 s on 2 cores, while
 * wasm trains ~1,000 img/s with no warm-up. A probe that has not finished by then cannot win a
 * run of a few minutes, so the panel stops the worker and records the probe as timed out.
 */
export const WEBGL_PROBE_BUDGET_MS = 10_000;

/** Renderer strings of software rasterizers (no GPU behind WebGL). */
const SOFTWARE_RENDERERS: ReadonlyArray<[RegExp, string]> = [
  [/swiftshader/i, "SwiftShader"],
  [/llvmpipe/i, "llvmpipe"],
  [/softpipe/i, "softpipe"],
  [/basic render/i, "Microsoft Basic Render Driver"],
  [/apple software renderer/i, "Apple software renderer"],
  [/software/i, "software"],
];

/** The software rasterizer's short name, or null when the renderer looks like a real GPU. */
export function softwareRendererName(renderer: string | null): string | null {
  if (!renderer) return null;
  for (const [re, name] of SOFTWARE_RENDERERS) if (re.test(renderer)) return name;
  return null;
}

export type InitialChoice =
  | { kind: "use"; backend: LiveBackend; reason: string }
  | { kind: "measure"; candidates: LiveBackend[]; why: string };

/** First decision from what the device says about WebGL, before anything is measured. */
export function initialChoice(webgl: WebglInfo): InitialChoice {
  if (!webgl.available) return { kind: "measure", candidates: ["wasm", "cpu"], why: "no WebGL" };
  // WebGL last: its probe is the slow one (shader compiles) and may be stopped at its time budget.
  const software = softwareRendererName(webgl.renderer);
  if (software) return { kind: "measure", candidates: ["wasm", "cpu", "webgl"], why: `WebGL is software (${software})` };
  if (!webgl.renderer) return { kind: "measure", candidates: ["wasm", "cpu", "webgl"], why: "the WebGL renderer is unknown" };
  return { kind: "use", backend: "webgl", reason: `WebGL on a GPU (${webgl.renderer})` };
}

/** When WebGL was chosen for a GPU but failed to start: measure the others. */
export function afterWebglFailure(error: string): InitialChoice {
  return { kind: "measure", candidates: ["wasm", "cpu"], why: `WebGL did not start (${error})` };
}

export function formatSpeed(s: BackendSpeed): string {
  if (s.imagesPerSecond !== null) return `${s.backend} ${Math.round(s.imagesPerSecond)} img/s`;
  if (s.timedOutMs !== undefined) return `${s.backend} no step within ${Math.round(s.timedOutMs / 1000)} s`;
  return `${s.backend} failed`;
}

/**
 * The fastest backend that ran, with the reason, e.g.
 * "WebGL is software (SwiftShader): wasm 910 img/s vs webgl 92 img/s vs cpu 140 img/s".
 * Null when none ran.
 */
export function pickFastest(why: string, speeds: readonly BackendSpeed[]): { backend: LiveBackend; reason: string } | null {
  const ran = speeds.filter((s): s is BackendSpeed & { imagesPerSecond: number } => s.imagesPerSecond !== null && s.imagesPerSecond > 0);
  if (ran.length === 0) return null;
  const best = ran.reduce((a, b) => (b.imagesPerSecond > a.imagesPerSecond ? b : a));
  const others = speeds.filter((s) => s !== best);
  const detail = [formatSpeed(best), ...others.map(formatSpeed)].join(" vs ");
  return { backend: best.backend, reason: `${why}: ${detail}` };
}

/**
 * A choice measured earlier on this device (kept by the panel in localStorage) is reused when the
 * browser and the WebGL renderer are the same, so only the first run pays for measuring.
 */
export interface SavedChoice {
  backend: LiveBackend;
  reason: string;
  renderer: string | null;
  userAgent: string;
  tfjsVersion: string;
  speeds: BackendSpeed[];
}

export function savedChoiceApplies(saved: SavedChoice | null | undefined, now: { renderer: string | null; userAgent: string; tfjsVersion: string }): boolean {
  return !!saved && saved.renderer === now.renderer && saved.userAgent === now.userAgent && saved.tfjsVersion === now.tfjsVersion;
}

/**
 * The choice after a probe was stopped at its time budget: the probes that finished (`speeds`) plus
 * the stopped one, ready to hand to a fresh worker (which then skips measuring).
 */
export function choiceAfterTimeout(
  why: string,
  speeds: readonly BackendSpeed[],
  stopped: LiveBackend,
  budgetMs: number,
  device: { renderer: string | null; userAgent: string; tfjsVersion: string },
): SavedChoice | null {
  const all: BackendSpeed[] = [...speeds, { backend: stopped, imagesPerSecond: null, timedOutMs: budgetMs }];
  const best = pickFastest(why, all);
  return best ? { backend: best.backend, reason: best.reason, ...device, speeds: all } : null;
}

export function isLiveBackend(x: unknown): x is LiveBackend {
  return typeof x === "string" && (LIVE_BACKENDS as readonly string[]).includes(x);
}
