/** What a knowledge-base document is, whatever it came from (a JSON/CSV/Markdown file or the Zendesk APIs). */
import { z } from "zod";
import { htmlToText, looksLikeHtml, markdownToText, tidy } from "./text";

export const KB_KINDS = ["article", "macro"] as const;
export type KbKind = (typeof KB_KINDS)[number];

export const MAX_DOCUMENTS_PER_IMPORT = 5_000;
export const MAX_BODY_CHARS = 50_000;

const tagList = z
  .union([z.array(z.string().min(1).max(60)), z.string().max(2_000)])
  // Array items may be phrases ("money back" becomes "money-back"); a string is split on spaces, commas, ; and |.
  .transform((v) => (Array.isArray(v) ? v.map((t) => t.trim().replace(/\s+/g, "-")) : v.split(/[\s,;|]+/)).map((t) => t.toLowerCase()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[\p{L}\p{N}_.:-]{1,60}$/u, "tags are words (letters, digits, _ . : -)")).max(50));

/** One document as files and the admin API give it. */
export const kbDocumentInput = z
  .object({
    id: z
      .union([z.string(), z.number().int().nonnegative()])
      .transform(String)
      .pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, "ids are 1-100 characters: letters, digits, . _ : - (not starting with a symbol)")),
    kind: z.enum(KB_KINDS).default("article"),
    title: z.string().trim().min(1).max(300),
    body: z.string().min(1).max(MAX_BODY_CHARS),
    /** text | html | markdown; absent: HTML when it looks like HTML, else text. */
    format: z.enum(["text", "html", "markdown"]).optional(),
    url: z
      .url({ protocol: /^https?$/ })
      .nullable()
      .optional(),
    locale: z
      .string()
      .regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/, "a language tag such as en, de, pt-br")
      .transform((l) => l.toLowerCase().replace(/_/g, "-"))
      .default("en"),
    tags: tagList.optional(),
  })
  .strict();

export type KbDocumentInput = z.input<typeof kbDocumentInput>;

/** A document ready to index: plain-text body, normalised locale and tags. */
export interface KbDocument {
  docId: string;
  kind: KbKind;
  title: string;
  body: string;
  url: string | null;
  locale: string;
  tags: string[];
}

export function normaliseDocument(input: z.output<typeof kbDocumentInput>): KbDocument {
  const format = input.format ?? (looksLikeHtml(input.body) ? "html" : "text");
  const body = format === "html" ? htmlToText(input.body) : format === "markdown" ? markdownToText(input.body) : tidy(input.body);
  return {
    docId: input.id,
    kind: input.kind,
    title: input.title.replace(/\s+/g, " "),
    body,
    url: input.url ?? null,
    locale: input.locale,
    tags: input.tags ?? [],
  };
}
