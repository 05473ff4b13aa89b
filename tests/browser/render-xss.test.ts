// The XSS corpus, rendered by the card renderer, loaded into real Chromium: no script runs, no dialog
// opens, nothing navigates. (tests/unit/render-xss.test.ts checks the HTML itself.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMarkdown } from "../../lib/decks/render.ts";
import { launchBrowser } from "../support/browser.ts";
import { XSS_CORPUS } from "../support/xss-corpus.ts";

describe("card rendering in Chromium", () => {
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("runs no script from any payload of the corpus, even when the reader hovers, clicks and focuses", async () => {
    const page = await browser.context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const html = XSS_CORPUS.map((p, i) => `<section id="p${i}" class="markdown">${renderMarkdown(p)}</section>`).join("\n");
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"></head><body>${html}<p id="end">end</p></body></html>`, { waitUntil: "load" });
    // A control: the same page does run a script we add ourselves, so "nothing ran" is not a blind spot.
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    for (const el of await page.$$("a, img, span, details, div")) {
      await el.hover({ timeout: 200, force: true }).catch(() => {});
    }
    // Click every link that stays on the page (http(s) links would leave for a site this machine cannot reach).
    for (const a of await page.$$("a:not([href^='http'])")) await a.click({ timeout: 200, force: true, noWaitAfter: true }).catch(() => {});
    await page.waitForTimeout(300);
    expect(page.url()).toBe("about:blank");
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await page.addScriptTag({ content: "window.__pwned = 1" });
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBe(1);
    await page.close();
  });
});
