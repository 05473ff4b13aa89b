// "Run it yourself" in real Chromium: a quick live run from the why view (backend chosen by
// measuring, since headless Chromium's WebGL is SwiftShader), progress, verdict and comparison;
// cancel and run again; and no tfjs in the review or why pages' initial scripts.
import { describe, expect, inject, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { experimentById } from "../../experiments/registry/index.ts";
import { useBrowser } from "../support/browser.ts";
import { signUpFresh } from "../support/accounts.ts";

const baseUrl = inject("baseUrl");
const browser = useBrowser();

/** Strings that only tfjs's code contains (kernel, flag and package names). */
const TFJS_MARKERS = ["Conv2DBackpropFilter", "WEBGL_FORCE_F16_TEXTURES", "tfjs-backend-wasm"];

/** A string zod's own code carries (its error class's name survives minifying). */
const ZOD_MARKER = "ZodError";

const tfjsMarkersIn = (source: string) => TFJS_MARKERS.filter((m) => source.includes(m));

/** Page errors and console errors, collected from the moment the page opens. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** The deck id of chapter 13 and the why view of the card whose experiment is `experimentId`. */
async function whyUrl(page: Page, experimentId: string): Promise<{ deckUrl: string; why: string }> {
  await page.goto(`${baseUrl}/decks`);
  await page.getByRole("link", { name: /chapter 13/ }).first().click();
  await page.waitForURL(/\/decks\/[a-z0-9]+$/);
  const deckUrl = page.url();
  const hrefs = await page.locator('a[href*="/cards/"][href*="/why"]').evaluateAll((as) => [...new Set(as.map((a) => (a as HTMLAnchorElement).href))]);
  for (const href of hrefs) {
    await page.goto(href);
    if ((await page.locator(`[data-testid="live-run"][data-experiment="${experimentId}"]`).count()) > 0) return { deckUrl, why: href };
  }
  throw new Error(`no why view shows experiment ${experimentId} (checked ${hrefs.length} links)`);
}

/** Every script a page's HTML loads first (script src and script preloads), fetched with the session. */
async function initialScripts(context: BrowserContext, url: string): Promise<Map<string, string>> {
  const res = await context.request.get(url);
  expect(res.status()).toBe(200);
  const html = await res.text();
  const srcs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) srcs.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]*rel="preload"[^>]*as="script"[^>]*href="([^"]+)"|<link[^>]*href="([^"]+)"[^>]*as="script"/g)) srcs.add((m[1] ?? m[2])!);
  const out = new Map<string, string>();
  for (const src of srcs) {
    const abs = new URL(src.replaceAll("&amp;", "&"), url).href;
    const r = await context.request.get(abs);
    expect(r.status(), abs).toBe(200);
    out.set(abs, await r.text());
  }
  return out;
}

/** Records every aria-valuenow the progress bar shows (a fast run can pass a value between two polls). */
async function watchProgress(page: Page) {
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { __liveProgress: number[] }).__liveProgress = seen;
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="live-progress"]');
      const v = bar?.getAttribute("aria-valuenow");
      if (v !== null && v !== undefined && seen.at(-1) !== Number(v)) seen.push(Number(v));
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  });
}

const progressSeen = (page: Page) => page.evaluate(() => (window as unknown as { __liveProgress: number[] }).__liveProgress);

/** Hydrated first: a radio clicked before React listens is put back by the hydration that follows. */
const panelReady = (page: Page) => page.locator('[data-testid="live-run"][data-ready]').waitFor();

async function startQuick(page: Page) {
  await panelReady(page);
  await page.getByRole("radio", { name: /^Quick/ }).check();
  await page.getByTestId("live-start").click();
}

