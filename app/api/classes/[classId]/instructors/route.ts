import { db } from "@/lib/db/client.ts";
import { addInstructorSchema, classParams } from "@/lib/classes/api.ts";
import { classForInstructor } from "@/lib/classes/access.ts";
import { addInstructor } from "@/lib/classes/data.ts";
import { route } from "@/lib/http/boundary.ts";

/** Adds a co-instructor (an instructor account, by address); they get the same rights over the class. */
export const POST = route(
  { auth: "INSTRUCTOR", params: classParams, body: addInstructorSchema, access: ({ user, params }) => classForInstructor(db(), user, params.classId) },
  ({ body, access: c }) => addInstructor(db(), c.id, body.email),
);
