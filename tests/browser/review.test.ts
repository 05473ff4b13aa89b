// The daily review loop in real Chromium: keyboard, clicks, refresh, double clicks,
// undo, bury/suspend, two tabs, and a phone.
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser, useBrowser } from "../support/browser.ts";
import { openReview, reviewReady, signUpFresh } from "../support/accounts.ts";
import { previewGrades } from "../../lib/srs/preview.ts";
import { NEW_CARD, sm2 } from "../../lib/srs/sm2.ts";

const baseUrl = inject("baseUrl");
const browser = useBrowser();

async function freshLearnerInReview(): Promise<Page> {
  const page = await browser.freshPage();
  await signUpFresh(page, baseUrl);
  await openReview(page);
  return page;
}

const leftToday = async (page: Page) => Number(await page.getByTestId("left-today").textContent());
const frontText = (page: Page) => page.locator(".flashcard-front").innerText();
const intervalLabels = (page: Page) =>
  Promise.all([0, 1, 2, 3, 4, 5].map((q) => page.getByTestId(`interval-${q}`).textContent()));

/** Waits until the card on screen is no longer `previous`. */
async function nextCard(page: Page, previous: string) {
  await page.waitForFunction((prev) => document.querySelector(".flashcard-front")?.textContent !== prev || !document.querySelector(".flashcard-front"), previous);
}

