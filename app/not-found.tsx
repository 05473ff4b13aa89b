import Link from "@/app/ui/link.tsx";

export default function NotFound() {
  return (
    <div className="panel narrow">
      <p className="eyebrow">404 · Not found</p>
      <h1>There is nothing here</h1>
      <p>The page or deck you asked for does not exist, or you do not have access to it.</p>
      <Link href="/decks" className="button">
        Back to my decks
      </Link>
    </div>
  );
}
