/**
 * Per-account HTTP tools (order status, refund eligibility...). The model asks for a call with JSON arguments;
 * this module validates them against the declared JSON schema, puts real values back for placeholders the model
 * copied (the account's own API needs the real email), expands the URL template, refuses any host that is not
 * allowlisted, never follows redirects, and returns a redacted, size-capped result for the model.
 * It never throws: every failure becomes a result the model reads and the caller records.
 */
import type { PiiVault } from "../pii/vault";
import { isLoopback, type ToolDeclaration } from "../settings/drafting";

export type ToolOutcome = "ok" | "http_error" | "timeout" | "network_error" | "blocked_host" | "invalid_arguments" | "unknown_tool" | "limit";

export interface ToolResult {
  tool: string;
  outcome: ToolOutcome;
  httpStatus: number | null;
  /** Short, value-free reason for the record (no arguments or response text). */
  error: string | null;
  latencyMs: number;
  /** What the model reads (JSON text, redacted). */
  content: string;
}

const MAX_RESPONSE_BYTES = 64 * 1024;
const MAX_RESULT_CHARS = 4_000;

function result(tool: string, outcome: ToolOutcome, error: string | null, extra: Partial<ToolResult> = {}): ToolResult {
  return { tool, outcome, httpStatus: null, error, latencyMs: 0, content: JSON.stringify({ ok: false, error }), ...extra };
}