describe("daily review", () => {
  it("reviews all nine cards by keyboard, with the intervals sm2 gives, repeating a card graded 3", async () => {
    const page = await freshLearnerInReview();
    expect(await leftToday(page)).toBe(9);
    const expectedNew = previewGrades(NEW_CARD).map((p) => p.label);

    // Card 1: Space reveals, "3" = hard → SM-2 repeats it today after the others.
    const first = await frontText(page);
    expect(first).toContain("double the number of filters");
    await page.keyboard.press("Space");
    expect(await intervalLabels(page)).toEqual(expectedNew);
    await page.keyboard.press("3");
    await nextCard(page, first);
    expect(await leftToday(page)).toBe(9); // 8 new + the repeat

    // Cards 2–9 with Enter and 5 (perfect).
    for (let i = 2; i <= 9; i++) {
      const front = await frontText(page);
      await page.keyboard.press("Enter");
      expect(await intervalLabels(page)).toEqual(expectedNew);
      await page.keyboard.press("5");
      await nextCard(page, front);
    }

    // The repeat: card 1 again, in extra review — only a grade ≥ 4 lets it go.
    expect(await frontText(page)).toBe(first);
    expect(await page.locator(".flashcard").getAttribute("data-kind")).toBe("repeat");
    await page.keyboard.press("Space");
    const afterHard = sm2(NEW_CARD, 3);
    expect(await intervalLabels(page)).toEqual(previewGrades(afterHard).map((p) => p.label));
    expect((await intervalLabels(page))[4]).toBe("1 day");
    await page.keyboard.press("4");

    await page.getByRole("heading", { name: "All done for today" }).waitFor();
    expect(await page.getByTestId("answered-count").textContent()).toBe("10");
    await expect(page.getByText("Perfect: 8").isVisible()).resolves.toBe(true);
    await page.close();
  });

  it("works with clicks and taps: show answer, grade buttons labelled with their intervals", async () => {
    const page = await freshLearnerInReview();
    for (let i = 0; i < 9; i++) {
      const front = await frontText(page);
      await page.getByRole("button", { name: /Show answer/ }).click();
      await page.getByRole("button", { name: /Good\s*,\s*next review 1 day$/ }).click();
      await nextCard(page, front);
    }
    await page.getByRole("heading", { name: "All done for today" }).waitFor();
    expect(await page.getByTestId("answered-count").textContent()).toBe("9");
    // The deck page agrees: nothing left today.
    await page.getByRole("link", { name: "Back to the deck" }).click();
    await expect(page.getByTestId("due-summary").textContent()).resolves.toMatch(/Nothing due today/);
    await page.close();
  });

  it("loses nothing on a refresh mid-session", async () => {
    const page = await freshLearnerInReview();
    const answered: string[] = [];
    for (let i = 0; i < 3; i++) {
      const front = await frontText(page);
      answered.push(front);
      await page.keyboard.press("Space");
      await page.keyboard.press("5");
      await nextCard(page, front);
    }
    await page.reload();
    await reviewReady(page);
    expect(await leftToday(page)).toBe(6);
    expect(answered).not.toContain(await frontText(page));
    await page.close();
  });

  it("records a double-clicked grade once, and undo brings the card back", async () => {
    const page = await freshLearnerInReview();
    const front = await frontText(page);
    await page.keyboard.press("Space");
    await page.getByRole("button", { name: /^5\s+Perfect\b/ }).dblclick();
    await nextCard(page, front);
    await page.waitForTimeout(300);
    expect(await leftToday(page)).toBe(8);
    await page.reload();
    await reviewReady(page);
    expect(await leftToday(page)).toBe(8);

    // Undo (after a reload the server still knows what the last answer was).
    const second = await frontText(page);
    await page.keyboard.press("Space");
    await page.keyboard.press("4");
    await nextCard(page, second);
    expect(await leftToday(page)).toBe(7);
    await page.getByRole("button", { name: /Undo/ }).click();
    await page.getByText("Last answer undone.").waitFor();
    expect(await frontText(page)).toBe(second);
    expect(await leftToday(page)).toBe(8);
    await page.close();
  });

  it("buries a card until tomorrow and suspends one until it is unsuspended", async () => {
    const page = await freshLearnerInReview();
    const buried = await frontText(page);
    await page.getByRole("button", { name: "Bury until tomorrow" }).click();
    await page.getByText("Card buried until tomorrow.").waitFor();
    expect(await leftToday(page)).toBe(8);
    const suspended = await frontText(page);
    await page.getByRole("button", { name: "Suspend" }).click();
    await page.getByText(/Card suspended/).waitFor();
    expect(await leftToday(page)).toBe(7);
    expect([buried, suspended]).not.toContain(await frontText(page));

    await page.getByRole("link", { name: /← fastai book/ }).click();
    await page.waitForURL(/\/decks\/[a-z0-9]+$/);
    await expect(page.getByTestId("due-summary").textContent()).resolves.toMatch(/^7 due today/);
    await page.getByRole("button", { name: "Unsuspend" }).click();
    await page.waitForFunction(() => document.querySelector("[data-testid=due-summary]")?.textContent?.startsWith("8 due today"));
    await page.getByRole("button", { name: "Unbury" }).click();
    await page.waitForFunction(() => document.querySelector("[data-testid=due-summary]")?.textContent?.startsWith("9 due today"));
    await page.close();
  });

  it("tells the second tab that the card was answered in the first, and shows what is true now", async () => {
    const a = await freshLearnerInReview();
    const b = await browser.context.newPage();
    await b.goto(a.url());
    const front = await frontText(a);
    expect(await frontText(b)).toBe(front);
    await a.keyboard.press("Space");
    await a.keyboard.press("5");
    await nextCard(a, front);
    await b.keyboard.press("Space");
    await b.keyboard.press("5");
    await b.getByText("This card was answered in another tab or on another device.", { exact: false }).waitFor();
    expect(await frontText(b)).not.toBe(front);
    expect(await leftToday(b)).toBe(8);
    await a.close();
    await b.close();
  });

  it("fits a phone: tap to reveal, grade buttons big enough for a thumb and on screen", async () => {
    const phone = await launchBrowser({ viewport: { width: 375, height: 667 }, isMobile: true });
    try {
      const page = await phone.context.newPage();
      await signUpFresh(page, baseUrl);
      await openReview(page);
      await page.getByRole("button", { name: /Show answer/ }).tap();
      const boxes = await Promise.all([0, 1, 2, 3, 4, 5].map((q) => page.locator(`.grade-${q}`).boundingBox()));
      for (const box of boxes) {
        expect(box!.height).toBeGreaterThanOrEqual(44);
        expect(box!.width).toBeGreaterThanOrEqual(44);
        expect(box!.y + box!.height).toBeLessThanOrEqual(667);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      const front = await frontText(page);
      await page.locator(".grade-5").tap();
      await nextCard(page, front);
      expect(await leftToday(page)).toBe(8);
    } finally {
      await phone.close();
    }
  });
});
