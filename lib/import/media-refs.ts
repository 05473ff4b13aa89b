// Imported Markdown refers to its images by a placeholder URL, `proofdeck-media:<name>` (the name
// percent-encoded, so it is one safe link destination), until the caller has stored each file as
// Media and knows its URL. The renderer's sanitizer drops such URLs, so a placeholder left behind
// shows nothing rather than a broken link to somewhere else.

export const MEDIA_REF_SCHEME = "proofdeck-media:";

/** `name` → the placeholder URL. */
export function mediaRef(name: string): string {
  return MEDIA_REF_SCHEME + encodeURIComponent(name).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const REF = /proofdeck-media:([A-Za-z0-9\-_.~%]+)/g;

function decode(encoded: string): string | null {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

/** The media names a Markdown text refers to, in order of first use. */
export function mediaRefsIn(markdown: string): string[] {
  const names = new Set<string>();
  for (const m of markdown.matchAll(REF)) {
    const name = decode(m[1]);
    if (name !== null) names.add(name);
  }
  return [...names];
}

/** Replaces each placeholder with the URL `resolve` gives for its name; an image whose name does
 *  not resolve is removed (its alt text kept). */
export function resolveMediaRefs(markdown: string, resolve: (name: string) => string | undefined): string {
  return markdown
    .replace(/!\[([^\]]*)\]\(proofdeck-media:([A-Za-z0-9\-_.~%]+)\)/g, (whole, alt: string, encoded: string) => {
      const name = decode(encoded);
      const url = name === null ? undefined : resolve(name);
      return url === undefined ? alt : `![${alt}](${url})`;
    })
    .replace(REF, (whole, encoded: string) => {
      const name = decode(encoded);
      return (name !== null && resolve(name)) || "";
    });
}
