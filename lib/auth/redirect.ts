/** Where to go after signing in: only a path on this site, never another origin. */
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
  return candidate.startsWith("/") && !candidate.startsWith("//") && !candidate.startsWith("/\\") ? candidate : fallback;
}
