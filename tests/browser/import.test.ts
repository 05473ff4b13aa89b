// Importing a CSV through the import page in real Chromium against `next start` (issue #10): the
// demo instructor makes a deck, chooses a CSV with three good rows and two bad ones, sees the
// preview (header, first rows, the rows to skip and why), imports, reads the report, and exports
// the deck as JSON.
import fs from "node:fs";
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { signInAs } from "../support/accounts.ts";
import { useBrowser } from "../support/browser.ts";
import { DEMO_INSTRUCTOR } from "../../lib/users/demo.ts";

const baseUrl = inject("baseUrl");
const browser = useBrowser();

const signIn = (page: Page, email: string, password: string) => signInAs(page, baseUrl, email, password);

const CSV = [
  "front,back,tags",
  "What is a kernel?,A small matrix slid over the image,cnn",
  "What is stride?,How far the kernel moves,cnn",
  ",an empty front,cnn",
  "What is padding?,Pixels added around the image,",
  "too,many,columns,here,and,more",
].join("\n");

describe("importing a CSV through the import page", () => {
  it("previews, imports 3 notes, reports the 2 skipped rows, and exports the deck", async () => {
    const page = await browser.freshPage();
    await signIn(page, DEMO_INSTRUCTOR.email, DEMO_INSTRUCTOR.password);
    const deck = await page.evaluate(async () => {
      const res = await fetch("/api/decks", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "Imported CNN basics" }) });
      return (await res.json()) as { id: string };
    });
    await page.goto(`${baseUrl}/decks/${deck.id}/import`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("Imported CNN basics");

    await page.getByLabel("File").setInputFiles({ name: "cnn.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.getByRole("region", { name: "Preview" });
    await preview.waitFor();
    expect(await preview.textContent()).toMatch(/separated by comma, with a header row \(front, back, tags\).*3 can be imported, 2 will be skipped/);
    expect(await preview.getByRole("cell", { name: "What is a kernel?" }).count()).toBe(1);
    expect(await preview.getByRole("row", { name: /row 4/ }).textContent()).toMatch(/front is empty/);
    expect(await preview.getByRole("row", { name: /row 6/ }).textContent()).toMatch(/Too many columns/);

    await page.getByRole("button", { name: "Import 3 notes" }).click();
    const report = page.getByRole("status").filter({ hasText: "Imported" });
    await report.waitFor();
    const text = (await report.textContent()) ?? "";
    expect(text).toMatch(/New notes3/);
    expect(text).toMatch(/Skipped2/);
    expect(text).toMatch(/row 4.*front is empty/);

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export deck (JSON)" }).click();
    const file = await (await download).path();
    const exported = JSON.parse(fs.readFileSync(file!, "utf8")) as { format: string; notes: Array<{ front: string }> };
    expect(exported.format).toBe("proofdeck-deck");
    expect(exported.notes.map((n) => n.front)).toEqual(["What is a kernel?", "What is stride?", "What is padding?"]);
  });
});
