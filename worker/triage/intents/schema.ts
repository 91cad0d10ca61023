/**
 * An account's intent taxonomy ("intents as code", kept in git like the rule table): what each intent means, a
 * few example phrases and how it maps to Zendesk. Validation names the entry and the problem. Pure.
 *
 * The examples are used in-context: they join the edge model's prototype vote and the LLM tier's prompt, so an
 * intent added with a description and a few examples takes effect without retraining.
 */
import { z } from "zod";
import { TAG_PATTERN } from "../rules/schema";

export const INTENT_ID = /^[a-z0-9][a-z0-9_-]{0,99}$/;
export const MAX_INTENTS = 300;
export const MAX_EXAMPLES_PER_INTENT = 50;

export interface IntentZendeskMapping {
  /** Tag added instead of the default `intent__<id>`. */
  tag?: string;
  /** Value written to the account's intent custom field (settings.fields.intent) instead of the id. */
  field_value?: string;
}

export interface IntentDefinition {
  id: string;
  name: string;
  description: string;
  examples: string[];
  zendesk?: IntentZendeskMapping;
  enabled: boolean;
}

export interface IntentTaxonomy {
  intents: IntentDefinition[];
}

export interface TaxonomyError {
  /** 0-based index of the intent, or null for a file-level problem. */
  index: number | null;
  intentId: string | null;
  path: string;
  message: string;
}

export class TaxonomyInvalid extends Error {
  constructor(readonly errors: TaxonomyError[]) {
    super(errors.map(formatTaxonomyError).join("\n"));
  }
}

export function formatTaxonomyError(e: TaxonomyError): string {
  const where = e.index === null ? "taxonomy" : `intent #${e.index}${e.intentId ? ` '${e.intentId}'` : ""}`;
  return `${where}${e.path ? ` at ${e.path}` : ""}: ${e.message}`;
}

/** A string field whose absence says "<what> is required" rather than zod's "expected string, received undefined". */
function text(what: string, why = "") {
  return z.string({ error: (issue) => (issue.input === undefined ? `${what} is required${why}` : `${what} must be text`) });
}

const intentShape = z
  .object({
    id: text("id").regex(INTENT_ID, "id is 1-100 of a-z 0-9 _ - (starting with a letter or digit)"),
    name: text("name").trim().min(1, "name is required").max(120),
    description: text("description", " (the LLM tier classifies by it)").trim().min(1, "description is required (the LLM tier classifies by it)").max(1_000),
    examples: z.array(z.string().trim().min(3, "an example phrase has at least 3 characters").max(1_000)).max(MAX_EXAMPLES_PER_INTENT).default([]),
    zendesk: z
      .object({
        tag: z.string().regex(TAG_PATTERN, "a tag is 1-80 of a-z 0-9 _ - : / . ? (lower case, no spaces)").optional(),
        field_value: z.string().min(1).max(200).optional(),
      })
      .strict()
      .optional(),
    enabled: z.boolean().default(true),
  })
  .strict();

const fileShape = z
  .object({
    version: z.literal(1).optional(),
    intents: z.array(z.unknown()).min(1, "a taxonomy needs at least one intent").max(MAX_INTENTS),
  })
  .strict();

function issuePath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), "");
}

/** Validates a parsed YAML/JSON document; throws TaxonomyInvalid listing every problem. */
export function parseTaxonomy(input: unknown): IntentTaxonomy {
  const file = fileShape.safeParse(input);
  if (!file.success) {
    throw new TaxonomyInvalid(file.error.issues.map((issue) => ({ index: null, intentId: null, path: issuePath(issue.path), message: issue.message })));
  }
  const errors: TaxonomyError[] = [];
  const intents: IntentDefinition[] = [];
  const seen = new Map<string, number>();
  const tags = new Map<string, number>();
  file.data.intents.forEach((raw, index) => {
    const intentId = typeof raw === "object" && raw !== null && typeof (raw as { id?: unknown }).id === "string" ? (raw as { id: string }).id : null;
    // Duplicates are checked on the raw id, so an entry with other mistakes still reports that it repeats an id.
    const earlier = intentId === null ? undefined : seen.get(intentId);
    if (earlier !== undefined) errors.push({ index, intentId, path: "id", message: `duplicate id (also intent #${earlier})` });
    else if (intentId !== null) seen.set(intentId, index);
    const parsed = intentShape.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ index, intentId, path: issuePath(issue.path), message: issue.message });
      return;
    }
    const intent = parsed.data;
    const tag = intent.zendesk?.tag;
    if (tag !== undefined) {
      const other = tags.get(tag);
      if (other !== undefined) errors.push({ index, intentId, path: "zendesk.tag", message: `tag '${tag}' is also mapped by intent #${other}` });
      tags.set(tag, index);
    }
    intents.push(intent);
  });
  if (errors.length === 0 && !intents.some((i) => i.enabled))
    errors.push({ index: null, intentId: null, path: "intents", message: "every intent is disabled" });
  if (errors.length > 0) throw new TaxonomyInvalid(errors);
  return { intents };
}

/** Enabled intent ids, in file order. */
export function enabledIntentIds(taxonomy: IntentTaxonomy): string[] {
  return taxonomy.intents.filter((i) => i.enabled).map((i) => i.id);
}

export function findIntent(taxonomy: IntentTaxonomy, id: string | null): IntentDefinition | undefined {
  return id === null ? undefined : taxonomy.intents.find((i) => i.id === id);
}
