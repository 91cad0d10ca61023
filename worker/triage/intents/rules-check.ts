/**
 * The rule table and the taxonomy name intents independently; a rule that sets or matches an intent the taxonomy
 * lacks (or disables) silently never does what it says. Pushing a taxonomy reports these as warnings, not errors:
 * the rules may be pushed next. Pure.
 */
import type { Condition, RuleTable } from "../rules/schema";
import { findIntent, type IntentTaxonomy } from "./schema";

export interface RuleIntentWarning {
  ruleId: string;
  /** 0-based index of the rule in its table. */
  index: number;
  intent: string;
  /** "when": an `intent:` condition; "then": the rule sets the intent. */
  where: "when" | "then";
  problem: "missing" | "disabled";
  message: string;
}

function conditionIntents(c: Condition | null, out: string[]): string[] {
  if (!c) return out;
  if ("all" in c) for (const x of c.all) conditionIntents(x, out);
  else if ("any" in c) for (const x of c.any) conditionIntents(x, out);
  else if ("not" in c) conditionIntents(c.not, out);
  else if (c.field === "intent" && "oneOf" in c) out.push(...c.oneOf);
  return out;
}

export function ruleIntentWarnings(table: RuleTable, taxonomy: IntentTaxonomy): RuleIntentWarning[] {
  const warnings: RuleIntentWarning[] = [];
  table.rules.forEach((rule, index) => {
    const uses: [string, "when" | "then"][] = [...new Set(conditionIntents(rule.when, []))].map((i) => [i, "when"]);
    if (rule.then.intent) uses.push([rule.then.intent, "then"]);
    for (const [intent, where] of uses) {
      const defined = findIntent(taxonomy, intent);
      if (defined?.enabled) continue;
      const problem = defined ? "disabled" : "missing";
      const verb = where === "then" ? "sets" : "matches on";
      const state = problem === "missing" ? "which the taxonomy does not define" : "which the taxonomy disables";
      warnings.push({ ruleId: rule.id, index, intent, where, problem, message: `rule #${index} '${rule.id}' ${verb} intent '${intent}', ${state}` });
    }
  });
  return warnings;
}
