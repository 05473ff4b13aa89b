// An Anki field (HTML) → Markdown, with turndown and its GFM plugin (tables, strikethrough).
// - [sound:name.mp3] is dropped and reported: cards have no audio.
// - <img src="name.png"> (a file of the package) becomes ![alt](proofdeck-media:name.png), a
//   placeholder the caller replaces with the stored Media's URL; http(s) images stay as they are;
//   any other image source (data:, javascript:, …) is dropped and reported.
// - MathJax \( … \) and \[ … \] become $…$ and $$…$$ (remark-math), their text unescaped and
//   without tags; a literal "$" elsewhere is escaped so it cannot start math.
// - script, style and other non-content elements are removed with their text.
// Cloze markup ({{c1::…}}) passes through untouched. The output is sanitized when rendered anyway.
import { gfm } from "@joplin/turndown-plugin-gfm";
import TurndownService from "turndown";
import { mediaRef } from "./media-refs.ts";

export interface FieldConversion {
  markdown: string;
  /** Package files the field shows as images, in order. */
  images: string[];
  /** Sound files it named (dropped). */
  sounds: string[];
  /** What else was dropped, described. */
  dropped: string[];
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function mathText(html: string): string {
  return decodeEntities(html.replace(/<br\s*\/?>/gi, " ").replace(/<[^>]*>/g, "")).replace(/\s+/g, " ").trim();
}

const REMOVED = ["script", "style", "noscript", "iframe", "object", "embed", "template", "head", "title", "audio", "video", "canvas", "form", "input", "button", "select", "textarea"] as const;

/** A package file name in an img src, or null for URLs. */
function packageFile(src: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith("//")) return null;
  let name = src;
  try {
    name = decodeURIComponent(src);
  } catch {
    // keep as written
  }
  return name.trim() || null;
}

// One turndown service per conversion: the img rule records into its own lists.
function converter(images: string[], dropped: string[]): TurndownService {
  const td = new TurndownService({ headingStyle: "atx", codeBlockStyle: "fenced", bulletListMarker: "-", emDelimiter: "*" });
  td.use(gfm);
  td.remove([...REMOVED]);
  const escape = td.escape.bind(td);
  td.escape = (text: string) => escape(text).replace(/\$/g, "\\$");
  td.addRule("image", {
    filter: "img",
    replacement: (_content, node) => {
      const el = node as HTMLElement;
      const src = (el.getAttribute("src") ?? "").trim();
      const alt = (el.getAttribute("alt") ?? "").replace(/[[\]\\\n]/g, " ").trim();
      if (!src) return "";
      if (/^https?:\/\//i.test(src)) return `![${alt}](<${src.replace(/[<>\s]/g, encodeURIComponent)}>)`;
      const name = packageFile(src);
      if (name === null) {
        dropped.push(`image with a ${src.slice(0, src.indexOf(":") + 1) || "bad"} source`);
        return "";
      }
      images.push(name);
      return `![${alt}](${mediaRef(name)})`;
    },
  });
  return td;
}

export function ankiFieldToMarkdown(html: string): FieldConversion {
  const images: string[] = [];
  const sounds: string[] = [];
  const dropped: string[] = [];
  let text = html.replace(/\[sound:([^\]]*)\]/g, (_whole, name: string) => {
    sounds.push(name.trim());
    return "";
  });
  // Math is cut out before turndown (which would escape its backslashes) and put back after.
  const math: string[] = [];
  const token = (i: number) => `PROOFDECKMATH${i}X`;
  text = text.replace(/\\\(([\s\S]*?)\\\)|\\\[([\s\S]*?)\\\]/g, (_whole, inline: string | undefined, display: string | undefined) => {
    math.push(inline !== undefined ? `$${mathText(inline)}$` : `\n\n$$\n${mathText(display!)}\n$$\n\n`);
    return token(math.length - 1);
  });
  let markdown = converter(images, dropped).turndown(text);
  markdown = markdown.replace(/[ \t]*PROOFDECKMATH(\d+)X[ \t]*/g, (whole, i: string) => {
    const m = math[Number(i)] ?? "";
    // Display math stands on its own lines: drop the spaces around it; inline math keeps them.
    return m.startsWith("\n") ? m : whole.replace(/PROOFDECKMATH\d+X/, () => m);
  });
  markdown = markdown.replace(/\u00a0/g, " ").replace(/[ \t]+\n/g, (m) => (m.startsWith("  ") ? "  \n" : "\n"));
  markdown = markdown.replace(/\n{3,}/g, "\n\n").trim();
  return { markdown, images, sounds, dropped };
}
