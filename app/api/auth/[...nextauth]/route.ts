// next-auth's own routes (sign-in, sign-out, session, CSRF token), public by nature. The
// boundary adds its cross-site Origin check on POSTs and its error mapping; next-auth
// reads and checks its form bodies itself (with its own CSRF token).
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options.ts";
import { route, type RouteHandler } from "@/lib/http/boundary.ts";

const nextAuth = NextAuth(authOptions) as RouteHandler;
const handler = route({ auth: "public" }, ({ req, ctx }) => nextAuth(req, ctx));

export { handler as GET, handler as POST };
