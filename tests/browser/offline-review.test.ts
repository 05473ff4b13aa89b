// Offline review in Chromium on a phone (390×844, touch): the learner loses the connection mid-session,
// keeps grading, reloads the page while offline (the service worker serves it, IndexedDB keeps the
// answers), and when the connection returns every answer is on the server exactly once, with the states
// SM-2 gives; a card also answered on another device meanwhile keeps both answers, and the learner is told.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { enrol } from "../../lib/decks/data.ts";
import { seedDemo } from "../../lib/decks/seed.ts";
import { signUpSchema } from "../../lib/auth/validation.ts";
import { createUser } from "../../lib/users/data.ts";
import { fieldsOf } from "../../lib/reviews/state.ts";
import { findDrift } from "../../lib/reviews/drift.ts";
import { NEW_CARD, sm2 } from "../../lib/srs/sm2.ts";
import { launchBrowser, waitForAsync } from "../support/browser.ts";
import { reviewReady, signInAs } from "../support/accounts.ts";
import { signInOverHttp, startServer, type RunningServer } from "../support/server.ts";

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true };

/** A learner who can sign in, enrolled in the deck. */
async function learnerWithPassword(db: Db, deckId: string) {
  const password = "a-long-study-passphrase";
  const email = `offline-${Date.now()}@example.com`;
  const user = await createUser(db, signUpSchema.parse({ name: "Offline", email, password }));
  await enrol(db, deckId, user);
  return { id: user.id, email, password };
}

const leftToday = async (page: Page) => Number(await page.getByTestId("left-today").textContent());
const cardId = (page: Page) => page.locator(".flashcard").getAttribute("data-card-id");

/** Taps the card to flip it, then taps a grade; waits for the next card (or the summary). */
async function tapGrade(page: Page, q: number): Promise<string> {
  const id = (await cardId(page))!;
  await page.locator(".flashcard-front").tap();
  await page.locator(`.grade-${q}`).tap();
  await page.waitForFunction((prev) => document.querySelector(".flashcard")?.getAttribute("data-card-id") !== prev || !document.querySelector(".flashcard"), id);
  return id;
}

/** True once the worker keeps this review page and the device holds today's snapshot. */
const readyOffline = (page: Page) =>
  waitForAsync(page, async () => {
    const user = document.querySelector("[data-pd-user]")?.getAttribute("data-pd-user");
    const page = await (await caches.open(`pd-pages-${user}`)).match(location.pathname);
    const deckId = location.pathname.split("/")[2];
    const rec = await new Promise<{ snapshot: unknown } | undefined>((resolve) => {
      const req = indexedDB.open("proofdeck-offline", 1);
      req.onsuccess = () => {
        const get = req.result.transaction("decks").objectStore("decks").get(`${user}:${deckId}`);
        get.onsuccess = () => resolve(get.result);
        get.onerror = () => resolve(undefined);
      };
      req.onerror = () => resolve(undefined);
    });
    return Boolean(page && rec?.snapshot && navigator.serviceWorker.controller);
  }, undefined, { timeout: 20_000 });

