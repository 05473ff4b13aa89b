// Data access for sign-in attempts (the rate limiter's memory).
import type { Db } from "../db/client.ts";
import type { RecentFailures } from "./rate-limit.ts";

// Keys are bounded whatever arrives: an email is at most 254 characters once validated, an address at most
// 45 (IPv6 with an IPv4 tail); anything longer is cut rather than stored whole.
export const accountKey = (email: string) => `email:${email.slice(0, 254)}`;
export const ipKey = (ip: string) => `ip:${ip.slice(0, 64)}`;

/**
 * Records an attempt as failed *before* its password is checked, so attempts made at
 * the same moment see each other and cannot all slip under the limit. Returns the
 * rows' ids, to settle the attempt later.
 */
export async function openAttempt(db: Db, email: string, ip: string, at: Date): Promise<string[]> {
  const rows = await db.authAttempt.createManyAndReturn({
    data: [
      { key: accountKey(email), succeeded: false, createdAt: at },
      { key: ipKey(ip), succeeded: false, createdAt: at },
    ],
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** Failures in the window, other than the attempt `exclude` (the one being decided). */
export async function recentFailures(db: Db, email: string, ip: string, since: Date, exclude: string[]): Promise<RecentFailures> {
  // A successful sign-in clears the account's earlier failures.
  const lastSuccess = await db.authAttempt.findFirst({
    where: { key: accountKey(email), succeeded: true, createdAt: { gte: since } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const [account, byIp] = await Promise.all([
    db.authAttempt.findMany({
      where: { key: accountKey(email), succeeded: false, createdAt: { gt: lastSuccess?.createdAt ?? since }, id: { notIn: exclude } },
      select: { createdAt: true },
    }),
    db.authAttempt.findMany({
      where: { key: ipKey(ip), succeeded: false, createdAt: { gte: since }, id: { notIn: exclude } },
      select: { createdAt: true },
    }),
  ]);
  return { account: account.map((a) => a.createdAt), ip: byIp.map((a) => a.createdAt) };
}

/** A refused attempt leaves no trace, so a lockout does not extend itself. */
export async function discardAttempt(db: Db, ids: string[]): Promise<void> {
  await db.authAttempt.deleteMany({ where: { id: { in: ids } } });
}

export async function settleAttempt(db: Db, ids: string[], succeeded: boolean, at: Date): Promise<void> {
  if (succeeded) await db.authAttempt.updateMany({ where: { id: { in: ids } }, data: { succeeded: true } });
  // Old attempts are never consulted again.
  await db.authAttempt.deleteMany({ where: { createdAt: { lt: new Date(at.getTime() - 24 * 3600 * 1000) } } });
}
