"use client";
// A note's evidence: which experiment its cards' answers rest on (one of the author's own, or one of
// Proofdeck's registry experiments), or none. Saved at once; the why view follows.
import Link from "@/app/ui/link.tsx";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { send } from "./send.ts";

export interface ExperimentChoice {
  id: string;
  label: string;
}

export function EvidencePicker({ noteId, label, value, own, registry }: { noteId: string; label: string; value: string | null; own: ExperimentChoice[]; registry: ExperimentChoice[] }) {
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const known = value === null || [...own, ...registry].some((c) => c.id === value);

  const choose = (next: string) =>
    startTransition(async () => {
      setError(null);
      const result = await send(`/api/notes/${noteId}/experiment`, "PUT", { experimentId: next === "" ? null : next });
      if (!result.ok) setError(result.error);
      else router.refresh();
    });

  return (
    <div className="evidence-picker small">
      <label htmlFor={id}>Evidence</label>
      <select id={id} value={value ?? ""} disabled={pending} onChange={(e) => choose(e.target.value)} aria-label={`Evidence for ${label}`} data-testid="evidence-select">
        <option value="">None</option>
        {!known && <option value={value!}>{value}</option>}
        {own.length > 0 && (
          <optgroup label="Your experiments">
            {own.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </optgroup>
        )}
        <optgroup label="Proofdeck's experiments">
          {registry.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </optgroup>
      </select>
      <Link href="/experiments/new">Design a new one</Link>
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
