// PostgreSQL cannot store U+0000 in a text column (SQLite can), and no field of ours has a use for it:
// text holding it is refused wherever it enters — request bodies at the boundary (boundary.ts), and
// imported files, whose text the boundary never sees (lib/notes prepareNote, lib/import writeImport).

export const NUL_REFUSED = "Text cannot contain the NUL character (U+0000).";

/** Where the first string holding U+0000 is in `value` (a path), or null. */
export function nulPath(value: unknown, path: PropertyKey[] = [], depth = 0): PropertyKey[] | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (depth > 100 || value === null || typeof value !== "object" || value instanceof Blob) return null;
  for (const [k, v] of Object.entries(value)) {
    const found = nulPath(v, [...path, Array.isArray(value) ? Number(k) : k], depth + 1);
    if (found) return found;
  }
  return null;
}

/** `path: message` for the first NUL in `value` (the path's parts joined by dots), or null. */
export function nulMessage(value: unknown): { path: PropertyKey[]; message: string } | null {
  const path = nulPath(value);
  if (!path) return null;
  return { path, message: `${path.length ? `${path.map(String).join(".")}: ` : ""}${NUL_REFUSED}` };
}
