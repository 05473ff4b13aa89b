// Writing a deck in real Chromium against `next start` (issue #10): the demo instructor creates a
// deck, writes a basic note with code and math and a cloze note with two deletions and an uploaded
// image, watching the live preview (rendered by the server, as review shows it), and publishes;
// the instructor designs, records (in this browser) and attaches an experiment of their own; the demo
// learner adds the deck, reviews one of its cards and opens its why view.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { signInAs } from "../support/accounts.ts";
import { layOutWholePage, useBrowser } from "../support/browser.ts";
import { DEMO_INSTRUCTOR, DEMO_LEARNER } from "../../lib/users/demo.ts";

const baseUrl = inject("baseUrl");
const browser = useBrowser();

const signIn = (page: Page, email: string, password: string) => signInAs(page, baseUrl, email, password);

function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A real 4×4 PNG (opaque red), so the browser can decode and lay it out. */
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(4, 0);
  ihdr.writeUInt32BE(4, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.from([0, ...Array.from({ length: 4 }, () => [255, 0, 0]).flat()]);
  const raw = Buffer.concat(Array.from({ length: 4 }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Selects `text` inside a textarea (as a mouse drag would). */
async function select(page: Page, label: string, text: string) {
  await page.getByLabel(label, { exact: true }).evaluate((el, t) => {
    const area = el as HTMLTextAreaElement;
    const at = area.value.indexOf(t);
    area.focus();
    area.setSelectionRange(at, at + t.length);
  }, text);
}

describe("writing a deck", () => {
  it("an instructor writes and publishes a deck; a learner adds it and reviews a card", async () => {
    const title = `Strided convolutions ${Date.now()}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-png-"));
    const png = path.join(dir, "red square.png");
    fs.writeFileSync(png, tinyPng());

    // --- The instructor: a new deck.
    const page = await browser.freshPage();
    await signIn(page, DEMO_INSTRUCTOR.email, DEMO_INSTRUCTOR.password);
    await page.getByRole("link", { name: "New deck" }).click();
    await page.waitForURL(`${baseUrl}/decks/new`);
    await page.getByRole("button", { name: "Create deck" }).click();
    await page.getByText("Enter a title.").waitFor(); // the field's own message
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Description").fill("Written in the browser test.");
    await page.getByRole("button", { name: "Create deck" }).click();
    await page.waitForURL(/\/decks\/[a-z0-9]+\/edit$/);
    const editUrl = page.url();
    await expect(page.getByTestId("publish-status").textContent()).resolves.toBe("Draft");

    // --- A basic note with code and math; the preview is the server's rendering.
    await page.getByLabel("Front", { exact: true }).fill("What does `F.conv2d(x, w, stride=2)` compute?");
    await page.getByLabel("Back", { exact: true }).fill("A strided convolution: $y_{ij} = \\sum_k w_k \\, x_{2i+k}$\n\n```python\ny = F.conv2d(x, w, stride=2)\n```");
    await page.getByLabel("Tags").fill("cnn, PyTorch");
    const preview = page.getByTestId("preview");
    await preview.locator(".katex").first().waitFor();
    await expect(preview.getByTestId("preview-card").count()).resolves.toBe(1);
    await expect(preview.locator(".flashcard-front code").textContent()).resolves.toBe("F.conv2d(x, w, stride=2)");
    await expect(preview.locator("pre code.language-python").textContent()).resolves.toContain("y = F.conv2d(x, w, stride=2)");
    await expect(preview.locator(".hljs-string, .hljs-keyword, .hljs-built_in, .hljs-number").count()).resolves.toBeGreaterThan(0);
    await page.getByRole("button", { name: "Add note" }).click();
    await page.getByText("Note saved: 1 card.").waitFor();
    await page.getByRole("list", { name: "Notes" }).getByTestId("note-item").first().waitFor();

    // --- A cloze note: two deletions made with the wrap button, an image in the extra text.
    await page.getByRole("radio", { name: /^Cloze/ }).check();
    await expect(page.getByText("{{c1::answer::hint}}").isVisible()).resolves.toBe(true); // the syntax hint
    const text = page.getByLabel("Text", { exact: true });
    await text.fill("A stride-2 convolution halves the grid's height and width.");
    // A malformed deletion is explained in the preview.
    await text.fill("A {{c1::stride-2 convolution halves the grid's height and width.");
    await page.getByTestId("preview-error").getByText(/never closed/).waitFor();
    await text.fill("A stride-2 convolution halves the grid's height and width.");
    await select(page, "Text", "stride-2");
    await page.getByRole("button", { name: "Wrap selection as {{c1::…}}" }).click();
    await select(page, "Text", "height and width");
    await page.getByRole("button", { name: "Wrap selection as {{c2::…}}" }).click();
    await expect(text.inputValue()).resolves.toBe("A {{c1::stride-2}} convolution halves the grid's {{c2::height and width}}.");

    await expect(page.getByLabel("Tags").inputValue()).resolves.toBe("cnn, PyTorch"); // kept for the next note
    await page.getByLabel("Tags").fill("cnn");
    await page.getByLabel("Extra", { exact: true }).fill("See the picture: ");
    await page.getByLabel("Extra", { exact: true }).focus();
    await page.getByLabel("Extra", { exact: true }).evaluate((el) => (el as HTMLTextAreaElement).setSelectionRange(999, 999));
    await page.getByLabel("Insert image").setInputFiles(png);
    await page.waitForFunction(() => /!\[red square\]\(\/media\/[0-9a-f]{64}\)/.test((document.getElementById("note-back") as HTMLTextAreaElement).value));
    const extra = await page.getByLabel("Extra", { exact: true }).inputValue();
    expect(extra).toMatch(/^See the picture: !\[red square\]\(\/media\/[0-9a-f]{64}\)$/);

    await expect.poll(() => preview.getByTestId("preview-card").count(), { timeout: 10_000 }).toBe(2);
    await preview.getByText("Card 2 of 2 · Deletion c2").waitFor();
    const cards = preview.getByTestId("preview-card");
    await expect(cards.nth(0).locator(".flashcard-front").textContent()).resolves.toBe("A [...] convolution halves the grid's height and width.");
    await expect(cards.nth(1).locator(".flashcard-front").textContent()).resolves.toBe("A stride-2 convolution halves the grid's [...].");
    await expect(cards.nth(1).locator("strong").textContent()).resolves.toBe("height and width");
    // The image is served with its sniffed type and decodes in the browser.
    const img = cards.nth(0).locator("img");
    await img.waitFor();
    await expect(img.getAttribute("alt")).resolves.toBe("red square");
    await page.waitForFunction(() => {
      const el = document.querySelector("[data-testid=preview] img") as HTMLImageElement | null;
      return el !== null && el.complete && el.naturalWidth === 4;
    });
    const src = (await img.getAttribute("src"))!;
    const served = await page.request.get(`${baseUrl}${src}`);
    expect(served.status()).toBe(200);
    expect(served.headers()["content-type"]).toBe("image/png");
    expect(served.headers()["x-content-type-options"]).toBe("nosniff");
    expect(served.headers()["cache-control"]).toContain("immutable");

    await page.getByRole("button", { name: "Add note" }).click();
    await page.getByText("Note saved: 2 cards.").waitFor();
    await expect.poll(() => page.getByRole("list", { name: "Notes" }).getByTestId("note-item").count()).toBe(2);
    // Search by tag finds the basic note only.
    await page.getByRole("combobox", { name: /^With tag/ }).selectOption("pytorch");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/tag=pytorch/);
    await expect(page.getByRole("list", { name: "Notes" }).getByTestId("note-item").count()).resolves.toBe(1);

    // --- Edit, reorder, archive and restore from the list.
    await page.goto(editUrl);
    const items = page.getByRole("list", { name: "Notes" }).getByTestId("note-item");
    const firstText = () => items.first().locator(".markdown").innerText();
    await page.getByRole("button", { name: "Move note 2 up" }).click();
    await expect.poll(firstText).toContain("[...]");
    await page.getByRole("button", { name: "Move note 1 down" }).click();
    await expect.poll(firstText).toContain("F.conv2d");
    await page.getByRole("link", { name: "Edit note 1" }).click();
    await page.getByRole("heading", { name: "Edit note" }).waitFor();
    await expect(page.getByLabel("Front", { exact: true }).inputValue()).resolves.toBe("What does `F.conv2d(x, w, stride=2)` compute?");
    await page.getByLabel("Front", { exact: true }).fill("What does `F.conv2d(x, w, stride=2)` compute, for a 28×28 input?");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("heading", { name: "New note" }).waitFor();
    await expect.poll(firstText).toContain("for a 28×28 input?");
    await page.getByRole("button", { name: "Archive note 2" }).click();
    await expect.poll(() => items.count()).toBe(1);
    await page.getByRole("combobox", { name: /^Show/ }).selectOption("archived");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("button", { name: "Restore note 1" }).click();
    await page.getByText("No archived notes.").waitFor();
    await page.goto(editUrl);
    await expect(items.count()).resolves.toBe(2);

    // --- Evidence of the instructor's own: a quick experiment, designed within bounds, pre-registered,
    // recorded in this browser and published (the server recomputes the verdict), then attached to note 1.
    await page.getByRole("link", { name: "Design a new one" }).first().click();
    await page.waitForURL(`${baseUrl}/experiments/new`);
    await page.locator("textarea[name=claim]").fill("A learning rate of 0.05 beats 0.0005 after 10 steps.");
    await page.getByTestId("lr-a").fill("5"); // out of bounds: said at once, nothing sent
    await page.getByTestId("design-problems").getByText("Learning rate must be at most 0.5").waitFor();
    await page.getByTestId("lr-a").fill("0.05");
    await page.getByLabel("Name of variant A").fill("lr 0.05");
    await page.getByLabel("Name of variant B").fill("lr 0.0005");
    await page.getByTestId("lr-b").fill("0.0005");
    await page.getByTestId("steps-a").fill("10");
    await page.getByTestId("steps-b").fill("10");
    await page.getByTestId("seed-count").fill("2");
    await page.getByTestId("design-summary").getByText(/A \(lr 0\.05\) beats B \(lr 0\.0005\) on final validation accuracy/).waitFor();
    await page.getByTestId("preregister").click();
    await page.waitForURL(/\/experiments\/custom-[0-9a-f]+$/);
    const experimentId = page.url().split("/").pop()!;
    await expect(page.getByTestId("xp-preregistration").textContent()).resolves.toMatch(/sha256 [0-9a-f]{64}/);
    await page.getByTestId("record-start").click();
    await page.getByTestId("record-result").waitFor({ timeout: 150_000 });
    const browserVerdict = await page.getByTestId("live-verdict").getAttribute("data-verdict");
    await page.getByTestId("record-publish").click();
    await page.getByTestId("xp-recorded").waitFor();
    await expect(page.getByTestId("verdict").getAttribute("data-verdict")).resolves.toBe(browserVerdict);
    await page.goto(editUrl);
    await items.first().getByTestId("evidence-select").selectOption(experimentId);
    await expect.poll(() => items.first().getByTestId("evidence-select").inputValue()).toBe(experimentId);

    // --- Publish.
    await page.getByRole("button", { name: "Publish" }).click();
    await page.waitForFunction(() => document.querySelector("[data-testid=publish-status]")?.textContent === "Published");
    // The deck page links its owner here.
    await page.getByRole("link", { name: title }).click();
    await page.waitForURL(/\/decks\/[a-z0-9]+$/);
    await expect(page.getByRole("link", { name: "Edit deck" }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("list", { name: "Cards" }).getByRole("listitem").count()).resolves.toBe(3);
    await page.close();

    // --- The learner adds the deck and reviews its first card.
    const learner = await browser.freshPage();
    await signIn(learner, DEMO_LEARNER.email, DEMO_LEARNER.password);
    const tile = learner.getByRole("list", { name: "Decks you can add" }).getByRole("listitem").filter({ hasText: title });
    await tile.getByRole("button", { name: "Add to my decks" }).click();
    const studied = learner.getByRole("list", { name: "Decks you study" }).getByRole("link", { name: title });
    await studied.waitFor();
    await studied.click();
    await learner.waitForURL(/\/decks\/[a-z0-9]+$/);
    await expect(learner.getByRole("link", { name: "Edit deck" }).count()).resolves.toBe(0);
    await learner.getByRole("link", { name: "Review now" }).click();
    await learner.waitForURL(/\/review$/);
    await expect(learner.getByTestId("left-today").textContent()).resolves.toBe("3");
    await expect(learner.locator(".flashcard-front").innerText()).resolves.toContain("F.conv2d(x, w, stride=2)");
    await learner.getByRole("button", { name: /Show answer/ }).click();
    await learner.locator(".flashcard .katex").first().waitFor();
    const whyHref = (await learner.getByRole("link", { name: /Why/ }).first().getAttribute("href"))!;
    await learner.getByRole("button", { name: /^4\s+Good\b/ }).click();
    await learner.waitForFunction(() => document.querySelector("[data-testid=left-today]")?.textContent === "2");
    await expect(learner.locator(".flashcard-front").innerText()).resolves.toContain("[...]");
    // The learner may not open the authoring page of a deck they only study.
    const refused = await learner.goto(editUrl);
    expect(refused?.status()).toBe(403);
    // The card's why view: the author's recording, where and how it was made, its pre-registration.
    await learner.goto(`${baseUrl}${whyHref}`);
    await layOutWholePage(learner);
    await expect(learner.getByTestId("verdict").getAttribute("data-verdict")).resolves.toBe(browserVerdict);
    await expect(learner.getByTestId("recording-facts").innerText()).resolves.toMatch(/Recorded where\s+In Demo Instructor's browser: Chrome \d+ on Linux, a desktop/);
    await learner.getByText(/sha256/).first().waitFor();
    // Nor the author's experiment page.
    expect((await learner.goto(`${baseUrl}/experiments/${experimentId}`))?.status()).toBe(404);
    await learner.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 300_000);
});
