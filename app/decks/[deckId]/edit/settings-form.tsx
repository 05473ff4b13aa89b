"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FieldError } from "./field.tsx";
import { send } from "./send.ts";

export interface SettingsValues {
  title: string;
  description: string;
  newCardsPerDay: number;
  reviewsPerDay: number;
}

/** The deck's title, description and daily limits (PATCH /api/decks/[deckId]). */
export function SettingsForm({ deckId, initial }: { deckId: string; initial: SettingsValues }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setErrors({});
    setSaved(false);
    const result = await send(`/api/decks/${deckId}`, "PATCH", {
      title: String(form.get("title") ?? ""),
      description: String(form.get("description") ?? ""),
      newCardsPerDay: String(form.get("newCardsPerDay") ?? ""),
      reviewsPerDay: String(form.get("reviewsPerDay") ?? ""),
    });
    setPending(false);
    if (!result.ok) {
      setErrors(Object.keys(result.fields).length ? result.fields : { form: result.error });
      return;
    }
    setSaved(true);
    router.refresh();
  }

  const invalid = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `settings-${name}-error` } : {});
  return (
    <form className="form authoring-settings" onSubmit={onSubmit} noValidate aria-label="Deck settings">
      {errors.form && (
        <p role="alert" className="form-error">
          {errors.form}
        </p>
      )}
      <label>
        Title
        <input name="title" defaultValue={initial.title} maxLength={200} required {...invalid("title")} />
        <FieldError id="settings-title-error" message={errors.title} />
      </label>
      <label>
        Description
        <textarea name="description" defaultValue={initial.description} rows={2} maxLength={5000} {...invalid("description")} />
        <FieldError id="settings-description-error" message={errors.description} />
      </label>
      <div className="authoring-row">
        <label>
          New cards per day
          <input name="newCardsPerDay" type="number" inputMode="numeric" min={0} max={9999} defaultValue={initial.newCardsPerDay} {...invalid("newCardsPerDay")} />
          <FieldError id="settings-newCardsPerDay-error" message={errors.newCardsPerDay} />
        </label>
        <label>
          Reviews per day
          <input name="reviewsPerDay" type="number" inputMode="numeric" min={0} max={99999} defaultValue={initial.reviewsPerDay} {...invalid("reviewsPerDay")} />
          <FieldError id="settings-reviewsPerDay-error" message={errors.reviewsPerDay} />
        </label>
      </div>
      <div className="authoring-buttons">
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Saving…" : "Save settings"}
        </button>
        <span role="status" className="muted small">
          {saved ? "Settings saved." : ""}
        </span>
      </div>
    </form>
  );
}