type Schema = { type?: unknown; enum?: unknown[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema };

/** A light JSON-schema check: required keys, primitive types, enums (what function-calling schemas use). */
export function checkArguments(args: unknown, schema: Schema, path = "arguments"): string | null {
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === "string" ? [schema.type] : [];
  if (types.length) {
    const actual = args === null ? "null" : Array.isArray(args) ? "array" : typeof args === "number" && Number.isInteger(args) ? "integer" : typeof args;
    const ok = types.some((t) => t === actual || (t === "number" && actual === "integer"));
    if (!ok) return `${path} must be ${types.join(" or ")}`;
  }
  if (schema.enum && !schema.enum.some((v) => v === args)) return `${path} must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  if (args && typeof args === "object" && !Array.isArray(args)) {
    const obj = args as Record<string, unknown>;
    for (const key of schema.required ?? []) if (obj[key] === undefined || obj[key] === null || obj[key] === "") return `${path}.${key} is required`;
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (obj[key] === undefined) continue;
      const problem = checkArguments(obj[key], sub, `${path}.${key}`);
      if (problem) return problem;
    }
  }
  if (Array.isArray(args) && schema.items) {
    for (let i = 0; i < args.length; i++) {
      const problem = checkArguments(args[i], schema.items, `${path}[${i}]`);
      if (problem) return problem;
    }
  }
  return null;
}

/** Expands `{name}` placeholders; returns the URL and the arguments the template did not use. */
export function expandUrl(template: string, args: Record<string, unknown>): { url: string; rest: Record<string, unknown> } | { error: string } {
  const used = new Set<string>();
  let missing: string | null = null;
  const url = template.replace(/\{([A-Za-z0-9_]+)\}/g, (_m, name: string) => {
    const value = args[name];
    if (value === undefined || value === null || typeof value === "object") {
      missing ??= name;
      return "";
    }
    used.add(name);
    return encodeURIComponent(String(value));
  });
  if (missing) return { error: `argument ${missing} is needed for the URL` };
  const rest = Object.fromEntries(Object.entries(args).filter(([k]) => !used.has(k)));
  return { url, rest };
}

export interface ToolRunOptions {
  fetch?: typeof fetch;
  now?: () => number;
}

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < MAX_RESPONSE_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  const all = new Uint8Array(Math.min(size, MAX_RESPONSE_BYTES));
  let at = 0;
  for (const c of chunks) {
    const part = c.subarray(0, Math.min(c.byteLength, all.byteLength - at));
    all.set(part, at);
    at += part.byteLength;
    if (at >= all.byteLength) break;
  }
  return new TextDecoder().decode(all);
}

export async function runTool(
  decl: ToolDeclaration | undefined,
  name: string,
  rawArguments: string,
  vault: PiiVault,
  opts: ToolRunOptions = {},
): Promise<ToolResult> {
  const now = opts.now ?? (() => Date.now());
  if (!decl) return result(name, "unknown_tool", `no tool named ${name}`);
  let parsed: unknown;
  try {
    parsed = rawArguments.trim() ? JSON.parse(rawArguments) : {};
  } catch {
    return result(name, "invalid_arguments", "the arguments are not valid JSON");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return result(name, "invalid_arguments", "the arguments must be a JSON object");
  // The model only ever saw placeholders; the account's own API gets the real values.
  const args = vault.restoreValue(parsed) as Record<string, unknown>;
  const problem = checkArguments(args, decl.parameters as Schema);
  if (problem) return result(name, "invalid_arguments", vault.redact(problem));

  const expanded = expandUrl(decl.url, args);
  if ("error" in expanded) return result(name, "invalid_arguments", expanded.error);
  let url: URL;
  try {
    url = new URL(expanded.url);
  } catch {
    return result(name, "invalid_arguments", "the expanded URL is not valid");
  }
  const hostAllowed = decl.allowedHosts.some((h) => h.toLowerCase() === url.host.toLowerCase());
  const protocolAllowed = url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.host));
  if (!hostAllowed || !protocolAllowed || url.username || url.password) return result(name, "blocked_host", `host ${url.host} is not allowed for this tool`);

  const init: RequestInit = {
    method: decl.method,
    headers: { Accept: "application/json", ...decl.headers },
    redirect: "manual",
    signal: AbortSignal.timeout(decl.timeoutMs),
  };
  if (decl.method === "GET") {
    for (const [k, v] of Object.entries(expanded.rest))
      if (v !== undefined && v !== null) url.searchParams.set(k, typeof v === "object" ? JSON.stringify(v) : String(v));
  } else {
    init.body = JSON.stringify(expanded.rest);
    (init.headers as Record<string, string>)["Content-Type"] = "application/json";
  }

  const started = now();
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(url.toString(), init);
  } catch (error) {
    const timeout = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return result(name, timeout ? "timeout" : "network_error", timeout ? `no answer within ${decl.timeoutMs} ms` : "the tool's server could not be reached", {
      latencyMs: now() - started,
    });
  }
  let text: string;
  try {
    text = await readCapped(res);
  } catch {
    return result(name, "network_error", "the response was cut off", { latencyMs: now() - started, httpStatus: res.status });
  }
  const latencyMs = now() - started;
  let data: unknown = text;
  try {
    data = JSON.parse(text);
  } catch {
    // plain text
  }
  const safe = typeof data === "string" ? vault.redact(data.slice(0, MAX_RESULT_CHARS)) : vault.redactValue(data);
  // A success is the API's own JSON (what the model reads best); a failure says so, with the status.
  let content = res.ok
    ? typeof safe === "string"
      ? JSON.stringify({ result: safe })
      : JSON.stringify(safe)
    : JSON.stringify({ ok: false, status: res.status, error: safe });
  if (content.length > MAX_RESULT_CHARS)
    content = JSON.stringify({ ok: res.ok, status: res.status, truncated: true, data: content.slice(0, MAX_RESULT_CHARS) });
  if (res.status >= 300 && res.status < 400)
    return {
      tool: name,
      outcome: "http_error",
      httpStatus: res.status,
      error: `redirect (${res.status}) not followed`,
      latencyMs,
      content: JSON.stringify({ ok: false, status: res.status, error: "the tool answered with a redirect, which is not followed" }),
    };
  if (!res.ok) return { tool: name, outcome: "http_error", httpStatus: res.status, error: `HTTP ${res.status}`, latencyMs, content };
  return { tool: name, outcome: "ok", httpStatus: res.status, error: null, latencyMs, content };
}
