"use client";
// The classes pages' forms, each calling the JSON API under /api/classes.
import Link from "@/app/ui/link.tsx";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { send } from "../decks/[deckId]/edit/send.ts";

function useSubmit() {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function run<T>(fn: () => Promise<{ ok: true; data: T } | { ok: false; error: string }>, then: (data: T) => void) {
    setPending(true);
    setError(null);
    const r = await fn();
    setPending(false);
    if (!r.ok) setError(r.error);
    else then(r.data);
  }
  const alert = error && (
    <p role="alert" className="form-error">
      {error}
    </p>
  );
  return { run, pending, alert };
}

export function CreateClassForm({ decks }: { decks: { id: string; title: string }[] }) {
  const router = useRouter();
  const { run, pending, alert } = useSubmit();
  return (
    <form
      className="form"
      aria-label="New class"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        void run(
          () => send<{ id: string }>("/api/classes", "POST", { name: String(f.get("name") ?? ""), deckIds: f.getAll("deckId").map(String) }),
          (d) => router.push(`/classes/${d.id}`),
        );
      }}
    >
      {alert}
      <label>
        Class name
        <input name="name" maxLength={120} required />
      </label>
      <fieldset className="class-decks">
        <legend>Decks the class studies</legend>
        {decks.map((d) => (
          <label key={d.id} className="class-deck-choice">
            <input type="checkbox" name="deckId" value={d.id} /> {d.title}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Creating…" : "Create class"}
      </button>
    </form>
  );
}

export function JoinForm({ initialCode = "" }: { initialCode?: string }) {
  const router = useRouter();
  const { run, pending, alert } = useSubmit();
  const [joined, setJoined] = useState<{ name: string; decks: { id: string; title: string }[] } | null>(null);
  if (joined) {
    return (
      <div role="status" className="class-joined">
        <p>
          You joined <strong>{joined.name}</strong>. {joined.decks.length === 1 ? "Its deck is" : "Its decks are"} now in{" "}
          <Link href="/decks">My decks</Link>: {joined.decks.map((d) => d.title).join(", ")}.
        </p>
      </div>
    );
  }
  return (
    <form
      className="form class-join"
      aria-label="Join a class"
      onSubmit={(e) => {
        e.preventDefault();
        const code = String(new FormData(e.currentTarget).get("code") ?? "");
        void run(
          () => send<{ name: string; decks: { id: string; title: string }[] }>("/api/classes/join", "POST", { code }),
          (d) => {
            setJoined(d);
            router.refresh();
          },
        );
      }}
    >
      {alert}
      <label>
        Class code
        <input name="code" defaultValue={initialCode} autoComplete="off" spellCheck={false} maxLength={40} required />
      </label>
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Joining…" : "Join class"}
      </button>
    </form>
  );
}

export function NewCodeForm({ classId }: { classId: string }) {
  const router = useRouter();
  const { run, pending, alert } = useSubmit();
  const [made, setMade] = useState<{ code: string; joinPath: string; expiresAt: string } | null>(null);
  return (
    <div>
      <form
        className="class-inline-form"
        aria-label="New join code"
        onSubmit={(e) => {
          e.preventDefault();
          const days = Number(new FormData(e.currentTarget).get("days") ?? 14);
          void run(
            () => send<{ code: string; joinPath: string; expiresAt: string }>(`/api/classes/${classId}/codes`, "POST", { days }),
            (d) => {
              setMade(d);
              router.refresh();
            },
          );
        }}
      >
        <label>
          Valid for <input name="days" type="number" min={1} max={90} defaultValue={14} className="class-days" /> days
        </label>
        <button type="submit" className="button button-small" disabled={pending}>
          New join code
        </button>
      </form>
      {alert}
      {made && (
        <p role="status" className="class-new-code">
          Code <strong data-testid="join-code">{made.code}</strong> (shown only now; until {new Date(made.expiresAt).toISOString().slice(0, 10)}) · link:{" "}
          <code data-testid="join-link">{typeof window === "undefined" ? made.joinPath : `${window.location.origin}${made.joinPath}`}</code>
        </p>
      )}
    </div>
  );
}

export function RevokeCodeButton({ classId, codeId }: { classId: string; codeId: string }) {
  const router = useRouter();
  const { run, pending, alert } = useSubmit();
  return (
    <>
      <button type="button" className="button button-small" disabled={pending} onClick={() => void run(() => send(`/api/classes/${classId}/codes/${codeId}`, "DELETE"), () => router.refresh())}>
        Revoke
      </button>
      {alert}
    </>
  );
}

export function AddInstructorForm({ classId }: { classId: string }) {
  const router = useRouter();
  const { run, pending, alert } = useSubmit();
  return (
    <form
      className="class-inline-form"
      aria-label="Add a co-instructor"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const email = String(new FormData(form).get("email") ?? "");
        void run(() => send(`/api/classes/${classId}/instructors`, "POST", { email }), () => {
          form.reset();
          router.refresh();
        });
      }}
    >
      <label>
        Co-instructor&apos;s address <input name="email" type="email" required />
      </label>
      <button type="submit" className="button button-small" disabled={pending}>
        Add
      </button>
      {alert}
    </form>
  );
}

export function LeaveClassButton({ classId }: { classId: string }) {
  const router = useRouter();
  const { run, pending, alert } = useSubmit();
  return (
    <div>
      <button type="button" className="button button-small" disabled={pending} onClick={() => void run(() => send(`/api/classes/${classId}/membership`, "DELETE"), () => router.push("/classes"))}>
        Leave this class
      </button>
      {alert}
    </div>
  );
}
