// Security headers on a running `next start`: a nonce CSP that Next's own scripts satisfy (pages work and
// Chromium reports no violation), and pages that refuse to be framed (the grade buttons cannot be clickjacked).
import { describe, expect, inject, it } from "vitest";
import { useBrowser } from "../support/browser.ts";
import { DEMO_LEARNER } from "../../lib/users/demo.ts";

const baseUrl = inject("baseUrl");
const browser = useBrowser();

describe("security headers", () => {
  it("every page carries them, and Next's scripts carry this response's nonce", async () => {
    for (const path of ["/", "/signin", "/signup"]) {
      const res = await fetch(`${baseUrl}${path}`);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const s of scripts) expect(s, path).toContain(`nonce="${nonce}"`);
    }
    const again = await fetch(`${baseUrl}/signin`);
    expect(again.headers.get("content-security-policy")).not.toBe((await fetch(`${baseUrl}/signin`)).headers.get("content-security-policy"));
  });

  it("JSON routes carry a fixed policy from the boundary, errors included; next-auth's routes keep the pages' headers", async () => {
    for (const [method, path] of [["POST", "/api/reviews"], ["GET", "/api/decks/nope/session"], ["GET", "/api/decks/nope/export"]] as const) {
      const res = await fetch(`${baseUrl}${path}`, { method, headers: { "content-type": "application/json" }, body: method === "POST" ? "{}" : undefined });
      expect(res.status, path).toBe(401);
      expect(res.headers.get("content-security-policy"), path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("cache-control"), path).toBe("no-store");
    }
    const auth = await fetch(`${baseUrl}/api/auth/csrf`);
    expect(auth.headers.get("content-security-policy")).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(auth.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("pages work under the policy: signing in and opening a review run with no CSP violation", async () => {
    const page = await browser.freshPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|CSP/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${baseUrl}/signin`);
    await page.getByLabel("Email").fill(DEMO_LEARNER.email);
    await page.getByLabel("Password").fill(DEMO_LEARNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${baseUrl}/decks`);
    await page.getByRole("link", { name: /chapter 13/ }).first().click();
    await page.waitForURL(/\/decks\/[a-z0-9]+$/);
    expect(violations).toEqual([]);
    await page.close();
  });

  it("refuses to be framed by another site", async () => {
    const page = await browser.freshPage();
    await page.setContent(`<iframe id="f" src="${baseUrl}/signin" width="600" height="400"></iframe>`);
    await page.waitForTimeout(1500);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const formCount = frame ? await frame.locator("form").count().catch(() => 0) : 0;
    expect(formCount).toBe(0);
    await page.close();
  });
});
