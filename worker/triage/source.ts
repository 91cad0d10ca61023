/**
 * Files teams keep in git (the rule table, the intent taxonomy): YAML with comments, or JSON. One place detects
 * the format, parses with syntax errors that name the line, and finds the line an entry's path points to. Pure.
 */
import { isMap, isSeq, LineCounter, parseDocument, parse as parseYaml, YAMLParseError, type Node } from "yaml";

export type SourceFormat = "yaml" | "json";

/** JSON when it looks like JSON (or the content type says so), otherwise YAML (a superset of JSON anyway). */
export function detectFormat(text: string, contentType?: string | null): SourceFormat {
  if (contentType?.includes("json")) return "json";
  if (contentType?.includes("yaml")) return "yaml";
  return /^\s*\{/.test(text) ? "json" : "yaml";
}

/**
 * The parsed document; a syntax error is thrown as `invalid(message)`, the file type's own error, its message
 * naming the line. Aliases are capped so a "billion laughs" file cannot blow up.
 */
export function parseSource(text: string, format: SourceFormat, invalid: (message: string) => Error): unknown {
  try {
    return format === "json" ? JSON.parse(text) : parseYaml(text, { prettyErrors: true, maxAliasCount: 50 });
  } catch (error) {
    const pos = error instanceof YAMLParseError ? error.linePos?.[0] : undefined;
    // The yaml package ends its first line with " at line L, column C:"; the prefix below says it once.
    const detail = error instanceof Error ? (error.message.split("\n")[0] ?? "").replace(/\s*at line \d+, column \d+:?$/, "") : String(error);
    throw invalid(`${format.toUpperCase()} syntax error${pos ? ` (line ${pos.line}, column ${pos.col})` : ""}: ${detail}`);
  }
}

/** "when.any[1].regex" → ["when", "any", 1, "regex"] */
export function pathKeys(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/** An error about one entry of a file's list (a rule, an intent): index null is about the file itself. */
export interface EntryError {
  index: number | null;
  path: string;
}

/**
 * The 1-based line each error points to, entries being `<listKey>[index]`; null for a syntax error (its message
 * names the line already) or a path that matches nothing.
 */
export function entryErrorLines(text: string, listKey: string, errors: EntryError[]): (number | null)[] {
  const lines = sourceLines(
    text,
    errors.map((e) => (e.index === null ? pathKeys(e.path) : [listKey, e.index, ...pathKeys(e.path)])),
  );
  return errors.map((e, i) => (e.index === null && e.path === "" ? null : (lines[i] ?? null)));
}

/**
 * The 1-based line each path points to (the deepest node on it that exists), or null. JSON is read as YAML here,
 * which it is, so both formats get lines. The document is parsed once for all paths.
 */
export function sourceLines(text: string, paths: (string | number)[][]): (number | null)[] {
  const counter = new LineCounter();
  const root = parseDocument(text, { lineCounter: counter }).contents as Node | null;
  return paths.map((keys) => {
    let node: Node | null = root;
    let found = node;
    for (const key of keys) {
      if (isMap(node)) node = (node.get(key, true) as Node | undefined) ?? null;
      else if (isSeq(node) && typeof key === "number") node = (node.get(key, true) as Node | undefined) ?? null;
      else node = null;
      if (!node) break;
      found = node;
    }
    const offset = found?.range?.[0];
    return offset === undefined ? null : counter.linePos(offset).line;
  });
}
