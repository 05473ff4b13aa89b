// Note tags: lower-case words of letters, digits, `_`, `:` and `-` (Anki's hierarchy separator `::`
// included), at most MAX_TAGS per note. Stored on Note.tags as " a b " (a space at both ends) so one
// `LIKE '% tag %'` finds a tag; kept sorted and without duplicates so equal sets store equally.

export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 64;
/** One tag, after lower-casing. */
export const TAG_PATTERN = /^[\p{L}\p{N}_:-]+$/u;

/** Splits user text (spaces or commas between tags) or takes a list; lower-cases, dedupes, sorts.
 *  Does not validate: see tagProblem() / the note schema. */
export function normalizeTags(input: string | readonly string[]): string[] {
  const parts = typeof input === "string" ? input.split(/[\s,]+/u) : input.flatMap((t) => t.split(/[\s,]+/u));
  const seen = new Set<string>();
  for (const p of parts) {
    const tag = p.normalize("NFC").toLowerCase();
    if (tag) seen.add(tag);
  }
  return [...seen].sort();
}

/** Why a (normalized) tag is refused, or null. */
export function tagProblem(tag: string): string | null {
  if (tag.length > MAX_TAG_LENGTH) return `Tag "${tag.slice(0, 20)}…" is longer than ${MAX_TAG_LENGTH} characters.`;
  if (!TAG_PATTERN.test(tag)) return `Tag "${tag}" may only contain letters, digits, "_", ":" and "-".`;
  return null;
}

/** For imports, where refusing a whole note over a tag would be unkind: characters a tag may not
 *  hold become "_", over-long tags are cut, and only the first MAX_TAGS (sorted) are kept. */
export function sanitizeTags(input: string | readonly string[]): { tags: string[]; dropped: string[] } {
  const cleaned = normalizeTags(input).map((t) =>
    t.replace(/[^\p{L}\p{N}_:-]/gu, "_").slice(0, MAX_TAG_LENGTH),
  );
  const tags = [...new Set(cleaned)].sort();
  return { tags: tags.slice(0, MAX_TAGS), dropped: tags.slice(MAX_TAGS) };
}

/** [] → " ", ["a", "b"] → " a b ". Normalizes first. */
export function tagsToStorage(tags: readonly string[]): string {
  const list = normalizeTags(tags);
  return list.length === 0 ? " " : ` ${list.join(" ")} `;
}

/** " a b " → ["a", "b"]. */
export function tagsFromStorage(stored: string): string[] {
  return normalizeTags(stored);
}
