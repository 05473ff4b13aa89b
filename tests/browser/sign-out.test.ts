// Signing out ends the session for real: a copy of the session cookie taken before sign-out no longer
// opens anything afterwards (it used to stay valid for its 30 days).
import { describe, expect, inject, it } from "vitest";
import { DEMO_LEARNER } from "../../lib/users/demo.ts";
import { signInOverHttp } from "../support/server.ts";

const baseUrl = inject("baseUrl");

const decksPage = (cookie: string) => fetch(`${baseUrl}/decks`, { headers: { cookie }, redirect: "manual" });

describe("sign-out", () => {
  it("revokes a copied session token", async () => {
    const { cookie } = await signInOverHttp(baseUrl, DEMO_LEARNER.email, DEMO_LEARNER.password);
    const copy = cookie;
    const before = await decksPage(copy);
    expect(before.status).toBe(200);
    expect(await before.text()).toContain("My decks");

    // Sign out as the app's button does (next-auth's sign-out endpoint with its CSRF token).
    const csrf = (await (await fetch(`${baseUrl}/api/auth/csrf`, { headers: { cookie } })).json()) as { csrfToken: string };
    const out = await fetch(`${baseUrl}/api/auth/signout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, json: "true" }),
      redirect: "manual",
    });
    expect(out.status).toBeLessThan(400);

    const after = await decksPage(copy);
    expect(after.status).toBe(307);
    expect(after.headers.get("location")).toMatch(/\/signin/);

    // Signing in again works, with a new token.
    const again = await signInOverHttp(baseUrl, DEMO_LEARNER.email, DEMO_LEARNER.password);
    expect((await decksPage(again.cookie)).status).toBe(200);
  });
});
