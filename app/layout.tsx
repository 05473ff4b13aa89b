import type { Metadata, Viewport } from "next";
import Link from "@/app/ui/link.tsx";
import "katex/dist/katex.min.css";
import "highlight.js/styles/github.css";
import "./globals.css";
import { currentUser } from "@/lib/auth/session.ts";
import { hasRole } from "@/lib/auth/roles.ts";
import { SignOutButton } from "./ui/sign-out-button.tsx";

// Every page depends on who is asking; nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Proofdeck", template: "%s · Proofdeck" },
  description: "Spaced-repetition flashcards for deep learning, with an answer key backed by experiments.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#1d3557" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <nav className="nav container" aria-label="Main">
            <Link href="/" className="brand">
              Proofdeck
            </Link>
            <div className="nav-links">
              {user ? (
                <>
                  <Link href="/decks">My decks</Link>
                  <Link href="/experiments">Experiments</Link>
                  {hasRole(user.role, "INSTRUCTOR") && <Link href="/instructor">Instructor</Link>}
                  <span className="nav-user" title={user.email}>
                    {user.name}
                  </span>
                  <SignOutButton />
                </>
              ) : (
                <>
                  <Link href="/signin">Sign in</Link>
                  <Link href="/signup" className="button button-small">
                    Sign up
                  </Link>
                </>
              )}
            </div>
          </nav>
        </header>
        <main className="container main">{children}</main>
      </body>
    </html>
  );
}
