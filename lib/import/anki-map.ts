// Anki note types and notes → Proofdeck notes. Pure: the package reader (anki.ts) gives it plain
// rows. A note type is read from its card templates:
// - Cloze (kind 1): the field its question shows through {{cloze:…}} is the text; the other fields
//   its answer shows are the extra (back).
// - Normal, one template whose question shows one field: BASIC, front = that field, back = the
//   other fields the answer shows ("Basic", "Basic (type in the answer)").
// - Normal, two templates asking field A then field B, each answer showing the other: REVERSED
//   ("Basic (and reversed card)"). When the second template only shows if a field is filled
//   ({{#Add Reverse}}…, "Basic (optional reversed card)"), each note is REVERSED when that field is
//   filled and BASIC otherwise, as in Anki.
// - Anything else (more templates, a question showing several fields, image occlusion) is skipped
//   with its reason.
import { type NoteInput, noteInputSchema, type NoteType } from "../notes/schema.ts";
import { sanitizeTags } from "../notes/tags.ts";
import { ankiFieldToMarkdown } from "./anki-html.ts";

export interface AnkiTemplate {
  name: string;
  qfmt: string;
  afmt: string;
}

export interface AnkiNotetype {
  id: string;
  name: string;
  /** Anki's kind 1 (legacy `type: 1`). */
  cloze: boolean;
  /** Field names by ordinal. */
  fields: string[];
  templates: AnkiTemplate[];
}

export interface AnkiNote {
  id: string;
  guid: string;
  notetypeId: string;
  /** Field HTML by ordinal (Anki's flds split at \x1f). */
  fields: string[];
  /** Anki's space-separated tags. */
  tags: string;
}

export type NotetypePlan =
  | { ok: true; type: "BASIC" | "REVERSED"; front: number; back: number[]; reverseIf: number | null }
  | { ok: true; type: "CLOZE"; text: number; extra: number[] }
  | { ok: false; reason: string };

const SPECIAL = new Set(["frontside", "tags", "type", "deck", "subdeck", "card", "cardflag", "cardid"]);

interface TemplateRefs {
  /** Fields shown, in order of first appearance, with the filters of their first use. */
  shown: Array<{ field: number; filters: string[] }>;
  /** Fields a {{#Field}} section depends on. */
  conditions: number[];
}

