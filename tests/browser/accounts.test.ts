// A person's first minutes with Proofdeck, in real Chromium against `next start`.
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser, useBrowser } from "../support/browser.ts";
import { DEMO_INSTRUCTOR, DEMO_LEARNER } from "../../lib/users/demo.ts";
import { confirmationLink, latestMailTo } from "../support/outbox.ts";

const baseUrl = inject("baseUrl");
const outboxDir = inject("outboxDir");
const browser = useBrowser();

const freshPage = () => browser.freshPage();

/** The sign-in form's message. (Next.js keeps an empty role=alert route announcer on every page: look in the form.) */
async function formAlert(page: Page): Promise<string | null> {
  const alert = page.locator("form").getByRole("alert");
  await alert.waitFor();
  return alert.textContent();
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe("accounts", () => {
  it("signs up, confirms the address from the mail, sees the chapter-13 deck, signs out and signs back in", async () => {
    const page = await freshPage();
    const email = `new-${Date.now()}@example.com`;
    const password = "a-long-study-passphrase";

    await page.goto(baseUrl);
    await page.getByRole("link", { name: "Create a free account" }).click();
    await page.getByLabel("Name").fill("Ada Learner");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Check your inbox" }).waitFor();
    await expect(page.getByText(`We sent a mail to ${email}`).isVisible()).resolves.toBe(true);

    // Not confirmed yet: the right password is told so (and offered a new link); a wrong one hears the usual.
    await signIn(page, email, "not-the-right-password");
    await expect(formAlert(page)).resolves.toBe("Wrong email or password.");
    await signIn(page, email, password);
    await expect(formAlert(page)).resolves.toBe("Confirm your address first: open the link we sent you by email.");
    await page.getByRole("button", { name: "Send the link again" }).click();
    await page.getByRole("status").filter({ hasText: "a new link is on its way" }).waitFor();

    // The link from the (newest) mail, with the password, confirms the address and signs in.
    await page.goto(await confirmationLink(outboxDir, email));
    await expect(page.getByLabel("Email").inputValue()).resolves.toBe(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Confirm and sign in" }).click();
    await page.waitForURL(`${baseUrl}/decks`);
    await expect(page.getByRole("heading", { name: "My decks" }).isVisible()).resolves.toBe(true);
    const deckLink = page.getByRole("list", { name: "Decks you study" }).getByRole("link", { name: /chapter 13/ });
    await deckLink.click();
    await page.waitForURL(/\/decks\/[a-z0-9]+$/);
    await expect(page.getByRole("list", { name: "Cards" }).getByRole("listitem").count()).resolves.toBe(9);
    await expect(page.getByText("Why do we double the number of filters after each stride-2 conv?").isVisible()).resolves.toBe(true);
    await expect(page.getByText("Why are activations near zero problematic?").isVisible()).resolves.toBe(true);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${baseUrl}/`);
    await expect(page.getByRole("link", { name: "Sign in" }).first().isVisible()).resolves.toBe(true);
    // Signed out means signed out: the deck list sends you to sign in.
    await page.goto(`${baseUrl}/decks`);
    expect(new URL(page.url()).pathname).toBe("/signin");

    await page.getByLabel("Email").fill(email.toUpperCase());
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Back where they were going.
    await page.waitForURL(`${baseUrl}/decks`);
    await expect(page.getByRole("link", { name: /chapter 13/ }).first().isVisible()).resolves.toBe(true);
    await expect(page.getByText("Ada Learner").isVisible()).resolves.toBe(true);
    await page.close();
  });

  it("shows a clear message for a wrong password and stays signed out", async () => {
    const page = await freshPage();
    await signIn(page, DEMO_LEARNER.email, "not-the-right-password");
    await expect(formAlert(page)).resolves.toBe("Wrong email or password.");
    expect(new URL(page.url()).pathname).toBe("/signin");
    await page.goto(`${baseUrl}/decks`);
    expect(new URL(page.url()).pathname).toBe("/signin");
    await page.close();
  });

  it("explains what is wrong with a weak password, and answers a taken email as any other (the owner gets a notice)", async () => {
    const page = await freshPage();
    await page.goto(`${baseUrl}/signup`);
    await page.getByLabel("Name").fill("Weak");
    await page.getByLabel("Email").fill(`weak-${Date.now()}@example.com`);
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.locator("#password-error").waitFor();
    expect(await page.locator("#password-error").textContent()).toMatch(/too weak: use at least 10 characters/);

    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("a-perfectly-fine-passphrase");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Enter a valid email address").waitFor();

    // A taken address: the same "check your inbox" as a new one; the mail tells its owner.
    await page.getByLabel("Email").fill(DEMO_LEARNER.email);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Check your inbox" }).waitFor();
    expect(await latestMailTo(outboxDir, DEMO_LEARNER.email)).toMatch(/Subject: Someone tried to sign up to Proofdeck with your address/);
    // Nothing changed for the owner: the demo password still signs in.
    await signIn(page, DEMO_LEARNER.email, DEMO_LEARNER.password);
    await page.waitForURL(`${baseUrl}/decks`);
    await page.close();
  });

  it("refuses a learner on an instructor page with a 403, and lets the instructor in", async () => {
    const page = await freshPage();
    await signIn(page, DEMO_LEARNER.email, DEMO_LEARNER.password);
    await page.waitForURL(`${baseUrl}/decks`);
    // No instructor link for a learner…
    await expect(page.getByRole("link", { name: "Instructor" }).count()).resolves.toBe(0);
    // …and typing the address does not help.
    const response = await page.goto(`${baseUrl}/instructor`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "This page is for instructors" }).isVisible()).resolves.toBe(true);

    const instructor = await freshPage();
    await signIn(instructor, DEMO_INSTRUCTOR.email, DEMO_INSTRUCTOR.password);
    await instructor.waitForURL(`${baseUrl}/decks`);
    await instructor.getByRole("link", { name: "Instructor" }).click();
    await instructor.waitForURL(`${baseUrl}/instructor`);
    const row = instructor.getByRole("row", { name: /chapter 13/ });
    await expect(row.getByRole("cell").nth(1).textContent()).resolves.toBe("9");
    await expect(row.getByRole("cell").nth(3).textContent()).resolves.toBe("Published");
    await instructor.close();
    await page.close();
  });
});

describe("on a phone", () => {
  it("lays the deck page out without sideways scrolling and with thumb-sized controls", async () => {
    const phone = await launchBrowser({ viewport: { width: 375, height: 740 }, isMobile: true });
    try {
      const page = await phone.context.newPage();
      await page.goto(`${baseUrl}/signin`);
      await page.getByLabel("Email").fill(DEMO_LEARNER.email);
      await page.getByLabel("Password").fill(DEMO_LEARNER.password);
      const button = page.getByRole("button", { name: "Sign in" });
      expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      await button.tap();
      await page.waitForURL(`${baseUrl}/decks`);
      await page.getByRole("link", { name: /chapter 13/ }).first().tap();
      await page.waitForURL(/\/decks\/[a-z0-9]+$/);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const summary = page.getByText("Show answer").first();
      expect((await summary.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      await summary.tap();
      await expect(page.getByText("Sources:").first().isVisible()).resolves.toBe(true);
    } finally {
      await phone.close();
    }
  });
});
