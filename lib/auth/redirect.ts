/** Where to go after signing in: only a path on this site, never another origin. */
const BASE = "http://proofdeck.invalid";

export function safeReturnPath(raw: string | string[] | null | undefined, fallback = "/decks"): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return fallback;
  // Also accept an absolute URL next-auth built for this site, keeping only its path.
  let candidate = value;
  try {
    const url = new URL(value);
    candidate = url.pathname + url.search;
  } catch {
    // Not absolute: a path.
  }
  if (!candidate.startsWith("/")) return fallback;
  // Read the path the way a browser will: the URL parser drops tabs and newlines and treats "\" as "/",
  // so "/\t/evil.example" and "/\\evil.example" become "//evil.example", another origin. Keep the path
  // only if it still resolves on this site, and return it in its normalised form.
  try {
    const url = new URL(candidate, BASE);
    if (url.origin !== BASE) return fallback;
    const path = url.pathname + url.search + url.hash;
    // Normalising can itself yield "//x" (e.g. "/.//x"): the result must resolve on this site too.
    return new URL(path, BASE).origin === BASE && !path.startsWith("//") ? path : fallback;
  } catch {
    return fallback;
  }
}
