// POST /api/auth/resend {email}: a new confirmation link if the address awaits one; the same answer otherwise.
import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { emailSchema } from "@/lib/auth/validation.ts";
import { route } from "@/lib/http/boundary.ts";
import { resendConfirmation } from "@/lib/users/sign-up.ts";
import { mailContext, outcomeResponse, requestIp } from "@/lib/users/sign-up-http.ts";

export const POST = route({ auth: "public", body: z.object({ email: emailSchema }), maxBodyBytes: 1024 }, async ({ body, req }) =>
  outcomeResponse(await resendConfirmation(db(), body.email, requestIp(req), new Date(), mailContext(req))),
);
