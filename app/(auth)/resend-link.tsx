"use client";

import { useState } from "react";
import { postJson } from "./post-json.ts";

/** "Send the link again" for an address (throttled on the server; the answer never says whether it has an account). */
export function ResendLink({ email: initial }: { email?: string }) {
  const [email, setEmail] = useState(initial ?? "");
  const [state, setState] = useState<{ kind: "idle" | "pending" | "sent" } | { kind: "error"; message: string }>({ kind: "idle" });

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setState({ kind: "pending" });
    const result = await postJson("/api/auth/resend", { email });
    setState(result.ok ? { kind: "sent" } : { kind: "error", message: result.fields?.email ?? result.error });
  }

  return (
    <form onSubmit={onSubmit} className="form" noValidate>
      {!initial && (
        <label>
          Email
          <input name="email" type="email" autoComplete="email" inputMode="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
      )}
      {state.kind === "sent" && <p role="status">If {email} is waiting for a confirmation, a new link is on its way. Earlier links no longer work.</p>}
      {state.kind === "error" && (
        <p role="alert" className="form-error">
          {state.message}
        </p>
      )}
      <button type="submit" className="button button-secondary" disabled={state.kind === "pending"}>
        {state.kind === "pending" ? "Sending…" : "Send the link again"}
      </button>
    </form>
  );
}
