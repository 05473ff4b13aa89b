import { route } from "@/lib/http/boundary.ts";
import { NOTE_BODY_BYTES } from "@/lib/notes/api.ts";
import { previewNote } from "@/lib/notes/data.ts";
import { noteInputSchema } from "@/lib/notes/schema.ts";

/**
 * The cards a note would make, with the HTML review would serve (the same renderMarkdown, on the
 * server; the browser never renders Markdown). Writes nothing; signed-in users only.
 */
export const POST = route({ auth: "LEARNER", body: noteInputSchema, maxBodyBytes: NOTE_BODY_BYTES }, ({ body }) => ({ cards: previewNote(body) }));
