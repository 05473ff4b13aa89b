"use client";

// What next-auth's signOut() does (CSRF token, then POST to its sign-out endpoint), without loading
// next-auth's client library on every page for one button.
async function signOut(): Promise<void> {
  try {
    const { csrfToken } = (await (await fetch("/api/auth/csrf", { cache: "no-store" })).json()) as { csrfToken: string };
    await fetch("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, callbackUrl: "/", json: "true" }),
    });
  } finally {
    // Home either way: signed out, or (no connection) the next page shows who is signed in.
    window.location.assign("/");
  }
}

export function SignOutButton() {
  return (
    <button type="button" className="link-button" onClick={() => void signOut()}>
      Sign out
    </button>
  );
}