function templateRefs(template: string, fields: string[]): TemplateRefs {
  const index = new Map(fields.map((f, i) => [f.trim().toLowerCase(), i]));
  const refs: TemplateRefs = { shown: [], conditions: [] };
  for (const m of template.matchAll(/\{\{\s*([#^/]?)\s*([^{}]+?)\s*\}\}/g)) {
    const [, sigil, body] = m;
    const parts = body.split(":");
    const name = parts[parts.length - 1].trim().toLowerCase();
    const filters = parts.slice(0, -1).map((f) => f.trim().toLowerCase());
    if (SPECIAL.has(name)) continue;
    const field = index.get(name);
    if (field === undefined) continue;
    if (sigil === "#") {
      if (!refs.conditions.includes(field)) refs.conditions.push(field);
    } else if (sigil === "" && !refs.shown.some((s) => s.field === field)) {
      refs.shown.push({ field, filters });
    }
  }
  return refs;
}

export function planNotetype(nt: AnkiNotetype): NotetypePlan {
  const label = `note type "${nt.name}"`;
  if (nt.templates.length === 0) return { ok: false, reason: `The ${label} has no card template.` };
  if (nt.cloze) {
    const t = nt.templates[0];
    if (/image-occlusion/i.test(t.qfmt)) return { ok: false, reason: `Image occlusion (${label}) is not supported.` };
    const q = templateRefs(t.qfmt, nt.fields);
    const clozeFields = q.shown.filter((s) => s.filters.includes("cloze")).map((s) => s.field);
    if (clozeFields.length !== 1) {
      return { ok: false, reason: `The cloze ${label} has ${clozeFields.length} cloze fields; one is supported.` };
    }
    const text = clozeFields[0];
    const extra = templateRefs(t.afmt, nt.fields).shown.map((s) => s.field).filter((f) => f !== text);
    return { ok: true, type: "CLOZE", text, extra };
  }
  if (nt.templates.length > 2) {
    return { ok: false, reason: `The ${label} makes ${nt.templates.length} cards per note; only one or two (a card and its reverse) are supported.` };
  }
  const asked = nt.templates.map((t) => {
    const q = templateRefs(t.qfmt, nt.fields);
    return { question: q.shown.filter((s) => !s.filters.includes("type")).map((s) => s.field), conditions: q.conditions, answer: templateRefs(t.afmt, nt.fields).shown.map((s) => s.field) };
  });
  for (const [i, a] of asked.entries()) {
    if (a.question.length !== 1) {
      return { ok: false, reason: `The card "${nt.templates[i].name}" of the ${label} asks with ${a.question.length} fields; one is supported.` };
    }
  }
  const front = asked[0].question[0];
  const back = asked[0].answer.filter((f) => f !== front);
  if (asked.length === 1) return { ok: true, type: "BASIC", front, back, reverseIf: null };
  const reverseFront = asked[1].question[0];
  if (reverseFront === front || !back.includes(reverseFront) || !asked[1].answer.includes(front)) {
    return { ok: false, reason: `The two cards of the ${label} are not a card and its reverse.` };
  }
  const conditions = asked[1].conditions.filter((f) => f !== reverseFront && f !== front);
  if (conditions.length > 1) return { ok: false, reason: `The reverse card of the ${label} depends on several fields.` };
  // The reverse's question is its own field first; the rest of the back follows it.
  return { ok: true, type: "REVERSED", front, back: [reverseFront, ...back.filter((f) => f !== reverseFront)], reverseIf: conditions[0] ?? null };
}

export type NoteMapping =
  | {
      ok: true;
      externalId: string;
      note: NoteInput;
      /** Package files shown as images (placeholders in the Markdown). */
      images: string[];
      sounds: string[];
      dropped: string[];
      /** Tags beyond the limit, left out. */
      tagsDropped: string[];
    }
  | { ok: false; reason: string };

const hasText = (html: string) => html.replace(/<(?!img)[^>]*>/gi, "").replace(/&nbsp;|\s/g, "") !== "";

export function mapNote(note: AnkiNote, plan: NotetypePlan): NoteMapping {
  if (!plan.ok) return { ok: false, reason: plan.reason };
  const images: string[] = [];
  const sounds: string[] = [];
  const dropped: string[] = [];
  const convert = (indexes: number[]) =>
    indexes
      .map((i) => {
        const c = ankiFieldToMarkdown(note.fields[i] ?? "");
        images.push(...c.images);
        sounds.push(...c.sounds);
        dropped.push(...c.dropped);
        return c.markdown;
      })
      .filter((md) => md !== "")
      .join("\n\n");
  let type: NoteType;
  let front: string;
  let back: string;
  if (plan.type === "CLOZE") {
    type = "CLOZE";
    front = convert([plan.text]);
    back = convert(plan.extra);
  } else {
    // As in Anki, the reverse card exists only when its question (and its condition) has content.
    const reverse = plan.type === "REVERSED" && hasText(note.fields[plan.back[0]] ?? "") && (plan.reverseIf === null || hasText(note.fields[plan.reverseIf] ?? ""));
    type = reverse ? "REVERSED" : "BASIC";
    front = convert([plan.front]);
    back = convert(plan.back);
  }
  const { tags, dropped: tagsDropped } = sanitizeTags(note.tags);
  const parsed = noteInputSchema.safeParse({ type, front, back, tags });
  if (!parsed.success) {
    return { ok: false, reason: [...new Set(parsed.error.issues.map((i) => i.message))].join(" ") };
  }
  if (!note.guid) return { ok: false, reason: "The note has no guid." };
  return { ok: true, externalId: note.guid, note: parsed.data, images: [...new Set(images)], sounds: [...new Set(sounds)], dropped, tagsDropped };
}
