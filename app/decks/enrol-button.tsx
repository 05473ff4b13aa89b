"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { enrolInDeck } from "./actions.ts";

export function EnrolButton({ deckId }: { deckId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div>
      <button
        type="button"
        className="button button-small"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await enrolInDeck({ deckId });
            if (!result.ok) setError(result.error);
            else router.refresh();
          })
        }
      >
        {pending ? "Adding…" : "Add to my decks"}
      </button>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
