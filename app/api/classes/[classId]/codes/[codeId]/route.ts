import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { classIdSchema, codeIdSchema } from "@/lib/classes/api.ts";
import { classForInstructor } from "@/lib/classes/access.ts";
import { revokeJoinCode } from "@/lib/classes/data.ts";
import { route } from "@/lib/http/boundary.ts";

/** Revokes a join code: it stops working at once; learners who joined with it stay. */
export const DELETE = route(
  { auth: "INSTRUCTOR", params: z.object({ classId: classIdSchema, codeId: codeIdSchema }), access: ({ user, params }) => classForInstructor(db(), user, params.classId) },
  async ({ params, access: c }) => {
    await revokeJoinCode(db(), c.id, params.codeId, new Date());
    return { revoked: true };
  },
);
