// Debian's Chromium driven by playwright-core (browser downloads are impossible here).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchBrowser(options: { viewport?: { width: number; height: number }; isMobile?: boolean } = {}): Promise<{
  context: BrowserContext;
  close: () => Promise<void>;
}> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    isMobile: options.isMobile,
    hasTouch: options.isMobile,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** One browser for a test file: launched before its tests, closed after. */
export function useBrowser() {
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get context(): BrowserContext {
      return browser!.context;
    },
    /** A page with no session cookie: nobody signed in. */
    async freshPage() {
      await browser!.context.clearCookies();
      return browser!.context.newPage();
    },
  };
}

/**
 * Lays out the whole page now. The why view leaves its text sections below the first screen to
 * `content-visibility: auto` (drawn when scrolled near), and Chromium's innerText reads them as empty until
 * then; a test that reads the page's whole text, or checks a text is absent from it, calls this first.
 */
export async function layOutWholePage(page: Page): Promise<void> {
  await page.addStyleTag({ content: "* { content-visibility: visible !important; }" });
}

/**
 * Polls an async page function until it returns something truthy, and returns that. Playwright's
 * waitForFunction does not await a promise (a pending promise counts as truthy), so async checks —
 * caches, IndexedDB — go through this instead.
 */
export async function waitForAsync<T, A>(
  page: Page,
  fn: (arg: A) => Promise<T | null | undefined | false>,
  arg: A,
  { timeout = 15_000, interval = 200 }: { timeout?: number; interval?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = (await page.evaluate(fn as never, arg as never).catch(() => null)) as T | null;
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waitForAsync: nothing truthy after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, interval));
  }
}
