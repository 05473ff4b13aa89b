// Data access for sign-in and sign-up attempts (the rate limiters' memory).
import type { Db } from "../db/client.ts";
import type { RecentFailures } from "./rate-limit.ts";

// Keys are bounded whatever arrives: an email is at most 254 characters once validated, an address at most
// 45 (IPv6 with an IPv4 tail); anything longer is cut rather than stored whole.
const email254 = (email: string) => email.slice(0, 254);
const ip64 = (ip: string) => ip.slice(0, 64);
export const accountKey = (email: string) => `email:${email254(email)}`;
export const ipKey = (ip: string) => `ip:${ip64(ip)}`;
export const pairKey = (email: string, ip: string) => `pair:${email254(email)}|${ip64(ip)}`;
export const signUpKey = (ip: string) => `signup:${ip64(ip)}`;
export const resendKey = (ip: string) => `resend:${ip64(ip)}`;
export const mailKey = (email: string) => `mail:${email254(email)}`;

/**
 * Records an attempt as failed *before* its password is checked, so attempts made at
 * the same moment see each other and cannot all slip under the limit. Returns the
 * rows' ids, to settle the attempt later.
 */
export async function openAttempt(db: Db, email: string, ip: string, at: Date): Promise<string[]> {
  const rows = await db.authAttempt.createManyAndReturn({
    data: [accountKey(email), ipKey(ip), pairKey(email, ip)].map((key) => ({ key, succeeded: false, createdAt: at })),
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** Failures since `since`, other than the attempt `exclude` (the one being decided). */
export async function recentFailures(db: Db, email: string, ip: string, since: Date, exclude: string[]): Promise<RecentFailures> {
  // A successful sign-in clears earlier failures: the account's all of them, a network's its own.
  const lastSuccess = (key: string) =>
    db.authAttempt.findFirst({ where: { key, succeeded: true, createdAt: { gte: since } }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
  const failuresSince = async (key: string, after: Promise<{ createdAt: Date } | null> | null) => {
    const from = (await after)?.createdAt;
    const rows = await db.authAttempt.findMany({
      where: { key, succeeded: false, createdAt: from ? { gt: from } : { gte: since }, id: { notIn: exclude } },
      select: { createdAt: true },
    });
    return rows.map((r) => r.createdAt);
  };
  const [account, pair, byIp] = await Promise.all([
    failuresSince(accountKey(email), lastSuccess(accountKey(email))),
    failuresSince(pairKey(email, ip), lastSuccess(pairKey(email, ip))),
    failuresSince(ipKey(ip), null),
  ]);
  return { account, pair, ip: byIp };
}

/** A refused attempt leaves no trace, so a lockout does not extend itself. */
export async function discardAttempt(db: Db, ids: string[]): Promise<void> {
  await db.authAttempt.deleteMany({ where: { id: { in: ids } } });
}

export async function settleAttempt(db: Db, ids: string[], succeeded: boolean, at: Date): Promise<void> {
  if (succeeded) await db.authAttempt.updateMany({ where: { id: { in: ids } }, data: { succeeded: true } });
  await forgetOldAttempts(db, at);
}

/** Old attempts are never consulted again. */
export async function forgetOldAttempts(db: Db, at: Date): Promise<void> {
  await db.authAttempt.deleteMany({ where: { createdAt: { lt: new Date(at.getTime() - 24 * 3600 * 1000) } } });
}

/** Records one event under `key` (a sign-up, a resend, a mail) and returns the times of those before it since `since`. */
export async function recordEvent(db: Db, key: string, at: Date, since: Date): Promise<{ id: string; earlier: Date[] }> {
  const { id } = await db.authAttempt.create({ data: { key, succeeded: true, createdAt: at }, select: { id: true } });
  const rows = await db.authAttempt.findMany({ where: { key, createdAt: { gte: since }, id: { not: id } }, select: { createdAt: true } });
  return { id, earlier: rows.map((r) => r.createdAt) };
}
