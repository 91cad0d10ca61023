/**
 * The rule table ("triage as code"): its shape, and validation that names the rule index and the reason.
 * Conditions are parsed by hand rather than with a zod union so an error says "unknown condition 'subjct'"
 * instead of "invalid input".
 */
import { z } from "zod";
import { regexProblem } from "./regex";
import { PRIORITIES, ROUTES, TIERS, type CustomFieldValue, type Priority, type Route } from "../types";

export type TextMatch = { regex: string; flags: string } | { keywords: string[]; match: "any" | "all" };

export type NumberRange = { gte?: number; gt?: number; lte?: number; lt?: number };

/** body: everything the customer wrote; latest: their newest message only; text: subject + body. */
export type TextField = "subject" | "body" | "text" | "latest";
export type ListField = "channel" | "language" | "priority" | "ticket_priority" | "status" | "intent" | "sentiment" | "route" | "tier";
export type TagField = "ticket_tags" | "requester_tags" | "organization_tags";

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { field: TextField; text: TextMatch }
  | { field: ListField; oneOf: string[] }
  | { field: TagField; tags: string[]; match: "any" | "all" }
  | { field: "confidence"; range: NumberRange }
  | { field: "out_of_scope"; is: boolean }
  | { field: "customer_replies"; range: NumberRange };

export interface RuleActions {
  intent?: string;
  priority?: Priority;
  tags?: string[];
  remove_tags?: string[];
  group_id?: number;
  custom_fields?: Record<string, CustomFieldValue>;
  route?: Route;
  stop?: boolean;
}

export interface Rule {
  id: string;
  description?: string;
  enabled: boolean;
  when: Condition | null;
  then: RuleActions;
}

export interface RuleTable {
  defaults: {
    /** Route when no rule sets one. */
    route: Route;
    /** Route when the model abstains or the ticket is out of scope and no rule sets one. */
    abstain_route: Route;
  };
  rules: Rule[];
}

export interface RuleError {
  /** 0-based index of the rule, or null for a table-level problem. */
  index: number | null;
  ruleId: string | null;
  /** Where in the rule, e.g. "when.any[1].regex". */
  path: string;
  message: string;
}

export class RuleTableInvalid extends Error {
  constructor(readonly errors: RuleError[]) {
    super(errors.map(formatRuleError).join("\n"));
  }
}

export function formatRuleError(e: RuleError): string {
  const where = e.index === null ? "table" : `rule #${e.index}${e.ruleId ? ` '${e.ruleId}'` : ""}`;
  return `${where}${e.path ? ` at ${e.path}` : ""}: ${e.message}`;
}

/** Zendesk tags: no whitespace; Zendesk lower-cases them. We also refuse characters it would mangle. */
export const TAG_PATTERN = /^[a-z0-9_\-:/.?]{1,80}$/;
const MAX_REGEX_LENGTH = 500;

const tagSchema = z.string().regex(TAG_PATTERN, "a tag is 1-80 of a-z 0-9 _ - : / . ? (lower case, no spaces)");
const customFieldValue = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);

const actionsSchema = z
  .object({
    intent: z.string().min(1).max(100).optional(),
    priority: z.enum(PRIORITIES).optional(),
    tags: z.array(tagSchema).max(50).optional(),
    remove_tags: z.array(tagSchema).max(50).optional(),
    group_id: z.number().int().positive().optional(),
    custom_fields: z.record(z.string().regex(/^\d+$/, "custom field keys are Zendesk field ids (digits)"), customFieldValue).optional(),
    route: z.enum(ROUTES).optional(),
    stop: z.boolean().optional(),
  })
  .strict();

const ruleShape = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "id is 1-64 of a-z 0-9 _ - (starting with a letter or digit)"),
    description: z.string().max(500).optional(),
    enabled: z.boolean().default(true),
    when: z.unknown().optional(),
    then: actionsSchema,
  })
  .strict();

const tableShape = z
  .object({
    version: z.literal(1).optional(),
    defaults: z
      // A ticket no tier can place is not drafted unless the table says so: a draft needs an intent to ground it.
      .object({ route: z.enum(ROUTES).default("auto"), abstain_route: z.enum(ROUTES).default("auto") })
      .strict()
      .default({ route: "auto", abstain_route: "auto" }),
    rules: z.array(z.unknown()).max(500),
  })
  .strict();

const TEXT_FIELDS: readonly TextField[] = ["subject", "body", "text", "latest"];
const LIST_FIELDS: readonly ListField[] = ["channel", "language", "priority", "ticket_priority", "status", "intent", "sentiment", "route", "tier"];
const TAG_FIELDS: readonly TagField[] = ["ticket_tags", "requester_tags", "organization_tags"];
const KNOWN_CONDITIONS = ["all", "any", "not", ...TEXT_FIELDS, ...LIST_FIELDS, ...TAG_FIELDS, "confidence", "out_of_scope", "customer_replies"];

