"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { send } from "./send.ts";

/** Publish (learners can find and add the deck) or unpublish it (POST /api/decks/[deckId]/publish). */
export function PublishToggle({ deckId, published }: { deckId: string; published: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="authoring-publish">
      <p className="small">
        <span className="badge" data-testid="publish-status">
          {published ? "Published" : "Draft"}
        </span>{" "}
        {published ? "Learners can find this deck and add it." : "Only you can see this deck."}
      </p>
      <button
        type="button"
        className={published ? "button button-secondary button-small" : "button button-small"}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await send(`/api/decks/${deckId}/publish`, "POST", { published: !published });
            if (!result.ok) setError(result.error);
            else router.refresh();
          })
        }
      >
        {pending ? "Saving…" : published ? "Unpublish" : "Publish"}
      </button>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
