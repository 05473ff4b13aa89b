// The mails Proofdeck sends, and how one is written to the outbox (pure).
import { TOKEN_TTL_MS } from "../users/verification.ts";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export function confirmationMail(to: string, siteUrl: string, token: string): Mail {
  const link = new URL(`/verify-email?token=${encodeURIComponent(token)}`, siteUrl).toString();
  return {
    to,
    subject: "Confirm your address for Proofdeck",
    text:
      `Someone (we hope you) created a Proofdeck account with this address.\n\n` +
      `To confirm it, open this link and sign in with the password you chose:\n\n${link}\n\n` +
      `The link works for ${TOKEN_TTL_MS / 3600_000} hours. If it was not you, ignore this mail: ` +
      `without the password and this link nobody can use the account.\n`,
  };
}

export function alreadyRegisteredMail(to: string, siteUrl: string): Mail {
  const signIn = new URL("/signin", siteUrl).toString();
  return {
    to,
    subject: "Someone tried to sign up to Proofdeck with your address",
    text:
      `Someone tried to create a Proofdeck account with this address, which already has one.\n\n` +
      `If it was you, sign in instead: ${signIn}\n\n` +
      `If it was not you, nothing changed: your account and password are as they were.\n`,
  };
}

/** The message as an RFC 5322 text (what the outbox keeps, one file per mail). */
export function formatMail(mail: Mail, from: string, date: Date): string {
  const oneLine = (s: string) => s.replace(/[\r\n]+/g, " ");
  return [`From: ${oneLine(from)}`, `To: ${oneLine(mail.to)}`, `Subject: ${oneLine(mail.subject)}`, `Date: ${date.toUTCString()}`, "", mail.text].join("\n");
}
