"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { isUnconfirmed } from "@/lib/auth/sign-in-messages.ts";
import { ResendLink } from "../resend-link.tsx";

/** `email` and `token`: signing in from a confirmation link (app/(auth)/verify-email), which confirms the address. */
export function SignInForm({ returnTo, email, token, submitLabel = "Sign in" }: { returnTo: string; email?: string; token?: string; submitLabel?: string }) {
  const router = useRouter();
  const [error, setError] = useState<{ message: string; email: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const typed = String(form.get("email") ?? "");
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: typed,
      password: String(form.get("password") ?? ""),
      ...(token ? { token } : {}),
      redirect: false,
    });
    if (!result || result.error) {
      setPending(false);
      // The server's message (wrong password, throttled, unconfirmed, malformed input) is shown as is.
      setError({ message: result?.error && result.error !== "CredentialsSignin" ? result.error : "Wrong email or password.", email: typed });
      return;
    }
    router.replace(returnTo);
    router.refresh();
  }

  return (
    <>
      <form onSubmit={onSubmit} className="form" noValidate>
        {error && (
          <p role="alert" className="form-error">
            {error.message}
          </p>
        )}
        <label>
          Email
          <input name="email" type="email" autoComplete="email" inputMode="email" required defaultValue={email} readOnly={!!email} />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Signing in…" : submitLabel}
        </button>
      </form>
      {/* Only after the right password, so offering a new link tells nothing new. */}
      {error && isUnconfirmed(error.message) && <ResendLink email={error.email.trim().toLowerCase()} />}
    </>
  );
}
