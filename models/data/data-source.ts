import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadLabelledTexts, type BadRowPolicy, type LabelledText, type LabelledTextsOptions } from "./labelled-texts.js";

/** The shared reference data sets, next to the checkout (never copied into the repository). */
export const DEFAULT_DATA_ROOT = fileURLToPath(new URL("../../../shared/data/", import.meta.url));

/** One file (or some splits of it) to load, with optional label filtering and renaming. */
export interface DataSource extends LabelledTextsOptions {
  /** Relative to the data root, or absolute. */
  readonly path: string;
  /** Keep only examples whose (original) label passes. */
  readonly keepLabel?: (label: string) => boolean;
  /** Give every kept example this label (e.g. other-domain sentences become out-of-scope negatives). */
  readonly relabelAs?: string;
  /** Keep at most this many examples per original label (the first ones, in file order). */
  readonly maxPerLabel?: number;
}

/**
 * Stops a command that needs the reference data sets with one line saying what to pass, instead of a stack
 * trace from the first file it fails to open.
 */
export function requireDataRoot(dataRoot: string, command: string): string {
  if (existsSync(dataRoot)) return dataRoot;
  process.stderr.write(
    `${command}: no data sets at ${dataRoot}. Pass --data-root <dir>, a folder holding banking77/, clinc150/ and bitext/ ` +
      "(by default the shared data folder next to the checkout), or use your own data with --data <file>.\n",
  );
  process.exit(2);
}

export function resolveDataPath(dataRoot: string, path: string): string {
  return isAbsolute(path) ? path : resolve(dataRoot, path);
}

export function loadDataSource(source: DataSource, dataRoot: string, badRows?: BadRowPolicy): LabelledText[] {
  const rows = loadLabelledTexts(resolveDataPath(dataRoot, source.path), source, badRows);
  const keptPerLabel = new Map<string, number>();
  const kept: LabelledText[] = [];
  for (const row of rows) {
    if (source.keepLabel && !source.keepLabel(row.label)) continue;
    const count = keptPerLabel.get(row.label) ?? 0;
    if (source.maxPerLabel !== undefined && count >= source.maxPerLabel) continue;
    keptPerLabel.set(row.label, count + 1);
    kept.push(source.relabelAs === undefined ? row : { ...row, label: source.relabelAs });
  }
  return kept;
}

export function loadDataSources(sources: readonly DataSource[], dataRoot: string, badRows?: BadRowPolicy): LabelledText[] {
  return sources.flatMap((source) => loadDataSource(source, dataRoot, badRows));
}

/** Case- and space-insensitive key of a text, for exact-duplicate checks across files. */
export function textKey(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

/** Drops repeated texts (keeping the first) and returns how many were dropped. */
export function dropDuplicateTexts(rows: readonly LabelledText[]): { rows: LabelledText[]; dropped: number } {
  const seen = new Set<string>();
  const unique = rows.filter((row) => {
    const key = textKey(row.text);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { rows: unique, dropped: rows.length - unique.length };
}