describe("offline review on a phone", () => {
  let dir: string;
  let server: RunningServer;
  let db: Db;
  let deckId: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-offline-"));
    const url = `file:${path.join(dir, "offline.db")}`;
    await migrate(url);
    db = createDb(url);
    await seedDemo(db);
    deckId = (await db.deck.findFirstOrThrow()).id;
    server = await startServer({ databaseUrl: url, env: { PROOFDECK_OUTBOX_DIR: path.join(dir, "outbox") } });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps grading offline and through a reload; back online, every answer is on the server once, with SM-2's states", async () => {
    const learner = await learnerWithPassword(db, deckId);
    const phone = await launchBrowser(PHONE);
    try {
      const page = await phone.context.newPage();
      await signInAs(page, server.baseUrl, learner.email, learner.password);
      await page.goto(`${server.baseUrl}/decks/${deckId}/review`);
      await reviewReady(page);
      await readyOffline(page);
      // One answer online first.
      const online = await tapGrade(page, 4);
      expect(await leftToday(page)).toBe(8);

      await phone.context.setOffline(true);
      // The page learns of it by its "offline" event; a tap before that would try the network first (and,
      // if the request got through before the link went down, the server would hold that answer earlier).
      await page.getByTestId("offline-banner").waitFor();
      // The evidence needs the server: offline, the revealed card says so instead of linking away from review.
      await page.locator(".flashcard-front").tap();
      await page.getByTestId("why-offline").waitFor();
      expect(await page.getByTestId("why-link").count()).toBe(0);
      const hard = await tapGrade(page, 3); // SM-2: again today, at the end
      const perfect = await tapGrade(page, 5);
      const failed = await tapGrade(page, 1); // again today
      await page.getByTestId("offline-banner").getByText("(3 to send)").waitFor();
      expect(await leftToday(page)).toBe(7); // 5 new + 2 again

      // Reload with no connection: the worker serves the page, the device its answers.
      await page.reload();
      await reviewReady(page);
      await page.getByTestId("offline-banner").getByText("(3 to send)").waitFor();
      expect(await leftToday(page)).toBe(7);
      const afterReload = await tapGrade(page, 4);
      expect(await leftToday(page)).toBe(6);
      expect(new Set([online, hard, perfect, failed, afterReload]).size).toBe(5);

      // Meanwhile another device (online) answers one of the cards graded here offline.
      const laptop = await signInOverHttp(server.baseUrl, learner.email, learner.password);
      const other = await fetch(`${server.baseUrl}/api/reviews`, {
        method: "POST",
        headers: { cookie: laptop.cookie, "content-type": "application/json" },
        body: JSON.stringify({ reviewId: crypto.randomUUID(), cardId: perfect, grade: 2, durationMs: 2000, expectedVersion: 0 }),
      });
      expect(other.status).toBe(200);

      await phone.context.setOffline(false);
      await page.getByText("4 answers made offline were saved.", { exact: false }).waitFor({ timeout: 20_000 });
      await page.getByText("was also answered on another device", { exact: false }).waitFor();
      await page.getByTestId("offline-banner").waitFor({ state: "detached" });
      // Online again, the revealed card links to its evidence.
      await page.locator(".flashcard-front").tap();
      await page.getByTestId("why-link").waitFor();
      expect(await page.getByTestId("why-offline").count()).toBe(0);

      const log = await db.reviewLog.findMany({ where: { userId: learner.id }, orderBy: { seq: "asc" } });
      // Each answer once: one online, four offline, one from the other device.
      expect(log).toHaveLength(6);
      expect(new Set(log.map((e) => e.id)).size).toBe(6);
      // By name, so that a failure shows the order the server saw.
      const names = new Map([[online, "online"], [hard, "hard"], [perfect, "perfect"], [failed, "failed"], [afterReload, "afterReload"]]);
      const seen = log.map((e) => `${names.get(e.cardId) ?? e.cardId} ${e.grade}`);
      // The phone's answers arrive in the order they were made.
      expect(seen.filter((s) => s !== "perfect 2")).toEqual(["online 4", "hard 3", "perfect 5", "failed 1", "afterReload 4"]);
      // The other device's answer came while the phone still held its 5 for that card, so it is logged first.
      // (Where it falls among the phone's other answers is not fixed: one CI run logged the phone's first
      // offline answer before it. That request reached the server although the page got no reply, and the
      // replay was recognised by its review id.)
      expect(seen.indexOf("perfect 2")).toBeGreaterThanOrEqual(0);
      expect(seen.indexOf("perfect 2")).toBeLessThan(seen.indexOf("perfect 5"));
      // Card states are the log replayed, and SM-2's: the phone's 5 applies after the other device's 2.
      const states = await db.cardState.findMany({ where: { userId: learner.id } });
      expect(findDrift(states.map((s) => ({ ...fieldsOf(s), userId: learner.id, cardId: s.cardId })), log).drifted).toEqual([]);
      const state = (id: string) => states.find((s) => s.cardId === id)!;
      expect(state(hard)).toMatchObject({ ...sm2(NEW_CARD, 3) });
      expect(state(failed)).toMatchObject({ ...sm2(NEW_CARD, 1) });
      expect(state(perfect)).toMatchObject({ ...sm2(sm2(NEW_CARD, 2), 5), version: 2 });
      // The screen agrees with the server.
      await page.reload();
      await reviewReady(page);
      expect(await leftToday(page)).toBe(6);
      await page.close();
    } finally {
      await phone.close();
    }
  });
});
