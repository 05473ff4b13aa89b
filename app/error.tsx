"use client";

// Shown when a page fails on the server; the digest lets us find the error in the logs.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="panel narrow">
      <p className="eyebrow">Something went wrong</p>
      <h1>This page could not be shown</h1>
      <p>It is our fault, not yours. Try again; if it keeps happening, tell us the code below.</p>
      {error.digest && <p className="muted small">Error code: {error.digest}</p>}
      <button type="button" className="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
