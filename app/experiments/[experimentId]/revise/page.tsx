import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { seedsOf } from "@/experiments/custom/design.ts";
import { DesignForm } from "../../design-form.tsx";
import { experimentForPage } from "../load.ts";
import "../../experiments.css";

export const metadata: Metadata = { title: "Revise experiment" };

type Props = { params: Promise<{ experimentId: string }> };

export default async function ReviseExperimentPage({ params }: Props) {
  const { experimentId } = await params;
  const e = await experimentForPage(experimentId, "/revise");
  const current = e.versions[e.versions.length - 1]!;
  const nextSeed = Math.max(...e.versions.flatMap((v) => seedsOf(v.design))) + 1;
  return (
    <div className="xp-page">
      <p className="breadcrumbs">
        <Link href="/experiments">My experiments</Link> / <Link href={`/experiments/${e.id}`}>Version {current.version}</Link> /
      </p>
      <h1>Version {current.version + 1}</h1>
      <p className="muted">
        A frozen version never changes: this makes a new one, judged on fresh seeds (from {nextSeed} on). Learners see what changed, why, and
        whether it changed after the results were seen.
      </p>
      <DesignForm mode="revise" initial={{ ...current.design, firstSeed: nextSeed }} experimentId={e.id} nextVersion={current.version + 1} />
    </div>
  );
}
