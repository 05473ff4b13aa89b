// A learner's device grading over HTTP, as the review screen does (POST /api/reviews with a review
// id made once per answer), for the crash and two-instance tests.
import crypto from "node:crypto";
import type { Db } from "../../lib/db/client.ts";
import { signUpSchema } from "../../lib/auth/validation.ts";
import { enrol } from "../../lib/decks/data.ts";
import { createUser } from "../../lib/users/data.ts";

export interface GradeRequest {
  reviewId: string;
  cardId: string;
  grade: number;
  durationMs: number;
  expectedVersion: number;
  studyAhead: true;
}

export type GradeOutcome =
  /** The server answered: 200 with the recorded (or duplicate) answer, or a refusal such as 409. */
  | { answered: true; status: number; body: GradeBody }
  /** No answer came back (the connection broke): the answer may or may not have been recorded. */
  | { answered: false; error: string };

export interface GradeBody {
  status?: "recorded" | "duplicate";
  error?: string;
  state?: { version: number };
  next?: { cardId: string; state: { version: number } } | null;
}

export const gradeRequest = (cardId: string, expectedVersion: number, grade = 4): GradeRequest => ({
  reviewId: crypto.randomUUID(), cardId, grade, durationMs: 2500, expectedVersion, studyAhead: true,
});

export async function postGrade(baseUrl: string, cookie: string, input: GradeRequest): Promise<GradeOutcome> {
  try {
    const res = await fetch(`${baseUrl}/api/reviews`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(input) });
    return { answered: true, status: res.status, body: (await res.json()) as GradeBody };
  } catch (err) {
    return { answered: false, error: String((err as Error).cause ?? err) };
  }
}

/** A learner who can sign in (password known), enrolled in the deck. */
export async function learnerWithPassword(db: Db, deckId: string, label: string): Promise<{ id: string; email: string; password: string }> {
  const password = "a-long-study-passphrase";
  const email = `${label}-${crypto.randomBytes(4).toString("hex")}@example.com`;
  const user = await createUser(db, signUpSchema.parse({ name: label, email, password }));
  await enrol(db, deckId, user);
  return { id: user.id, email, password };
}
