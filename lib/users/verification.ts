// Confirmation links: a random token mailed to the address, kept only as its SHA-256, valid 24 hours.
import crypto from "node:crypto";
import type { Db } from "../db/client.ts";

export const TOKEN_TTL_MS = 24 * 3600 * 1000;

const digest = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** A new token for the user; earlier ones stop working (only the latest mail's link counts). */
export async function issueEmailToken(db: Db, userId: string, now: Date): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  await db.$transaction([
    db.emailToken.deleteMany({ where: { userId } }),
    db.emailToken.create({ data: { userId, tokenHash: digest(token), expiresAt: new Date(now.getTime() + TOKEN_TTL_MS), createdAt: now } }),
  ]);
  return token;
}

/** The unconfirmed account a live token belongs to, or null. */
export async function tokenOwner(db: Db, token: string, now: Date): Promise<{ userId: string; email: string } | null> {
  if (!token || token.length > 100) return null;
  const row = await db.emailToken.findUnique({
    where: { tokenHash: digest(token) },
    select: { expiresAt: true, user: { select: { id: true, email: true, emailVerifiedAt: true } } },
  });
  if (!row || row.expiresAt <= now || row.user.emailVerifiedAt) return null;
  return { userId: row.user.id, email: row.user.email };
}

/** Marks the address confirmed if `token` is the user's live token; the token is used up. */
export async function confirmEmail(db: Db, token: string, userId: string, now: Date): Promise<boolean> {
  const owner = await tokenOwner(db, token, now);
  if (owner?.userId !== userId) return false;
  await db.$transaction([
    db.user.updateMany({ where: { id: userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } }),
    db.emailToken.deleteMany({ where: { userId } }),
  ]);
  return true;
}
