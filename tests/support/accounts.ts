// Makes a brand-new learner through the sign-up screen, so each browser test starts
// with its own untouched deck state.
import type { Page } from "playwright-core";
import { inject } from "vitest";
import { confirmationLink } from "./outbox.ts";

let counter = 0;

/** Signs up, then confirms the address from the mail in the test server's outbox (tests/browser/global-setup.ts), signed in. */
export async function signUpFresh(
  page: Page,
  baseUrl: string,
  name = "Test Learner",
  outboxDir: string = inject("outboxDir"),
): Promise<{ email: string; password: string }> {
  const email = `learner-${process.pid}-${Date.now()}-${++counter}@example.com`;
  const password = "a-long-study-passphrase";
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/signup\/check-inbox/);
  await page.goto(await confirmationLink(outboxDir, email));
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Confirm and sign in" }).click();
  await page.waitForURL(`${baseUrl}/decks`);
  return { email, password };
}

export async function openReview(page: Page) {
  await page.getByRole("link", { name: /chapter 13/ }).first().click();
  await page.waitForURL(/\/decks\/[a-z0-9]+$/);
  await page.getByRole("link", { name: "Review now" }).click();
  await page.waitForURL(/\/review$/);
  await reviewReady(page);
}

/** Waits until the review screen is hydrated and listens to keys (before that a key press is lost). */
export const reviewReady = (page: Page) => page.locator('.review[data-keys="ready"]').waitFor();

/** Signs in through the sign-in screen and waits for My decks. */
export async function signInAs(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${baseUrl}/decks`);
}
