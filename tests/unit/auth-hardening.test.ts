// Pure pieces of issue #11's hardening: the argon2 concurrency cap, the mails, the demo-accounts switch.
import { describe, expect, it } from "vitest";
import { Busy, WorkLimit } from "../../lib/auth/work-limit.ts";
import { alreadyRegisteredMail, confirmationMail, formatMail } from "../../lib/mail/messages.ts";
import { demoAccountsWanted } from "../../lib/users/demo.ts";

describe("WorkLimit", () => {
  it("runs at most `max` tasks at once, the rest in order as slots free up", async () => {
    const limit = new WorkLimit(2, 100);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (i: number) => async () => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      order.push(i);
      return i;
    };
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => limit.run(task(i))));
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(2);
    expect(limit.peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(limit.load).toEqual({ running: 0, waiting: 0 });
  });

  it("refuses at once (Busy) when too many wait, and a caller may give up sooner", async () => {
    const limit = new WorkLimit(1, 2);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const held = [limit.run(() => gate), limit.run(() => gate)];
    await expect(limit.run(async () => 1, 1)).rejects.toBeInstanceOf(Busy);
    held.push(limit.run(() => gate));
    await expect(limit.run(async () => 1)).rejects.toBeInstanceOf(Busy);
    release();
    await Promise.all(held);
    await expect(limit.run(async () => 1)).resolves.toBe(1);
  });

  it("frees the slot when a task fails", async () => {
    const limit = new WorkLimit(1, 0);
    await expect(limit.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limit.run(async () => "next")).resolves.toBe("next");
  });
});

describe("mails", () => {
  it("the confirmation mail carries a link on the site with the token, and says how long it works", () => {
    const m = confirmationMail("ada@example.com", "https://proofdeck.example/", "tok_en-123");
    expect(m.to).toBe("ada@example.com");
    expect(m.text).toContain("https://proofdeck.example/verify-email?token=tok_en-123");
    expect(m.text).toContain("24 hours");
  });

  it("the notice to an existing account has no link that does anything but sign in", () => {
    const m = alreadyRegisteredMail("ada@example.com", "https://proofdeck.example");
    expect(m.text).toContain("https://proofdeck.example/signin");
    expect(m.text).not.toMatch(/token/);
  });

  it("formats a mail with headers on one line each, so an address cannot inject a header", () => {
    const text = formatMail({ to: "a@example.com\r\nBcc: evil@example.com", subject: "Hi", text: "Body" }, "Proofdeck <no-reply@x>", new Date(0));
    expect(text.split("\n")).toEqual([
      "From: Proofdeck <no-reply@x>",
      "To: a@example.com Bcc: evil@example.com",
      "Subject: Hi",
      "Date: Thu, 01 Jan 1970 00:00:00 GMT",
      "",
      "Body",
    ]);
  });
});

describe("demoAccountsWanted", () => {
  it("on by default on the embedded SQLite, off on PostgreSQL; PROOFDECK_DEMO=1/0 decides; anything else is an error", () => {
    expect(demoAccountsWanted({})).toBe(true);
    expect(demoAccountsWanted({ DATABASE_URL: "file:./x.db" })).toBe(true);
    expect(demoAccountsWanted({ DATABASE_URL: "postgresql://u@h/db" })).toBe(false);
    expect(demoAccountsWanted({ DATABASE_URL: "postgresql://u@h/db", PROOFDECK_DEMO: "1" })).toBe(true);
    expect(demoAccountsWanted({ PROOFDECK_DEMO: "0" })).toBe(false);
    expect(() => demoAccountsWanted({ PROOFDECK_DEMO: "yes" })).toThrow(/PROOFDECK_DEMO must be 1 or 0/);
  });
});
