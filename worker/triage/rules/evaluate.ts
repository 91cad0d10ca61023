/**
 * Runs a rule table over a ticket. Semantics (documented in the README):
 * rules run top to bottom; every enabled rule whose `when` matches applies its `then`. Tags accumulate;
 * scalar fields (intent, priority, route, group_id, each custom field) keep the value of the LAST matching
 * rule that sets them. `stop: true` ends evaluation after that rule, which gives first-match behaviour.
 */
import { compileRuleRegex, type RE2JS } from "./regex";
import type { Condition, NumberRange, Rule, RuleTable, TextMatch } from "./schema";
import type { CustomFieldValue, Priority, Route, RuleHit } from "../types";

/** The facts conditions read. Decision-so-far fields (intent, priority, sentiment, route) change as rules apply. */
export interface RuleFacts {
  subject: string;
  body: string;
  /** The customer's newest message (the first one when there is no later comment). */
  latest: string;
  channel: string | null;
  language: string;
  ticketPriority: string | null;
  status: string | null;
  ticketTags: readonly string[];
  requesterTags: readonly string[];
  organizationTags: readonly string[];
  confidence: number | null;
  outOfScope: boolean;
  customerReplies: number;
  /** The cascade tier that placed the intent before the rules ran (agent, model, llm or none). */
  tier: string;
}

export interface RuleState {
  intent: string | null;
  priority: Priority;
  sentiment: string;
  route: Route | null;
  priorityFromRule: boolean;
  groupId: number | null;
  customFields: Record<string, CustomFieldValue>;
  tags: Set<string>;
  removeTags: Set<string>;
  /** An agent corrected the intent: rules may not change it (their other actions still apply). */
  intentPinned?: boolean;
  /** The last rule that set the intent (filled by applyRules). */
  intentRuleId?: string | null;
}

export interface RuleOutcome {
  hits: RuleHit[];
  /** One human-readable line per matching rule. */
  reasons: string[];
}

/**
 * Regexes run on RE2 (./regex.ts): linear in the text. Keywords are escaped literals in native RegExp: their
 * whole-word guards need lookarounds, which RE2 lacks, and a literal cannot backtrack.
 */

/**
 * Work the regex conditions of one ticket may do in total. Matching costs (text characters × pattern characters)
 * units: RE2's cost per character grows with the compiled pattern, about 1-9 ns per unit depending on how
 * adversarial the text is; compiling a pattern the isolate has not seen costs about 200 units per pattern
 * character. 4M units is about 5 ms for the default table on a maximal 8,000-character ticket and stays well
 * under 50 ms for the worst table a push accepts (500 rules of 500-character patterns; test/node/rules-bounded.test.ts).
 * Conditions past the budget do not match, and the decision says so.
 */
export const REGEX_BUDGET_UNITS = 4_000_000;
const COMPILE_UNITS_PER_CHAR = 200;

/**
 * Compiled rule regexes by flags and pattern, shared by every table in the isolate (tables are read from D1 per
 * ticket, so their objects are new each time). Bounded: the oldest entries go first.
 */
