// The confirmation link's page. Opening it changes nothing (mail scanners open links too): the
// address is confirmed by signing in here, with the password chosen at sign-up.
import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { db } from "@/lib/db/client.ts";
import { tokenOwner } from "@/lib/users/verification.ts";
import { SignInForm } from "../signin/sign-in-form.tsx";
import { ResendLink } from "../resend-link.tsx";

export const metadata: Metadata = { title: "Confirm your address" };

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const raw = (await searchParams).token;
  const token = typeof raw === "string" ? raw : "";
  const owner = token ? await tokenOwner(db(), token, new Date()) : null;
  if (!owner) {
    return (
      <div className="panel narrow">
        <h1>This link no longer works</h1>
        <p>It has expired (links work for 24 hours), was replaced by a newer one, or the address is already confirmed.</p>
        <p className="muted">
          Already confirmed? <Link href="/signin">Sign in</Link>. Otherwise, ask for a new link:
        </p>
        <ResendLink />
      </div>
    );
  }
  return (
    <div className="panel narrow">
      <h1>Confirm your address</h1>
      <p>Sign in with the password you chose to confirm {owner.email} and start studying.</p>
      <SignInForm returnTo="/decks" email={owner.email} token={token} submitLabel="Confirm and sign in" />
    </div>
  );
}
