/** HTTP plumbing for the fake: bounded body reading, JSON responses, small request helpers. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiError } from "./errors";

export const JSON_TYPE = "application/json; charset=utf-8";

export class BodyTooLarge extends Error {
  /** True when the rest of the body was not read, so the connection must be closed. */
  constructor(readonly unread: boolean) {
    super("request body too large");
  }
}

/**
 * Reads the request body up to `limit` bytes. Past the limit it keeps draining (without buffering) so the
 * client can read the 413, up to 16x the limit; beyond that it gives up on the connection.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const hardCap = limit * 16;
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > hardCap) {
      reject(new BodyTooLarge(true));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > hardCap) {
        settled = true;
        reject(new BodyTooLarge(true));
        return;
      }
      if (size <= limit) chunks.push(chunk);
    });
    req.on("end", () => {
      if (settled) return;
      settled = true;
      if (size > limit) reject(new BodyTooLarge(false));
      else resolve(Buffer.concat(chunks));
    });
    req.on("error", (err) => {
      if (settled) return;
      settled = true;
      reject(err);
    });
  });
}

export type ParsedBody = { kind: "empty" } | { kind: "json"; value: unknown } | { kind: "invalid"; text: string };

export function parseJsonBody(raw: Buffer): ParsedBody {
  const text = raw.toString("utf8");
  if (text.trim() === "") return { kind: "empty" };
  try {
    return { kind: "json", value: JSON.parse(text) as unknown };
  } catch {
    return { kind: "invalid", text };
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const payload = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": JSON_TYPE,
    "Content-Length": String(Buffer.byteLength(payload)),
    "Cache-Control": "no-cache",
    ...headers,
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, err: ApiError): void {
  sendJson(res, err.status, err.body, err.headers);
}

/** `/api/v2/tickets/1.json` and `/api/v2/tickets/1` name the same resource, as on Zendesk. */
export function stripJson(path: string): string {
  return path.endsWith(".json") ? path.slice(0, -5) : path;
}

export function queryObject(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) out[k] = v;
  return out;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Offset pagination the way Zendesk's v2 list endpoints do it. */
export function paginate<T>(
  items: readonly T[],
  query: URLSearchParams,
  pageUrl: (page: number, perPage: number) => string,
  defaults: { perPage: number; maxPerPage: number },
): { slice: T[]; page: number; perPage: number; pageCount: number; next: string | null; previous: string | null } {
  const perPageRaw = Number(query.get("per_page") ?? defaults.perPage);
  const perPage = Number.isInteger(perPageRaw) && perPageRaw > 0 ? Math.min(perPageRaw, defaults.maxPerPage) : defaults.perPage;
  const pageRaw = Number(query.get("page") ?? 1);
  const page = Number.isInteger(pageRaw) && pageRaw > 0 ? pageRaw : 1;
  const pageCount = Math.max(1, Math.ceil(items.length / perPage));
  const start = (page - 1) * perPage;
  return {
    slice: items.slice(start, start + perPage),
    page,
    perPage,
    pageCount,
    next: start + perPage < items.length ? pageUrl(page + 1, perPage) : null,
    previous: page > 1 && items.length > 0 ? pageUrl(Math.min(page - 1, pageCount), perPage) : null,
  };
}
