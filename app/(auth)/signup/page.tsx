import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session.ts";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/validation.ts";
import { SignUpForm } from "./sign-up-form.tsx";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage() {
  if (await currentUser()) redirect("/decks");
  return (
    <div className="panel narrow">
      <h1>Create an account</h1>
      <SignUpForm minPasswordLength={PASSWORD_MIN_LENGTH} />
      <p className="muted">
        Already have an account? <Link href="/signin">Sign in</Link>
      </p>
    </div>
  );
}
