/**
 * Knowledge-base file formats: JSON, CSV and Markdown. Runtime-agnostic (no Node or Workers APIs), so the CLI
 * (scripts/kb.ts) and the admin API share them. Every problem names its line.
 *
 * JSON      an array of documents, or {"documents": [...]}; each {id, kind, title, body, url?, locale?, tags?, format?}
 * CSV       a header row with id,title,body and optionally kind,url,locale,tags,format (RFC 4180 quoting, any order)
 * Markdown  one or more documents, each opened by a front-matter block:
 *             ---
 *             id: ret-01
 *             kind: article
 *             url: https://help.example.com/returns
 *             tags: [returns, refund]
 *             ---
 *             # Returning an item
 *             Body text...
 *           The first "# " heading is the title (or `title:` in the front matter).
 */
import { parse as parseYaml } from "yaml";
import { kbDocumentInput, MAX_DOCUMENTS_PER_IMPORT, normaliseDocument, type KbDocument } from "./documents";

export type KbFormat = "json" | "csv" | "markdown";

export interface KbProblem {
  /** 1-based line in the file (0 when the whole file is at fault). */
  line: number;
  /** Which document (its id when known, else #n). */
  document?: string;
  field?: string;
  message: string;
}

export class KbParseError extends Error {
  constructor(readonly problems: KbProblem[]) {
    super(problems.map((p) => formatProblem(p)).join("\n"));
  }
}

export function formatProblem(p: KbProblem, file?: string): string {
  // "file.csv:3" like compilers when the file is known, else "line 3".
  const where = file ? (p.line > 0 ? `${file}:${p.line}` : file) : p.line > 0 ? `line ${p.line}` : "";
  const what = [p.document ? `document ${p.document}` : null, p.field ? `field '${p.field}'` : null].filter(Boolean).join(", ");
  return `${where ? `${where}: ` : ""}${what ? `${what}: ` : ""}${p.message}`;
}

/** From a file name or a Content-Type. */
export function detectKbFormat(hint: string | undefined | null, content: string): KbFormat {
  const h = (hint ?? "").toLowerCase();
  if (/\.json$|json/.test(h)) return "json";
  if (/\.csv$|csv/.test(h)) return "csv";
  if (/\.(md|markdown)$|markdown/.test(h)) return "markdown";
  const start = content.trimStart();
  if (start.startsWith("[") || start.startsWith("{")) return "json";
  if (start.startsWith("---") || start.startsWith("#")) return "markdown";
  return "csv";
}

export function parseKbFile(content: string, format: KbFormat): KbDocument[] {
  const text = content.replace(/^\uFEFF/, "");
  if (!text.trim()) throw new KbParseError([{ line: 0, message: "the file is empty" }]);
  const raw = format === "json" ? readJson(text) : format === "csv" ? readCsv(text) : readMarkdown(text);
  return validate(raw);
}

interface RawDocument {
  line: number;
  value: Record<string, unknown>;
}

function validate(raw: RawDocument[]): KbDocument[] {
  const problems: KbProblem[] = [];
  if (raw.length > MAX_DOCUMENTS_PER_IMPORT)
    throw new KbParseError([{ line: 0, message: `at most ${MAX_DOCUMENTS_PER_IMPORT} documents per import (got ${raw.length})` }]);
  const out: KbDocument[] = [];
  const seen = new Map<string, number>();
  raw.forEach((r, i) => {
    const label = typeof r.value.id === "string" || typeof r.value.id === "number" ? String(r.value.id) : `#${i + 1}`;
    const parsed = kbDocumentInput.safeParse(r.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({ line: r.line, document: label, field: issue.path.join(".") || undefined, message: issue.message });
      return;
    }
    const first = seen.get(parsed.data.id);
    if (first !== undefined) {
      problems.push({ line: r.line, document: label, field: "id", message: `duplicate id (first on line ${first})` });
      return;
    }
    seen.set(parsed.data.id, r.line);
    const doc = normaliseDocument(parsed.data);
    if (!doc.body) problems.push({ line: r.line, document: label, field: "body", message: "the body is empty once formatting is removed" });
    else out.push(doc);
  });
  if (problems.length) throw new KbParseError(problems);
  return out;
}

// ----------------------------------------------------------------------------------------------------- JSON

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Offsets where each element of the top-level array (or of "documents") starts: a small JSON scanner. */
function elementOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  let targetDepth = -1;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (/\s/.test(c)) continue;
    if (expectValue && depth === targetDepth) {
      offsets.push(i);
      expectValue = false;
    }
    if (c === '"') inString = true;
    else if (c === "[" || c === "{") {
      depth++;
      if (c === "[" && targetDepth === -1) {
        targetDepth = depth;
        expectValue = true;
      }
    } else if (c === "]" || c === "}") depth--;
    else if (c === "," && depth === targetDepth) expectValue = true;
  }
  return offsets;
}

function readJson(text: string): RawDocument[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const pos = /position (\d+)/.exec(message);
    const lc = /line (\d+)/.exec(message);
    const line = pos ? lineAt(text, Number(pos[1])) : lc ? Number(lc[1]) : 0;
    throw new KbParseError([{ line, message: `invalid JSON: ${message.replace(/^JSON\.parse: /, "")}` }]);
  }
  const list = Array.isArray(data)
    ? data
    : data && typeof data === "object" && Array.isArray((data as { documents?: unknown }).documents)
      ? (data as { documents: unknown[] }).documents
      : null;
  if (!list) throw new KbParseError([{ line: 1, message: 'expected an array of documents or {"documents": [...]}' }]);
  const offsets = elementOffsets(text);
  return list.map((value, i) => {
    const line = offsets[i] !== undefined ? lineAt(text, offsets[i]!) : 0;
    if (!value || typeof value !== "object" || Array.isArray(value))
      throw new KbParseError([{ line, document: `#${i + 1}`, message: "each document must be an object" }]);
    return { line, value: value as Record<string, unknown> };
  });
}

