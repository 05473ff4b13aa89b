import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { requireUser } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/client.ts";
import { listExperiments } from "@/lib/experiments/data.ts";
import { utcDateTime } from "@/lib/why/format.ts";
import { VERDICT_LABEL } from "@/experiments/registry/vocabulary.ts";
import "./experiments.css";

export const metadata: Metadata = { title: "My experiments" };

/** The experiments a signed-in author wrote to back their cards. */
export default async function ExperimentsPage() {
  const user = await requireUser("/experiments");
  const experiments = await listExperiments(db(), user.id);
  return (
    <div>
      <h1>My experiments</h1>
      <p className="lead">
        Evidence of your own for the cards you write: variants of the book&apos;s small CNN, trained on MNIST in your browser, judged by a rule you
        pre-register. Attach one to a note on its deck&apos;s edit page.
      </p>
      <p>
        <Link href="/experiments/new" className="button button-small">
          New experiment
        </Link>
      </p>
      {experiments.length === 0 ? (
        <p className="empty">You have not designed an experiment yet.</p>
      ) : (
        <ul className="xp-list" data-testid="experiment-list">
          {experiments.map((e) => (
            <li key={e.id} className="panel">
              <Link href={`/experiments/${e.id}`}>{e.claim}</Link>
              <p className="small muted">
                Version {e.version}, pre-registered {utcDateTime(e.frozenAt.toISOString())} ·{" "}
                {e.verdict ? `${VERDICT_LABEL[e.verdict]} (recorded ${utcDateTime(e.recordedAt!.toISOString())})` : "not recorded yet"}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
