/** Rule tables as files teams keep in git: YAML (with comments) or JSON, parsed and validated. */
import { parse as parseYaml, YAMLParseError } from "yaml";
import { parseRuleTable, RuleTableInvalid, type RuleTable } from "./schema";

export type SourceFormat = "yaml" | "json";

/** JSON when it looks like JSON (or the content type says so), otherwise YAML (a superset of JSON anyway). */
export function detectFormat(text: string, contentType?: string | null): SourceFormat {
  if (contentType?.includes("json")) return "json";
  if (contentType?.includes("yaml")) return "yaml";
  return /^\s*\{/.test(text) ? "json" : "yaml";
}

/** Parses and validates; syntax errors name the line, rule errors name the rule index. */
export function parseRuleSource(text: string, format: SourceFormat): RuleTable {
  let document: unknown;
  try {
    document = format === "json" ? JSON.parse(text) : parseYaml(text, { prettyErrors: true, maxAliasCount: 50 });
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` (line ${error.linePos[0].line}, column ${error.linePos[0].col})` : "";
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new RuleTableInvalid([{ index: null, ruleId: null, path: "", message: `${format.toUpperCase()} syntax error${where}: ${message}` }]);
  }
  return parseRuleTable(document);
}
