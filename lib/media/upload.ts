// Reading an image upload: a multipart/form-data body with one `file` field, bounded while it
// streams in (lib/http/boundary.ts readBodyBytes).
import { DomainError } from "../errors.ts";
import { readBodyBytes } from "../http/boundary.ts";
import { MAX_UPLOAD_BODY_BYTES, TOO_LARGE } from "./store.ts";

const NOT_MULTIPART = "Send the image as multipart/form-data with a field named file.";

/** The `file` field of a multipart body (bounded), as bytes; a DomainError when there is none. */
export async function uploadedFile(req: Request): Promise<{ bytes: Uint8Array; name: string }> {
  const type = req.headers.get("content-type") ?? "";
  if (type.split(";")[0].trim().toLowerCase() !== "multipart/form-data") throw new DomainError(415, NOT_MULTIPART);
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readBodyBytes(req, MAX_UPLOAD_BODY_BYTES);
  } catch (err) {
    if (err instanceof DomainError && err.status === 413) throw new DomainError(413, TOO_LARGE, { fields: { file: TOO_LARGE } });
    throw err;
  }
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": type } }).formData();
  } catch {
    throw new DomainError(400, NOT_MULTIPART);
  }
  const file = form.get("file");
  if (!(file instanceof Blob)) throw new DomainError(400, "Choose an image to upload.", { fields: { file: "Choose an image to upload." } });
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file instanceof File ? file.name : "" };
}


/** Alt text from a file name: "conv diagram.png" → "conv diagram" (no brackets or line breaks). */
export const imageAlt = (name: string) => name.replace(/\.[a-z0-9]+$/i, "").replace(/[[\]\\\n\r]/g, " ").trim().slice(0, 100) || "image";