describe("run it yourself", () => {
  let deckUrl = "";
  let whyCallbackAccess = "";
  const workerScripts = new Map<string, string>();

  it("runs the quick experiment in a worker: wasm chosen by measuring, progress, verdict and comparison", async () => {
    const page = await browser.freshPage();
    const errors = collectErrors(page);
    await signUpFresh(page, baseUrl);
    ({ deckUrl, why: whyCallbackAccess } = await whyUrl(page, "ch13-callback-access"));
    const panel = page.getByTestId("live-run");
    await expect(panel.getAttribute("data-state")).resolves.toBe("idle");

    // Scripts the run loads after the click: the worker and its chunks.
    page.on("response", (r) => {
      if (r.request().resourceType() === "script" || /\.js(\?|$)/.test(r.url())) void r.text().then((t) => workerScripts.set(r.url(), t), () => {});
    });
    await watchProgress(page);
    const started = Date.now();
    await startQuick(page);
    await expect(panel.getAttribute("data-state")).resolves.toBe("running");

    // The chooser measured the backends: WebGL here is SwiftShader, so wasm wins and says why.
    const backend = page.getByTestId("live-backend");
    await backend.waitFor({ timeout: 60_000 });
    expect(await backend.getAttribute("data-backend")).toBe("wasm");
    const reason = (await page.getByTestId("live-backend-reason").textContent()) ?? "";
    // wasm first (the fastest), then the others; WebGL's probe may be stopped at its 10 s budget (shaders compile on the CPU).
    expect(reason).toMatch(/^WebGL is software \(SwiftShader\): wasm \d+ img\/s vs cpu \d+ img\/s vs webgl (\d+ img\/s|no step within 10 s)$/);

    await page.getByTestId("live-run-index").waitFor();
    expect(await page.getByTestId("live-run-index").textContent()).toBe("Run 1 of 1");
    await page.getByTestId("live-result").waitFor({ timeout: 60_000 });
    const elapsed = Date.now() - started;

    const seen = await progressSeen(page);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.some((v) => v > 0 && v < 100)).toBe(true);
    expect(seen.at(-1)).toBe(100);
    expect([...seen]).toEqual([...seen].sort((a, b) => a - b)); // never goes back

    // An API fact: confirmed in the source; what the run shows is our learner mirroring it.
    const verdict = page.getByTestId("live-verdict");
    expect(await verdict.getAttribute("data-verdict")).toBe("confirmed-in-source");
    expect(await verdict.getAttribute("data-mirror")).toBe("mirrors");
    expect(await verdict.textContent()).toContain("Your run: our learner mirrors it");
    expect(await verdict.textContent()).toContain("provisional (quick mode)");
    // Each check reads as words (the icon beside them is decoration, hidden from screen readers).
    for (const check of await verdict.locator(".live-checks li").all()) {
      expect(await check.locator(".why-outcome-label").innerText()).toMatch(/^(Supported|Contradicted|Not shown|Inconclusive|Reported, not judged)$/);
      expect(await check.locator(".why-outcome-icon").getAttribute("aria-hidden")).toBe("true");
    }
    expect(await page.getByTestId("live-run").getByRole("heading", { name: "See our learner do it" }).count()).toBe(1);
    const comparison = page.getByTestId("live-comparison");
    expect(await comparison.getAttribute("data-status")).toBe("provisional-agrees");
    const text = (await comparison.textContent()) ?? "";
    expect(text).toContain("Quick mode stops every run after at most 5 steps (the recording: up to 10)");
    expect(text).toContain("attr_recorder");
    expect(text).toMatch(/Rule for “reproduced”: same verdict/);
    expect(await page.getByTestId("live-footer").textContent()).toContain("0 tensors left");
    expect(await panel.getAttribute("data-state")).toBe("done");
    expect(errors).toEqual([]);
    console.log(`[live-run] quick ch13-callback-access incl. backend measurement: ${(elapsed / 1000).toFixed(1)} s`);
    await page.close();
  });

  it("the worker's scripts contain tfjs, the review page's and the why page's initial scripts do not (nor zod, which waits for a run)", async () => {
    // The check can fail: the worker's chunks carry every marker.
    const workerText = [...workerScripts.values()].join("\n");
    expect(tfjsMarkersIn(workerText)).toEqual(TFJS_MARKERS);
    expect(workerText).toContain(ZOD_MARKER);

    const context = browser.context;
    const review = await initialScripts(context, `${deckUrl}/review`);
    expect(review.size).toBeGreaterThan(0);
    for (const [src, body] of review) expect(tfjsMarkersIn(body), src).toEqual([]);

    const why = await initialScripts(context, whyCallbackAccess);
    expect(why.size).toBeGreaterThan(0);
    for (const [src, body] of why) expect(tfjsMarkersIn(body), src).toEqual([]);
    // The worker protocol's checks (zod) load when a run starts: not parsed with the page.
    for (const [src, body] of why) expect(body.includes(ZOD_MARKER), src).toBe(false);
  });

  it("full mode on wasm reproduces the recording exactly (browser wasm = Node wasm, same seeds and data order)", async () => {
    const page = await browser.context.newPage();
    const errors = collectErrors(page);
    await page.goto(whyCallbackAccess);
    await panelReady(page);
    await page.getByRole("radio", { name: /^Full/ }).check();
    await page.getByTestId("live-start").click();
    await page.getByTestId("live-result").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("live-backend").getAttribute("data-backend")).toBe("wasm");
    const comparison = page.getByTestId("live-comparison");
    expect(await comparison.getAttribute("data-status")).toBe("reproduced");
    expect(await comparison.textContent()).toContain("Reproduced exactly: same verdict, same numbers, identical loss curves.");
    expect(await page.getByTestId("live-verdict").textContent()).not.toContain("provisional");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a failed download shows a clear error, leaves the page usable, and the next run works", async () => {
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(whyCallbackAccess);
    // The worker's fetch of the digits fails as if the server were down.
    const mnist = "**/assets/mnist/**";
    await browser.context.route(mnist, (route) => route.fulfill({ status: 503, body: "down" }));
    await startQuick(page);
    const error = page.getByTestId("live-error");
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toContain("Could not download the MNIST digits: the server answered 503");
    expect(await page.getByTestId("live-run").getAttribute("data-state")).toBe("error");
    await browser.context.unroute(mnist);
    await page.getByTestId("live-start").click(); // "Run again"
    await page.getByTestId("live-result").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("live-error").count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("cancels mid-run (back to idle, no errors), then a new run starts, finishes and is contributed as a replication", async () => {
    const page = await browser.context.newPage();
    const errors = collectErrors(page);
    const { why } = await whyUrl(page, "ch13-double-filters");
    expect(why).not.toBe(whyCallbackAccess);
    const panel = page.getByTestId("live-run");
    let workers = 0;
    const closed: string[] = [];
    page.on("worker", (w) => {
      workers++;
      w.on("close", () => closed.push(w.url()));
    });

    await startQuick(page);
    await page.waitForFunction(() => /step [3-9]\d* of/.test(document.querySelector('[data-testid="live-run-status"]')?.textContent ?? ""), null, { timeout: 60_000 });
    // Quick mode: one seed, every variant.
    const runs = experimentById("ch13-double-filters")!.variants.length;
    expect(await page.getByTestId("live-run-index").textContent()).toBe(`Run 1 of ${runs}`);
    await page.getByTestId("live-cancel").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="live-run"]')?.getAttribute("data-state") === "idle", null, { timeout: 10_000 });
    expect(await page.getByTestId("live-notice").textContent()).toMatch(/^Run cancelled/);
    expect(await page.getByTestId("live-progress").count()).toBe(0);
    expect(await page.getByTestId("live-cancel").count()).toBe(0);
    await expect.poll(() => closed.length, { timeout: 5000 }).toBe(1); // the worker was terminated

    // Run again: the backend measured in the first test is reused, and the run completes.
    await watchProgress(page);
    await startQuick(page);
    await page.getByTestId("live-result").waitFor({ timeout: 90_000 });
    expect(await page.getByTestId("live-backend").getAttribute("data-backend")).toBe("wasm");
    expect(await page.getByTestId("live-backend").textContent()).toContain("measured on an earlier run in this browser");
    expect(await page.getByTestId("live-run-index").textContent()).toBe(`Run ${runs} of ${runs}`);
    expect(["supported", "contradicted", "not-shown", "inconclusive"]).toContain(await page.getByTestId("live-verdict").getAttribute("data-verdict"));
    expect(await page.getByTestId("live-comparison").getAttribute("data-status")).toMatch(/^provisional-/);
    expect(await page.getByTestId("live-runs").locator("tbody tr").count()).toBe(runs);
    expect((await progressSeen(page)).at(-1)).toBe(100);
    expect(workers).toBe(2);
    await expect.poll(() => closed.length, { timeout: 5000 }).toBe(2);

    // Contributed as a replication (opt-in): the server judges it, and its tally counts one more quick run.
    const contributed = async () => Number((await page.getByTestId("replications").innerText()).match(/(\d+) runs? contributed/)?.[1] ?? 0);
    const before = await contributed();
    await page.getByTestId("contribute-run").click();
    await page.getByTestId("contribute-done").waitFor();
    await expect.poll(contributed, { timeout: 10_000 }).toBe(before + 1);
    expect(await page.getByTestId("replications-summary").innerText()).toMatch(/quick runs? \(provisional/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("why views hydrate without Intl number formatting (a tab's first one loads locale data: tens of ms on a phone)", async () => {
    const page = await browser.context.newPage();
    // Counts every call that would load Intl's number data; a plain string, so the bundler adds nothing to it.
    await page.addInitScript({
      content: `window.__intlCalls = [];
        const spy = (obj, name) => { const f = obj[name]; obj[name] = function (...a) { window.__intlCalls.push(name); return new.target ? Reflect.construct(f, a, new.target) : f.apply(this, a); }; };
        spy(Number.prototype, "toLocaleString"); spy(Intl, "NumberFormat");`,
    });
    await page.goto(deckUrl);
    const hrefs = await page.locator('a[href*="/cards/"][href*="/why"]').evaluateAll((as) => [...new Set(as.map((a) => (a as HTMLAnchorElement).href))]);
    let subsets = 0;
    for (const href of hrefs) {
      await page.goto(href);
      await panelReady(page);
      // The quick mode names its training subset with a thousands separator: the formatting did run.
      if (/\d,\d{3} training images/.test((await page.getByTestId("live-run").textContent()) ?? "")) subsets++;
      await expect(page.evaluate(() => (window as unknown as { __intlCalls: string[] }).__intlCalls), href).resolves.toEqual([]);
    }
    expect(subsets).toBeGreaterThan(0);
    await page.close();
  });

  it("defaults to full mode on a desktop and to quick mode on a phone-sized screen", async () => {
    const page = await browser.context.newPage();
    await page.goto(whyCallbackAccess);
    await expect(page.getByRole("radio", { name: /^Full/ }).isChecked()).resolves.toBe(true);
    await page.setViewportSize({ width: 360, height: 740 });
    await page.reload();
    await page.getByTestId("live-run").waitFor();
    await expect.poll(() => page.getByRole("radio", { name: /^Quick/ }).isChecked(), { timeout: 5000 }).toBe(true);
    await expect(page.getByRole("radio", { name: /^Full/ }).isChecked()).resolves.toBe(false);
    await page.close();
  });
});
