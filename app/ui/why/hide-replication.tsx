"use client";
// The author's switch for one contributed run: hidden runs leave the tally and are counted as hidden.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

export function HideReplication({ id, hidden }: { id: string; hidden: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const toggle = () =>
    start(async () => {
      setError(null);
      const res = await fetch(`/api/replications/${id}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ hidden: !hidden }) }).catch(() => null);
      if (!res?.ok) setError(((await res?.json().catch(() => null)) as { error?: string } | null)?.error ?? "Could not reach Proofdeck.");
      else router.refresh();
    });
  return (
    <>
      <button type="button" className="link-button" onClick={toggle} disabled={pending}>
        {hidden ? "Show" : "Hide"}
      </button>
      {error && <span role="alert"> {error}</span>}
    </>
  );
}
