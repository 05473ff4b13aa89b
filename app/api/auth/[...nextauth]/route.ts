// next-auth's own routes (sign-in, sign-out, session, CSRF token), public by nature. The
// boundary adds its cross-site Origin check on POSTs and its error mapping; next-auth
// reads and checks its form bodies itself (with its own CSRF token). Those bodies are
// read here first, bounded: next-auth would read any size before checking anything.
import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { MAX_AUTH_BODY_BYTES, authOptions } from "@/lib/auth/options.ts";
import { readBodyBytes, route, type RouteHandler } from "@/lib/http/boundary.ts";

const nextAuth = NextAuth(authOptions) as RouteHandler;
const handler = route({ auth: "public" }, async ({ req, ctx }) => {
  if (req.method !== "POST") return nextAuth(req, ctx);
  const body = await readBodyBytes(req, MAX_AUTH_BODY_BYTES); // 413 beyond the limit
  return nextAuth(new NextRequest(req.url, { method: "POST", headers: req.headers, body }), ctx);
});

export { handler as GET, handler as POST };
