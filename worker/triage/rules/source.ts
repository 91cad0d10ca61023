/** Rule tables as files teams keep in git: YAML (with comments) or JSON, parsed and validated. */
import { parseSource, type SourceFormat } from "../source";
import { parseRuleTable, RuleTableInvalid, type RuleTable } from "./schema";

export { detectFormat, type SourceFormat } from "../source";

/** Parses and validates; syntax errors name the line, rule errors name the rule index. */
export function parseRuleSource(text: string, format: SourceFormat): RuleTable {
  return parseRuleTable(parseSource(text, format, (message) => new RuleTableInvalid([{ index: null, ruleId: null, path: "", message }])));
}
