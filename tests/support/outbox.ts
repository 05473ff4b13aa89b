// Reading the mails the server wrote to its outbox (PROOFDECK_OUTBOX_DIR; lib/mail/mailer.ts), as a person reads their inbox.
import fs from "node:fs";
import path from "node:path";

/** The newest mail to `to` (file names sort by time), waiting up to `timeoutMs` for it. */
export async function latestMailTo(dir: string, to: string, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".eml")).sort().reverse() : [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), "utf8");
      if (text.split("\n").includes(`To: ${to}`)) return text;
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${to} in ${dir}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The confirmation link in the newest mail to `to`. */
export async function confirmationLink(dir: string, to: string): Promise<string> {
  const mail = await latestMailTo(dir, to);
  const link = /https?:\/\/\S+\/verify-email\?token=[\w-]+/.exec(mail)?.[0];
  if (!link) throw new Error(`the newest mail to ${to} has no confirmation link:\n${mail}`);
  return link;
}
