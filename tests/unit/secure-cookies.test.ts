import { describe, expect, it } from "vitest";
import { secureCookies } from "../../lib/auth/options.ts";

describe("secure session cookies", () => {
  it.each([
    ["https://proofdeck.example", "production", true],
    ["http://proofdeck.example", "production", true],
    ["http://10.0.0.5:3000", "production", true],
    ["http://localhost:3000", "production", false],
    ["http://127.0.0.1:3000", "development", false],
    [undefined, "production", true],
    [undefined, "development", false],
  ])("%s (%s) → Secure %s", (url, env, want) => expect(secureCookies(url, env)).toBe(want));
});
