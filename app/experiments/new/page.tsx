import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { requireUser } from "@/lib/auth/session.ts";
import { DesignForm, STARTER_DESIGN } from "../design-form.tsx";
import "../experiments.css";

export const metadata: Metadata = { title: "New experiment" };

export default async function NewExperimentPage() {
  await requireUser("/experiments/new");
  return (
    <div className="xp-page">
      <p className="breadcrumbs">
        <Link href="/experiments">My experiments</Link> /
      </p>
      <h1>New experiment</h1>
      <p className="muted">
        Choose the variants to compare and the rule that will judge them, before any run. Every parameter stays inside the bounds the form shows, so the
        runs fit in a browser.
      </p>
      <DesignForm mode="create" initial={STARTER_DESIGN} />
    </div>
  );
}
