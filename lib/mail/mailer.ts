// Sending mail. With no mail server configured (the embedded default), each message is written to
// the server log and to a file in the outbox, PROOFDECK_OUTBOX_DIR (default data/outbox): on your
// own machine the confirmation link is printed in the terminal.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { formatMail, type Mail } from "./messages.ts";

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export const outboxDir = (env: NodeJS.ProcessEnv = process.env) => env.PROOFDECK_OUTBOX_DIR || path.join("data", "outbox");

export function mailFrom(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MAIL_FROM) return env.MAIL_FROM;
  const host = env.NEXTAUTH_URL ? new URL(env.NEXTAUTH_URL).hostname : "localhost";
  return `Proofdeck <no-reply@${host}>`;
}

export function outboxMailer(dir: string, from: string): Mailer {
  return {
    async send(mail) {
      const now = new Date();
      const text = formatMail(mail, from, now);
      await fs.mkdir(dir, { recursive: true });
      // Sortable by time; the random tail keeps two mails in one millisecond apart.
      const file = path.join(dir, `${now.toISOString().replace(/[:.]/g, "-")}-${crypto.randomBytes(4).toString("hex")}.eml`);
      await fs.writeFile(file, text, { mode: 0o600 });
      console.log(`[mail] no mail server configured; written to ${file}:\n${text}`);
    },
  };
}

export function mailerFromEnv(env: NodeJS.ProcessEnv = process.env): Mailer {
  return outboxMailer(outboxDir(env), mailFrom(env));
}
