// Classes over HTTP against `next start`, in Chromium: the owner (an instructor) makes a class for two
// decks and a join code in the browser; learner B joins by the link, learner A by typing the code;
// both study through the review screen, undo included, and B opens a card's why view; the dashboard
// and both CSV exports show exactly the numbers the test computes itself from the database's log.
// Then an authorization matrix for every class entry point × six actors (anonymous, learner A in the
// class, learner B not in it, the class's instructor, a co-instructor, another instructor): refusals
// leave every table unchanged and no one but the class's instructors sees another learner.
import Papa from "papaparse";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../lib/auth/password.ts";
import { currentStudyDay, dayNumberToIsoDate } from "../../lib/srs/day.ts";
import { launchBrowser } from "../support/browser.ts";
import { reviewReady, signInAs } from "../support/accounts.ts";
import { expectedDashboard } from "../support/class-expect.ts";
import { testDatabases } from "../support/databases.ts";
import { signInOverHttp } from "../support/server.ts";
import { ATTEMPT_TABLES, PASSWORD, send, snapshot, startWorld, type Actor, type World } from "../support/world.ts";

type Name = "anonymous" | "learnerA" | "learnerB" | "owner" | "coInstructor" | "otherInstructor";
const NAMES: Name[] = ["anonymous", "learnerA", "learnerB", "owner", "coInstructor", "otherInstructor"];
type Expect = Record<Name, number>;
const st = (anonymous: number, learnerA: number, learnerB: number, owner: number, coInstructor: number, otherInstructor: number): Expect => ({
  anonymous, learnerA, learnerB, owner, coInstructor, otherInstructor,
});
/** Learners are refused for their role (403); an instructor outside the class is told it does not exist. */
const INSTRUCTORS = st(401, 403, 403, 200, 200, 404);

/** Answers the card on screen: reveal, then grade by keyboard; waits for the next card or the end. */
async function answerOnScreen(page: Page, grade: number) {
  const front = await page.locator(".flashcard-front").innerText();
  await page.keyboard.press("Space");
  await page.getByTestId(`interval-${grade}`).waitFor();
  await page.keyboard.press(String(grade));
  await page.waitForFunction((prev) => document.querySelector(".flashcard-front")?.textContent !== prev || !document.querySelector(".flashcard-front"), front);
}

const cells = async (page: Page, learner: string) => {
  const row = page.locator(`[data-testid=learner-table] tr[data-learner="${learner}"]`);
  const text = async (col: string) => (await row.locator(`[data-col=${col}]`).innerText()).trim();
  return { due: Number(await text("due")), today: Number(await text("today")), week: Number(await text("week")), answers: Number(await text("answers")), streak: await text("streak"), retention: await text("retention") };
};
const pct = (r: number | null) => (r === null ? "—" : `${Math.round(r * 100)} %`);

