// Text holding U+0000 is refused at the boundary (lib/http/boundary.ts check) with a 400 naming the
// field, before any handler runs: PostgreSQL cannot store NUL in a text column, so it used to reach
// the database and come back as a 500 (found by tests/browser/input-fuzz.test.ts, POST /api/decks
// with the title "a\u0000b" on PostgreSQL).
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { action, NUL_REFUSED, nulPath, route } from "../../lib/http/boundary.ts";

const body = z.object({ title: z.string(), tags: z.array(z.string()).optional(), extra: z.unknown().optional() });
const post = (value: unknown) =>
  new Request("https://proofdeck.example/api/x", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(value) });

describe("NUL in input", () => {
  it("is refused with a 400 naming the field, and the handler never runs", async () => {
    const handler = vi.fn(() => ({ ok: true }));
    const post1 = route({ auth: "public", body }, handler);
    const res = await post1(post({ title: "a\u0000b" }), {});
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: `title: ${NUL_REFUSED}`, fields: { title: NUL_REFUSED } });
    const nested = await post1(post({ title: "fine", tags: ["ok", "\u0000"] }), {});
    expect(((await nested.json()) as { error: string }).error).toBe(`tags.1: ${NUL_REFUSED}`);
    expect(handler).not.toHaveBeenCalled();
  });

  it("in a query string or a field the schema would not even read: refused too", async () => {
    const get = route({ auth: "public", query: z.object({ text: z.string().optional() }) }, () => "ran");
    expect((await get(new Request("https://proofdeck.example/api/x?text=%00"), {})).status).toBe(400);
    expect((await route({ auth: "public", body }, () => "ran")(post({ title: "t", extra: { deep: ["\u0000"] } }), {})).status).toBe(400);
  });

  it("in a server action's FormData: a failure result, not a throw", async () => {
    const run = action({ name: "t", auth: "public", input: body }, () => "ran");
    const form = new FormData();
    form.set("title", "x\u0000");
    expect(await run(form)).toEqual({ ok: false, error: `title: ${NUL_REFUSED}`, fields: { title: NUL_REFUSED } });
  });

  it("other text passes untouched: the boundary refuses NUL only", async () => {
    const echo = route({ auth: "public", body }, ({ body }) => body);
    const title = "\u202Eright-to-left \u200B zero-width \uD800 lone surrogate '; DROP TABLE x; -- <script>";
    const res = await echo(post({ title }), {});
    expect(res.status).toBe(200);
    expect(((await res.json()) as { title: string }).title).toBe(title); // JSON escapes the lone surrogate both ways
    expect(nulPath({ a: [1, { b: "ok" }] })).toBeNull();
    expect(nulPath({ a: [1, { b: "\u0000" }] })).toEqual(["a", 1, "b"]);
  });
});

describe("prepareNote (imported notes, which the boundary never sees)", () => {
  it("refuses text holding NUL with the field's name, before any other check", async () => {
    const { prepareNote } = await import("../../lib/notes/data.ts");
    expect(() => prepareNote({ type: "BASIC", front: "ok", back: "a\u0000b" })).toThrow(`back: ${NUL_REFUSED}`);
    expect(() => prepareNote({ type: "BASIC", front: "ok", back: "fine", tags: ["x", "y\u0000"] })).toThrow(`tags.1: ${NUL_REFUSED}`);
    expect(prepareNote({ type: "BASIC", front: "ok", back: "fine" }).note.back).toBe("fine");
  });
});

describe("createDeck (a new deck's title can come from an imported file)", () => {
  it("refuses a title holding NUL before touching the database", async () => {
    const { createDeck } = await import("../../lib/decks/authoring.ts");
    const noDb = null as unknown as Parameters<typeof createDeck>[0];
    const owner = { id: "u1", role: "INSTRUCTOR" } as unknown as Parameters<typeof createDeck>[1];
    await expect(createDeck(noDb, owner, { title: "Deck\u0000" })).rejects.toThrow(`title: ${NUL_REFUSED}`);
  });
});
