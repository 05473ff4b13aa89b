import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { ResendLink } from "../../resend-link.tsx";

export const metadata: Metadata = { title: "Check your inbox" };

export default async function CheckInboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const raw = (await searchParams).email;
  const email = typeof raw === "string" && raw.length <= 254 ? raw : undefined;
  return (
    <div className="panel narrow">
      <h1>Check your inbox</h1>
      <p>
        We sent a mail to <strong>{email ?? "your address"}</strong>. Open the link in it and sign in with your password to
        confirm the address; the link works for 24 hours.
      </p>
      <p className="muted">Nothing there after a few minutes? Look in your spam folder, or ask for a new link.</p>
      <ResendLink email={email} />
      <p className="muted">
        Already confirmed? <Link href="/signin">Sign in</Link>
      </p>
    </div>
  );
}