function issuePath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), "");
}

/** Validates a parsed YAML/JSON document and returns the table, or throws RuleTableInvalid listing every problem. */
export function parseRuleTable(input: unknown): RuleTable {
  const table = tableShape.safeParse(input);
  if (!table.success) {
    throw new RuleTableInvalid(
      table.error.issues.map((issue) => {
        const [head, index, ...rest] = issue.path;
        if (head === "rules" && typeof index === "number") return { index, ruleId: null, path: issuePath(rest), message: issue.message };
        return { index: null, ruleId: null, path: issuePath(issue.path), message: issue.message };
      }),
    );
  }
  const errors: RuleError[] = [];
  const rules: Rule[] = [];
  const seen = new Map<string, number>();
  table.data.rules.forEach((raw, index) => {
    const ruleId = typeof raw === "object" && raw !== null && typeof (raw as { id?: unknown }).id === "string" ? (raw as { id: string }).id : null;
    const push = (path: string, message: string) => errors.push({ index, ruleId, path, message });
    const parsed = ruleShape.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) push(issuePath(issue.path), issue.message);
      // Still check the conditions, so one pass reports every problem in the rule.
      const when = typeof raw === "object" && raw !== null ? (raw as { when?: unknown }).when : undefined;
      if (when !== undefined && when !== null) parseCondition(when, "when", push);
      return;
    }
    const rule = parsed.data;
    const earlier = seen.get(rule.id);
    if (earlier !== undefined) push("id", `duplicate id (also rule #${earlier})`);
    seen.set(rule.id, index);
    if (Object.keys(rule.then).length === 0) push("then", "a rule needs at least one action");
    const when = rule.when === undefined || rule.when === null ? null : parseCondition(rule.when, "when", push);
    rules.push({ id: rule.id, description: rule.description, enabled: rule.enabled, when, then: rule.then });
  });
  if (errors.length > 0) throw new RuleTableInvalid(errors);
  return { defaults: table.data.defaults, rules };
}

type Push = (path: string, message: string) => void;

function parseCondition(raw: unknown, path: string, push: Push): Condition {
  const fail = (message: string): Condition => {
    push(path, message);
    return { all: [] };
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return fail("a condition is an object such as {subject: {keywords: [refund]}}");
  const keys = Object.keys(raw);
  if (keys.length !== 1) return fail(`a condition has exactly one key (got ${keys.length === 0 ? "none" : keys.join(", ")}); combine several with all/any`);
  const key = keys[0]!;
  const value = (raw as Record<string, unknown>)[key];
  const at = `${path}.${key}`;
  const failAt = (message: string): Condition => {
    push(at, message);
    return { all: [] };
  };

  if (key === "all" || key === "any") {
    if (!Array.isArray(value) || value.length === 0) return failAt("expects a non-empty list of conditions");
    const children = value.map((child, i) => parseCondition(child, `${at}[${i}]`, push));
    return key === "all" ? { all: children } : { any: children };
  }
  if (key === "not") return { not: parseCondition(value, at, push) };
  if ((TEXT_FIELDS as readonly string[]).includes(key)) {
    const text = parseTextMatch(value, at, push);
    return text ? { field: key as TextField, text } : { all: [] };
  }
  if ((LIST_FIELDS as readonly string[]).includes(key)) {
    const list = typeof value === "string" ? [value] : value;
    if (!Array.isArray(list) || list.length === 0 || !list.every((v) => typeof v === "string" && v.length > 0))
      return failAt("expects a value or a non-empty list of values");
    const values = (list as string[]).map((v) => v.toLowerCase());
    const unknownTier = key === "tier" ? values.find((v) => !(TIERS as readonly string[]).includes(v)) : undefined;
    if (unknownTier !== undefined) return failAt(`unknown tier '${unknownTier}'; expected one of ${TIERS.join(", ")}`);
    return { field: key as ListField, oneOf: values };
  }
  if ((TAG_FIELDS as readonly string[]).includes(key)) {
    const spec = Array.isArray(value) || typeof value === "string" ? { any: value } : value;
    if (typeof spec !== "object" || spec === null) return failAt("expects a list of tags, or {any: [...]} / {all: [...]}");
    const entries = Object.entries(spec);
    const [mode, tags] = entries[0] ?? [];
    const list = typeof tags === "string" ? [tags] : tags;
    if (entries.length !== 1 || (mode !== "any" && mode !== "all") || !Array.isArray(list) || list.length === 0 || !list.every((t) => typeof t === "string"))
      return failAt("expects a list of tags, or {any: [...]} / {all: [...]}");
    return { field: key as TagField, tags: (list as string[]).map((t) => t.toLowerCase()), match: mode };
  }
  if (key === "confidence" || key === "customer_replies") {
    const range = parseRange(value, at, push);
    return range ? { field: key, range } : { all: [] };
  }
  if (key === "out_of_scope") {
    if (typeof value !== "boolean") return failAt("expects true or false");
    return { field: "out_of_scope", is: value };
  }
  return failAt(`unknown condition '${key}'; expected one of ${KNOWN_CONDITIONS.join(", ")}`);
}

function parseTextMatch(value: unknown, at: string, push: Push): TextMatch | null {
  if (typeof value === "string") value = { keywords: [value] };
  if (Array.isArray(value)) value = { keywords: value };
  if (typeof value !== "object" || value === null) {
    push(at, "expects {regex: '...'} or {keywords: [...]}");
    return null;
  }
  const spec = value as Record<string, unknown>;
  const unknownKeys = Object.keys(spec).filter((k) => !["regex", "flags", "keywords", "match"].includes(k));
  if (unknownKeys.length > 0) {
    push(at, `unknown option ${unknownKeys.join(", ")}; use regex (+ flags) or keywords (+ match: any|all)`);
    return null;
  }
  if ("regex" in spec === "keywords" in spec) {
    push(at, "give exactly one of regex or keywords");
    return null;
  }
  if (typeof spec.regex === "string") {
    const flags = spec.flags === undefined ? "i" : spec.flags;
    if (typeof flags !== "string" || !/^[imsu]*$/.test(flags)) {
      push(`${at}.flags`, "flags may only contain i, m, s, u");
      return null;
    }
    if (spec.regex.length === 0 || spec.regex.length > MAX_REGEX_LENGTH) {
      push(`${at}.regex`, `a regex is 1-${MAX_REGEX_LENGTH} characters`);
      return null;
    }
    const problem = regexProblem(spec.regex, flags);
    if (problem) {
      push(`${at}.regex`, problem);
      return null;
    }
    return { regex: spec.regex, flags };
  }
  if ("regex" in spec) {
    push(`${at}.regex`, "expects a string");
    return null;
  }
  const match = spec.match ?? "any";
  if (match !== "any" && match !== "all") {
    push(`${at}.match`, "expects any or all");
    return null;
  }
  const keywords = keywordList(spec.keywords, match, `${at}.keywords`, push);
  return keywords ? { keywords, match } : null;
}

const LANGUAGE_CODE = /^[a-z]{2,3}$/;

function isKeywordArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((k) => typeof k === "string" && k.trim().length > 0);
}

