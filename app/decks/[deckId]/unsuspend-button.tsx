"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

export function UnsuspendButton({ cardId, label }: { cardId: string; label: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <button
        type="button"
        className="link-button small"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const res = await fetch(`/api/cards/${cardId}/actions`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ action: "unsuspend" }),
            });
            if (!res.ok) setError(((await res.json().catch(() => ({}))) as { error?: string }).error ?? "Could not change the card.");
            else router.refresh();
          })
        }
      >
        {label}
      </button>
      {error && (
        <span role="alert" className="field-error">
          {" "}
          {error}
        </span>
      )}
    </>
  );
}
