// The one boundary every entry point goes through: route handlers (`route`) and server
// actions (`action`). Modelled on next-safe-action (dub's safe-action) and next-learn's
// zod-checked server actions. In order, for each request:
//
//   1. route handlers, state-changing methods: refuse a cross-site Origin (403);
//   2. who is asking: `auth: "public"` says so explicitly and reads no user; a role
//      ("LEARNER", "INSTRUCTOR", "ADMIN": at least that role) reads the user (session
//      decode + database row, once per request: lib/auth/session.ts) and answers 401 when
//      nobody is signed in, 403 when their role is too low — the role always comes from
//      the database, never from the session token;
//   3. input through zod: route params, query, JSON body (content-type must be
//      application/json: 415; at most 64 KiB, read as a stream: 413; not JSON: 400), or
//      the server action's argument (a plain object or FormData); a failed check is a 400
//      naming the field;
//   4. `access`: the resource check, through the domain's access module (for decks:
//      lib/decks/access.ts); what it returns is handed to the handler;
//   5. the handler. What it returns is the JSON answer (or a Response, sent as it is).
//
// Errors: a DomainError (lib/errors.ts) becomes its status and message — JSON
// `{ error, ...details }` from a route handler, `{ ok: false, error, fields?, details? }`
// from a server action. Anything else is logged and answered with a 500 and a generic
// message; a raw error never reaches the client. Next's own control flow (redirect(),
// notFound(), …) passes through untouched.
import { NextResponse } from "next/server";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { hasRole, type Role } from "../auth/roles.ts";
import { currentUser } from "../auth/session.ts";
import { fieldErrors } from "../auth/validation.ts";
import { DomainError } from "../errors.ts";
import { API_SECURITY_HEADERS } from "./security-headers.ts";
import type { PublicUser } from "../users/data.ts";

export type Auth = "public" | Role;
type UserOf<A extends Auth> = A extends "public" ? null : PublicUser;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.input<S> : undefined;

export const MAX_BODY_BYTES = 64 * 1024;

export const MESSAGES = {
  signedOut: "You are signed out. Sign in again to continue.",
  unexpected: "Something went wrong on our side; nothing was saved. Please try again.",
  notJson: "The request body must be JSON.",
  jsonOnly: "Send the request body as JSON, with the header content-type: application/json.",
  tooLarge: (limit: number) => `The request body is too large: at most ${Math.round(limit / 1024)} KiB.`,
  crossSite: (origin: string) =>
    `Refused: this request came from another site (${origin}). Proofdeck only accepts changes made from its own pages.`,
} as const;

const ROLE_REFUSED: Record<Role, string> = {
  LEARNER: "You need an account for this.",
  INSTRUCTOR: "Only instructors can do this.",
  ADMIN: "Only administrators can do this.",
};

/** The signed-in user for this entry point: null when public; a DomainError 401/403 when refused. */
async function whoIsAsking<A extends Auth>(auth: A): Promise<UserOf<A>> {
  if (auth === "public") return null as UserOf<A>;
  const user = await currentUser();
  if (!user) throw new DomainError(401, MESSAGES.signedOut);
  if (!hasRole(user.role, auth as Role)) throw new DomainError(403, ROLE_REFUSED[auth as Role]);
  return user as UserOf<A>;
}

export const NUL_REFUSED = "Text cannot contain the NUL character (U+0000).";

/** Where the first string holding U+0000 is in `value` (a path), or null. */
export function nulPath(value: unknown, path: PropertyKey[] = [], depth = 0): PropertyKey[] | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (depth > 100 || value === null || typeof value !== "object" || value instanceof Blob) return null;
  for (const [k, v] of Object.entries(value)) {
    const found = nulPath(v, [...path, Array.isArray(value) ? Number(k) : k], depth + 1);
    if (found) return found;
  }
  return null;
}

/** `path: message` for the first NUL in `value` (the path's parts joined by dots), or null. */
export function nulMessage(value: unknown): { path: PropertyKey[]; message: string } | null {
  const path = nulPath(value);
  if (!path) return null;
  return { path, message: `${path.length ? `${path.map(String).join(".")}: ` : ""}${NUL_REFUSED}` };
}

/**
 * Parses `value`; a failure is a 400 naming the field (`path: message`) with every issue listed.
 * Text holding NUL is refused first, whatever the schema: PostgreSQL cannot store it in a text
 * column, and no field of ours has a use for it. The data layer checks with it too (lib/notes,
 * lib/decks/authoring): imported files reach it without passing a route's check.
 */
