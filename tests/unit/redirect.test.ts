// After sign-in the app goes only to a path on this site: the probes of the open-redirect report
// (a tab or a backslash that browsers turn into "//evil.example") and a property over any input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeReturnPath } from "../../lib/auth/redirect.ts";

const SITE = "https://proofdeck.example";

describe("safeReturnPath", () => {
  it.each([
    ["/\t/evil.example", "/decks"],
    ["/\n/evil.example", "/decks"],
    ["/\\evil.example", "/decks"],
    ["\\/evil.example", "/decks"],
    ["//evil.example", "/decks"],
    ["https://evil.example/x", "/x"],
    ["javascript:alert(1)", "/decks"],
    [" /decks", "/decks"],
    ["/decks/abc/review?x=1#top", "/decks/abc/review?x=1#top"],
    ["/decks/%2F%2Fevil", "/decks/%2F%2Fevil"],
    ["", "/decks"],
    [undefined, "/decks"],
  ])("%j → %j", (raw, want) => expect(safeReturnPath(raw)).toBe(want));

  it("never leads a browser to another origin, whatever the input", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom("/", "//", "/\\", "\t", "\n", "\\", ":", "@", "evil.example", "%2F").chain((p) => fc.array(fc.constantFrom(p, "/", "\t", "\\", "a", ".", ":"), { maxLength: 8 }).map((xs) => "/" + xs.join("")))), (raw) => {
        const out = safeReturnPath(raw);
        // As the browser resolves the Location header / router target against the page's URL.
        expect(new URL(out, SITE).origin).toBe(SITE);
        expect(out.startsWith("/")).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
