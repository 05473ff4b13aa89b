import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { requireRole } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/client.ts";
import { decksOwnedBy } from "@/lib/decks/data.ts";

export const metadata: Metadata = { title: "Instructor" };

export default async function InstructorPage() {
  const user = await requireRole("INSTRUCTOR", "/instructor");
  const decks = await decksOwnedBy(db(), user.id);
  return (
    <div>
      <h1>Instructor</h1>
      <p className="lead">Decks you own, and how many learners study each.</p>
      <p>
        <Link href="/decks/new" className="button button-small">
          New deck
        </Link>{" "}
        <Link href="/classes" className="button button-small">
          Classes
        </Link>
      </p>
      {decks.length === 0 ? (
        <p className="empty">You do not own any deck yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Your decks</caption>
            <thead>
              <tr>
                <th scope="col">Deck</th>
                <th scope="col">Cards</th>
                <th scope="col">Learners</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {decks.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link href={`/decks/${d.id}`}>{d.title}</Link>
                  </td>
                  <td>{d.cardCount}</td>
                  <td>{d.learnerCount}</td>
                  <td>{d.published ? "Published" : "Draft"}</td>
                  <td>
                    <Link href={`/decks/${d.id}/edit`} aria-label={`Edit ${d.title}`}>
                      Edit
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
