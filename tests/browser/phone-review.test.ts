// The review screen on a phone (390×844, touch) in Chromium: installable (manifest, icons, service worker),
// tap to flip, an answer bar that does not move, no key hints, a double tap that grades once, and the
// optional swipes with their hint; and no page, a learner's or an instructor's, wider than the phone.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, waitForAsync } from "../support/browser.ts";
import { openReview, reviewReady, signInAs, signUpFresh } from "../support/accounts.ts";
import { DEMO_INSTRUCTOR } from "../../lib/users/demo.ts";

const baseUrl = inject("baseUrl");
const leftToday = async (page: Page) => Number(await page.getByTestId("left-today").textContent());

async function swipe(page: Page, dx: number) {
  // In view first: after ticking the setting (below the card) the page is scrolled, and a touch that starts
  // off screen is cancelled by the browser.
  await page.locator(".flashcard-front").scrollIntoViewIfNeeded();
  const box = (await page.locator(".flashcard-front").boundingBox())!;
  const [x, y] = [box.x + box.width / 2 - dx / 2, box.y + box.height / 2];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x, y }] });
  for (let i = 1; i <= 6; i++) await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: x + (dx * i) / 6, y: y + i }] });
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

describe("review on a phone", () => {
  let phone: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    phone = await launchBrowser({ viewport: { width: 390, height: 844 }, isMobile: true });
  });
  afterAll(async () => {
    await phone?.close();
  });

  async function freshReview(): Promise<Page> {
    await phone.context.clearCookies();
    const page = await phone.context.newPage();
    await signUpFresh(page, baseUrl);
    await openReview(page);
    return page;
  }

  it("is installable: a manifest with icons, and a service worker that keeps the shell but nothing from the API", async () => {
    const page = await freshReview();
    const href = await page.locator('link[rel="manifest"]').getAttribute("href");
    const manifest = (await (await page.request.get(new URL(href!, baseUrl).toString())).json()) as { display: string; start_url: string; icons: { src: string; sizes: string }[] };
    expect(manifest).toMatchObject({ display: "standalone", start_url: "/decks" });
    for (const size of ["192x192", "512x512"]) {
      const icon = manifest.icons.find((i) => i.sizes === size)!;
      const res = await page.request.get(new URL(icon.src, baseUrl).toString());
      expect(res.headers()["content-type"]).toBe("image/png");
    }
    const worker = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
    expect(worker).toBe(`${baseUrl}/sw.js`);
    // Graded online: the worker keeps build assets and this page, never an API answer.
    await page.locator(".flashcard-front").tap();
    await page.locator(".grade-4").tap();
    await page.waitForFunction(() => document.querySelector("[data-testid=left-today]")?.textContent === "8");
    const kept = await waitForAsync(page, async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
      return urls.some((u) => u.endsWith("/review")) && urls.some((u) => u.startsWith("/_next/static/")) ? urls : null;
    }, undefined);
    expect(kept.filter((u) => u.startsWith("/api/"))).toEqual([]);
    await page.close();
  });

  it("taps to flip with the answer bar in place, shows no key hints, and grades a double-tapped card once", async () => {
    const page = await freshReview();
    // Under a finger every control is a full tap target (44 px): the header's links, flip, undo, bury, suspend;
    // then the grades; and the deck page's links that stand on their own line.
    const tooSmall = (p: Page, selector: string) =>
      p.locator(selector).evaluateAll((els) => els.filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height < 44; }).map((e) => e.textContent?.trim()));
    expect(await tooSmall(page, "button, .site-header a")).toEqual([]);
    expect(await page.locator(".review kbd").evaluateAll((ks) => ks.filter((k) => getComputedStyle(k).display !== "none").length)).toBe(0);
    const before = (await page.locator(".answer-bar").boundingBox())!;
    await page.locator(".flashcard-front").tap();
    await page.locator(".grade-5").waitFor();
    expect(await tooSmall(page, "button")).toEqual([]);
    const after = (await page.locator(".answer-bar").boundingBox())!;
    expect(Math.abs(after.y - before.y)).toBeLessThanOrEqual(1);
    expect(Math.abs(after.height - before.height)).toBeLessThanOrEqual(1);
    expect(after.y + after.height).toBeLessThanOrEqual(844);

    // A double tap on a grade: one answer, and the next card is not flipped by the second tap either.
    const box = (await page.locator(".grade-4").boundingBox())!;
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(() => document.querySelector("[data-testid=left-today]")?.textContent === "8");
    await page.waitForTimeout(400);
    expect(await leftToday(page)).toBe(8);
    expect(await page.locator(".grade-4").count()).toBe(0);
    await page.reload();
    await reviewReady(page);
    expect(await leftToday(page)).toBe(8);
    await page.goto(page.url().replace(/\/review$/, ""));
    expect(await tooSmall(page, ".site-header a, .card-body > a, .card-body summary, .button")).toEqual([]);
    await page.close();
  });

  it("fits every page into the phone's width: nothing to scroll sideways but the tables and the heatmap themselves", async () => {
    const wider = async (page: Page, path: string) => {
      await page.goto(`${baseUrl}${path}`, { waitUntil: "load" });
      return page.evaluate(() => document.documentElement.scrollWidth);
    };
    const page = await freshReview();
    const deck = new URL(page.url()).pathname.replace(/\/review$/, "");
    await page.goto(`${baseUrl}${deck}`);
    const why = await page.getByRole("link", { name: "Why? See the evidence for card 6" }).getAttribute("href");
    const widths: Record<string, number> = {};
    for (const path of ["/decks", deck, `${deck}/review`, why!, "/stats", `${deck}/stats`]) widths[path] = await wider(page, path);
    await phone.context.clearCookies();
    await signInAs(page, baseUrl, DEMO_INSTRUCTOR.email, DEMO_INSTRUCTOR.password);
    // The experiment designer's long option names, and the instructor's table of decks.
    for (const path of ["/instructor", "/experiments", "/experiments/new", "/classes", "/decks/new"]) widths[path] = await wider(page, path);
    expect(Object.entries(widths).filter(([, w]) => w > 390)).toEqual([]);
    await page.close();
  });

  it("swipes when the setting is on: → grades Good, ← on a question undoes, with a hint saying so", async () => {
    const page = await freshReview();
    await swipe(page, 150);
    await page.locator(".flashcard-front").tap();
    expect(await leftToday(page)).toBe(9); // swipes off: nothing graded
    await page.getByLabel("Swipe to grade").check();
    await page.getByTestId("swipe-hint").getByText("Swipe → Good (4) · ← Wrong (1)").waitFor();
    const first = await page.locator(".flashcard").getAttribute("data-card-id");
    await swipe(page, 150);
    await page.waitForFunction(() => document.querySelector("[data-testid=left-today]")?.textContent === "8");
    await page.getByTestId("swipe-hint").getByText("swipe ← to undo the last answer", { exact: false }).waitFor();
    await swipe(page, -150);
    await page.getByText("Last answer undone.").waitFor();
    expect(await page.locator(".flashcard").getAttribute("data-card-id")).toBe(first);
    expect(await leftToday(page)).toBe(9);
    // The setting stays on this device.
    await page.reload();
    await reviewReady(page);
    expect(await page.getByLabel("Swipe to grade").isChecked()).toBe(true);
    await page.close();
  });
});
