"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FieldError } from "../[deckId]/edit/field.tsx";
import { send } from "../[deckId]/edit/send.ts";

export function NewDeckForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setErrors({});
    const result = await send<{ id: string }>("/api/decks", "POST", {
      title: String(form.get("title") ?? ""),
      description: String(form.get("description") ?? ""),
    });
    if (!result.ok) {
      setPending(false);
      setErrors(Object.keys(result.fields).length ? result.fields : { form: result.error });
      return;
    }
    router.push(`/decks/${result.data.id}/edit`);
  }

  const described = (name: string) => (errors[name] ? { "aria-invalid": true as const, "aria-describedby": `deck-${name}-error` } : {});
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {errors.form && (
        <p role="alert" className="form-error">
          {errors.form}
        </p>
      )}
      <label>
        Title
        <input name="title" maxLength={200} required autoFocus {...described("title")} />
        <FieldError id="deck-title-error" message={errors.title} />
      </label>
      <label>
        Description <span className="hint">(optional)</span>
        <textarea name="description" rows={3} maxLength={5000} className="textarea" {...described("description")} />
        <FieldError id="deck-description-error" message={errors.description} />
      </label>
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Creating…" : "Create deck"}
      </button>
    </form>
  );
}