const regexCache = new Map<string, RE2JS>();
const REGEX_CACHE_SIZE = 2_000;
const keywordCache = new WeakMap<TextMatch, RegExp[]>();

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Keywords match whole words, case-insensitively, in any script. */
function keywordPatterns(match: { keywords: string[] } & TextMatch): RegExp[] {
  let patterns = keywordCache.get(match);
  if (!patterns) {
    patterns = match.keywords.map((k) => new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(k)}(?![\\p{L}\\p{N}_])`, "iu"));
    keywordCache.set(match, patterns);
  }
  return patterns;
}

/** What one evaluation of a table may still spend, and where it ran out. */
interface ScanBudget {
  units: number;
  exhaustedAt: number | null;
}

function spend(budget: ScanBudget, units: number, ruleIndex: number): boolean {
  if (budget.units < units) {
    budget.exhaustedAt ??= ruleIndex;
    return false;
  }
  budget.units -= units;
  return true;
}

function regexMatches(pattern: string, flags: string, text: string, budget: ScanBudget, ruleIndex: number): boolean {
  const key = `${flags}/${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    if (!spend(budget, pattern.length * COMPILE_UNITS_PER_CHAR, ruleIndex)) return false;
    re = compileRuleRegex(pattern, flags);
    if (regexCache.size >= REGEX_CACHE_SIZE) regexCache.delete(regexCache.keys().next().value!);
    regexCache.set(key, re);
  }
  if (!spend(budget, text.length * (pattern.length + 10), ruleIndex)) return false;
  return re.matcher(text).find();
}

function textMatches(match: TextMatch, text: string, budget: ScanBudget, ruleIndex: number): boolean {
  if ("regex" in match) return regexMatches(match.regex, match.flags, text, budget, ruleIndex);
  const patterns = keywordPatterns(match);
  return match.match === "all" ? patterns.every((p) => p.test(text)) : patterns.some((p) => p.test(text));
}

function inRange(value: number | null, range: NumberRange): boolean {
  if (value === null) return false;
  return (
    (range.gte === undefined || value >= range.gte) &&
    (range.gt === undefined || value > range.gt) &&
    (range.lte === undefined || value <= range.lte) &&
    (range.lt === undefined || value < range.lt)
  );
}

function listValue(field: string, facts: RuleFacts, state: RuleState): string | null {
  switch (field) {
    case "channel":
      return facts.channel;
    case "language":
      return facts.language;
    case "ticket_priority":
      return facts.ticketPriority;
    case "status":
      return facts.status;
    case "priority":
      return state.priority;
    case "intent":
      return state.intent;
    case "sentiment":
      return state.sentiment;
    case "route":
      return state.route;
    case "tier":
      return facts.tier;
    default:
      return null;
  }
}

function conditionMatches(c: Condition, facts: RuleFacts, state: RuleState, budget: ScanBudget, rule: number): boolean {
  if ("all" in c) return c.all.every((child) => conditionMatches(child, facts, state, budget, rule));
  if ("any" in c) return c.any.some((child) => conditionMatches(child, facts, state, budget, rule));
  if ("not" in c) return !conditionMatches(c.not, facts, state, budget, rule);
  switch (c.field) {
    case "subject":
      return textMatches(c.text, facts.subject, budget, rule);
    case "body":
      return textMatches(c.text, facts.body, budget, rule);
    case "latest":
      return textMatches(c.text, facts.latest, budget, rule);
    case "text":
      return textMatches(c.text, `${facts.subject}\n${facts.body}`, budget, rule);
    case "ticket_tags":
    case "requester_tags":
    case "organization_tags": {
      const have = c.field === "ticket_tags" ? facts.ticketTags : c.field === "requester_tags" ? facts.requesterTags : facts.organizationTags;
      return c.match === "all" ? c.tags.every((t) => have.includes(t)) : c.tags.some((t) => have.includes(t));
    }
    case "confidence":
      return inRange(facts.confidence, c.range);
    case "customer_replies":
      return inRange(facts.customerReplies, c.range);
    case "out_of_scope":
      return facts.outOfScope === c.is;
    default: {
      const value = listValue(c.field, facts, state);
      return value !== null && c.oneOf.includes(value.toLowerCase());
    }
  }
}

function describeActions(rule: Rule): string {
  const a = rule.then;
  const parts: string[] = [];
  if (a.intent) parts.push(`intent=${a.intent}`);
  if (a.priority) parts.push(`priority=${a.priority}`);
  if (a.route) parts.push(`route=${a.route}`);
  if (a.group_id) parts.push(`group=${a.group_id}`);
  if (a.tags?.length) parts.push(`+tags ${a.tags.join(" ")}`);
  if (a.remove_tags?.length) parts.push(`-tags ${a.remove_tags.join(" ")}`);
  if (a.custom_fields) parts.push(`fields ${Object.keys(a.custom_fields).join(",")}`);
  if (a.stop) parts.push("stop");
  return parts.join(", ");
}

/** Applies the table to `state` in place and says which rules fired. */
export function applyRules(table: RuleTable, facts: RuleFacts, state: RuleState): RuleOutcome {
  const hits: RuleHit[] = [];
  const reasons: string[] = [];
  const budget: ScanBudget = { units: REGEX_BUDGET_UNITS, exhaustedAt: null };
  for (const [index, rule] of table.rules.entries()) {
    if (!rule.enabled) continue;
    if (rule.when && !conditionMatches(rule.when, facts, state, budget, index)) continue;
    const a = rule.then;
    let note = "";
    if (a.intent !== undefined && state.intentPinned && a.intent !== state.intent) note = ` (intent ${a.intent} not applied: an agent's correction holds)`;
    else if (a.intent !== undefined) {
      state.intent = a.intent;
      state.intentRuleId = rule.id;
    }
    if (a.priority !== undefined) {
      state.priority = a.priority;
      state.priorityFromRule = true;
    }
    if (a.route !== undefined) state.route = a.route;
    if (a.group_id !== undefined) state.groupId = a.group_id;
    if (a.custom_fields) Object.assign(state.customFields, a.custom_fields);
    for (const tag of a.tags ?? []) {
      state.tags.add(tag);
      state.removeTags.delete(tag);
    }
    for (const tag of a.remove_tags ?? []) {
      state.removeTags.add(tag);
      state.tags.delete(tag);
    }
    hits.push({ ruleId: rule.id, index });
    reasons.push(`rule ${rule.id} (#${index})${rule.description ? ` "${rule.description}"` : ""}: ${describeActions(rule)}${note}`);
    if (a.stop) break;
  }
  if (budget.exhaustedAt !== null) reasons.push(`regex work budget for one ticket spent at rule #${budget.exhaustedAt}: later regex conditions did not match`);
  return { hits, reasons };
}