export function check<S extends z.ZodType>(schema: S, value: unknown, where: "params" | "query" | "body" | "input"): z.output<S> {
  const nul = nulMessage(value);
  if (nul) {
    throw new DomainError(400, nul.message, {
      issues: [{ in: where, path: nul.path, message: NUL_REFUSED }],
      fields: { [String(nul.path[0] ?? "form")]: NUL_REFUSED },
    });
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.length ? `${issue.path.join(".")}: ` : "";
  throw new DomainError(400, `${field}${issue.message}`, {
    issues: parsed.error.issues.map((i) => ({ in: where, path: i.path, message: i.message })),
    fields: fieldErrors(parsed.error),
  });
}

// ---------------------------------------------------------------------------------
// Route handlers

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Why a state-changing request must be refused as cross-site, or null when it may go on.
 * The site's origin is the one next-auth uses, NEXTAUTH_URL; a request whose Origin has
 * the same host as its own Host header is same-origin too (as Next.js decides for server
 * actions), which covers reaching one instance by another name (127.0.0.1 vs localhost).
 * Browsers send Origin with every POST/PUT/PATCH/DELETE; without it, Sec-Fetch-Site must
 * be same-origin (or none: typed by the user). "same-site" is not enough: a sibling
 * subdomain is same-site. No Origin and no fetch metadata is not a browser (curl, scripts,
 * the tests' fetch): CSRF needs a victim's browser, so those go on to authentication.
 */
export function crossSiteRefusal(req: Request, siteUrl: string | undefined = process.env.NEXTAUTH_URL): string | null {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  const origin = req.headers.get("origin");
  if (origin === null) {
    const site = req.headers.get("sec-fetch-site");
    return site === null || site === "same-origin" || site === "none" ? null : MESSAGES.crossSite(`Sec-Fetch-Site: ${site}`);
  }
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return MESSAGES.crossSite(origin); // "null" (sandboxed frames, privacy redirects) or garbage
  }
  if (siteUrl) {
    try {
      if (new URL(siteUrl).origin === from.origin) return null;
    } catch {
      // a malformed NEXTAUTH_URL: fall back to the Host header
    }
  }
  const host = req.headers.get("host");
  if (host && from.host === host.toLowerCase()) return null;
  return MESSAGES.crossSite(from.origin);
}

/** The body's bytes, refusing more than `limit` whatever content-length claims (uploads). */
export async function readBodyBytes(req: Request, limit: number = MAX_BODY_BYTES): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get("content-length"));
  if (declared > limit) throw new DomainError(413, MESSAGES.tooLarge(limit));
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new DomainError(413, MESSAGES.tooLarge(limit));
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

/** The body as text, refusing more than `limit` bytes whatever content-length claims. */
export async function readBodyText(req: Request, limit: number = MAX_BODY_BYTES): Promise<string> {
  const bytes = await readBodyBytes(req, limit);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new DomainError(400, MESSAGES.notJson);
  }
}

/** The JSON body: application/json only (415), bounded (413), parsed (400). */
export async function readJsonBody(req: Request, limit: number = MAX_BODY_BYTES): Promise<unknown> {
  const type = req.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
  if (type !== "application/json") throw new DomainError(415, MESSAGES.jsonOnly);
  const text = await readBodyText(req, limit);
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError(400, MESSAGES.notJson);
  }
}

function queryOf(req: Request): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URL(req.url).searchParams) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

const JSON_HEADERS: HeadersInit = [["cache-control", "no-store"], ...API_SECURITY_HEADERS.map(([k, v]) => [k, v] as [string, string])];

export function errorResponse(status: number, error: string, extra?: Record<string, unknown>): Response {
  return NextResponse.json({ ...extra, error }, { status, headers: JSON_HEADERS });
}

/** A handler's own Response (a download, a redirect) gets the security headers it did not set itself. */
function withSecurityHeaders(res: Response): Response {
  try {
    for (const [name, value] of API_SECURITY_HEADERS) if (!res.headers.has(name)) res.headers.set(name, value);
  } catch {
    // Response.redirect() and fetched responses have immutable headers: sent as they are.
  }
  return res;
}

type Schema = z.ZodType | undefined;

export interface RouteInput<A extends Auth, P extends Schema, Q extends Schema, B extends Schema> {
  user: UserOf<A>;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
}

