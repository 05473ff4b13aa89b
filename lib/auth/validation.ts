import { z } from "zod";

// A short list of passwords that pass a length rule but are guessed first.
const COMMON_PASSWORDS = new Set([
  "password", "password1", "password12", "password123", "passw0rd", "1234567890", "12345678910",
  "qwertyuiop", "qwerty1234", "qwerty12345", "iloveyou12", "letmein123", "welcome123", "admin12345",
  "abcdefghij", "abc1234567", "1q2w3e4r5t", "0987654321", "1111111111", "aaaaaaaaaa", "proofdeck1",
  "proofdeck123", "flashcards", "changeme123",
]);

export const PASSWORD_MIN_LENGTH = 10;

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address, like name@example.com."));

export const passwordSchema = z
  .string({ error: "Enter a password." })
  .min(1, "Enter a password.")
  .min(PASSWORD_MIN_LENGTH, `Password is too weak: use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(200, "Password is too long: use at most 200 characters.")
  .refine((p) => new Set(p).size >= 5, "Password is too weak: use at least 5 different characters.")
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), "Password is too weak: it is one of the most common passwords.");

export const signUpSchema = z
  .object({
    name: z.string({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(80, "Name is too long: use at most 80 characters."),
    email: emailSchema,
    password: passwordSchema,
  })
  .refine((d) => !d.password.toLowerCase().includes(d.email.split("@")[0]) || d.email.split("@")[0].length < 4, {
    path: ["password"],
    message: "Password is too weak: it contains your email name.",
  });

export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(200, "Password is too long."),
});

export type SignInInput = z.infer<typeof signInSchema>;

/** Field → first message, for showing next to form fields. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}
