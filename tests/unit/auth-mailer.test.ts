// The two mail transports (lib/mail/mailer.ts): the outbox files tests and developers read, and MAIL_COMMAND.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { mailFrom, mailerFromEnv } from "../../lib/mail/mailer.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-mail-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const mail = { to: "ada@example.com", subject: "Confirm", text: "Open https://x.example/verify-email?token=abc\n" };

describe("mailerFromEnv", () => {
  it("without MAIL_COMMAND, writes each mail to its own file in PROOFDECK_OUTBOX_DIR and prints it", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const outbox = path.join(dir, "outbox");
    const mailer = mailerFromEnv({ PROOFDECK_OUTBOX_DIR: outbox, NEXTAUTH_URL: "https://proofdeck.example" } as unknown as NodeJS.ProcessEnv);
    await mailer.send(mail);
    await mailer.send({ ...mail, to: "bob@example.com" });
    const files = fs.readdirSync(outbox).sort();
    expect(files).toHaveLength(2);
    expect(fs.readFileSync(path.join(outbox, files[0]), "utf8")).toMatch(/^From: Proofdeck <no-reply@proofdeck\.example>\nTo: ada@example\.com\n/);
    expect(log.mock.calls.map((c) => String(c[0])).join("\n")).toContain("verify-email?token=abc");
    log.mockRestore();
  });

  it("with MAIL_COMMAND, pipes the message to it; a failing command is an error", async () => {
    const out = path.join(dir, "piped.eml");
    await mailerFromEnv({ MAIL_COMMAND: `cat > '${out}'`, MAIL_FROM: "Decks <decks@example.org>" } as unknown as NodeJS.ProcessEnv).send(mail);
    expect(fs.readFileSync(out, "utf8")).toMatch(/^From: Decks <decks@example\.org>\nTo: ada@example\.com\nSubject: Confirm\n/);
    await expect(mailerFromEnv({ MAIL_COMMAND: "echo refused >&2; exit 3" } as unknown as NodeJS.ProcessEnv).send(mail)).rejects.toThrow(
      "MAIL_COMMAND exited with 3: refused",
    );
  });

  it("a command that exits without reading the message is an error, not a crash (the write fails with EPIPE)", async () => {
    // Larger than a pipe's buffer, so the write is still going when the command has gone.
    const big = { ...mail, text: "x".repeat(1024 * 1024) };
    await expect(mailerFromEnv({ MAIL_COMMAND: "exit 0" } as unknown as NodeJS.ProcessEnv).send(big)).rejects.toThrow(/MAIL_COMMAND did not read the message: .*EPIPE/);
    await expect(mailerFromEnv({ MAIL_COMMAND: "exit 4" } as unknown as NodeJS.ProcessEnv).send(big)).rejects.toThrow("MAIL_COMMAND exited with 4");
  });

  it("MAIL_FROM defaults to no-reply at the site's host", () => {
    expect(mailFrom({} as NodeJS.ProcessEnv)).toBe("Proofdeck <no-reply@localhost>");
  });
});
