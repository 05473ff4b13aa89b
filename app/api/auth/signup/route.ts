// POST /api/auth/signup {name, email, password}: always { sent: true } (or 429); the mail says the rest.
import { db } from "@/lib/db/client.ts";
import { signUpSchema } from "@/lib/auth/validation.ts";
import { route } from "@/lib/http/boundary.ts";
import { signUp } from "@/lib/users/sign-up.ts";
import { mailContext, outcomeResponse, requestIp } from "@/lib/users/sign-up-http.ts";

export const POST = route({ auth: "public", body: signUpSchema, maxBodyBytes: 4096 }, async ({ body, req }) =>
  outcomeResponse(await signUp(db(), body, requestIp(req), new Date(), mailContext(req))),
);
