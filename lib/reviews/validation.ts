// What the review endpoints accept. Deck and card ids use the one schema per kind of id (lib/decks/ids.ts).
import { z } from "zod";
import { cardIdSchema, deckIdSchema } from "../decks/ids.ts";

export const gradeInputSchema = z.object({
  // Made by the client once per answer, so a retried request is recognised.
  reviewId: z.uuid({ error: "reviewId must be a UUID made by the client for this answer." }),
  cardId: cardIdSchema,
  grade: z.number({ error: "grade must be a number." }).int("grade must be a whole number from 0 to 5.").min(0, "grade must be from 0 to 5.").max(5, "grade must be from 0 to 5."),
  durationMs: z.number({ error: "durationMs must be a number." }).int("durationMs must be whole milliseconds.").min(0, "durationMs cannot be negative.").max(24 * 3600 * 1000, "durationMs is longer than a day."),
  // The card version the client showed; a different stored version means another tab answered first.
  expectedVersion: z.number({ error: "expectedVersion must be a number." }).int("expectedVersion must be a whole number.").min(0, "expectedVersion cannot be negative."),
  // A card that is not due today is graded only when the learner chose to study ahead.
  studyAhead: z.boolean({ error: "studyAhead must be true or false." }).optional(),
});
export type GradeInput = z.infer<typeof gradeInputSchema>;

export const undoInputSchema = z.object({
  deckId: deckIdSchema,
  // Like reviewId: a retried or double-clicked undo undoes one answer, not two.
  undoId: z.uuid({ error: "undoId must be a UUID made by the client for this undo." }),
  // The answer to undo (the latest the client knows): a second press after a lost response undoes nothing more.
  reviewId: z.uuid({ error: "reviewId must be the id of the answer to undo." }).optional(),
});

export const cardActionInputSchema = z.object({
  action: z.enum(["bury", "suspend", "unsuspend"], { error: 'action must be "bury", "suspend" or "unsuspend".' }),
});
export type CardAction = z.infer<typeof cardActionInputSchema>["action"];

// Re-exported for existing importers; new code imports lib/decks/ids.ts.

// An answer made offline and sent when the connection returned (lib/reviews/offline.ts): the server
// recomputes its state from the grade; the time and version only place it and tell a merge apart.
export const offlineAnswerSchema = z.object({
  reviewId: gradeInputSchema.shape.reviewId,
  cardId: cardIdSchema,
  grade: gradeInputSchema.shape.grade,
  durationMs: gradeInputSchema.shape.durationMs,
  answeredAt: z.iso.datetime({ offset: true, error: "answeredAt must be an ISO date-time." }),
  // The card version the device computed this answer from; another one means another device answered meanwhile.
  baseVersion: gradeInputSchema.shape.expectedVersion,
});
export type OfflineAnswerInput = z.infer<typeof offlineAnswerSchema>;
