/**
 * Rule regexes run on RE2 (re2js: linear time in the text, no backtracking), so no pattern a tenant pushes can hold
 * the isolate: `^(a|aa)+$` costs microseconds on any text. Validation and matching compile them the same way.
 */
import { RE2JS } from "re2js";

export type { RE2JS };

/** JS-style flags (i, m, s, u) to RE2's; RE2 is Unicode-aware without `u`. */
export function re2Flags(flags: string): number {
  let bits = 0;
  if (flags.includes("i")) bits |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes("m")) bits |= RE2JS.MULTILINE;
  if (flags.includes("s")) bits |= RE2JS.DOTALL;
  return bits;
}

/** A rule regex, compiled for matching. */
export function compileRuleRegex(pattern: string, flags: string): RE2JS {
  return RE2JS.compile(pattern, re2Flags(flags));
}

/** Groups nested deeper than this are refused: no real support rule needs them, and they only cost compile time. */
const MAX_REGEX_NESTING = 12;

/**
 * Why a rule regex cannot be used, or null. Rules run on RE2 (linear time, see evaluate.ts), so anything RE2 cannot
 * compile is refused here, when the table is pushed, not on the first ticket.
 */
export function regexProblem(pattern: string, flags: string): string | null {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\") i++;
    else if (ch === "(") deepest = Math.max(deepest, ++depth);
    else if (ch === ")") depth--;
  }
  if (deepest > MAX_REGEX_NESTING) return `groups are nested ${deepest} deep; at most ${MAX_REGEX_NESTING} are allowed`;
  try {
    compileRuleRegex(pattern, flags);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = /\\[1-9]|\(\?<?[=!]|\(\?</.test(pattern) ? " (backreferences and lookarounds are not supported: rules run on the linear-time RE2 engine)" : "";
    return `invalid regular expression: ${message}${hint}`;
  }
}
