import type { DefaultSession } from "next-auth";

// The session and its token carry the user id and the session version only; the role comes from the
// database on every request (lib/auth/session.ts).
declare module "next-auth" {
  interface Session {
    user: DefaultSession["user"] & { id: string; sv: number };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    /** The user's sessionVersion when the token was issued. */
    sv?: number;
  }
}
