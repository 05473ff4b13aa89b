// Who is asking, for server components, server actions and route handlers (the boundary,
// lib/http/boundary.ts). The role is read from the database on every request, so a
// changed or removed account takes effect at once rather than when its session token
// expires; the token itself carries only the user id.
//
// Read once per request: currentUser is wrapped in React's cache(), which memoises per
// server render. A page request renders the root layout and the page (and any nested
// layouts) in one React render, so their calls share one session decode and one user
// query. Route handlers and server actions are not React renders (cache() calls straight
// through there): the boundary calls currentUser once per request and hands the user on.
//
// The session cookie is decoded as next-auth's getServerSession would (its JWT, the uid and
// sv our callbacks put there: lib/auth/options.ts), through a short per-process cache
// (token-cache.ts): a learner sends the same cookie with every answer.
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { db, type Db } from "../db/client.ts";
import { findUserById, type PublicUser } from "../users/data.ts";
import { authOptions } from "./options.ts";
import { hasRole, type Role } from "./roles.ts";
import { createTokenCache, type Claims } from "./token-cache.ts";

const tokens = createTokenCache(
  async (token) => {
    const secret = authOptions.secret ?? process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET ?? "";
    // An undecodable, tampered or expired token is no session (as getServerSession answers).
    const jwt = await decode({ token, secret }).catch(() => null);
    if (!jwt?.uid || typeof jwt.exp !== "number") return null;
    return { id: jwt.uid, sv: jwt.sv ?? 0, expiresAt: jwt.exp * 1000 };
  },
  { ttlMs: 60_000, max: 10_000 },
);

/** What a session token says (null: not a valid, unexpired token), decoded at most once a minute per process. */
export const sessionClaims = (token: string, now?: number) => tokens.claims(token, now);

/** The session cookie's value (next-auth splits one over 4 KB into name.0, name.1, …). */
async function sessionToken(): Promise<string | null> {
  const name = `${authOptions.useSecureCookies ? "__Secure-" : ""}next-auth.session-token`;
  const jar = await cookies();
  const whole = jar.get(name)?.value;
  if (whole) return whole;
  const chunks = jar.getAll().filter((c) => c.name.startsWith(`${name}.`));
  if (chunks.length === 0) return null;
  const index = (n: string) => Number(n.slice(name.length + 1));
  return chunks.sort((a, b) => index(a.name) - index(b.name)).map((c) => c.value).join("");
}

/** The user a token's claims name, while the token is still their session. */
export async function userForClaims(db: Db, claims: Claims): Promise<PublicUser | null> {
  const user = await findUserById(db, claims.id);
  // A token from before the user's last sign-out is no longer a session.
  return user && user.sessionVersion === claims.sv ? user : null;
}

export const currentUser = cache(async (): Promise<PublicUser | null> => {
  const token = await sessionToken();
  const claims = token ? await sessionClaims(token) : null;
  if (!claims) return null;
  const user = await userForClaims(db(), claims);
  if (!user) tokens.forget(token!);
  return user;
});

/** The signed-in user, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireUser(returnTo = "/decks"): Promise<PublicUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** The signed-in user if their role is at least `role`; otherwise a 403 page. */
export async function requireRole(role: Role, returnTo: string): Promise<PublicUser> {
  const user = await requireUser(returnTo);
  if (!hasRole(user.role, role)) forbidden();
  return user;
}