// ------------------------------------------------------------------------------------------------------ CSV

const CSV_COLUMNS = ["id", "kind", "title", "body", "url", "locale", "tags", "format"];

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks. Returns rows with their first line. */
export function csvRows(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let cellStarted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n") line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && !cellStarted) {
      quoted = true;
      cellStarted = true;
    } else if (c === '"') {
      throw new KbParseError([{ line, message: "a quote inside an unquoted field (wrap the field in double quotes and double the inner quotes)" }]);
    } else if (c === ",") {
      cells.push(cell);
      cell = "";
      cellStarted = false;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      cells.push(cell);
      if (cells.length > 1 || cells[0] !== "") rows.push({ line: rowLine, cells });
      cells = [];
      cell = "";
      cellStarted = false;
      line++;
      rowLine = line;
    } else {
      cell += c;
      cellStarted = true;
    }
  }
  if (quoted) throw new KbParseError([{ line: rowLine, message: "a quoted field is never closed" }]);
  if (cellStarted || cells.length) {
    cells.push(cell);
    rows.push({ line: rowLine, cells });
  }
  return rows;
}

function readCsv(text: string): RawDocument[] {
  const rows = csvRows(text);
  const header = rows.shift();
  if (!header) throw new KbParseError([{ line: 0, message: "no header row" }]);
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const unknown = names.filter((n) => !CSV_COLUMNS.includes(n));
  const missing = ["id", "title", "body"].filter((n) => !names.includes(n));
  if (unknown.length || missing.length)
    throw new KbParseError([
      {
        line: header.line,
        message: [
          missing.length ? `missing column(s): ${missing.join(", ")}` : "",
          unknown.length ? `unknown column(s): ${unknown.join(", ")} (known: ${CSV_COLUMNS.join(", ")})` : "",
        ]
          .filter(Boolean)
          .join("; "),
      },
    ]);
  return rows.map((row) => {
    if (row.cells.length !== names.length)
      throw new KbParseError([{ line: row.line, message: `expected ${names.length} fields (as in the header), got ${row.cells.length}` }]);
    const value: Record<string, unknown> = {};
    names.forEach((n, i) => {
      const cell = row.cells[i]!;
      if (cell !== "" || n === "body" || n === "title" || n === "id") value[n] = cell;
    });
    return { line: row.line, value };
  });
}

// ------------------------------------------------------------------------------------------------- Markdown

function readMarkdown(text: string): RawDocument[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const docs: RawDocument[] = [];
  let i = 0;
  while (i < lines.length && !lines[i]!.trim()) i++;
  if (i < lines.length && lines[i]!.trim() !== "---") {
    // A single document without front matter: the heading is the title, the id comes from it.
    docs.push(markdownDocument({}, lines.slice(i), i + 1));
    return docs;
  }
  while (i < lines.length) {
    if (!lines[i]!.trim()) {
      i++;
      continue;
    }
    if (lines[i]!.trim() !== "---") throw new KbParseError([{ line: i + 1, message: "expected a front-matter block starting with ---" }]);
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]!.trim() !== "---") end++;
    if (end >= lines.length) throw new KbParseError([{ line: start, message: "front matter is not closed with ---" }]);
    let meta: unknown;
    try {
      meta = parseYaml(lines.slice(start, end).join("\n"));
    } catch (error) {
      throw new KbParseError([
        { line: start + 1, message: `front matter is not valid YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` },
      ]);
    }
    if (!meta || typeof meta !== "object" || Array.isArray(meta))
      throw new KbParseError([{ line: start + 1, message: "front matter must be key: value pairs" }]);
    let next = end + 1;
    // The body runs to the next front-matter opener: a '---' line followed by a 'key:' line.
    while (next < lines.length && !(lines[next]!.trim() === "---" && /^[A-Za-z_]+\s*:/.test(lines[next + 1] ?? ""))) next++;
    docs.push(markdownDocument(meta as Record<string, unknown>, lines.slice(end + 1, next), start));
    i = next;
  }
  return docs;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}

function markdownDocument(meta: Record<string, unknown>, bodyLines: string[], line: number): RawDocument {
  const value: Record<string, unknown> = { ...meta };
  const headingIndex = bodyLines.findIndex((l) => /^#\s+\S/.test(l));
  let body = bodyLines;
  if (value.title === undefined && headingIndex >= 0 && bodyLines.slice(0, headingIndex).every((l) => !l.trim())) {
    value.title = bodyLines[headingIndex]!.replace(/^#\s+/, "").trim();
    body = bodyLines.slice(headingIndex + 1);
  }
  if (value.id === undefined && typeof value.title === "string") value.id = slug(value.title);
  if (value.tags !== undefined && !Array.isArray(value.tags) && typeof value.tags !== "string") value.tags = String(value.tags);
  value.body = body.join("\n").trim();
  value.format ??= "markdown";
  return { line, value };
}
