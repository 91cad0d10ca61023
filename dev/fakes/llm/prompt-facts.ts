/**
 * Lenient extraction of the facts a support reply needs from a prompt: the customer's message and subject,
 * knowledge-base passages with their ids, the customer's name, and a JSON schema or example embedded in the text.
 * Everything here is a heuristic; it is documented in README.md and never throws.
 */
import { isPlainObject } from "./schema-check.js";
import type { JsonSchema } from "./types.js";

export interface Passage {
  /** Citation id as written inside the brackets ("kb:12", "1"), or null for a label-only passage ("Article: ..."). */
  id: string | null;
  title: string | null;
  /** The body on one line (paragraphs joined by spaces), without a "(saved reply)" marker. */
  text: string;
  /** The body's paragraphs, each with its lines joined by "\n" (a macro's greeting and sign-off stay separate). */
  paragraphs: string[];
  /** The language a trailing "[lang:de]" on the header line gives, else null. */
  lang: string | null;
  /** "macro" when the body starts with "(saved reply)" (a Zendesk macro), else "article". */
  kind: "article" | "macro";
}

/** Ids that count as passage markers: "[1]", "[kb:12]", "[KB-12]", "[doc:abc]", "[article 7]", "[source:faq-3]". */
const ID_RE = /^(?:\d{1,4}|(?:kb|doc|article|source|passage|ref|macro|hc)[\s:#_-]*[\w.-]+)$/i;
/** A passage marker at the start of a line (after optional bullet). */
const MARKER_LINE_RE = /^\s*(?:[-*•]\s*)?\[([^\]\n]{1,40})\]\s*[:.)-]?\s*(.*)$/;
/** A labelled passage line: "Article: ...", "KB article 12: ...", "Passage [kb:3]: ...". */
const LABEL_LINE_RE =
  /^\s*(?:[-*•]\s*)?(?:#+\s*)?(article|passage|kb|knowledge[- ]base(?: article)?|help[- ]center(?: article)?|document|snippet|macro)\b([^:\n]{0,60}):\s*(.*)$/i;
/** Inline citation-looking markers anywhere (not bare numbers: "[1]" inline is too often an instruction example). */
const INLINE_ID_RE = /\[((?:kb|doc|article|source|passage|macro|hc)[\s:#_-]*[\w.-]+)\]/gi;

/** Labels that introduce the customer's own words inside a larger prompt. */
const CUSTOMER_LABEL_RE =
  /^\s*(?:customer(?:'s)? (?:message|question|email|request)|message|latest (?:comment|message)|comment|ticket (?:description|body|message)|description|body|question|request)\s*:\s*(.*)$/i;
const SUBJECT_RE = /^\s*(?:ticket )?subject\s*:\s*(.+)$/im;
const NAME_RE = /^\s*(?:customer(?: name)?|requester(?: name)?|name)\s*:\s*(.+)$/im;
const ANY_LABEL_RE = /^\s*[A-Za-z][A-Za-z '-]{0,40}:\s/;

export function isCitationId(s: string): boolean {
  return ID_RE.test(s.trim());
}

const LANG_TAG_RE = /\s*\[lang:\s*([^\]\s]{0,20})\s*\]\s*$/i;
const SAVED_REPLY_RE = /^\(saved reply\)\s*/i;
/** A paragraph after a blank line that is the prompt talking again, not more of the passage. */
const INSTRUCTION_RE = /^(?:return only|return (?:a |the )?json|answer (?:with|in|only)|respond (?:with|in|only)|reply (?:with|only)|output\b|json\b|[{[])/i;
const MAX_PARAGRAPHS = 12;

function isPassageStart(line: string): boolean {
  const m = MARKER_LINE_RE.exec(line);
  return (m !== null && isCitationId(m[1] ?? "")) || LABEL_LINE_RE.test(line);
}

/**
 * Passages in order of appearance. A passage runs from its marker line over its continuation lines; after a blank
 * line it goes on with the next paragraph unless that starts another passage, a `Label:` line or an instruction
 * ("Return only the JSON object..."). Call it per message (gatherFacts does) so a passage never runs into the next.
 */
export function findPassages(text: string): Passage[] {
  const lines = text.split(/\r?\n/);
  const out: Passage[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    let id: string | null = null;
    let head: string;
    const marker = MARKER_LINE_RE.exec(line);
    const label = marker ? null : LABEL_LINE_RE.exec(line);
    if (marker && isCitationId(marker[1] ?? "")) {
      id = (marker[1] ?? "").trim();
      head = (marker[2] ?? "").trim();
    } else if (label) {
      const inLabel = /\[([^\]]+)\]|#?\b(\d{1,6})\b/.exec(label[2] ?? "");
      const candidate = inLabel ? (inLabel[1] ?? inLabel[2] ?? "").trim() : "";
      id = candidate && (isCitationId(candidate) || /^\d+$/.test(candidate)) ? candidate : null;
      head = (label[3] ?? "").trim();
    } else {
      continue;
    }
    let lang: string | null = null;
    const tag = LANG_TAG_RE.exec(head);
    if (tag) {
      const code = (tag[1] ?? "").toLowerCase();
      lang = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$/.test(code) && code !== "und" ? code : null;
      head = head.slice(0, tag.index).trim();
    }
    // Continuation lines up to the next marker/label; blank lines separate paragraphs of the same passage.
    const paragraphs: string[][] = [[]];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const next = (lines[j] ?? "").trim();
      if (next === "") {
        let k = j + 1;
        while (k < lines.length && (lines[k] ?? "").trim() === "") k++;
        const after = (lines[k] ?? "").trim();
        const stop =
          k >= lines.length ||
          paragraphs.length >= MAX_PARAGRAPHS ||
          isPassageStart(lines[k] ?? "") ||
          ANY_LABEL_RE.test(after) ||
          INSTRUCTION_RE.test(after) ||
          (paragraphs.length === 1 && paragraphs[0]?.length === 0);
        if (stop) break;
        if ((paragraphs.at(-1)?.length ?? 0) > 0) paragraphs.push([]);
        j = k - 1;
        continue;
      }
      if (isPassageStart(lines[j] ?? "")) break;
      paragraphs.at(-1)?.push(next);
    }
    const body = paragraphs.filter((p) => p.length > 0);
    // A short head without sentence punctuation followed by a body reads as a title.
    const headIsTitle = body.length > 0 && head.length > 0 && head.length <= 100 && !/[.!?]$/.test(head);
    const title = headIsTitle ? head.replace(/^["']|["']$/g, "") : null;
    const blocks = headIsTitle
      ? body.map((p) => p.join("\n"))
      : [[head, ...(body[0] ?? [])].filter(Boolean).join("\n"), ...body.slice(1).map((p) => p.join("\n"))];
    let kind: Passage["kind"] = "article";
    if (blocks[0] !== undefined && SAVED_REPLY_RE.test(blocks[0])) {
      kind = "macro";
      blocks[0] = blocks[0].replace(SAVED_REPLY_RE, "");
    }
    const paras = blocks.map((b) => b.trim()).filter(Boolean);
    const passageText = paras.join(" ").replace(/\s+/g, " ").trim();
    if (passageText || title) out.push({ id, title, text: passageText || title || "", paragraphs: paras, lang, kind });
    i = j - 1;
  }
  return out;
}

/** Citation ids found in the prompt: passage markers first, then inline markers such as "[kb:12]"; unique. */
export function findCitationIds(text: string, passages: readonly Passage[] = findPassages(text)): string[] {
  const ids: string[] = [];
  for (const p of passages) if (p.id && !ids.includes(p.id)) ids.push(p.id);
  for (const m of text.matchAll(INLINE_ID_RE)) {
    const id = (m[1] ?? "").trim();
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** The customer's words: a labelled section ("Customer message:", "Description:", ...) if any, else the whole text. */
export function customerMessage(lastUser: string): string {
  const lines = lastUser.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = CUSTOMER_LABEL_RE.exec(lines[i] ?? "");
    if (!m) continue;
    const parts = [(m[1] ?? "").trim()];
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j] ?? "";
      if (next.trim() === "" && parts.join("").length > 0) break;
      if (ANY_LABEL_RE.test(next) || MARKER_LINE_RE.test(next)) break;
      parts.push(next.trim());
    }
    const text = parts.filter(Boolean).join(" ").trim();
    if (text) return text;
  }
  return lastUser.trim();
}

export function subjectLine(text: string): string | null {
  const m = SUBJECT_RE.exec(text);
  return m ? (m[1] ?? "").trim() || null : null;
}

/** First name (or a placeholder token such as "[NAME_1]") from a "Customer name:" / "Requester:" line. */
export function customerName(text: string): string | null {
  const m = NAME_RE.exec(text);
  if (!m) return null;
  const value = (m[1] ?? "").trim();
  const placeholder = /^[[<{][A-Z_]+\d*[\]>}]/.exec(value);
  if (placeholder) return placeholder[0];
  const first = value.split(/[\s,<(]/)[0] ?? "";
  return /^[\p{L}][\p{L}'-]{0,30}$/u.test(first) ? first : null;
}

/** The intent id of a "Triage: intent track_order (confidence 0.60); ..." line, or null ("intent unknown"). */
export function triageIntent(text: string): string | null {
  const m = /\btriage:\s*intent\s+([a-z0-9][a-z0-9_-]*)/i.exec(text);
  const id = m ? (m[1] ?? "").toLowerCase() : "";
  return id && id !== "unknown" && id !== "none" ? id : null;
}

/** The language code of the triage line ("...; language de."), or null. */
export function triageLanguage(text: string): string | null {
  const line = /\btriage:[^\n]*/i.exec(text)?.[0] ?? "";
  const m = /\blanguage\s+([a-z]{2,3})(?:-[a-z0-9]+)?\b/i.exec(line);
  const code = m ? (m[1] ?? "").toLowerCase() : "";
  return code && code !== "und" ? code : null;
}

const LANGUAGE_NAMES: Record<string, string> = {
  english: "en",
  german: "de",
  deutsch: "de",
  spanish: "es",
  french: "fr",
  portuguese: "pt",
  dutch: "nl",
  italian: "it",
  swedish: "sv",
  danish: "da",
  norwegian: "no",
  finnish: "fi",
  polish: "pl",
  czech: "cs",
  turkish: "tr",
  russian: "ru",
  japanese: "ja",
  chinese: "zh",
};

/**
 * The reply language the instructions ask for: "Reply in German (de)." -> "de", "Reply in English." -> "en".
 * Null for "Reply in the customer's language" or no such rule.
 */
export function requestedLanguage(instructions: string): string | null {
  const m = /\b(?:reply|respond|answer|write)\s+in\s+([A-Z][a-z]+)(?:\s*\(([A-Za-z]{2,3})(?:-[A-Za-z0-9]+)?\))?/.exec(instructions);
  if (!m) return null;
  if (m[2]) return m[2].toLowerCase();
  return LANGUAGE_NAMES[(m[1] ?? "").toLowerCase()] ?? null;
}

/** The signature the instructions ask for ("End the reply with this signature: ..."), or null. */
export function requestedSignature(instructions: string): string | null {
  const m = /\bend the reply with this signature:\s*(.+)$/im.exec(instructions);
  return m ? (m[1] ?? "").trim() || null : null;
}

/** The first sentence of `text`, at most `max` characters (cut at a word boundary with "..."). */
export function firstSentence(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const m = /^(.+?[.!?])(?:\s|$)/.exec(flat);
  const sentence = m ? (m[1] ?? flat) : flat;
  return clip(sentence, max);
}

export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 3);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, "")}...`;
}

/**
 * A JSON Schema (object with `properties`, or `type: "object"`) embedded in the prompt, or — if the prompt only
 * shows an example object — a schema inferred from that example. Used for `json_object` mode.
 */
export function embeddedSchema(text: string): JsonSchema | null {
  let example: Record<string, unknown> | null = null;
  let scanned = 0;
  for (let start = text.indexOf("{"); start !== -1 && scanned < 200; start = text.indexOf("{", start + 1), scanned++) {
    const end = matchingBrace(text, start);
    if (end === -1) continue;
    let value: unknown;
    try {
      value = JSON.parse(text.slice(start, end + 1));
    } catch {
      continue;
    }
    if (!isPlainObject(value) || Object.keys(value).length === 0) continue;
    if (isPlainObject(value["properties"]) || value["type"] === "object") return value;
    example ??= value;
    start = end; // skip nested objects of an example
  }
  return example ? schemaFromExample(example) : null;
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length && i < start + 20_000; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

export function schemaFromExample(value: unknown): JsonSchema {
  if (value === null) return { type: "null" };
  if (Array.isArray(value)) return { type: "array", items: value.length > 0 ? schemaFromExample(value[0]) : { type: "string" } };
  if (isPlainObject(value)) {
    const properties: Record<string, JsonSchema> = {};
    for (const [k, v] of Object.entries(value)) properties[k] = schemaFromExample(v);
    return { type: "object", properties, required: Object.keys(properties), additionalProperties: false };
  }
  if (typeof value === "number") return { type: "number" };
  if (typeof value === "boolean") return { type: "boolean" };
  return { type: "string" };
}
