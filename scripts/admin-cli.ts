/**
 * What the CLIs for files kept in git (scripts/rules.ts, scripts/intents.ts) share: failing with a message,
 * reading the file, printing validation errors with their file line, and calling the admin API with
 * --url (default $EDGE_TRIAGE_URL or http://127.0.0.1:8787) and $ADMIN_TOKEN (default dev-admin-token, the local value).
 */
import { readFileSync } from "node:fs";
import { detectFormat, entryErrorLines, type EntryError, type SourceFormat } from "../worker/triage/source";

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

export function readSourceFile(path: string | undefined, usage: string): string {
  if (!path) fail(`usage: ${usage}`);
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    fail(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A `.json` file is JSON; anything else is detected from its text. */
export function fileFormat(path: string, source: string): SourceFormat {
  return detectFormat(source, path.endsWith(".json") ? "json" : null);
}

/** One line per error, `file:line: text` (no line for a syntax error, whose text names it), then exit 1. */
export function failWithEntryErrors<E extends EntryError>(path: string, source: string, listKey: string, errors: E[], text: (e: E) => string): never {
  const lines = entryErrorLines(source, listKey, errors);
  errors.forEach((e, i) => {
    process.stderr.write(`${path}${lines[i] ? `:${lines[i]}` : ""}: ${text(e)}\n`);
  });
  process.exit(1);
}

export function adminApi(url: string | undefined, tokenOption?: string) {
  const baseUrl = (url ?? process.env.EDGE_TRIAGE_URL ?? "http://127.0.0.1:8787").replace(/\/$/, "");
  const token = tokenOption ?? process.env.ADMIN_TOKEN ?? "dev-admin-token";
  /** The response when it is 2xx; otherwise fails with the API's message and each `details.errors[].text`. */
  async function call(method: string, path: string, body?: string, contentType = "application/yaml"): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": contentType } : {}) },
        body,
      });
    } catch (error) {
      fail(`cannot reach ${baseUrl}: ${error instanceof Error ? error.message : String(error)} (is the Worker running? npm start)`);
    }
    if (!res.ok) {
      const text = await res.text();
      let message = text;
      try {
        const parsed = JSON.parse(text) as {
          message?: string;
          details?: { errors?: { text: string; line?: number | null }[] } | { path: string; message: string }[];
        };
        const details = parsed.details;
        const errors = Array.isArray(details)
          ? details.map((d) => `  ${d.path ? `${d.path}: ` : ""}${d.message}`)
          : (details?.errors?.map((e) => `  ${e.line ? `line ${e.line}: ` : ""}${e.text}`) ?? []);
        message = [parsed.message, ...errors].filter(Boolean).join("\n");
      } catch {
        // not JSON
      }
      fail(`${method} ${path} → ${res.status}\n${message}`);
    }
    return res;
  }
  return { baseUrl, call };
}
