// Image upload for card Markdown: multipart/form-data with one `file` field. The type is sniffed
// from the bytes (PNG, JPEG, GIF, WebP; SVG and anything else refused: 415), never taken from the
// file's name or the Content-Type the browser sent; at most MAX_MEDIA_BYTES (413, checked while the
// body streams in). Answers { sha256, mime, bytes, url, markdown }: the Markdown to insert.
import { db } from "@/lib/db/client.ts";
import { route } from "@/lib/http/boundary.ts";
import { storeMedia } from "@/lib/media/store.ts";
import { imageAlt, uploadedFile } from "@/lib/media/upload.ts";

/** Stores an uploaded image: any signed-in user (authors of their own decks). */
export const POST = route({ auth: "LEARNER" }, async ({ user, req }) => {
  const { bytes, name } = await uploadedFile(req);
  const stored = await storeMedia(db(), user.id, bytes);
  return { ...stored, markdown: `![${imageAlt(name)}](${stored.url})` };
});
