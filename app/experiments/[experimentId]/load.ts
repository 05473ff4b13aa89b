// The experiment an author's page shows: signed in (else to sign-in, back here), a well-formed id, and
// theirs (lib/experiments/access.ts); anything else is a 404 page, as the API answers.
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/client.ts";
import { DomainError } from "@/lib/errors.ts";
import { experimentForEditing } from "@/lib/experiments/access.ts";
import { customExperimentIdSchema } from "@/lib/experiments/api.ts";
import type { ExperimentDetail } from "@/lib/experiments/data.ts";

export async function experimentForPage(experimentId: string, path = ""): Promise<ExperimentDetail> {
  const user = await requireUser(`/experiments/${encodeURIComponent(experimentId)}${path}`);
  const id = customExperimentIdSchema.safeParse(experimentId);
  if (!id.success) notFound();
  return experimentForEditing(db(), user, id.data).catch((err) => {
    if (err instanceof DomainError) notFound();
    throw err;
  });
}
