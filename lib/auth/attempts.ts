// Data access for sign-in attempts (the rate limiter's memory).
import type { Db } from "../db/client.ts";
import type { RecentFailures } from "./rate-limit.ts";

export const accountKey = (email: string) => `email:${email}`;
export const ipKey = (ip: string) => `ip:${ip}`;

export async function recentFailures(db: Db, email: string, ip: string, since: Date): Promise<RecentFailures> {
  // A successful sign-in clears the account's earlier failures.
  const lastSuccess = await db.authAttempt.findFirst({
    where: { key: accountKey(email), succeeded: true, createdAt: { gte: since } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const [account, byIp] = await Promise.all([
    db.authAttempt.findMany({
      where: { key: accountKey(email), succeeded: false, createdAt: { gt: lastSuccess?.createdAt ?? since } },
      select: { createdAt: true },
    }),
    db.authAttempt.findMany({ where: { key: ipKey(ip), succeeded: false, createdAt: { gte: since } }, select: { createdAt: true } }),
  ]);
  return { account: account.map((a) => a.createdAt), ip: byIp.map((a) => a.createdAt) };
}

export async function recordAttempt(db: Db, email: string, ip: string, succeeded: boolean, at: Date): Promise<void> {
  await db.authAttempt.createMany({
    data: [
      { key: accountKey(email), succeeded, createdAt: at },
      { key: ipKey(ip), succeeded, createdAt: at },
    ],
  });
  // Old attempts are never consulted again.
  await db.authAttempt.deleteMany({ where: { createdAt: { lt: new Date(at.getTime() - 24 * 3600 * 1000) } } });
}
