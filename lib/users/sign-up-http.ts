// What the sign-up route handlers share: the client's network, the mail context, a refusal as 429.
import { errorResponse } from "../http/boundary.ts";
import { clientIp, trustedProxiesFromEnv } from "../http/forwarded.ts";
import { retryAfterSeconds, signUpLimitsFromEnv } from "../auth/rate-limit.ts";
import { mailerFromEnv } from "../mail/mailer.ts";
import type { MailContext, SignUpOutcome } from "./sign-up.ts";

/** scripts/server.ts rebuilt X-Forwarded-For from the socket and the declared proxies (lib/http/forwarded.ts). */
export const requestIp = (req: Request) => clientIp(req.headers.get("x-forwarded-for"), trustedProxiesFromEnv());

export function mailContext(req: Request): MailContext {
  return { mailer: mailerFromEnv(), siteUrl: process.env.NEXTAUTH_URL || new URL(req.url).origin, limits: signUpLimitsFromEnv() };
}

/** The same answer whatever happened to the address; a throttled request is a 429 with Retry-After. */
export function outcomeResponse(outcome: SignUpOutcome): Response | { sent: true } {
  if (!outcome.refused) return { sent: true };
  const res = errorResponse(429, outcome.message, { retryAfterS: retryAfterSeconds(outcome.retryAfterMs) });
  res.headers.set("retry-after", String(retryAfterSeconds(outcome.retryAfterMs)));
  return res;
}
