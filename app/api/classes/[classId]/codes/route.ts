import { db } from "@/lib/db/client.ts";
import { classParams, createCodeSchema } from "@/lib/classes/api.ts";
import { classForInstructor } from "@/lib/classes/access.ts";
import { formatCode } from "@/lib/classes/codes.ts";
import { createJoinCode } from "@/lib/classes/data.ts";
import { route } from "@/lib/http/boundary.ts";

/** A new join code for the class (shown this once), expiring after `days`. */
export const POST = route(
  { auth: "INSTRUCTOR", params: classParams, body: createCodeSchema, access: ({ user, params }) => classForInstructor(db(), user, params.classId) },
  async ({ user, body, access: c }) => {
    const made = await createJoinCode(db(), c.id, user.id, body.days, new Date());
    return { id: made.id, code: formatCode(made.code), expiresAt: made.expiresAt, joinPath: `/classes/join/${made.code}` };
  },
);