export interface RouteConfig<A extends Auth, P extends Schema, Q extends Schema, B extends Schema, X> {
  /** "public", or the least role that may call it. */
  auth: A;
  /** The route's dynamic segments (an object schema). */
  params?: P;
  /** The query string (an object schema; a repeated key gives an array). */
  query?: Q;
  /** The JSON body; declaring it makes application/json and the size limit required. */
  body?: B;
  /** Body size limit in bytes (default MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  /** The resource check, through the domain's access module; its result goes to the handler. */
  access?: (input: RouteInput<A, P, Q, B>) => Promise<X> | X;
}

export type RouteContext = { params?: Promise<Record<string, string | string[] | undefined>> };
export type RouteHandler = (req: Request, ctx: RouteContext) => Promise<Response>;

/**
 * A route handler behind the boundary. The handler's result is sent as JSON (200,
 * no-store); a Response it returns is sent as it is.
 */
export function route<A extends Auth, P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined, X = undefined>(
  config: RouteConfig<A, P, Q, B, X>,
  handler: (input: RouteInput<A, P, Q, B> & { access: X; req: Request; ctx: RouteContext }) => unknown,
): RouteHandler {
  return async (req, ctx) => {
    try {
      const refusal = crossSiteRefusal(req);
      if (refusal) throw new DomainError(403, refusal);
      const user = await whoIsAsking(config.auth);
      const input: RouteInput<A, P, Q, B> = {
        user,
        params: (config.params ? check(config.params, (await ctx?.params) ?? {}, "params") : undefined) as Out<P>,
        query: (config.query ? check(config.query, queryOf(req), "query") : undefined) as Out<Q>,
        body: (config.body ? check(config.body, await readJsonBody(req, config.maxBodyBytes), "body") : undefined) as Out<B>,
      };
      const access = (config.access ? await config.access(input) : undefined) as X;
      const result = await handler({ ...input, access, req, ctx });
      if (result instanceof Response) return withSecurityHeaders(result);
      return NextResponse.json(result ?? null, { headers: JSON_HEADERS });
    } catch (err) {
      unstable_rethrow(err);
      if (err instanceof DomainError) return errorResponse(err.status, err.message, err.details);
      console.error(`[boundary] ${req.method} ${safePath(req)} failed:`, err);
      return errorResponse(500, MESSAGES.unexpected);
    }
  };
}

function safePath(req: Request): string {
  try {
    return new URL(req.url).pathname;
  } catch {
    return "?";
  }
}

// ---------------------------------------------------------------------------------
// Server actions

export type ActionFailure = { ok: false; error: string; fields?: Record<string, string>; details?: Record<string, unknown> };
export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

export interface ActionConfig<A extends Auth, I extends Schema, X> {
  /** For the logs. */
  name: string;
  /** "public", or the least role that may call it. */
  auth: A;
  /** The action's argument: a plain object or FormData (made into an object first). */
  input?: I;
  /** The resource check, through the domain's access module; its result goes to the handler. */
  access?: (input: { user: UserOf<A>; input: Out<I> }) => Promise<X> | X;
}

function fromFormData(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}

/**
 * A server action behind the boundary: `export const doIt = action({...}, handler)` in a
 * "use server" file. It never throws to the client (except Next's redirect() and
 * friends): it resolves to `{ ok: true, data }` or `{ ok: false, error, fields?, details? }`.
 * Cross-site calls are refused by Next.js itself before the action runs (it compares the
 * Origin with the Host header for every server action).
 */
export function action<A extends Auth, I extends Schema = undefined, X = undefined, R = void>(
  config: ActionConfig<A, I, X>,
  handler: (input: { user: UserOf<A>; input: Out<I>; access: X }) => Promise<R> | R,
): (input: In<I> | FormData) => Promise<ActionResult<R>> {
  return async (raw) => {
    try {
      const user = await whoIsAsking(config.auth);
      const value = raw instanceof FormData ? fromFormData(raw) : raw;
      const input = (config.input ? check(config.input, value, "input") : undefined) as Out<I>;
      const access = (config.access ? await config.access({ user, input }) : undefined) as X;
      return { ok: true, data: await handler({ user, input, access }) };
    } catch (err) {
      unstable_rethrow(err);
      if (err instanceof DomainError) {
        const { fields, issues: _issues, ...details } = err.details ?? {};
        const failure: ActionFailure = { ok: false, error: err.message };
        if (fields) failure.fields = fields as Record<string, string>;
        if (Object.keys(details).length) failure.details = details;
        return failure;
      }
      console.error(`[boundary] action ${config.name} failed:`, err);
      return { ok: false, error: MESSAGES.unexpected };
    }
  };
}
