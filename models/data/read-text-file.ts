import { readFileSync } from "node:fs";
import { DataFileError } from "./data-file-error.js";

const UTF8_BOM = "\ufeff";

/** Byte offset where each line starts; lineAt(offset) maps a byte offset back to its 1-based line. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(bytes: Uint8Array) {
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Byte range [start, end) of a 1-based line, without its line break. */
  range(line: number): [number, number] {
    const start = this.starts[line - 1] ?? 0;
    const next = this.starts[line];
    return [start, next === undefined ? Number.POSITIVE_INFINITY : next - 1];
  }

  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

export interface TextFile {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly text: string;
  readonly lines: LineIndex;
}

/** Reads a UTF-8 file (BOM dropped); invalid UTF-8 stops with the first bad line. */
export function readUtf8File(path: string): TextFile {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new DataFileError(path, undefined, `cannot read the file (${(error as Error).message})`);
  }
  const lines = new LineIndex(bytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new DataFileError(path, firstInvalidUtf8Line(bytes, lines), "invalid UTF-8 (save the file as UTF-8)");
  }
  if (text.startsWith(UTF8_BOM)) {
    text = text.slice(1);
    bytes = bytes.subarray(3);
    return { path, bytes, text, lines: new LineIndex(bytes) };
  }
  return { path, bytes, text, lines };
}

function firstInvalidUtf8Line(bytes: Uint8Array, lines: LineIndex): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (let line = 1; line <= lines.lineCount; line++) {
    const [start, end] = lines.range(line);
    try {
      decoder.decode(bytes.subarray(start, Math.min(end, bytes.length)));
    } catch {
      return line;
    }
  }
  return lines.lineCount;
}
