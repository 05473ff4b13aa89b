import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session.ts";
import { safeReturnPath } from "@/lib/auth/redirect.ts";
import { SignInForm } from "./sign-in-form.tsx";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const params = await searchParams;
  const returnTo = safeReturnPath(params.callbackUrl);
  if (await currentUser()) redirect(returnTo);
  return (
    <div className="panel narrow">
      <h1>Sign in</h1>
      <SignInForm returnTo={returnTo} />
      <p className="muted">
        New here? <Link href="/signup">Create an account</Link>
      </p>
    </div>
  );
}
