// Sending mail. MAIL_COMMAND names a sendmail-compatible command that reads the message on stdin
// (`sendmail -t -i` from Postfix or Exim, `msmtp -t` towards any SMTP server), so no mail library is
// needed. Without it (the embedded default), each message is written to the server log and to a file
// in the outbox, PROOFDECK_OUTBOX_DIR (default data/outbox): the confirmation link is printed in the terminal.
import { spawn } from "node:child_process";
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

/** Pipes each message to `command` (run by /bin/sh); a non-zero exit is an error. */
export function commandMailer(command: string, from: string): Mailer {
  return {
    send(mail) {
      return new Promise((resolve, reject) => {
        const child = spawn("/bin/sh", ["-c", command], { stdio: ["pipe", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d) => (stderr += d));
        // A command that exits without reading its input makes the write fail (EPIPE): the exit code says why;
        // left unhandled, that write error would crash the process.
        let writeError: Error | null = null;
        child.stdin.on("error", (err) => (writeError = err));
        child.on("error", reject);
        child.on("close", (code) => {
          if (code !== 0) reject(new Error(`MAIL_COMMAND exited with ${code}: ${stderr.trim().slice(0, 500)}`));
          else if (writeError) reject(new Error(`MAIL_COMMAND did not read the message: ${writeError.message}`));
          else resolve();
        });
        child.stdin.end(formatMail(mail, from, new Date()));
      });
    },
  };
}

export function mailerFromEnv(env: NodeJS.ProcessEnv = process.env): Mailer {
  const command = env.MAIL_COMMAND?.trim();
  return command ? commandMailer(command, mailFrom(env)) : outboxMailer(outboxDir(env), mailFrom(env));
}
