import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { hasRole } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/auth/session.ts";
import { classesOf } from "@/lib/classes/data.ts";
import { db } from "@/lib/db/client.ts";
import { decksForLearner, decksOwnedBy } from "@/lib/decks/data.ts";
import { CreateClassForm, JoinForm } from "./class-forms.tsx";
import "./classes.css";

export const metadata: Metadata = { title: "Classes" };

export default async function ClassesPage() {
  const user = await requireUser("/classes");
  const instructor = hasRole(user.role, "INSTRUCTOR");
  const [{ teaching, member }, owned, study] = await Promise.all([
    classesOf(db(), user.id),
    instructor ? decksOwnedBy(db(), user.id) : Promise.resolve([]),
    instructor ? decksForLearner(db(), user.id) : Promise.resolve({ enrolled: [], available: [] }),
  ]);
  // An instructor teaches their own decks and any published one.
  const teachable = new Map([...owned, ...study.enrolled.filter((d) => d.published), ...study.available].map((d) => [d.id, { id: d.id, title: d.title }]));
  return (
    <div className="classes">
      <h1>Classes</h1>
      {member.length > 0 && (
        <>
          <h2>Classes you belong to</h2>
          <ul aria-label="Classes you belong to">
            {member.map((c) => (
              <li key={c.id}>
                <Link href={`/classes/${c.id}/me`}>{c.name}</Link> <span className="muted small">· what your instructors see, and leaving</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>Join a class</h2>
      <p className="muted small">Your instructor gives you a code (or a link). The class&apos;s decks join your decks.</p>
      <JoinForm />
      {instructor && (
        <>
          <h2>Classes you teach</h2>
          {teaching.length === 0 ? (
            <p className="empty">You do not teach any class yet.</p>
          ) : (
            <ul aria-label="Classes you teach">
              {teaching.map((c) => (
                <li key={c.id}>
                  <Link href={`/classes/${c.id}`}>{c.name}</Link>{" "}
                  <span className="muted small">
                    · {c.learners === 1 ? "1 learner" : `${c.learners} learners`} · {c.decks === 1 ? "1 deck" : `${c.decks} decks`}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h2>New class</h2>
          {teachable.size === 0 ? <p className="empty">Write or publish a deck first.</p> : <CreateClassForm decks={[...teachable.values()].sort((a, b) => a.title.localeCompare(b.title))} />}
        </>
      )}
    </div>
  );
}
