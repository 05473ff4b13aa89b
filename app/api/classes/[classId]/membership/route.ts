import { db } from "@/lib/db/client.ts";
import { classParams } from "@/lib/classes/api.ts";
import { classForMember } from "@/lib/classes/access.ts";
import { leaveClass } from "@/lib/classes/data.ts";
import { route } from "@/lib/http/boundary.ts";

/** Leaves the class. The decks stay in the learner's decks, with their schedule and history. */
export const DELETE = route(
  { auth: "LEARNER", params: classParams, access: ({ user, params }) => classForMember(db(), user, params.classId) },
  async ({ user, access: c }) => {
    await leaveClass(db(), c.id, user.id);
    return { left: true };
  },
);
