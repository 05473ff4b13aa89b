// Statistics in Chromium: after a few answers (one undone) the learner's /stats page shows the
// heatmap, forecast and retention, drawn into the server's HTML (no JavaScript needed); the
// deck's statistics and a card's history follow the deck page's links. Signed out, the pages
// send you to sign in; another learner gets 404 for a deck they may not see, and sees only their
// own answers on a card's history.
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { useBrowser } from "../support/browser.ts";
import { openReview, signUpFresh } from "../support/accounts.ts";

const baseUrl = inject("baseUrl");
const browser = useBrowser();

const cookieHeader = async () => (await browser.context.cookies(baseUrl)).map((c) => `${c.name}=${c.value}`).join("; ");

/** Shows the answer and grades it `grade`; on a busy machine the first key can come before the page is hydrated, so it is pressed again until the grades show. */
async function answer(page: Page, grade: number) {
  const front = await page.locator(".flashcard-front").innerText();
  const grades = page.getByRole("group", { name: "How well did you remember?" });
  for (let i = 0; i < 60 && !(await grades.isVisible()); i++) {
    await page.keyboard.press("Space");
    await grades.waitFor({ timeout: 1000 }).catch(() => {});
  }
  await page.keyboard.press(String(grade)); // keys, not clicks: a clicked button keeps the focus, and Space would press it
  await page.waitForFunction((prev) => document.querySelector(".flashcard-front")?.textContent !== prev, front, { timeout: 60_000 });
}

