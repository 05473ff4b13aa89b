import type { DefaultSession } from "next-auth";

// The session and its token carry the user id only; the role comes from the database
// on every request (lib/auth/session.ts).
declare module "next-auth" {
  interface Session {
    user: DefaultSession["user"] & { id: string };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
  }
}
