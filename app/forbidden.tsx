import Link from "@/app/ui/link.tsx";

export default function Forbidden() {
  return (
    <div className="panel narrow">
      <p className="eyebrow">403 · Not allowed</p>
      <h1>This page is for instructors</h1>
      <p>Your account does not have access to it. If you think it should, ask your instructor or an administrator.</p>
      <Link href="/decks" className="button">
        Back to my decks
      </Link>
    </div>
  );
}
