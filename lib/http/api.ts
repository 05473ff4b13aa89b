// Route-handler plumbing: who is asking (401 when nobody), input checked with zod (400
// with the first problem, per field), domain errors to their status, JSON out.
import { NextResponse } from "next/server";
import { z } from "zod";
import { currentUser } from "../auth/session.ts";
import type { PublicUser } from "../users/data.ts";
import { ReviewError } from "../reviews/data.ts";

export function errorResponse(status: number, error: string, extra?: Record<string, unknown>) {
  return NextResponse.json({ error, ...extra }, { status, headers: { "cache-control": "no-store" } });
}

export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new ReviewError(400, "The request body must be JSON.");
  }
  return parse(schema, body);
}

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
    throw new ReviewError(400, `${where}${issue.message}`, { issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })) });
  }
  return parsed.data;
}

export function authed<C>(handler: (user: PublicUser, req: Request, ctx: C) => Promise<unknown>) {
  return async (req: Request, ctx: C) => {
    const user = await currentUser();
    if (!user) return errorResponse(401, "You are signed out. Sign in again to continue.");
    try {
      const body = await handler(user, req, ctx);
      return NextResponse.json(body, { headers: { "cache-control": "no-store" } });
    } catch (err) {
      if (err instanceof ReviewError) return errorResponse(err.status, err.message, err.details);
      console.error(err);
      return errorResponse(500, "Something went wrong on our side; nothing was saved. Please try again.");
    }
  };
}
