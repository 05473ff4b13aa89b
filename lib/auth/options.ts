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

/** next-auth's POST bodies: a sign-in form (CSRF token, email, password, confirmation token, callback URL) fits in far less. */
export const MAX_AUTH_BODY_BYTES = 4096;

/** Secure cookies unless the site is plain http on this machine (development, tests). */
export function secureCookies(publicUrl: string | undefined, nodeEnv: string | undefined): boolean {
  if (!publicUrl) return nodeEnv === "production";
  const url = new URL(publicUrl);
  if (url.protocol === "https:") return true;
  return !["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
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
        // From a confirmation link (lib/users/verification.ts): signing in with it confirms the address.
        token: { label: "Confirmation token", type: "hidden" },
      },
      async authorize(credentials, req) {
        // scripts/serve.ts rebuilt X-Forwarded-For from the socket and the declared proxies (lib/http/forwarded.ts).
        const ip = clientIp(header(req?.headers, "x-forwarded-for"), trustedProxiesFromEnv());
        const raw = { email: credentials?.email, password: credentials?.password };
        const result = await checkSignIn(db(), raw, ip, new Date(), undefined, credentials?.token || undefined);
        // next-auth passes a thrown message through to the sign-in form as `error`.
        if (!result.ok) throw new Error(result.message);
        const { id, email, name, sessionVersion } = result.user;
        return { id, email, name, sessionVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user) {
        session.user.id = token.uid ?? "";
        session.user.sv = token.sv ?? 0;
      }
      return session;
    },
  },
  events: {
    // Signing out ends every token issued so far (a copied cookie included): currentUser() compares versions.
    async signOut({ token }) {
      if (token?.uid) await db().user.updateMany({ where: { id: token.uid }, data: { sessionVersion: { increment: 1 } } });
    },
  },
  // Secure (and __Secure-prefixed) cookies everywhere but plain-http localhost development.
  useSecureCookies: secureCookies(process.env.NEXTAUTH_URL, process.env.NODE_ENV),
};