/**
 * A list of keywords, or per-language lists ({en: [refund], de: [Rückerstattung]}) that read and review better.
 * A ticket matches any language's keywords whatever its detected language (detection can miss on a short message),
 * so per-language lists are one list to the matcher, and `match: all` needs a single list.
 */
function keywordList(value: unknown, match: "any" | "all", at: string, push: Push): string[] | null {
  if (isKeywordArray(value)) return value.map((k) => k.trim());
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    push(at, "expects a non-empty list of non-empty strings, or lists per language such as {en: [refund], de: [Rückerstattung]}");
    return null;
  }
  if (match === "all") {
    push(at, "match: all needs one list of keywords, not lists per language");
    return null;
  }
  const out: string[] = [];
  for (const [language, list] of Object.entries(value)) {
    if (!LANGUAGE_CODE.test(language)) {
      push(`${at}.${language}`, "a per-language list is keyed by an ISO 639-1 code such as en, de, es");
      return null;
    }
    if (!isKeywordArray(list)) {
      push(`${at}.${language}`, "expects a non-empty list of non-empty strings");
      return null;
    }
    for (const k of list) if (!out.includes(k.trim())) out.push(k.trim());
  }
  if (out.length === 0) {
    push(at, "expects at least one language's list");
    return null;
  }
  return out;
}

function parseRange(value: unknown, at: string, push: Push): NumberRange | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    push(at, "expects a range such as {gte: 0.8} or {lt: 0.5}");
    return null;
  }
  const range: NumberRange = {};
  for (const [k, v] of Object.entries(value)) {
    if (k !== "gte" && k !== "gt" && k !== "lte" && k !== "lt") {
      push(`${at}.${k}`, "a range uses gte, gt, lte, lt");
      return null;
    }
    if (typeof v !== "number" || !Number.isFinite(v)) {
      push(`${at}.${k}`, "expects a number");
      return null;
    }
    range[k] = v;
  }
  if (Object.keys(range).length === 0) {
    push(at, "expects at least one of gte, gt, lte, lt");
    return null;
  }
  return range;
}

/** Which ticket facts the table reads, so the consumer can skip API calls it does not need. */
export function conditionFieldsUsed(table: RuleTable): Set<string> {
  const used = new Set<string>();
  const walk = (c: Condition | null) => {
    if (!c) return;
    if ("all" in c) c.all.forEach(walk);
    else if ("any" in c) c.any.forEach(walk);
    else if ("not" in c) walk(c.not);
    else used.add(c.field);
  };
  for (const rule of table.rules) walk(rule.when);
  return used;
}