describe.each(testDatabases().filter((t) => t.provider === "sqlite"))("classes on $label", (target) => {
  let w: World;
  const actors = {} as Record<Name, Actor>;
  let classId = "";
  let code = "";
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    w = await startWorld(target);
    for (const n of ["anonymous", "learnerA", "learnerB", "owner", "otherInstructor"] as const) actors[n] = w.actors[n];
    const email = `co-instructor-${Date.now()}@example.com`;
    const u = await w.db.user.create({ data: { email, name: "coInstructor", role: "INSTRUCTOR", passwordHash: await hashPassword(PASSWORD), emailVerifiedAt: new Date() } });
    const s = await signInOverHttp(w.baseUrl, email, PASSWORD);
    actors.coInstructor = { name: "coInstructor", id: u.id, email, cookie: s.cookie } as unknown as Actor;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  it("an instructor makes a class and a code; learners join by link and by code and study; the dashboard and CSVs match the log", async () => {
    const step = (s: string) => process.env.PROOFDECK_TEST_STEPS && console.error(`[classes] ${s}`);
    const owner = await browser.context.newPage();
    await signInAs(owner, w.baseUrl, w.actors.owner.email!, PASSWORD);
    await owner.goto(`${w.baseUrl}/classes`);
    await owner.getByLabel("Class name").fill("CNN seminar");
    await owner.getByLabel("Owner's published deck").check();
    await owner.getByLabel(/chapter 13/i).check();
    await owner.getByRole("button", { name: "Create class" }).click();
    await owner.waitForURL(/\/classes\/[a-z0-9]+$/);
    classId = owner.url().split("/").pop()!;
    step("class made");
    await owner.getByRole("button", { name: "New join code" }).click();
    code = (await owner.getByTestId("join-code").innerText()).trim();
    const link = (await owner.getByTestId("join-link").innerText()).trim();
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    await owner.context().clearCookies();

    // Learner B: the link, then the review screen (three answers, one undone), then a why view twice.
    const b = await browser.context.newPage();
    await signInAs(b, w.baseUrl, w.actors.learnerB.email!, PASSWORD);
    await b.goto(link);
    await expect.poll(() => b.getByText("This link opens CNN seminar").count()).toBe(1);
    await b.getByRole("button", { name: "Join class" }).click();
    await b.getByRole("status").getByText("You joined").waitFor();
    step("B joined");
    await b.goto(`${w.baseUrl}/decks/${w.ids.published}/review`);
    await reviewReady(b);
    await answerOnScreen(b, 5);
    await answerOnScreen(b, 2);
    const next = await b.locator(".flashcard-front").innerText();
    await b.keyboard.press("u");
    await expect.poll(() => w.db.reviewLog.count({ where: { userId: w.actors.learnerB.id!, kind: "UNDO" } })).toBe(1);
    // The undone card comes back on screen once the answer to the undo arrives.
    await b.waitForFunction((prev) => document.querySelector(".flashcard-front")?.textContent !== prev, next);
    await answerOnScreen(b, 4);
    await answerOnScreen(b, 1);
    // The screen moves on before the server has the answer: wait for the log before leaving the page.
    await expect.poll(() => w.db.reviewLog.count({ where: { userId: w.actors.learnerB.id!, kind: "ANSWER" } })).toBe(4);
    await b.goto(`${w.baseUrl}/decks/${w.ids.chapter13}/cards/${w.ids.chapter13Card}/why`);
    await b.goto(`${w.baseUrl}/decks/${w.ids.chapter13}/cards/${w.ids.chapter13Card}/why`);
    await b.context().clearCookies();

    // Learner A: types the code on the Classes page, then answers two cards.
    const a = await browser.context.newPage();
    await signInAs(a, w.baseUrl, w.actors.learnerA.email!, PASSWORD);
    await a.goto(`${w.baseUrl}/classes`);
    await a.getByLabel("Class code").fill(code.toLowerCase());
    await a.getByRole("button", { name: "Join class" }).click();
    await a.getByRole("status").getByText("You joined").waitFor();
    step("A joined");
    await a.goto(`${w.baseUrl}/decks/${w.ids.published}/review`);
    await reviewReady(a);
    await answerOnScreen(a, 3);
    await answerOnScreen(a, 5);
    await expect.poll(() => w.db.reviewLog.count({ where: { userId: w.actors.learnerA.id!, kind: "ANSWER" } })).toBe(2);
    // What A's instructors see of A, and nothing of B.
    await a.goto(`${w.baseUrl}/classes/${classId}/me`);
    expect(await a.locator("[data-testid=learner-table] tbody tr").count()).toBe(1);
    expect(await a.content()).not.toContain("learnerB");
    await a.context().clearCookies();

    step("A studied");
    // The dashboard, as the owner, against the log.
    await signInAs(owner, w.baseUrl, w.actors.owner.email!, PASSWORD);
    await owner.goto(`${w.baseUrl}/classes/${classId}`);
    const now = new Date();
    const today = currentStudyDay(now, "UTC", 4);
    const want = await expectedDashboard(w.db, classId, today - 29, today, now);
    for (const [name, id] of [["learnerA", w.actors.learnerA.id!], ["learnerB", w.actors.learnerB.id!]] as const) {
      const e = want.learners.get(id)!;
      expect(await cells(owner, name), name).toEqual({ due: e.due, today: e.today, week: e.week, answers: e.answers, streak: e.streak === 1 ? "1 day" : `${e.streak} days`, retention: pct(e.retention) });
    }
    expect(want.learners.get(w.actors.learnerB.id!)!.answers).toBe(3); // four answers, one undone
    expect(want.learners.get(w.actors.learnerA.id!)!.answers).toBe(2);
    const opened = owner.getByRole("table", { name: "Why view opened most" }).locator(`tr[data-card="${w.ids.chapter13Card}"] [data-col=why-opens]`);
    expect(Number(await opened.innerText())).toBe(2);
    expect(want.cards.get(w.ids.chapter13Card)?.whyOpens).toBe(2);

    // The CSV exports, over the same range.
    const qs = `from=${dayNumberToIsoDate(today - 29)}&to=${dayNumberToIsoDate(today)}`;
    const learnersRes = await send(w, w.actors.owner, "GET", `/api/classes/${classId}/export?${qs}&table=learners`);
    expect(learnersRes.headers.get("content-type")).toContain("text/csv");
    expect(learnersRes.headers.get("content-disposition")).toMatch(/attachment; filename="cnn-seminar-learners-.*\.csv"/);
    const rows = Papa.parse<Record<string, string>>(await learnersRes.text(), { header: true, skipEmptyLines: true }).data;
    const byName = new Map([...want.learners.values()].map((e) => [e.name, e]));
    expect(rows.map((r) => r.learner).sort()).toEqual(["learnerA", "learnerB"]);
    for (const r of rows) {
      const e = byName.get(r.learner)!;
      expect([Number(r.due), Number(r.reviewed_today), Number(r.reviewed_this_week), Number(r.answers_in_range), Number(r.streak_days), r.last_seen]).toEqual([e.due, e.today, e.week, e.answers, e.streak, e.lastSeen]);
      expect(r.retention_pct).toBe(e.retention === null ? "" : (e.retention * 100).toFixed(1));
    }
    const cardsRes = await send(w, w.actors.owner, "GET", `/api/classes/${classId}/export?${qs}&table=cards`);
    const cardRows = Papa.parse<Record<string, string>>(await cardsRes.text(), { header: true, skipEmptyLines: true }).data;
    expect(cardRows.length).toBe(6 + 9);
    expect(cardRows.reduce((s, r) => s + Number(r.answers), 0)).toBe(5);
    expect(cardRows.reduce((s, r) => s + Number(r.why_opens), 0)).toBe(2);
    const totalLapses = [...want.cards.values()].reduce((s, c) => s + c.lapses, 0);
    expect(cardRows.reduce((s, r) => s + Number(r.lapses), 0)).toBe(totalLapses);
    await owner.close();
    await a.close();
    await b.close();
  }, 300_000);

  it("answers every class entry point for each actor as the rules say; refusals change nothing; learners see no other learner", async () => {
    // The co-instructor joins the class's instructors; a spare code to revoke, a fresh one to join with.
    const add = await send(w, w.actors.owner, "POST", `/api/classes/${classId}/instructors`, { json: { email: actors.coInstructor.email } });
    expect(add.status).toBe(200);
    const made = async () => (await (await send(w, w.actors.owner, "POST", `/api/classes/${classId}/codes`, { json: { days: 3 } })).json()) as { id: string; code: string };
    const spare = await made();
    const fresh = await made();
    // Learner B leaves first, so the matrix sees them as outside the class.
    expect((await send(w, w.actors.learnerB, "DELETE", `/api/classes/${classId}/membership`)).status).toBe(200);
    const P = w.ids.published;
    const D = w.ids.draft;
    const rows: { entry: string; expect: Expect; call: (a: Actor) => Promise<Response> }[] = [
      { entry: "POST /api/classes (published deck)", expect: st(401, 403, 403, 200, 200, 200), call: (a) => send(w, a, "POST", "/api/classes", { json: { name: "Another", deckIds: [P] } }) },
      { entry: "POST /api/classes (the owner's draft)", expect: st(401, 403, 403, 200, 404, 404), call: (a) => send(w, a, "POST", "/api/classes", { json: { name: "Draft class", deckIds: [D] } }) },
      { entry: "GET dashboard", expect: INSTRUCTORS, call: (a) => send(w, a, "GET", `/api/classes/${classId}/dashboard?from=2026-01-01&to=2026-01-31`) },
      { entry: "GET export", expect: INSTRUCTORS, call: (a) => send(w, a, "GET", `/api/classes/${classId}/export?table=cards`) },
      { entry: "POST codes", expect: INSTRUCTORS, call: (a) => send(w, a, "POST", `/api/classes/${classId}/codes`, { json: { days: 1 } }) },
      { entry: "DELETE codes/[codeId]", expect: INSTRUCTORS, call: (a) => send(w, a, "DELETE", `/api/classes/${classId}/codes/${spare.id}`) },
      { entry: "POST instructors", expect: INSTRUCTORS, call: (a) => send(w, a, "POST", `/api/classes/${classId}/instructors`, { json: { email: actors.coInstructor.email } }) },
      { entry: "POST join (wrong code)", expect: st(401, 404, 404, 404, 404, 404), call: (a) => send(w, a, "POST", "/api/classes/join", { json: { code: "ZZZZZ-ZZZZZ" } }) },
      { entry: "PAGE /classes", expect: st(307, 200, 200, 200, 200, 200), call: (a) => send(w, a, "GET", "/classes") },
      { entry: "PAGE /classes/[classId]", expect: st(307, 403, 403, 200, 200, 404), call: (a) => send(w, a, "GET", `/classes/${classId}`) },
      { entry: "PAGE /classes/[classId]/me", expect: st(307, 200, 404, 404, 404, 404), call: (a) => send(w, a, "GET", `/classes/${classId}/me`) },
      { entry: "PAGE /classes/join/[code]", expect: st(307, 200, 200, 200, 200, 200), call: (a) => send(w, a, "GET", `/classes/join/${fresh.code.replace("-", "")}`) },
      { entry: "DELETE membership", expect: st(401, 200, 404, 404, 404, 404), call: (a) => send(w, a, "DELETE", `/api/classes/${classId}/membership`) },
      { entry: "POST join (valid code)", expect: st(401, 200, 200, 409, 409, 200), call: (a) => send(w, a, "POST", "/api/classes/join", { json: { code: fresh.code } }) },
    ];
    const got: Record<string, Partial<Expect>> = {};
    const want: Record<string, Expect> = {};
    const leaks: string[] = [];
    for (const row of rows) {
      want[row.entry] = row.expect;
      got[row.entry] = {};
      const order = [...NAMES].sort((x, y) => Number(row.expect[x] < 400) - Number(row.expect[y] < 400));
      for (const name of order) {
        const refused = row.expect[name] >= 400;
        const before = refused ? await snapshot(w, ATTEMPT_TABLES) : null;
        const res = await row.call(actors[name]);
        const text = await res.text();
        got[row.entry][name] = res.status;
        if (before) expect(await snapshot(w, ATTEMPT_TABLES), `${row.entry} as ${name} changed the database`).toEqual(before);
        if (res.status >= 400 && !row.entry.startsWith("PAGE")) expect((JSON.parse(text) as { error?: string }).error, `${row.entry} as ${name}`).toBeTruthy();
        const instructor = name === "owner" || name === "coInstructor";
        // Only the class's instructors may see who else is in it.
        if (!instructor && name !== "learnerA" && text.includes("learnerA")) leaks.push(`${row.entry} as ${name}: names learner A`);
        if (!instructor && name !== "learnerB" && text.includes("learnerB")) leaks.push(`${row.entry} as ${name}: names learner B`);
      }
    }
    expect(leaks).toEqual([]);
    expect(got).toEqual(want);
  });
});
