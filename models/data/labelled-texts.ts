import { extname } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { DataFileError } from "./data-file-error.js";
import { readUtf8File, type TextFile } from "./read-text-file.js";

/** One training or evaluation example, with where it came from (for error messages and de-duplication). */
export interface LabelledText {
  readonly text: string;
  readonly label: string;
  readonly file: string;
  /** 1-based line in `file` (for CLINC-style JSON: the item's index within its split, 1-based). */
  readonly line: number;
}

export interface LabelledTextsOptions {
  /** CSV column / JSONL field holding the text. */
  readonly textColumn: string;
  /** CSV column / JSONL field holding the label. */
  readonly labelColumn: string;
  /** CLINC150-style JSON only: the splits to read (e.g. ["test", "oos_test"]). */
  readonly splits?: readonly string[];
  /** Renames labels while loading (e.g. one release's "check_invoices" to another's "check_invoice"). */
  readonly labelAliases?: Readonly<Record<string, string>>;
}

/**
 * What to do with rows that cannot be used (empty text or label, a wrong type, malformed JSON on a line, a row
 * with too few fields): by default every one is listed in one error that stops the load; with `skip` they are
 * left out and handed to `onSkipped`, so real exports with a few broken rows can still train.
 */
export interface BadRowPolicy {
  readonly skip: boolean;
  readonly onSkipped?: (problems: readonly DataFileError[]) => void;
}

/** How many bad rows an error message lists before "and N more". */
const LISTED_BAD_ROWS = 20;

/** One error naming every bad row of a file (file:line: reason each), or the single row's own error. */
export function badRowsError(path: string, problems: readonly DataFileError[]): DataFileError {
  if (problems.length === 1) return problems[0]!;
  const listed = problems.slice(0, LISTED_BAD_ROWS).map((problem) => `  ${problem.message}`);
  if (problems.length > LISTED_BAD_ROWS) listed.push(`  ... and ${problems.length - LISTED_BAD_ROWS} more`);
  return new DataFileError(path, undefined, `${problems.length} bad rows (pass --skip-bad-rows to leave them out):\n${listed.join("\n")}`);
}

/**
 * Loads labelled texts from `.csv` (header row names the columns), `.jsonl` (one object per line) or a
 * CLINC150-style `.json` (`{ split: [[text, label], ...] }`). Every problem stops the load with the file, the
 * line and what is wrong: unreadable or invalid UTF-8, a missing column, a malformed row, an empty text or label.
 */
export function loadLabelledTexts(path: string, options: LabelledTextsOptions, badRows: BadRowPolicy = { skip: false }): LabelledText[] {
  const file = readUtf8File(path);
  const extension = extname(path).toLowerCase();
  const problems: DataFileError[] = [];
  const collect = (read: () => LabelledText | undefined): LabelledText | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof DataFileError)) throw error;
      problems.push(error);
      return undefined;
    }
  };
  let rows: LabelledText[];
  if (extension === ".csv") rows = readCsv(file, options, collect);
  else if (extension === ".jsonl" || extension === ".ndjson") rows = readJsonl(file, options, collect);
  else if (extension === ".json") rows = readSplitJson(file, options, collect);
  else throw new DataFileError(path, undefined, `unsupported file type "${extension}" (use .csv, .jsonl or .json)`);
  if (problems.length > 0) {
    if (!badRows.skip) throw badRowsError(path, problems);
    badRows.onSkipped?.(problems);
  }
  if (rows.length === 0) throw new DataFileError(path, undefined, problems.length > 0 ? "no usable examples in the file" : "no examples in the file");
  const aliases = options.labelAliases;
  return aliases ? rows.map((row) => ({ ...row, label: aliases[row.label] ?? row.label })) : rows;
}

type Collect = (read: () => LabelledText | undefined) => LabelledText | undefined;

function checkedExample(file: string, line: number, text: unknown, rawLabel: unknown, options: LabelledTextsOptions) {
  if (typeof text !== "string") throw new DataFileError(file, line, `"${options.textColumn}" is not a string`);
  // Numeric labels (intent ids in many exports) are read as their decimal text.
  const label = typeof rawLabel === "number" && Number.isFinite(rawLabel) ? String(rawLabel) : rawLabel;
  if (typeof label !== "string") throw new DataFileError(file, line, `"${options.labelColumn}" is not a string or a number`);
  const trimmedText = text.trim();
  const trimmedLabel = label.trim();
  if (trimmedLabel === "") throw new DataFileError(file, line, `empty label in column "${options.labelColumn}"`);
  if (trimmedText === "") throw new DataFileError(file, line, `empty text in column "${options.textColumn}"`);
  return { text: trimmedText, label: trimmedLabel, file, line };
}

