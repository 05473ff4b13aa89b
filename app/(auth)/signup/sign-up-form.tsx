"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { postJson } from "../post-json.ts";

export function SignUpForm({ minPasswordLength }: { minPasswordLength: number }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    setPending(true);
    setErrors({});
    const result = await postJson("/api/auth/signup", input);
    if (!result.ok) {
      setErrors(result.fields ?? { form: result.error });
      setPending(false);
      return;
    }
    // The same page whether or not the address already had an account: the mail says which.
    router.push(`/signup/check-inbox?email=${encodeURIComponent(input.email.trim().toLowerCase())}`);
  }

  const fieldError = (name: string) =>
    errors[name] ? (
      <span className="field-error" id={`${name}-error`} role="alert">
        {errors[name]}
      </span>
    ) : null;

  return (
    <form onSubmit={onSubmit} className="form" noValidate>
      {errors.form && (
        <p role="alert" className="form-error">
          {errors.form}
        </p>
      )}
      <label>
        Name
        <input name="name" autoComplete="name" required aria-invalid={!!errors.name} aria-describedby="name-error" />
        {fieldError("name")}
      </label>
      <label>
        Email
        <input name="email" type="email" autoComplete="email" inputMode="email" required aria-invalid={!!errors.email} aria-describedby="email-error" />
        {fieldError("email")}
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={minPasswordLength}
          aria-invalid={!!errors.password}
          aria-describedby="password-hint password-error"
        />
        <span className="hint" id="password-hint">
          At least {minPasswordLength} characters; not a common password.
        </span>
        {fieldError("password")}
      </label>
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Creating your account…" : "Create account"}
      </button>
    </form>
  );
}