describe("statistics", () => {
  it("sends a signed-out visitor to sign in", async () => {
    for (const p of ["/stats", "/decks/cxxxxxxxxxxxxxxxxxxxxxxxx/stats", "/decks/cxxxxxxxxxxxxxxxxxxxxxxxx/cards/cyyyyyyyyyyyyyyyyyyyyyyyy/history"]) {
      const res = await fetch(`${baseUrl}${p}`, { redirect: "manual" });
      expect(res.status, p).toBeGreaterThanOrEqual(300);
      expect(res.status, p).toBeLessThan(400);
      expect(res.headers.get("location"), p).toContain(`/signin?callbackUrl=${encodeURIComponent(p)}`);
    }
  });

  it("shows a learner's answers in server-drawn charts, the deck's numbers and a card's history; another learner sees none of it", async () => {
    const page = await browser.freshPage();
    await signUpFresh(page, baseUrl);
    await openReview(page);
    const deckPath = new URL(page.url()).pathname.replace(/\/review$/, "");
    await answer(page, 5);
    await answer(page, 4);
    await answer(page, 5);
    // Undo the third answer: it leaves the statistics.
    const before = await page.locator(".flashcard-front").innerText();
    await page.keyboard.press("u");
    await page.waitForFunction((prev) => document.querySelector(".flashcard-front")?.textContent !== prev, before, { timeout: 60_000 });

    await page.goto(`${baseUrl}/decks`);
    await page.getByRole("link", { name: "Your statistics" }).click();
    await page.waitForURL(`${baseUrl}/stats`);
    await page.getByRole("heading", { name: "Your statistics" }).waitFor();
    expect(await page.locator('svg[data-chart="heatmap"] rect.cell-1, svg[data-chart="heatmap"] rect.cell-2, svg[data-chart="heatmap"] rect.cell-3, svg[data-chart="heatmap"] rect.cell-4').count()).toBe(1);
    expect(await page.getByText("Answers this year").innerText()).toContain("2");
    expect(await page.getByTestId("streak").innerText()).toBe("1 day");
    for (const name of ["Reviews per day", "Due in the next 30 days", "True retention by interval", "Time to answer"]) {
      await expect(page.getByRole("heading", { name }).isVisible()).resolves.toBe(true);
    }

    // The charts are in the HTML the server sends: no script has to run to draw them.
    const res = await fetch(`${baseUrl}/stats`, { headers: { cookie: await cookieHeader() } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toMatch(/<svg[^>]*data-chart="heatmap"/);
    expect(html).toMatch(/\d{4}-\d\d-\d\d: 2 answers/); // today's square, with its hover text
    expect(html).toContain("Due in the next 30 days");
    expect((html.match(/<svg[^>]*role="img"/g) ?? []).length).toBeGreaterThanOrEqual(4); // heatmap, forecast, retention, times
    expect(html).toContain('data-testid="retention-table"');

    // On a phone the heatmap's squares keep their size (11 px, not a year squeezed into the screen), the
    // weeks scroll sideways, and the first thing shown is the latest week, today's answers included.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    const heatmap = page.locator('svg[data-chart="heatmap"]');
    const square = await heatmap.locator("rect.cell-0").first().boundingBox();
    expect(square!.width).toBeGreaterThanOrEqual(10.5);
    const strip = page.getByRole("region", { name: /scroll sideways for earlier weeks/ });
    const [stripBox, today] = [await strip.boundingBox(), await heatmap.locator("rect.cell-1, rect.cell-2, rect.cell-3, rect.cell-4").boundingBox()];
    expect(await strip.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(today!.x).toBeGreaterThanOrEqual(stripBox!.x);
    expect(today!.x + today!.width).toBeLessThanOrEqual(stripBox!.x + stripBox!.width);
    // The keyboard scrolls it back to earlier weeks.
    await strip.focus();
    await page.keyboard.press("ArrowLeft");
    await page.waitForFunction(() => (document.querySelector(".stats-heatmap-scroll")?.scrollLeft ?? 0) < 0);
    await page.setViewportSize({ width: 1280, height: 800 });

    // The deck's statistics and card 1's history, from the deck page.
    await page.goto(`${baseUrl}${deckPath}`);
    const dueOnDeckPage = (await page.getByTestId("due-summary").innerText()).match(/^(\d+) due today: (\d+) new/);
    expect(Number(dueOnDeckPage?.[2])).toBeGreaterThan(0); // new cards are left, and the statistics count them too
    await page.getByRole("link", { name: "Statistics" }).click();
    await page.waitForURL(`${baseUrl}${deckPath}/stats`);
    await page.getByRole("heading", { name: /^Statistics: / }).waitFor();
    expect(await page.getByTestId("due-today").innerText()).toBe(dueOnDeckPage![1]);
    await page.goto(`${baseUrl}/stats`);
    expect(await page.getByTestId("due-today").innerText()).toBe(dueOnDeckPage![1]); // this learner's only deck
    await page.goto(`${baseUrl}${deckPath}`);
    await page.getByRole("link", { name: "Your history with card 1" }).click();
    await page.waitForURL(/\/cards\/[a-z0-9]+\/history$/);
    const historyPath = new URL(page.url()).pathname;
    const rows = page.getByTestId("card-history").locator("tbody tr");
    expect(await rows.count()).toBe(1);
    expect(await rows.first().locator("td").first().innerText()).toBe("5");
    // A's own draft deck, which nobody else may see.
    await page.goto(`${baseUrl}/decks/new`);
    await page.getByLabel("Title").fill("A's private deck");
    await page.getByRole("button", { name: "Create deck" }).click();
    await page.waitForURL(/\/decks\/[a-z0-9]+\/edit$/);
    const draftPath = new URL(page.url()).pathname.replace(/\/edit$/, "");
    await page.close();

    // Another learner (enrolled in the starter deck at sign-up, as everyone is).
    const other = await browser.freshPage();
    await signUpFresh(other, baseUrl, "Other Learner");
    // A's draft does not exist for them, nor does a card under a deck it is not in.
    for (const p of [`${draftPath}/stats`, `${draftPath}${historyPath.slice(historyPath.indexOf("/cards/"))}`]) {
      const r = await other.goto(`${baseUrl}${p}`);
      expect(r?.status(), p).toBe(404);
    }
    // The same card's history page shows their own answers: none, not A's.
    await other.goto(`${baseUrl}${historyPath}`);
    await other.getByText("You have not answered this card yet.").waitFor();
    expect(await other.getByTestId("card-history").count()).toBe(0);
    await other.goto(`${baseUrl}/stats`);
    expect(await other.getByText("Answers this year").innerText()).toContain("0");
    await other.close();
  }, 300_000); // two sign-ups, a review and seven page loads: longer than one page's test on 2 busy cores
});