function readCsv(file: TextFile, options: LabelledTextsOptions, collect: Collect): LabelledText[] {
  let records: { record: Record<string, string>; info: { bytes: number } }[];
  let header: string[] = [];
  try {
    records = parseCsv(file.text, {
      columns: (names: string[]) => (header = names.map((name) => name.trim())),
      info: true,
      skip_empty_lines: true,
      // A short or long row is one bad row (reported below), not the end of the file.
      relax_column_count: true,
    });
  } catch (error) {
    const { lines, message } = error as { lines?: number; message: string };
    throw new DataFileError(file.path, lines, `malformed CSV: ${message}`);
  }
  for (const column of [options.textColumn, options.labelColumn]) {
    if (!header.includes(column)) {
      throw new DataFileError(file.path, 1, `no column "${column}" in the header (columns: ${header.join(", ")})`);
    }
  }
  // csv-parse reports where each record ends (a byte offset); the record starts where the previous one ended,
  // after any blank lines. Quoted fields may span lines, so line numbers come from offsets, not from counting.
  let previousEnd = 0;
  const headerEnd = firstLineEnd(file.bytes);
  const rows: LabelledText[] = [];
  for (const { record, info } of records) {
    let start = Math.max(previousEnd, headerEnd);
    while (file.bytes[start] === 0x0a || file.bytes[start] === 0x0d) start++;
    previousEnd = info.bytes;
    const line = file.lines.lineAt(start);
    const row = collect(() => {
      for (const column of [options.textColumn, options.labelColumn]) {
        if (record[column] === undefined) throw new DataFileError(file.path, line, `no value for column "${column}" (the row has too few fields)`);
      }
      return checkedExample(file.path, line, record[options.textColumn], record[options.labelColumn], options);
    });
    if (row) rows.push(row);
  }
  return rows;
}

function firstLineEnd(bytes: Uint8Array): number {
  const newline = bytes.indexOf(0x0a);
  return newline === -1 ? bytes.length : newline + 1;
}

function readJsonl(file: TextFile, options: LabelledTextsOptions, collect: Collect): LabelledText[] {
  const rows: LabelledText[] = [];
  file.text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    const row = collect(() => {
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        throw new DataFileError(file.path, line, `invalid JSON (${(error as Error).message})`);
      }
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new DataFileError(file.path, line, "expected a JSON object per line");
      }
      const record = value as Record<string, unknown>;
      for (const field of [options.textColumn, options.labelColumn]) {
        if (!(field in record)) throw new DataFileError(file.path, line, `missing field "${field}"`);
      }
      return checkedExample(file.path, line, record[options.textColumn], record[options.labelColumn], options);
    });
    if (row) rows.push(row);
  });
  return rows;
}

/** CLINC150's data_full.json: named splits of [text, label] pairs. */
function readSplitJson(file: TextFile, options: LabelledTextsOptions, collect: Collect): LabelledText[] {
  let value: unknown;
  try {
    value = JSON.parse(file.text);
  } catch (error) {
    throw new DataFileError(file.path, undefined, `invalid JSON (${(error as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new DataFileError(file.path, undefined, "expected an object of splits: { split: [[text, label], ...] }");
  }
  const splits = value as Record<string, unknown>;
  const wanted = options.splits;
  if (!wanted || wanted.length === 0) {
    throw new DataFileError(file.path, undefined, `name the splits to read (available: ${Object.keys(splits).join(", ")})`);
  }
  const rows: LabelledText[] = [];
  for (const split of wanted) {
    const items = splits[split];
    if (!Array.isArray(items)) {
      throw new DataFileError(file.path, undefined, `no split "${split}" (available: ${Object.keys(splits).join(", ")})`);
    }
    items.forEach((item: unknown, index) => {
      const where = `${file.path} [${split}]`;
      const row = collect(() => {
        if (!Array.isArray(item) || item.length < 2) throw new DataFileError(where, index + 1, "expected a [text, label] pair");
        return checkedExample(where, index + 1, item[0], item[1], options);
      });
      if (row) rows.push(row);
    });
  }
  return rows;
}
