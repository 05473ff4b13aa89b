// next-auth configuration: email + password (credentials) with JWT sessions, which any
// number of app instances can verify with the shared NEXTAUTH_SECRET. The token names the
// user and nothing else: roles are read from the database on every request
// (lib/auth/session.ts), so a demoted instructor loses access at once.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "../db/client.ts";
import { clientIp, trustedProxiesFromEnv } from "../http/forwarded.ts";
import { checkSignIn } from "./sign-in.ts";

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return Array.isArray(value) ? value.join(",") : typeof value === "string" ? value : undefined;
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        // scripts/serve.ts rebuilt X-Forwarded-For from the socket and the declared proxies (lib/http/forwarded.ts).
        const ip = clientIp(header(req?.headers, "x-forwarded-for"), trustedProxiesFromEnv());
        const result = await checkSignIn(db(), { email: credentials?.email, password: credentials?.password }, ip);
        // next-auth passes a thrown message through to the sign-in form as `error`.
        if (!result.ok) throw new Error(result.message);
        const { id, email, name } = result.user;
        return { id, email, name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user) session.user.id = token.uid ?? "";
      return session;
    },
  },
};
