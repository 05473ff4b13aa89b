// Accessibility in real Chromium (issue #13): axe-core finds no serious or critical violation on any main
// page, in light and dark colour schemes; the review loop works with the keyboard alone, inside the
// landmarks a screen reader jumps between (main, navigation).
import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { useBrowser } from "../support/browser.ts";
import { signUpFresh } from "../support/accounts.ts";

const baseUrl = inject("baseUrl");
const browser = useBrowser();
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/**
 * axe's serious and critical violations on the page as it is now, in both colour schemes. Charts mount when
 * scrolled near: the page is scrolled through first, so they are checked too. Evaluated over CDP, so the
 * page's CSP (no inline scripts) does not stop it.
 */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.waitForLoadState("load");
  for (const d of await page.locator("[data-deferred]").all()) await d.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelectorAll('[data-deferred="waiting"]').length === 0, undefined, { timeout: 15_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const found: string[] = [];
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> } }).axe;
      return (await axe.run(document, { resultTypes: ["violations"] })).violations;
    });
    for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
      found.push(`${colorScheme}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ""}`).join(" | ")}`);
    }
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

/** Every page's violations, so one run lists them all; asserted empty at the end of the test. */
const report: Record<string, string[]> = {};
async function expectAccessible(page: Page, name: string) {
  const found = await seriousViolations(page);
  if (found.length) report[name] = found;
}

/** Presses Tab until the focused element's text or label matches `name` (at most 40 times). */
async function tabTo(page: Page, name: RegExp): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? `${el.getAttribute("aria-label") ?? ""} ${el.innerText ?? ""}` : "";
    });
    if (name.test(label)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

const leftToday = async (page: Page) => Number(await page.getByTestId("left-today").textContent());
const front = (page: Page) => page.locator(".flashcard-front").innerText();

describe("accessibility", () => {
  it("no serious or critical axe violation on the main pages, signed out and signed in", async () => {
    const page = await browser.freshPage();
    await page.goto(`${baseUrl}/`);
    await expectAccessible(page, "landing");
    await page.goto(`${baseUrl}/signin`);
    await expectAccessible(page, "sign-in");
    await page.goto(`${baseUrl}/signup`);
    await expectAccessible(page, "sign-up");

    await signUpFresh(page, baseUrl);
    await expectAccessible(page, "my decks");
    await page.getByRole("link", { name: /chapter 13/ }).first().click();
    await page.waitForURL(/\/decks\/[a-z0-9]+$/);
    const deckUrl = page.url();
    await expectAccessible(page, "deck");

    await page.getByRole("link", { name: "Review now" }).click();
    await page.waitForURL(/\/review$/);
    await page.locator(".flashcard-front").waitFor();
    await expectAccessible(page, "review, front");
    await page.keyboard.press("Space");
    await page.getByTestId("why-link").waitFor();
    await expectAccessible(page, "review, back");

    // A trained verdict (card 6: every kind of chart) and an API fact (card 3: source excerpts, color_dim).
    for (const n of [6, 3]) {
      await page.goto(deckUrl);
      await page.getByRole("link", { name: `Why? See the evidence for card ${n}` }).click();
      await page.waitForURL(/\/why$/);
      await expectAccessible(page, `why view, card ${n}`);
    }

    // Statistics, where this build has them.
    for (const url of [`${baseUrl}/stats`, `${deckUrl}/stats`]) {
      const res = await page.goto(url);
      if (res?.status() === 404) continue;
      await expectAccessible(page, url.replace(baseUrl, ""));
    }
    await page.close();
    expect(report).toEqual({});
  }, 300_000); // eleven pages, each checked in two colour schemes

  it("the review loop with the keyboard alone: from My decks to a graded, undone and regraded card, inside main and navigation landmarks", async () => {
    const page = await browser.freshPage();
    await signUpFresh(page, baseUrl);
    // Landmarks a screen reader lists: the site navigation and one main region.
    expect(await page.getByRole("navigation", { name: "Main" }).count()).toBe(1);
    expect(await page.getByRole("main").count()).toBe(1);

    await tabTo(page, /chapter 13/);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/decks\/[a-z0-9]+$/);
    await tabTo(page, /^\s*Review now\s*$/);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/review$/);
    await page.locator(".flashcard-front").waitFor();
    expect(await page.getByRole("main").locator(".flashcard").count()).toBe(1);
    expect(await page.getByRole("navigation", { name: "Main" }).count()).toBe(1);
    expect(await leftToday(page)).toBe(9);

    // Space shows the answer; a digit grades; U undoes; the same card comes back.
    const first = await front(page);
    await page.keyboard.press("Space");
    await page.getByRole("group", { name: "How well did you remember?" }).waitFor();
    await page.keyboard.press("5");
    await page.waitForFunction((prev) => document.querySelector(".flashcard-front")?.textContent !== prev, first);
    expect(await leftToday(page)).toBe(8);
    await page.keyboard.press("u");
    await page.waitForFunction((prev) => document.querySelector(".flashcard-front")?.textContent === prev, first);
    expect(await leftToday(page)).toBe(9);

    // Without the shortcuts: Tab to "Show answer", Enter; Tab to a grade button (its name says the grade
    // and when the card comes back), Enter.
    await tabTo(page, /show answer/i);
    await page.keyboard.press("Enter");
    await tabTo(page, /Good[\s\S]*next review/);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).innerText)).toMatch(/^4\s*Good\s*, next review\s*\S/);
    await page.keyboard.press("Enter");
    await page.waitForFunction((prev) => document.querySelector(".flashcard-front")?.textContent !== prev, first);
    expect(await leftToday(page)).toBe(8);

    // The rest of the session by keys 1–5 (a 1 or 2 repeats the card today, so grade 4 and 5 only).
    for (let i = 0; i < 8; i++) {
      const before = await front(page);
      await page.keyboard.press("Enter");
      await page.keyboard.press(i % 2 ? "4" : "5");
      await page.waitForFunction((prev) => document.querySelector(".flashcard-front")?.textContent !== prev || !document.querySelector(".flashcard-front"), before);
    }
    await page.getByRole("region", { name: "Session summary" }).waitFor();
    expect(await page.getByRole("main").getByRole("region", { name: "Session summary" }).count()).toBe(1);
    await page.close();
  });
});
