// A join link: /classes/join/<code>. Signed-out visitors sign in first and come back here.
import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { requireUser } from "@/lib/auth/session.ts";
import { classForCode } from "@/lib/classes/data.ts";
import { db } from "@/lib/db/client.ts";
import { DomainError } from "@/lib/errors.ts";
import { JoinForm } from "../../class-forms.tsx";
import "../../classes.css";

export const metadata: Metadata = { title: "Join a class" };

export default async function JoinPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const user = await requireUser(`/classes/join/${encodeURIComponent(code)}`);
  let c: { name: string } | null = null;
  let refusal: string | null = null;
  try {
    c = await classForCode(db(), user, code.slice(0, 40), new Date());
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    refusal = err.message;
  }
  return (
    <div className="classes">
      <h1>Join a class</h1>
      {c ? (
        <p className="lead">
          This link opens <strong>{c.name}</strong>. Joining adds the class&apos;s decks to your decks; its instructors will see your study of those decks from now on (
          what exactly is on the class&apos;s page once you have joined).
        </p>
      ) : refusal ? (
        <p className="form-error">{refusal}</p>
      ) : (
        <p className="form-error">This link does not open any class now: it may be mistyped, expired or withdrawn. Ask your instructor for a new one.</p>
      )}
      {c && <JoinForm initialCode={code.slice(0, 40)} />}
      <p className="small">
        <Link href="/classes">Classes</Link>
      </p>
    </div>
  );
}
