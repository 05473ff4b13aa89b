// Which backend a live run uses, and why (experiments/live/backend-choice.ts).
import { describe, expect, it } from "vitest";
import {
  WEBGL_PROBE_BUDGET_MS,
  afterWebglFailure,
  choiceAfterTimeout,
  formatSpeed,
  initialChoice,
  pickFastest,
  savedChoiceApplies,
  softwareRendererName,
  type SavedChoice,
} from "../../experiments/live/backend-choice.ts";

describe("softwareRendererName", () => {
  it.each([
    ["ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)", "SwiftShader"],
    ["Google SwiftShader", "SwiftShader"],
    ["llvmpipe (LLVM 15.0.6, 256 bits)", "llvmpipe"],
    ["ANGLE (Mesa, llvmpipe (LLVM 19.1.7 256 bits), OpenGL 4.5)", "llvmpipe"],
    ["softpipe", "softpipe"],
    ["ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)", "Microsoft Basic Render Driver"],
    ["Apple Software Renderer", "Apple software renderer"],
    ["Some Software Rasterizer", "software"],
  ])("%s → %s", (renderer, name) => {
    expect(softwareRendererName(renderer)).toBe(name);
  });

  it.each([
    "ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)",
    "ANGLE (Apple, ANGLE Metal Renderer: Apple M1, Unspecified Version)",
    "Mali-G78",
    "Adreno (TM) 650",
    "Mesa Intel(R) UHD Graphics 620 (KBL GT2)",
  ])("%s is a GPU", (renderer) => {
    expect(softwareRendererName(renderer)).toBeNull();
  });

  it("unknown is not software", () => expect(softwareRendererName(null)).toBeNull());
});

describe("initialChoice", () => {
  it("a real GPU: WebGL, without measuring", () => {
    expect(initialChoice({ available: true, renderer: "Adreno (TM) 650" })).toEqual({ kind: "use", backend: "webgl", reason: "WebGL on a GPU (Adreno (TM) 650)" });
  });
  it("software WebGL: measure all three, WebGL last (its probe may be stopped)", () => {
    expect(initialChoice({ available: true, renderer: "Google SwiftShader" })).toEqual({
      kind: "measure",
      candidates: ["wasm", "cpu", "webgl"],
      why: "WebGL is software (SwiftShader)",
    });
  });
  it("no WebGL: measure wasm and cpu", () => {
    expect(initialChoice({ available: false, renderer: null })).toEqual({ kind: "measure", candidates: ["wasm", "cpu"], why: "no WebGL" });
  });
  it("WebGL with an unknown renderer is measured too", () => {
    expect(initialChoice({ available: true, renderer: null })).toMatchObject({ kind: "measure", why: "the WebGL renderer is unknown" });
  });
  it("GPU WebGL that fails to start falls back to measuring the others", () => {
    expect(afterWebglFailure("context lost")).toEqual({ kind: "measure", candidates: ["wasm", "cpu"], why: "WebGL did not start (context lost)" });
  });
});

describe("pickFastest", () => {
  it("takes the fastest and lists it first, then the others in measuring order", () => {
    const r = pickFastest("WebGL is software (SwiftShader)", [
      { backend: "wasm", imagesPerSecond: 910.4 },
      { backend: "cpu", imagesPerSecond: 140 },
      { backend: "webgl", imagesPerSecond: 92 },
    ]);
    expect(r).toEqual({ backend: "wasm", reason: "WebGL is software (SwiftShader): wasm 910 img/s vs cpu 140 img/s vs webgl 92 img/s" });
  });
  it("a faster software WebGL wins", () => {
    expect(
      pickFastest("WebGL is software (llvmpipe)", [
        { backend: "wasm", imagesPerSecond: 300 },
        { backend: "cpu", imagesPerSecond: 40 },
        { backend: "webgl", imagesPerSecond: 450 },
      ])?.backend,
    ).toBe("webgl");
  });
  it("failed and stopped probes are named but never chosen", () => {
    const r = pickFastest("no WebGL", [
      { backend: "wasm", imagesPerSecond: null, error: "could not fetch tfjs-backend-wasm-simd.wasm" },
      { backend: "cpu", imagesPerSecond: 55 },
    ]);
    expect(r).toEqual({ backend: "cpu", reason: "no WebGL: cpu 55 img/s vs wasm failed" });
    expect(pickFastest("x", [{ backend: "wasm", imagesPerSecond: null }])).toBeNull();
    expect(pickFastest("x", [])).toBeNull();
  });
  it("formatSpeed", () => {
    expect(formatSpeed({ backend: "webgl", imagesPerSecond: null, timedOutMs: 10_000 })).toBe("webgl no step within 10 s");
  });
});

describe("choiceAfterTimeout", () => {
  const device = { renderer: "Google SwiftShader", userAgent: "UA", tfjsVersion: "4.22.0" };
  it("picks among the finished probes and records the stopped one", () => {
    const c = choiceAfterTimeout(
      "WebGL is software (SwiftShader)",
      [
        { backend: "wasm", imagesPerSecond: 800 },
        { backend: "cpu", imagesPerSecond: 50 },
      ],
      "webgl",
      WEBGL_PROBE_BUDGET_MS,
      device,
    );
    expect(c).toEqual({
      backend: "wasm",
      reason: "WebGL is software (SwiftShader): wasm 800 img/s vs cpu 50 img/s vs webgl no step within 10 s",
      ...device,
      speeds: [
        { backend: "wasm", imagesPerSecond: 800 },
        { backend: "cpu", imagesPerSecond: 50 },
        { backend: "webgl", imagesPerSecond: null, timedOutMs: 10_000 },
      ],
    });
  });
  it("null when nothing finished", () => {
    expect(choiceAfterTimeout("x", [], "webgl", 10_000, device)).toBeNull();
  });
});

describe("savedChoiceApplies", () => {
  const saved: SavedChoice = { backend: "wasm", reason: "r", renderer: "Google SwiftShader", userAgent: "UA", tfjsVersion: "4.22.0", speeds: [] };
  it("same browser, renderer and tfjs: reuse", () => {
    expect(savedChoiceApplies(saved, { renderer: "Google SwiftShader", userAgent: "UA", tfjsVersion: "4.22.0" })).toBe(true);
  });
  it("anything changed: measure again", () => {
    expect(savedChoiceApplies(saved, { renderer: "Adreno (TM) 650", userAgent: "UA", tfjsVersion: "4.22.0" })).toBe(false);
    expect(savedChoiceApplies(saved, { renderer: "Google SwiftShader", userAgent: "UA2", tfjsVersion: "4.22.0" })).toBe(false);
    expect(savedChoiceApplies(saved, { renderer: "Google SwiftShader", userAgent: "UA", tfjsVersion: "4.23.0" })).toBe(false);
    expect(savedChoiceApplies(null, { renderer: null, userAgent: "UA", tfjsVersion: "4.22.0" })).toBe(false);
  });
});
