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
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { db } from "../db/client.ts";
import { findUserById, type PublicUser } from "../users/data.ts";
import { authOptions } from "./options.ts";
import { hasRole, type Role } from "./roles.ts";

export const currentUser = cache(async (): Promise<PublicUser | null> => {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  const user = await findUserById(db(), id);
  // A token from before the user's last sign-out is no longer a session.
  return user && user.sessionVersion === (session.user.sv ?? 0) ? user : null;
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
