// What both bare baselines (bare-server.ts on better-sqlite3, bare-server-pg.ts on pg) share:
// the request checks the app's zod schema makes (same messages), errors and JSON answers.
import type http from "node:http";

export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const ID = /^[A-Za-z0-9_-]{1,64}$/;
export const SESSION_PATH = /^\/api\/decks\/([^/]+)\/session$/;
const isInt = (v: unknown, min: number, max: number): v is number => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;

export interface GradeInput { reviewId: string; cardId: string; grade: number; durationMs: number; expectedVersion: number }
export function parseGrade(body: unknown): GradeInput {
  const o = body as Partial<GradeInput> | null;
  if (!o || typeof o !== "object") throw new HttpError(400, "The request body must be JSON.");
  if (typeof o.reviewId !== "string" || !UUID.test(o.reviewId)) throw new HttpError(400, "reviewId: reviewId must be a UUID made by the client for this answer.");
  if (typeof o.cardId !== "string" || !ID.test(o.cardId.trim())) throw new HttpError(400, "cardId: Malformed id.");
  if (!isInt(o.grade, 0, 5)) throw new HttpError(400, "grade: grade must be from 0 to 5.");
  if (!isInt(o.durationMs, 0, 24 * 3600 * 1000)) throw new HttpError(400, "durationMs: out of range.");
  if (!isInt(o.expectedVersion, 0, Number.MAX_SAFE_INTEGER)) throw new HttpError(400, "expectedVersion: must be a whole number.");
  return { reviewId: o.reviewId, cardId: o.cardId.trim(), grade: o.grade, durationMs: o.durationMs, expectedVersion: o.expectedVersion };
}

export function send(res: http.ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json), "cache-control": "no-store" });
  res.end(json);
}

/** Answers a failed request: its HttpError's status and message, or a 500 like the app's. */
export function sendError(res: http.ServerResponse, err: unknown) {
  if (err instanceof HttpError) return send(res, err.status, { error: err.message, ...err.details });
  console.error(err);
  send(res, 500, { error: "Something went wrong on our side; nothing was saved. Please try again." });
}

/** Listens on PORT (or a free port) on loopback, prints `listening <port>`, and closes on SIGINT/SIGTERM. */
export function serve(server: http.Server, closeDb: () => Promise<void> | void) {
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
    const { port } = server.address() as import("node:net").AddressInfo;
    console.log(`listening ${port}`);
  });
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      server.close();
      server.closeAllConnections();
      void Promise.resolve(closeDb()).finally(() => process.exit(0));
    });
  }
}
