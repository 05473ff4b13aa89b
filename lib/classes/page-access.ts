// A class page's guard: the access rule's DomainError becomes the page's 404 or 403.
import { forbidden, notFound } from "next/navigation";
import { DomainError } from "../errors.ts";
import { classIdSchema } from "./api.ts";

export async function guardPage<T>(rawId: string, guard: (classId: string) => Promise<T>): Promise<T> {
  const id = classIdSchema.safeParse(rawId);
  if (!id.success) notFound();
  try {
    return await guard(id.data);
  } catch (err) {
    if (err instanceof DomainError && err.status === 403) forbidden();
    if (err instanceof DomainError && err.status === 404) notFound();
    throw err;
  }
}
